from django.urls import path

from premises.views import establishments, practitioners, supervisions

app_name = "premises"

urlpatterns = [
    path(
        "establishments/", establishments.EstablishmentListView.as_view(), name="establishment_list"
    ),
    path(
        "establishments/add/",
        establishments.EstablishmentCreateView.as_view(),
        name="establishment_add",
    ),
    path(
        "establishments/import/",
        establishments.EstablishmentImportView.as_view(),
        name="establishment_import",
    ),
    path(
        "establishments/import/template/",
        establishments.EstablishmentImportTemplateView.as_view(),
        name="establishment_import_template",
    ),
    path(
        "establishments/<int:pk>/",
        establishments.EstablishmentDetailView.as_view(),
        name="establishment_detail",
    ),
    path(
        "establishments/<int:pk>/edit/",
        establishments.EstablishmentUpdateView.as_view(),
        name="establishment_edit",
    ),
    path(
        "establishments/<int:pk>/status/",
        establishments.EstablishmentStatusView.as_view(),
        name="establishment_status",
    ),
    path(
        "establishments/<int:pk>/supervisions/add/",
        supervisions.SupervisionAddView.as_view(),
        name="supervision_add",
    ),
    path(
        "supervisions/<int:pk>/end/",
        supervisions.SupervisionEndView.as_view(),
        name="supervision_end",
    ),
    path(
        "supervisions/<int:pk>/remove/",
        supervisions.SupervisionRemoveView.as_view(),
        name="supervision_remove",
    ),
    path(
        "establishments/<int:pk>/practitioners/add/",
        practitioners.PractitionerCreateView.as_view(),
        name="practitioner_add",
    ),
    path("practitioners/", practitioners.PractitionerListView.as_view(), name="practitioner_list"),
    path(
        "practitioners/import/",
        practitioners.PractitionerImportView.as_view(),
        name="practitioner_import",
    ),
    path(
        "practitioners/import/template/",
        practitioners.PractitionerImportTemplateView.as_view(),
        name="practitioner_import_template",
    ),
    path(
        "practitioners/<int:pk>/",
        practitioners.PractitionerDetailView.as_view(),
        name="practitioner_detail",
    ),
    path(
        "practitioners/<int:pk>/reveal/",
        practitioners.PractitionerRevealView.as_view(),
        name="practitioner_reveal",
    ),
    path(
        "practitioners/<int:pk>/edit/",
        practitioners.PractitionerUpdateView.as_view(),
        name="practitioner_edit",
    ),
]

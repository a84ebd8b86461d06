from django.urls import path

from premises import views

app_name = "premises"

urlpatterns = [
    path("establishments/", views.EstablishmentListView.as_view(), name="establishment_list"),
    path("establishments/add/", views.EstablishmentCreateView.as_view(), name="establishment_add"),
    path(
        "establishments/import/",
        views.EstablishmentImportView.as_view(),
        name="establishment_import",
    ),
    path(
        "establishments/import/template/",
        views.EstablishmentImportTemplateView.as_view(),
        name="establishment_import_template",
    ),
    path(
        "establishments/<int:pk>/",
        views.EstablishmentDetailView.as_view(),
        name="establishment_detail",
    ),
    path(
        "establishments/<int:pk>/edit/",
        views.EstablishmentUpdateView.as_view(),
        name="establishment_edit",
    ),
    path(
        "establishments/<int:pk>/status/",
        views.EstablishmentStatusView.as_view(),
        name="establishment_status",
    ),
    path(
        "establishments/<int:pk>/practitioners/add/",
        views.PractitionerCreateView.as_view(),
        name="practitioner_add",
    ),
    path("practitioners/", views.PractitionerListView.as_view(), name="practitioner_list"),
    path(
        "practitioners/import/", views.PractitionerImportView.as_view(), name="practitioner_import"
    ),
    path(
        "practitioners/import/template/",
        views.PractitionerImportTemplateView.as_view(),
        name="practitioner_import_template",
    ),
    path(
        "practitioners/<int:pk>/",
        views.PractitionerDetailView.as_view(),
        name="practitioner_detail",
    ),
    path(
        "practitioners/<int:pk>/reveal/",
        views.PractitionerRevealView.as_view(),
        name="practitioner_reveal",
    ),
    path(
        "practitioners/<int:pk>/edit/",
        views.PractitionerUpdateView.as_view(),
        name="practitioner_edit",
    ),
]

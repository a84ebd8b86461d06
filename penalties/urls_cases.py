from django.urls import path

from penalties.views import case_forms, cases

urlpatterns = [
    path("cases/", cases.CaseListView.as_view(), name="case_list"),
    path("cases/due/", cases.CaseDueListView.as_view(), name="case_due"),
    path("cases/add/", case_forms.CaseFileView.as_view(), name="case_add"),
    path("cases/<int:pk>/", cases.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/reveal/", cases.CaseRevealView.as_view(), name="case_reveal"),
    path("cases/<int:pk>/edit/", case_forms.CaseEditView.as_view(), name="case_edit"),
    path(
        "cases/<int:pk>/evidence/add/",
        case_forms.EvidenceAddView.as_view(),
        name="evidence_add",
    ),
    path("evidence/<int:pk>/file/", cases.EvidenceFileView.as_view(), name="evidence_file"),
]

from django.urls import path

from penalties.views import (
    approvals,
    case_forms,
    cases,
    documents,
    evidence_measures,
    service,
    simple,
    steps,
    steps_review,
)
from penalties.views import complaints as complaint_views
from penalties.views import reference as reference_views

app_name = "penalties"

# cases/<pk>/<step>/: GET shows the step's form, POST records the step.
STEPS = [
    ("investigate", steps.InvestigateView, "case_investigate"),
    ("extend", steps.ExtendView, "case_extend"),
    ("notify", steps.NotifyView, "case_notify"),
    ("statement", steps.StatementView, "statement_record"),
    ("waive", steps.WaiveView, "rights_waive"),
    ("hearing_request", steps.HearingRequestView, "hearing_request"),
    ("hearing_schedule", steps.HearingScheduleView, "hearing_schedule"),
    ("hearing_hold", steps.HearingHoldView, "hearing_hold"),
    ("legal_review", steps_review.LegalReviewView, "case_legal_review"),
    ("decision_request", approvals.DecisionRequestView, "decision_request"),
    ("discussion", approvals.DiscussionView, "discussion_record"),
    ("decide", steps.DecideView, "case_decide"),
    ("serve", service.ServeView, "case_serve"),
    ("service", service.ServiceView, "service_record"),
    ("payment", steps.PaymentView, "payment_record"),
    ("execute", steps.ExecuteView, "case_execute"),
    ("closing_request", approvals.ClosingRequestView, "closing_request"),
    ("extension_request", approvals.ExtensionRequestView, "extension_request"),
    ("close", steps.CloseView, "case_close"),
    ("terminate", steps_review.TerminateView, "case_terminate"),
    ("amend", steps_review.AmendView, "case_amend"),
    ("review", steps_review.ReviewView, "case_review"),
]

urlpatterns = [
    path(
        "approvals/<int:pk>/decide/",
        approvals.ApprovalDecideView.as_view(),
        name="approval_decide",
    ),
    path("cases/", cases.CaseListView.as_view(), name="case_list"),
    path("cases/due/", cases.CaseDueListView.as_view(), name="case_due"),
    path("cases/add/", case_forms.CaseFileView.as_view(), name="case_add"),
    path("cases/on-spot/", simple.SimpleCaseView.as_view(), name="simple_add"),
    path("cases/on-spot/pending/", simple.SimplePendingView.as_view(), name="simple_pending"),
    path("cases/<int:pk>/on-spot/file/", simple.OnSpotFileView.as_view(), name="simple_file"),
    path("cases/<int:pk>/on-spot/cash/", simple.CashHandInView.as_view(), name="simple_cash"),
    path("cases/<int:pk>/on-spot/close/", simple.OnSpotCloseView.as_view(), name="simple_close"),
    path("cases/<int:pk>/", cases.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/reveal/", cases.CaseRevealView.as_view(), name="case_reveal"),
    path("cases/<int:pk>/edit/", case_forms.CaseEditView.as_view(), name="case_edit"),
    path(
        "cases/<int:pk>/evidence/add/",
        case_forms.EvidenceAddView.as_view(),
        name="evidence_add",
    ),
    path(
        "cases/<int:pk>/evidence/photos/",
        case_forms.EvidencePhotoAttachView.as_view(),
        name="evidence_photos",
    ),
    path("evidence/<int:pk>/file/", cases.EvidenceFileView.as_view(), name="evidence_file"),
    path(
        "cases/<int:pk>/evidence/samples/",
        evidence_measures.EvidenceSampleAttachView.as_view(),
        name="evidence_samples",
    ),
    path(
        "cases/<int:pk>/preservations/add/",
        evidence_measures.PreservationRequestView.as_view(),
        name="preservation_add",
    ),
    path(
        "preservations/<int:pk>/take/",
        evidence_measures.PreservationTakeView.as_view(),
        name="preservation_take",
    ),
    path(
        "preservations/<int:pk>/dispose/",
        evidence_measures.PreservationDisposeView.as_view(),
        name="preservation_dispose",
    ),
    path(
        "preservations/due/",
        evidence_measures.PreservationDueView.as_view(),
        name="preservation_due",
    ),
    path(
        "cases/<int:pk>/transfer/",
        evidence_measures.CaseTransferView.as_view(),
        name="case_transfer",
    ),
    path(
        "cases/<int:pk>/measures/add/",
        evidence_measures.MeasureRecordView.as_view(),
        name="measure_add",
    ),
    path(
        "cases/<int:pk>/interviews/add/",
        evidence_measures.InterviewMakeView.as_view(),
        name="interview_add",
    ),
    *[path(f"cases/<int:pk>/{step}/", view.as_view(), name=name) for step, view, name in STEPS],
    path(
        "cases/<int:pk>/documents/<slug:slug>/",
        documents.CaseDocumentPdfView.as_view(),
        name="case_document",
    ),
    path(
        "cases/<int:pk>/documents/<slug:slug>/<int:record>/",
        documents.CaseDocumentPdfView.as_view(),
        name="case_document_record",
    ),
    # The first round's addresses of the three documents, kept for bookmarks and links.
    path(
        "cases/<int:pk>/filing.pdf",
        documents.CaseDocumentPdfView.as_view(slug="filing"),
        name="case_filing_pdf",
    ),
    path(
        "cases/<int:pk>/notice.pdf",
        documents.CaseDocumentPdfView.as_view(slug="notice"),
        name="case_notice_pdf",
    ),
    path(
        "cases/<int:pk>/decision.pdf",
        documents.CaseDocumentPdfView.as_view(slug="decision"),
        name="case_decision_pdf",
    ),
    path("violations/", reference_views.ViolationListView.as_view(), name="violation_list"),
    path(
        "violations/<int:pk>/",
        reference_views.ViolationDetailView.as_view(),
        name="violation_detail",
    ),
    path("time-limits/", reference_views.TimeLimitListView.as_view(), name="timelimit_list"),
]

# The cases a complaint (投诉举报) led to: penalties/views/complaints.py
urlpatterns += [
    path(
        "complaints/<int:pk>/link/",
        complaint_views.ComplaintCaseLinkView.as_view(),
        name="complaint_case_link",
    ),
]

from django.urls import path

from penalties.views import steps, steps_review

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
    ("decide", steps.DecideView, "case_decide"),
    ("serve", steps.ServeView, "case_serve"),
    ("payment", steps.PaymentView, "payment_record"),
    ("execute", steps.ExecuteView, "case_execute"),
    ("close", steps.CloseView, "case_close"),
    ("terminate", steps_review.TerminateView, "case_terminate"),
    ("amend", steps_review.AmendView, "case_amend"),
    ("review", steps_review.ReviewView, "case_review"),
]

urlpatterns = [
    path(f"cases/<int:pk>/{step}/", view.as_view(), name=name) for step, view, name in STEPS
]

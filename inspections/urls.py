from django.urls import path

from inspections import views
from inspections.views import complaints as complaint_views
from inspections.views import field, school_environment
from inspections.views import grades as grade_views
from inspections.views import promotion as promotion_views
from inspections.views import records as record_views
from inspections.views.corrections import (
    InspectionAmendView,
    InspectionVoidView,
    PhotoVoidView,
    SampleVoidView,
)

app_name = "inspections"

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="inspection_list"),
    path(
        "school-environment/",
        school_environment.SchoolEnvironmentListView.as_view(),
        name="school_environment_list",
    ),
    path("start/", views.UnitSearchView.as_view(), name="unit_search"),
    path("field/", field.FieldView.as_view(), name="field"),
    path("field/data/", field.FieldDataView.as_view(), name="field_data"),
    path("field/session/", field.FieldSessionView.as_view(), name="field_session"),
    path("field/sw.js", field.ServiceWorkerView.as_view(), name="field_sw"),
    path("add/", views.InspectionCreateView.as_view(), name="inspection_add"),
    path("records/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("records/<int:pk>/photos/add/", views.PhotoAddView.as_view(), name="photo_add"),
    path(
        "records/<int:pk>/amend/",
        InspectionAmendView.as_view(),
        name="inspection_amend",
    ),
    path("records/<int:pk>/void/", InspectionVoidView.as_view(), name="inspection_void"),
    path("samples/<int:pk>/void/", SampleVoidView.as_view(), name="sample_void"),
    path("photos/<int:pk>/void/", PhotoVoidView.as_view(), name="photo_void"),
    path("records/<int:pk>/samples/add/", views.SampleAddView.as_view(), name="sample_add"),
    path("samples/<int:pk>/results/", views.SampleResultView.as_view(), name="sample_results"),
    path(
        "samples/<int:pk>/record.pdf",
        views.SamplingRecordPdfView.as_view(),
        name="sampling_record",
    ),
    path("records/<int:pk>/opinion/add/", views.OpinionIssueView.as_view(), name="opinion_issue"),
    path("photos/<int:pk>/", views.PhotoFileView.as_view(), name="photo_image"),
    path(
        "photos/<int:pk>/thumbnail/",
        views.PhotoFileView.as_view(field="thumbnail"),
        name="photo_thumbnail",
    ),
    path(
        "photos/<int:pk>/display/",
        views.PhotoFileView.as_view(field="display"),
        name="photo_display",
    ),
    path("opinions/", views.OpinionListView.as_view(), name="opinion_list"),
    path("opinions/overdue/", views.OverdueOpinionListView.as_view(), name="opinion_overdue"),
    path("opinions/<int:pk>/", views.OpinionDetailView.as_view(), name="opinion_detail"),
    path("opinions/<int:pk>/amend/", views.OpinionAmendView.as_view(), name="opinion_amend"),
    path("opinions/<int:pk>/pdf/", views.OpinionPdfView.as_view(), name="opinion_pdf"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/add/", views.CampaignCreateView.as_view(), name="campaign_add"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.CampaignUpdateView.as_view(), name="campaign_edit"),
    path("draws/", views.DrawListView.as_view(), name="draw_list"),
    path("draws/add/", views.DrawCreateView.as_view(), name="draw_add"),
    path("draws/<int:pk>/", views.DrawDetailView.as_view(), name="draw_detail"),
    path("draws/<int:pk>/verify/", views.DrawVerifyView.as_view(), name="draw_verify"),
    path("draws/<int:pk>/export/", views.DrawExportView.as_view(), name="draw_export"),
    path(
        "draws/assignments/<int:pk>/substitute/",
        views.DrawSubstituteView.as_view(),
        name="draw_substitute",
    ),
]

# On-site records (现场笔录, 询问笔录, 复查记录) and their signatures: inspections/views/records.py
urlpatterns += [
    path(
        "records/<int:pk>/paper/add/",
        record_views.RecordMakeView.as_view(),
        name="record_make",
    ),
    path("paper/<int:pk>/", record_views.RecordDetailView.as_view(), name="record_detail"),
    path("paper/<int:pk>/edit/", record_views.RecordEditView.as_view(), name="record_edit"),
    path("paper/<int:pk>/sign/", record_views.RecordSignView.as_view(), name="record_sign"),
    path("paper/<int:pk>/refuse/", record_views.RecordRefuseView.as_view(), name="record_refuse"),
    path("paper/<int:pk>/amend/", record_views.RecordAmendView.as_view(), name="record_amend"),
    path("paper/<int:pk>/record.pdf", record_views.RecordPdfView.as_view(), name="record_pdf"),
]

# 卫生信誉度等级 (量化分级): inspections/views/grades.py
urlpatterns += [
    path("grades/", grade_views.GradeListView.as_view(), name="grade_list"),
    path("grades/plan/", grade_views.PlanListView.as_view(), name="grade_plan"),
    path("grades/<int:pk>/", grade_views.GradeDetailView.as_view(), name="grade_detail"),
    path("grades/<int:pk>/void/", grade_views.GradeVoidView.as_view(), name="grade_void"),
    path(
        "grades/<int:pk>/notice.pdf", grade_views.GradeNoticePdfView.as_view(), name="grade_notice"
    ),
    path("records/<int:pk>/grade/", grade_views.GradeAssessView.as_view(), name="grade_assess"),
]

# Complaints and reports (投诉举报): inspections/views/complaints.py
urlpatterns += [
    path("complaints/", complaint_views.ComplaintListView.as_view(), name="complaint_list"),
    path("complaints/add/", complaint_views.ComplaintCreateView.as_view(), name="complaint_add"),
    path(
        "complaints/<int:pk>/",
        complaint_views.ComplaintDetailView.as_view(),
        name="complaint_detail",
    ),
    path(
        "complaints/<int:pk>/reveal/",
        complaint_views.ComplaintRevealView.as_view(),
        name="complaint_reveal",
    ),
    *[
        path(f"complaints/<int:pk>/{step}/", view.as_view(), name=f"complaint_{step}")
        for step, view in (
            ("assign", complaint_views.ComplaintAssignView),
            ("accept", complaint_views.ComplaintAcceptView),
            ("extend", complaint_views.ComplaintExtendView),
            ("link", complaint_views.ComplaintLinkView),
            ("reply", complaint_views.ComplaintReplyView),
            ("close", complaint_views.ComplaintCloseView),
            ("amend", complaint_views.ComplaintAmendView),
            ("void", complaint_views.ComplaintVoidView),
        )
    ],
]

# 健康促进 (seed 004): assessments against the standards, the year's plan and its figures
# (inspections/views/promotion.py)
urlpatterns += [
    path("promotion/", promotion_views.PromotionListView.as_view(), name="promotion_list"),
    path(
        "promotion/assess/",
        promotion_views.PromotionAssessView.as_view(),
        name="promotion_assess",
    ),
    path(
        "promotion/assessments/<int:pk>/",
        promotion_views.PromotionDetailView.as_view(),
        name="promotion_detail",
    ),
    path(
        "promotion/assessments/<int:pk>/void/",
        promotion_views.PromotionVoidView.as_view(),
        name="promotion_void",
    ),
    path(
        "promotion/plans/", promotion_views.PromotionPlanListView.as_view(), name="promotion_plans"
    ),
    path(
        "promotion/plans/<int:pk>/",
        promotion_views.PromotionPlanView.as_view(),
        name="promotion_plan",
    ),
    path(
        "promotion/plans/<int:pk>/subjects/",
        promotion_views.PromotionSubjectsView.as_view(),
        name="promotion_subjects",
    ),
]

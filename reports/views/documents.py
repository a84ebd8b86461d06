"""Saved summaries (工作总结) and the documents: list, create, page, edit, publish,
recompute, PDF, Word (.docx) and .xlsx of a saved summary or of the live figures of a scope, and the
radiation 汇总表 workbook. Thin: reports.services acts, reports.presentation builds."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from core.documents import pdf_response
from core.history import history_entries
from core.jobs import job_start
from core.lists import ObjectListView
from core.models import Job
from core.submissions import SubmitOnce
from core.views import RoleRequiredMixin, ServiceFormView
from core.xlsx import xlsx_response
from reports import services
from reports.figures import summary
from reports.figures.catalogue import FIGURES
from reports.filters import SummaryFilterSet
from reports.forms import SummaryCreateForm, SummaryEditForm
from reports.jobs import summary_in_background, summary_job_params
from reports.models import SummaryReport
from reports.presentation.document import document_tables
from reports.presentation.docx import summary_docx
from reports.presentation.narrative import narrative_draft
from reports.presentation.narrative.facts import narrative_facts
from reports.presentation.narrative.html import narrative_html
from reports.presentation.page import Links
from reports.presentation.pdf import summary_charts, summary_pdf
from reports.presentation.radiation import radiation_workbook
from reports.presentation.xlsx import summary_workbook
from reports.scope import scope_from_params, supervision
from reports.tables import SUMMARIES
from reports.views.plans import plans_of_period

VIEW = "reports.view_summaryreport"
ADD = "reports.add_summaryreport"
CHANGE = "reports.change_summaryreport"
PUBLISH = "reports.publish_summaryreport"


# ---------------------------------------------------------------- list


def _status_text(report) -> str:
    if report.is_published:
        return f"已发布（{timezone.localtime(report.published_at):%Y-%m-%d}）"
    return report.get_status_display()


NOT_DONE = "没有执行任何操作：发布或废弃请在本页点按钮（登录过期后重新登录时会回到这里）。"


def _warning(report) -> str:
    """What a discarded draft prints under its title and in place of its 落款: it must not
    pass for a summary handed over."""
    if report.is_draft or report.is_published:
        return ""
    return f"本稿{report.get_status_display()}，不得作为正式文件使用（{report.discard_reason}）"


class SummaryReportListView(ObjectListView):
    permission_required = VIEW
    model = SummaryReport
    filterset_class = SummaryFilterSet
    template_name = "reports/summary_list.html"
    title = "工作总结"
    export_stem = "工作总结"
    default_sort = "-end"
    add_url_name = "reports:summary_report_add"
    add_permission = ADD
    columns = SUMMARIES

    def get_queryset(self):
        return SummaryReport.objects.select_related("domain", "township", "created_by")


# ---------------------------------------------------------------- create, page, edit


class SummaryReportCreateView(ServiceFormView):
    permission_required = ADD
    form_class = SummaryCreateForm
    template_name = "reports/summary_report_form.html"
    title = "新建工作总结"
    existing = None  # the scope's draft, opened instead of a second one

    def get_form(self, obj, data=None):
        if data is not None:
            return self.form_class(data)
        try:
            scope = scope_from_params(self.request.GET)
        except ValidationError:
            scope = scope_from_params({})
        initial = {
            "start": scope.period.start,
            "end": scope.period.end,
            "domain": scope.domain,
            "township": scope.township,
        }
        return self.form_class(initial=initial)

    def get_context(self, obj):
        return {"creating": True}

    def perform(self, form, obj):
        data = form.cleaned_data
        scope = services.summary_scope_from_form(
            start=data["start"], end=data["end"], domain=data["domain"], township=data["township"]
        )
        # The scope's draft, if it has one, is opened rather than made a second time.
        self.existing = services.summary_draft_of(scope)
        if self.existing is not None:
            return self.existing
        if summary_in_background():
            # Many units: counting may take a while, so it runs as a job (its page follows).
            return job_start(
                kind="summary_create",
                user=self.request.user,
                title=f"生成工作总结：{data['title'] or services.default_title(scope)}",
                params=summary_job_params(**data),
            )
        try:
            return services.summary_create(user=self.request.user, scope=scope, title=data["title"])
        except services.DraftExists as exc:  # another manager saved it a moment ago
            self.existing = exc.report
            return exc.report

    def success_level(self, saved):
        return messages.WARNING if self.existing is not None else messages.SUCCESS

    def success_message(self, saved):
        if self.existing is not None:
            return (
                f"该统计期间和范围已有草稿“{saved.title}”，未再新建，已为您打开它；"
                "需要最新数据时，请点“重新计算”，再点“更新为最新数据”。"
            )
        if isinstance(saved, Job):
            messages.info(
                self.request, "单位较多，工作总结转入后台生成；本页显示进度，完成后可打开。"
            )
            return ""
        return f"已保存工作总结“{saved.title}”：数据已生成快照，正文为自动生成的草稿，可修改。"


def _report(pk) -> SummaryReport:
    return get_object_or_404(
        SummaryReport.objects.select_related("domain", "township", "created_by"), pk=pk
    )


def _shorten(text, length=60):
    text = (text or "").replace("\n", " ")
    return text if len(text) <= length else text[:length] + "…"


class SummaryReportDetailView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request, pk):
        report = _report(pk)
        figures = report.figures or {}
        user = request.user
        return render(
            request,
            "reports/summary_report_detail.html",
            {
                "object": report,
                "title": report.title,
                "scope": figures.get("scope") or {},
                # the numbers of the draft link to their records (as they are now), each
                # list showing the summary's number beside its own count
                "paragraphs": narrative_html(
                    report.narrative,
                    figures.get(services.MARKS, []),
                    Links(services.scope_of(report), summary=report.pk),
                ),
                "tables": [t.shown() for t in document_tables(figures)],
                "charts": summary_charts(figures),
                "plans": plans_of_period(user, report.start, report.end),
                "can_edit": report.is_draft and user.has_perm(CHANGE),
                "can_publish": report.is_draft and user.has_perm(PUBLISH),
                "history": history_entries(
                    report,
                    hidden_fields=("created_at", "figures"),
                    display={"narrative": _shorten},
                ),
            },
        )


class SummaryReportEditView(ServiceFormView):
    permission_required = CHANGE
    form_class = SummaryEditForm
    template_name = "reports/summary_report_form.html"
    title = "修改工作总结"

    def get_object(self):
        return _report(self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(CHANGE):
            report = _report(kwargs["pk"])
            if not report.is_draft:
                refusal = (
                    services.PUBLISHED_READ_ONLY
                    if report.is_published
                    else services.DISCARDED_READ_ONLY
                )
                if request.method == "POST":
                    # Published or discarded in another tab while this one was typed in:
                    # the text typed stays on the page, to be copied, not thrown away.
                    self.formset = None
                    form = self.get_form(report, request.POST)
                    form.add_error(None, f"{refusal}下面是您填写的内容，没有保存，可复制后使用。")
                    # The page names the summary as it is (the form wrote the typed title).
                    return self.render(form, _report(kwargs["pk"]), status=409)
                messages.error(request, refusal)
                return redirect(report.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context(self, obj):
        scope, figures = services.scope_of(obj), obj.figures or {}
        return {"object": obj, "draft": services.summary_draft(scope=scope, figures=figures)[0]}

    def perform(self, form, obj):
        return services.summary_update(
            summary=obj,
            user=self.request.user,
            title=form.cleaned_data["title"],
            narrative=form.cleaned_data["narrative"],
        )


class SummaryReportActionView(RoleRequiredMixin, SubmitOnce, View):
    """A button of the summary's page (publish, discard), sent once (its one-time key: a
    retry after a lost answer opens the summary, core/submissions.py). Opened by GET
    (signed in again after the session ended, the sign-in page returns to this address):
    the summary's page, where the manager does it again, not an error page."""

    def get(self, request, pk):
        report = _report(pk)
        messages.info(request, NOT_DONE)
        return redirect(report.get_absolute_url())


class SummaryReportPublishView(SummaryReportActionView):
    permission_required = PUBLISH

    def post(self, request, pk):
        report = _report(pk)
        try:
            services.summary_publish(summary=report, user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已发布。发布后数据和正文不再改变。")
        return redirect(report.get_absolute_url())


class SummaryReportDiscardView(SummaryReportActionView):
    """POST from the draft's page: set it aside with the reason given."""

    permission_required = CHANGE

    def post(self, request, pk):
        report = _report(pk)
        try:
            services.summary_discard(
                summary=report, user=request.user, reason=request.POST.get("reason", "")
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "草稿已废弃；同一统计范围可以新建工作总结。")
        return redirect(report.get_absolute_url())


class SummaryReportRecomputeView(RoleRequiredMixin, View):
    """GET: what would change against the figures now; POST (a draft, with the change
    permission): replace the snapshot with the figures now."""

    permission_required = VIEW

    def get(self, request, pk):
        report = _report(pk)
        diff = services.summary_recompute(summary=report)
        for row in diff["figures"]:
            f = FIGURES[row["key"]]
            row["snapshot_text"] = f.text(row["snapshot"])
            row["now_text"] = f.text(row["now"])
            row["difference_text"] = f.difference(row["now"], row["snapshot"])
        show_all = request.GET.get("all") == "1"
        return render(
            request,
            "reports/summary_report_recompute.html",
            {
                "object": report,
                "title": f"重新计算：{report.title}",
                "diff": diff,
                "cells": [c for c in diff["table1"] if show_all or c["changed"]],
                "show_all": show_all,
                "can_refresh": report.is_draft and request.user.has_perm(CHANGE),
            },
        )

    def post(self, request, pk):
        report = _report(pk)
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        if summary_in_background() and report.is_draft:
            job = job_start(
                kind="summary_refresh",
                user=request.user,
                title=f"更新为最新数据：{report.title}",
                params={"summary": report.pk, "redraft": request.POST.get("redraft") == "1"},
            )
            messages.info(request, "单位较多，已转入后台重新统计；本页显示进度。")
            return redirect(job.get_absolute_url())
        try:
            services.summary_refresh(
                summary=report, user=request.user, redraft=request.POST.get("redraft") == "1"
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已更新为最新数据。")
        return redirect(report.get_absolute_url())


# ---------------------------------------------------------------- documents


class SummaryReportPdfView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request, pk):
        report = _report(pk)
        content = summary_pdf(
            title=report.title,
            figures=report.figures or {},
            narrative=report.narrative,
            computed_at=report.computed_at,
            status=_status_text(report),
            published_at=report.published_at,
            warning=_warning(report),
        )
        return pdf_response(content, f"{report.title}.pdf")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class SummaryReportDocxView(RoleRequiredMixin, View):
    """The same document as the PDF, as a Word file for the office's letterhead."""

    permission_required = VIEW

    def get(self, request, pk):
        report = _report(pk)
        content = summary_docx(
            title=report.title,
            figures=report.figures or {},
            narrative=report.narrative,
            computed_at=report.computed_at,
            status=_status_text(report),
            published_at=report.published_at,
            warning=_warning(report),
        )
        response = HttpResponse(content, content_type=DOCX)
        filename = quote(f"{report.title}.docx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
        return response


class SummaryReportXlsxView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request, pk):
        report = _report(pk)
        content = summary_workbook(
            title=report.title,
            figures=report.figures or {},
            computed_at=report.computed_at,
            warning=_warning(report),
        )
        return xlsx_response(content, f"{report.title}.xlsx")


def _scope_or_error(request, params=None):
    try:
        return scope_from_params(request.GET if params is None else params), None
    except ValidationError as exc:
        errors = [m for messages_ in exc.message_dict.values() for m in messages_]
        response = render(
            request,
            "reports/summary_report_error.html",
            {"title": "统计范围有误", "errors": errors},
            status=400,
        )
        return None, response


class LiveSummaryPdfView(RoleRequiredMixin, View):
    """The figures of a scope as they are now (not saved), with a narrative draft."""

    permission_required = VIEW

    def get(self, request):
        scope, error = _scope_or_error(request)
        if error:
            return error
        figures = summary(scope)
        figures["facts"] = narrative_facts(scope, figures)
        title = f"{supervision(scope.label.replace(' · ', ''))}工作统计"
        content = summary_pdf(
            title=title, figures=figures, narrative=narrative_draft(figures), status="实时数据"
        )
        return pdf_response(content, f"{title}.pdf")


class LiveSummaryXlsxView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request):
        scope, error = _scope_or_error(request)
        if error:
            return error
        title = f"{supervision(scope.label.replace(' · ', ''))}工作统计"
        content = summary_workbook(title=title, figures=summary(scope))
        return xlsx_response(content, f"{title}.xlsx")


class RadiationXlsxView(RoleRequiredMixin, View):
    """放射诊疗监督检查 汇总表 for a period (``year``, ``half``/``quarter``, or start/end)."""

    permission_required = VIEW

    def get(self, request):
        params = request.GET.copy()
        params.pop("domain", None)  # always the radiation domain
        scope, error = _scope_or_error(request, params)
        if error:
            return error
        content = radiation_workbook(period=scope.period, township=scope.township)
        return xlsx_response(content, f"放射诊疗监督检查汇总表_{scope.period.label}.xlsx")

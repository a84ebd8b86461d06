"""Reports' background work: making or refreshing a saved summary over many units (the
first count of a period at a province's scale takes tens of seconds)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError

from core.jobs import JobFailed, Outcome, job_kind
from premises.models import Domain, Establishment, Township
from reports import services
from reports.models import SummaryReport


def summary_job_params(*, start, end, domain, township, title) -> dict:
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "domain": domain.pk if domain else None,
        "township": township.pk if township else None,
        "title": title or "",
    }


@job_kind("summary_create")
def run_summary_create(job, progress) -> Outcome:
    params = job.params
    scope = services.summary_scope_from_form(
        start=datetime.date.fromisoformat(params["start"]),
        end=datetime.date.fromisoformat(params["end"]),
        domain=Domain.objects.get(pk=params["domain"]) if params["domain"] else None,
        township=Township.objects.get(pk=params["township"]) if params["township"] else None,
    )
    progress.begin("统计各项数据")
    try:
        report = services.summary_create(user=job.user, scope=scope, title=params["title"])
    except services.DraftExists as exc:  # made meanwhile: that draft is the outcome
        return Outcome(exc.messages[0], url=exc.report.get_absolute_url())
    except ValidationError as exc:
        raise JobFailed("未能保存工作总结：" + "；".join(exc.messages)) from None
    return Outcome(
        f"已保存工作总结“{report.title}”：数据已生成快照，正文为自动生成的草稿，可修改。",
        url=report.get_absolute_url(),
    )


@job_kind("summary_refresh")
def run_summary_refresh(job, progress) -> Outcome:
    report = SummaryReport.objects.get(pk=job.params["summary"])
    progress.begin("重新统计各项数据")
    try:
        services.summary_refresh(
            summary=report, user=job.user, redraft=bool(job.params.get("redraft"))
        )
    except ValidationError as exc:
        raise JobFailed("未能更新：" + "；".join(exc.messages)) from None
    return Outcome(f"“{report.title}”已更新为最新数据。", url=report.get_absolute_url())


def summary_in_background() -> bool:
    """Summaries are made as jobs when the registry holds more than
    SUMMARY_BACKGROUND_UNITS units (one cheap count)."""
    return Establishment.objects.count() > settings.SUMMARY_BACKGROUND_UNITS

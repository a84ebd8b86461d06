"""One draft a scope, a draft set aside, and a summary's number beside its records: a
manager who asks again for the summary of a period they have a draft of is taken to that
draft, never handed a second one with the same figures; a draft made by mistake is
discarded with its reason and stays listed; a number of a saved summary opens its records
as they are now, with the summary's number beside their count."""

import html
import io
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from reports import services
from reports.jobs import run_summary_create, summary_job_params
from reports.models import SummaryReport, SummaryStatus
from reports.scope import Period, Scope
from reports.services import summaries
from reports.views.documents import NOT_DONE
from tests.inspections.factories import record, when
from tests.pdf import pdf_text
from tests.reports.documents_factories import county_scope, places_filled, public_places

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return public_places()


@pytest.fixture
def draft(county, manager):
    return services.summary_create(user=manager, scope=county_scope(), title="公共场所工作总结")


def form_of(scope: Scope, title="") -> dict:
    return {
        "title": title,
        "start": scope.period.start.isoformat(),
        "end": scope.period.end.isoformat(),
        "domain": scope.domain.pk if scope.domain else "",
        "township": "",
    }


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_asking_again_for_a_scope_with_a_draft_opens_that_draft(draft, client_as, manager):
    # The add page opened anew (its own submission key): not a double click, a second try.
    response = client_as(manager).post(
        reverse("reports:summary_report_add"), form_of(county_scope(), "又一份"), follow=True
    )
    assert SummaryReport.objects.get() == draft  # nothing made twice
    assert response.redirect_chain[-1][0] == draft.get_absolute_url()
    assert any("已有草稿“公共场所工作总结”" in m for m in messages_of(response))


def test_another_period_or_domain_gets_a_draft_of_its_own(draft, manager):
    scope = county_scope()
    other = Scope(Period(scope.period.start, scope.period.end), None)  # all domains
    assert services.summary_create(user=manager, scope=other).pk != draft.pk
    assert SummaryReport.objects.filter(status=SummaryStatus.DRAFT).count() == 2


def test_a_draft_saved_between_the_pages_check_and_its_save_is_opened(
    draft, client_as, manager, monkeypatch
):
    monkeypatch.setattr(services, "summary_draft_of", lambda scope: None)  # the page's check
    response = client_as(manager).post(
        reverse("reports:summary_report_add"), form_of(county_scope()), follow=True
    )
    assert SummaryReport.objects.get() == draft
    assert response.redirect_chain[-1][0] == draft.get_absolute_url()
    assert any("未再新建" in m for m in messages_of(response))


def test_the_service_refuses_a_second_draft_and_names_the_first(draft, manager):
    with pytest.raises(services.DraftExists) as refused:
        services.summary_create(user=manager, scope=county_scope(), title="第二份")
    assert refused.value.report == draft
    assert "公共场所工作总结" in refused.value.messages[0]
    assert SummaryReport.objects.count() == 1


def test_two_managers_saving_at_once_make_one_draft(county, manager, monkeypatch):
    """The second save does not see the first's draft (committed meanwhile): the database
    refuses the row and the manager is given the draft that won."""
    first = services.summary_create(user=manager, scope=county_scope(), title="先保存的")
    real = summaries.summary_draft_of
    calls = []

    def not_yet_seen(scope):
        calls.append(scope)
        return None if len(calls) == 1 else real(scope)

    monkeypatch.setattr(summaries, "summary_draft_of", not_yet_seen)
    with pytest.raises(services.DraftExists) as refused:
        services.summary_create(user=manager, scope=county_scope(), title="后保存的")
    assert refused.value.report == first
    assert list(SummaryReport.objects.values_list("title", flat=True)) == ["先保存的"]


def test_the_database_holds_one_draft_a_scope(draft):
    duplicate = SummaryReport(
        title="直接写入",
        start=draft.start,
        end=draft.end,
        domain=draft.domain,
        township=None,
        figures={},
        computed_at=timezone.now(),
        created_by=draft.created_by,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_upgrade_keeps_the_newest_draft_of_a_scope_and_discards_the_older(draft, manager):
    """reports 0010 on an office that already holds two drafts of one scope (saved before
    the one-draft rule): the newest stays the draft, the older is discarded with the
    upgrade's reason in its history; another scope's draft and published summaries are
    left alone. Unapplied, the discarded summaries are drafts again."""
    import importlib

    from django.apps import apps
    from django.db import connection

    upgrade = importlib.import_module("reports.migrations.0010_summary_discard_one_draft_a_scope")
    with connection.cursor() as cursor:  # the office's database before 0010 had no such index
        cursor.execute("DROP INDEX summary_one_draft_a_scope")
    scope = county_scope()
    newer = SummaryReport.objects.create(
        title="后来的草稿",
        start=draft.start,
        end=draft.end,
        domain=draft.domain,
        figures={},
        computed_at=timezone.now(),
        created_by=manager,
    )
    other = services.summary_create(
        user=manager, scope=Scope(Period(scope.period.start, scope.period.end), None)
    )
    published = services.summary_create(
        user=manager, scope=Scope(Period(scope.period.start, scope.period.start), scope.domain)
    )
    services.summary_publish(summary=places_filled(published, manager), user=manager)

    upgrade.discard_older_drafts(apps, None)

    statuses = dict(SummaryReport.objects.values_list("pk", "status"))
    assert statuses == {
        draft.pk: SummaryStatus.DISCARDED,
        newer.pk: SummaryStatus.DRAFT,
        other.pk: SummaryStatus.DRAFT,
        published.pk: SummaryStatus.PUBLISHED,
    }
    draft.refresh_from_db()
    assert draft.discard_reason == upgrade.REASON
    assert draft.history.first().history_change_reason == upgrade.REASON
    assert draft.history.first().status == SummaryStatus.DISCARDED

    upgrade.restore_drafts(apps, None)
    draft.refresh_from_db()
    assert (draft.status, draft.discard_reason) == (SummaryStatus.DRAFT, "")


def test_a_background_job_for_a_scope_drafted_meanwhile_opens_that_draft(draft, manager):
    scope = county_scope()
    params = summary_job_params(
        start=scope.period.start,
        end=scope.period.end,
        domain=scope.domain,
        township=None,
        title="",
    )

    class Job:
        user = manager

    Job.params = params

    class Progress:
        def begin(self, text):
            pass

    outcome = run_summary_create(Job, Progress())
    assert outcome.url == draft.get_absolute_url()
    assert SummaryReport.objects.count() == 1


# ---------------------------------------------------------------- discarding a draft


def test_a_discarded_draft_stays_listed_with_its_reason_and_frees_its_scope(
    draft, client_as, manager
):
    client = client_as(manager)
    response = client.post(
        reverse("reports:summary_report_discard", args=[draft.pk]),
        {"reason": "  期间选错了，\n应为上半年 "},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == SummaryStatus.DISCARDED
    assert draft.discard_reason == "期间选错了， 应为上半年"
    assert draft.history.first().history_change_reason == "废弃：期间选错了， 应为上半年"
    text = response.content.decode()
    assert '<span class="badge status-closed">已废弃</span>' in text
    assert "<dt>废弃原因</dt><dd>期间选错了， 应为上半年</dd>" in text
    assert "修改标题和正文" not in text and "废弃草稿" not in text
    listed = client.get(reverse("reports:summary_report_list"))
    row = next(r for r in listed.context["rows"] if "公共场所工作总结" in str(r))
    assert "已废弃" in str(row)

    again = services.summary_create(user=manager, scope=county_scope())
    assert again.pk != draft.pk and again.is_draft


def test_a_discarded_draft_printed_says_it_is_no_document_to_hand_over(draft, client_as, manager):
    services.summary_discard(summary=draft, user=manager, reason="期间选错")
    client = client_as(manager)
    response = client.get(reverse("reports:summary_report_pdf", args=[draft.pk]))
    text = "".join(pdf_text(response.content).split())
    warning = "本稿已废弃，不得作为正式文件使用（期间选错）"
    assert text.count(warning) == 2  # under the title and in place of the 落款
    assert settings.OFFICE_NAME not in text[text.rindex("表1") :]
    docx = Document(
        io.BytesIO(client.get(reverse("reports:summary_report_docx", args=[draft.pk])).content)
    )
    assert [p.text for p in docx.paragraphs].count(warning) == 2
    book = load_workbook(
        io.BytesIO(client.get(reverse("reports:summary_report_xlsx", args=[draft.pk])).content)
    )
    assert warning in str(book["表1 分类统计"]["A1"].value)
    assert warning in [row[0] for row in book["总体指标"].iter_rows(values_only=True)]


def test_a_discard_without_a_reason_is_refused_and_changes_nothing(draft, client_as, manager):
    response = client_as(manager).post(
        reverse("reports:summary_report_discard", args=[draft.pk]), {"reason": "  "}, follow=True
    )
    draft.refresh_from_db()
    assert draft.is_draft and draft.discard_reason == ""
    assert "请填写废弃原因。" in messages_of(response)


def test_a_discarded_draft_is_never_edited_refreshed_nor_published(draft, client_as, manager):
    services.summary_discard(summary=draft, user=manager, reason="重复")
    for act in (
        lambda: services.summary_update(summary=draft, user=manager, title="x", narrative="y"),
        lambda: services.summary_publish(summary=draft, user=manager),
        lambda: services.summary_refresh(summary=draft, user=manager),
        lambda: services.summary_discard(summary=draft, user=manager, reason="再废弃"),
    ):
        with pytest.raises(ValidationError) as refused:
            act()
        assert refused.value.messages == [services.DISCARDED_READ_ONLY]
    client = client_as(manager)
    edit = client.get(reverse("reports:summary_report_edit", args=[draft.pk]))
    assert edit.status_code == 302 and edit["Location"] == draft.get_absolute_url()
    client.post(reverse("reports:summary_report_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == SummaryStatus.DISCARDED and draft.published_at is None


def test_a_draft_with_places_left_to_fill_is_not_published(draft, client_as, manager):
    """The draft leaves 存在问题 and next year's plan for the manager: published as it is,
    the handed-over summary would print 【请填写：…】."""
    assert "【请填写：存在问题" in draft.narrative
    with pytest.raises(ValidationError) as refused:
        services.summary_publish(summary=draft, user=manager)
    assert (
        "正文中还有待填写的地方（存在问题、明年工作计划）"
        in refused.value.message_dict["narrative"][0]
    )
    response = client_as(manager).post(
        reverse("reports:summary_report_publish", args=[draft.pk]), follow=True
    )
    assert any("待填写的地方" in m for m in messages_of(response))
    draft.refresh_from_db()
    assert draft.is_draft and draft.published_at is None

    half_edited = draft.narrative.replace("【请填写：存在问题】", "【请填写：存在问题，已整改")
    services.summary_update(summary=draft, user=manager, title=draft.title, narrative=half_edited)
    with pytest.raises(ValidationError):
        services.summary_publish(summary=draft, user=manager)

    services.summary_publish(summary=places_filled(draft, manager), user=manager)
    draft.refresh_from_db()
    assert draft.is_published


@pytest.mark.parametrize(
    ("action", "form", "refusal"),
    [
        ("summary_report_discard", {"reason": "期间选错"}, services.DISCARDED_READ_ONLY),
        ("summary_report_publish", {}, services.PUBLISHED_READ_ONLY),
    ],
)
def test_a_button_sent_again_after_a_lost_answer_opens_the_summary(
    draft, client_as, manager, action, form, refusal
):
    """A reload after a lost answer (or drafts.js resending) sends the button's form again
    with the key the page gave it: what was done the first time is not refused as a second
    try (a green "done" beside a red "already done")."""
    from core.submissions import FIELD, REPLAYED_MESSAGE

    places_filled(draft, manager)
    client = client_as(manager)
    page = client.get(draft.get_absolute_url()).content.decode()
    url = reverse(f"reports:{action}", args=[draft.pk])
    button = re.search(rf'<form[^>]*action="{url}"[^>]*>(.*?)</form>', page, re.S)
    key = re.search(r'name="_submission" value="([^"]+)"', button.group(1))[1]
    assert client.post(url, {**form, FIELD: key}).status_code == 302
    again = client.post(url, {**form, FIELD: key}, follow=True)
    assert REPLAYED_MESSAGE in messages_of(again)
    assert not any(refusal in m for m in messages_of(again))
    draft.refresh_from_db()
    assert not draft.is_draft


@pytest.mark.parametrize("action", ["summary_report_publish", "summary_report_discard"])
def test_a_button_opened_after_signing_in_again_leads_back_to_the_summary(
    draft, client_as, manager, action
):
    """The session ended before the button was pressed: signed in again, the sign-in page
    opens the button's address (GET). The manager lands on the summary, told to do it
    again; nothing is published or discarded."""
    response = client_as(manager).get(reverse(f"reports:{action}", args=[draft.pk]), follow=True)
    assert response.redirect_chain[-1][0] == draft.get_absolute_url()
    assert NOT_DONE in messages_of(response)
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_summary_forms_keep_what_is_typed_through_an_ended_session(draft, client_as, manager):
    """The edit form and the discard form are drafts.js forms (static/js/drafts.js): typed
    text is kept on the device, and sent again after signing in or when the network is
    back, once (the one-time key)."""
    client = client_as(manager)
    edit = client.get(reverse("reports:summary_report_edit", args=[draft.pk])).content.decode()
    assert re.search(r'<form method="post"[^>]*data-draft>', edit)
    assert 'name="_submission"' in edit
    detail = client.get(draft.get_absolute_url()).content.decode()
    discard = re.search(rf"<form[^>]*summaries/{draft.pk}/discard/[^>]*>(.*?)</form>", detail, re.S)
    assert "data-draft" in discard.group(0) and 'name="_submission"' in discard.group(1)


def test_a_published_summary_is_not_discarded(draft, manager):
    services.summary_publish(summary=places_filled(draft, manager), user=manager)
    with pytest.raises(ValidationError) as refused:
        services.summary_discard(summary=draft, user=manager, reason="不要了")
    assert refused.value.messages == [services.PUBLISHED_READ_ONLY]
    draft.refresh_from_db()
    assert draft.is_published and draft.discard_reason == ""


def test_only_who_may_change_summaries_discards_them(draft, client_as, inspector):
    response = client_as(inspector).post(
        reverse("reports:summary_report_discard", args=[draft.pk]), {"reason": "不要了"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft


# ---------------------------------------------------------------- a number's records


def narrative_link(client, report, words: str) -> str:
    """The address the number after ``words`` in the summary's narrative links to."""
    page = client.get(report.get_absolute_url()).content.decode()
    found = re.search(re.escape(words) + r'<a class="figure-link" href="([^"]+)"', page)
    assert found, words
    return html.unescape(found.group(1))


def test_a_number_of_a_summary_opens_its_records_beside_the_summarys_number(
    county, draft, client_as, manager
):
    client = client_as(manager)
    url = narrative_link(client, draft, "监督检查")
    assert f"summary={draft.pk}" in url
    page = client.get(url)
    note = page.context["drill"]["snapshot"]
    assert (note["report"], note["value"]) == (draft, 4)
    text = page.content.decode()
    assert "中此数为 <b>4</b>" in text and "共 <b>4</b> 条，与总结中的数字一致" in text

    # A visit recorded after the snapshot: the list has it, the summary keeps its number.
    services.summary_publish(summary=places_filled(draft, manager), user=manager)
    record(establishment=county["bath"], inspected_at=when(days_ago=5))
    text = client.get(url).content.decode()
    assert "（已发布）中此数为 <b>4</b>" in text and "共 <b>5</b> 条" in text
    assert "与总结中的数字不同" in text
    assert reverse("reports:summary_report_recompute", args=[draft.pk]) in text


def test_a_summary_of_another_scope_puts_no_number_beside_the_list(draft, client_as, manager):
    url = reverse("reports:drill", args=["visits"])
    other = {"start": "2023-01-01", "end": "2023-12-31", "summary": draft.pk}
    page = client_as(manager).get(url, other)
    assert page.status_code == 200 and page.context["drill"]["snapshot"] is None
    assert "此数为" not in page.content.decode()


def test_a_draft_brought_up_to_date_keeps_the_number_its_narrative_writes(
    county, draft, client_as, manager
):
    """更新为最新数据 without redrafting keeps the narrative: its "监督检查4户次" still opens the
    visits, and the page sets 4 (the number clicked) beside the 5 listed."""
    client = client_as(manager)
    url = narrative_link(client, draft, "监督检查")
    record(establishment=county["bath"], inspected_at=when(days_ago=5))
    services.summary_refresh(summary=draft, user=manager)
    draft.refresh_from_db()
    assert draft.figures["visits"] == 5 and "监督检查4户次" in draft.narrative
    page = client.get(url)
    assert page.context["drill"]["snapshot"]["value"] == 4
    assert "共 <b>5</b> 条" in page.content.decode()

"""licensing's sections of the unit's file (一户一档, issue #16): every permit version with
its status today; the applications and what the window did with each on the timeline."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from licensing import services
from tests.factories import EstablishmentFactory, kind
from tests.licensing.factories import issued_permit, public_place

pytestmark = pytest.mark.django_db


def timeline_of(client, unit):
    page = client.get(reverse("premises:establishment_detail", args=[unit.pk])).content.decode()
    return page, page.split('data-section="timeline"')[1].split("</section>")[0]


def receive(clerk, unit, **more):
    return services.application_receive(
        user=clerk,
        establishment=unit,
        permit_type=public_place(),
        kind="new",
        business_scope="理发",
        **more,
    )


def test_correction_and_refusal_to_accept_on_the_timeline(client_as, clerk):
    lacking = EstablishmentFactory(name="补正理发店", category=kind("pp.bathing.barber"))
    receive(clerk, lacking, outcome="correction", correction_items="营业执照复印件")
    _, timeline = timeline_of(client_as(clerk), lacking)
    assert "收件，一次性告知补正" in timeline and "受理申请" not in timeline

    refused = EstablishmentFactory(name="不予受理理发店", category=kind("pp.bathing.barber"))
    receive(
        clerk,
        refused,
        outcome="not_accepted",
        not_accepted_reason="不属于本机关职权范围",
        competent_organ="市场监督管理局",
    )
    page, timeline = timeline_of(client_as(clerk), refused)
    assert timeline.count("不予受理") == 1
    assert "不属于本机关职权范围" in timeline
    assert "已办结的申请（1）" in page  # not open: it sits with the finished ones


def test_an_expired_permit_shows_as_expired_and_the_unit_as_without_one(client_as, clerk):
    unit = EstablishmentFactory(name="换证理发店", category=kind("pp.bathing.barber"))
    first = issued_permit(clerk=clerk, establishment=unit, received_on=datetime.date(2021, 3, 1))
    page, timeline = timeline_of(client_as(clerk), unit)
    permits = page.split('data-testid="permits"')[1].split("</table>")[0]
    assert first.number in permits
    rows = re.findall(r"<tr>(.*?)</tr>", permits, re.S)[1:]
    states = [re.search(r'class="badge permit-(\w+)">([^<]+)<', r).group(2) for r in rows]
    assert first.expires_on < timezone.localdate()  # a four-year term from 2021
    assert states == ["已过期"]  # derived from its dates, though stored as valid
    assert "许可证有效期届满" in timeline and "发证" in timeline
    assert "无有效许可证" in page

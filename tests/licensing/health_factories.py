"""Builders of health certificates and training sessions, through the services."""

import datetime

from django.utils import timezone

from licensing.health import services
from tests.factories import PractitionerFactory, UserFactory


def recorder():
    return UserFactory(username="health_recorder")


def certificate(practitioner=None, *, exam_date=None, result="passed", expires_on=None, **kw):
    return services.certificate_record(
        user=recorder(),
        practitioner=practitioner or PractitionerFactory(),
        exam_date=exam_date or timezone.localdate() - datetime.timedelta(days=10),
        institution=kw.pop("institution", "县疾病预防控制中心"),
        result=result,
        expires_on=expires_on,
        **kw,
    )


def training(**kw):
    values = {
        "date": timezone.localdate() - datetime.timedelta(days=3),
        "place": "县会议中心",
        "topic": "公共场所从业人员卫生知识培训",
        "organiser": "县卫生监督所",
    }
    values.update(kw)
    return services.training_create(user=recorder(), **values)

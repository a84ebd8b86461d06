"""Consultations at the permit window (咨询登记)."""

from django.utils import timezone

from licensing.models import Consultation


def consultation_log(
    *, user, topic, consulted_on=None, visitor="", establishment=None
) -> Consultation:
    consultation = Consultation(
        consulted_on=consulted_on or timezone.localdate(),
        topic=topic,
        visitor=visitor,
        establishment=establishment,
        answered_by=user,
    )
    consultation.full_clean()
    consultation.save()
    return consultation

"""Registry figures for the home page (a fixed number of queries)."""

from django.db.models import Count, Q
from django.utils import timezone

from premises.choices import EstablishmentStatus
from premises.models import Domain, Establishment, Practitioner


def registry_overview():
    today = timezone.localdate()
    totals = Establishment.objects.aggregate(
        total=Count("id"),
        operating=Count("id", filter=Q(status=EstablishmentStatus.OPERATING)),
        suspended=Count("id", filter=Q(status=EstablishmentStatus.SUSPENDED)),
        closed=Count("id", filter=Q(status=EstablishmentStatus.CLOSED)),
    )
    by_domain = list(
        Domain.objects.annotate(
            units=Count(
                "categories__establishments",
                filter=~Q(categories__establishments__status=EstablishmentStatus.CLOSED),
            )
        ).values("id", "name", "units")
    )
    practitioners = Practitioner.objects.employed_on(today).count()
    return {"totals": totals, "by_domain": by_domain, "practitioners": practitioners}

"""Keep derived data of the registry in step with the records it is derived from."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from premises.models import EstablishmentStatusChange


@receiver(post_save, sender=EstablishmentStatusChange)
@receiver(post_delete, sender=EstablishmentStatusChange)
def link_unit_changes(sender, instance, **kwargs):
    """A change saved or deleted (services, admin, API) re-links its unit's changes."""
    EstablishmentStatusChange.objects.filter(establishment_id=instance.establishment_id).link()

from django.db import transaction

from inspections.models import Campaign

M2M = ("domains", "categories", "townships", "problem_types")


@transaction.atomic
def campaign_save(*, user, campaign: Campaign | None = None, **fields) -> Campaign:
    """Create a special campaign, or change one; the scope fields are lists of rows."""
    scope = {name: fields.pop(name, None) for name in M2M}
    if campaign is None:
        campaign = Campaign(created_by=user)
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean(exclude=["created_by"])
    campaign._history_user = user
    campaign.save()
    for name, value in scope.items():
        if value is not None:
            getattr(campaign, name).set(value)
    return campaign

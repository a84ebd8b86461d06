"""Full ID numbers (身份证号码): masked everywhere by default, shown only when a user who
holds 可查看完整身份证号码 asks for one record's number, and every such view logged in
``PersonalDataAccess`` (who, when, whose, from which address, through which page).

How one asks:

- pages: the "显示完整号码" button on the record's page, a POST to its ``reveal/`` URL, which
  answers with the same page showing the full number (never a GET URL that a browser
  history, a bookmark or a Referer could keep);
- API: ``?reveal=1`` on GET of one record (``core.personal_data_api.RevealMixin``); on a
  list or any other action it is refused (400), and by users without the permission (403);
- PDFs of a penalty case: ``?reveal=1`` on the document's link.

Lists, exports, the admin and the API's lists never show a full number.
"""

from axes.helpers import get_client_ip_address
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_ipv46_address
from django.utils.cache import add_never_cache_headers
from simple_history.template_utils import HistoricalRecordContextHelper

from core.models import PersonalDataAccess
from core.validators import mask_id_number

FULL_ID_PERMISSION = "premises.view_full_id_number"
REVEAL_PARAMETER = "reveal"
_TRUE = {"1", "true", "yes", "on"}
REFUSED = "没有查看完整身份证号码的权限。"


def may_reveal(user) -> bool:
    """Whether ``user`` may ask for a full ID number (each time logged)."""
    return bool(user and user.is_authenticated and user.has_perm(FULL_ID_PERMISSION))


def reveal_requested(request) -> bool:
    """``?reveal=1`` (or true/yes/on) on the request."""
    return (request.GET.get(REVEAL_PARAMETER) or "").strip().lower() in _TRUE


def require_reveal_permission(user) -> None:
    if not may_reveal(user):
        raise PermissionDenied(REFUSED)


def _django_request(request):
    """The HttpRequest behind a DRF Request (or the request itself)."""
    return getattr(request, "_request", request)


def client_ip(request) -> str | None:
    """The address sign-in throttling (django-axes) counts with, so both agree behind a
    proxy; None when it is not a valid address."""
    address = get_client_ip_address(_django_request(request))
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address


def record_access(request, obj, *, field: str, channel: str) -> PersonalDataAccess:
    """Log that ``request.user`` is being shown the full ``field`` of ``obj``."""
    django_request = _django_request(request)
    match = django_request.resolver_match
    user = request.user
    return PersonalDataAccess.objects.create(
        user=user,
        username=user.get_username(),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        record=str(obj)[:200],
        field=field,
        ip_address=client_ip(request),
        channel=channel,
        view_name=(match.view_name if match else "")[:100],
        path=django_request.get_full_path()[:500],
    )


def no_store(response):
    """A response showing a full number is kept by no browser or proxy cache."""
    add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
    return response


def masked_unless(full: bool):
    """The ``display`` function of core.history for an ID number field."""
    return (lambda value: value) if full else mask_id_number


# ---------------------------------------------------------------- admin


class _MaskedHistoryHelper(HistoricalRecordContextHelper):
    def __init__(self, model, historical_record, *, masks, **kwargs):
        super().__init__(model, historical_record, **kwargs)
        self.masks = masks

    def prepare_delta_change_value(self, change, value):
        mask = self.masks.get(change.field)
        if mask is not None and value:
            return mask(self.record, value)
        return super().prepare_delta_change_value(change, value)


class MaskedHistoryAdminMixin:
    """A SimpleHistoryAdmin whose change history shows ``history_masks`` fields masked:
    {field name: function(historical record, value) → what the page shows}."""

    history_masks: dict = {}

    def get_historical_record_context_helper(self, request, historical_record):
        return _MaskedHistoryHelper(self.model, historical_record, masks=self.history_masks)

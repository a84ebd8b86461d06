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

Searching by a full number (penalty cases: the party's ID number) is a view too: a match
confirms whose number it is. Such a search never travels in a URL (server logs, browser
history, Referer): the list page's search form is sent by POST and the number kept in the
session under an opaque token (``?search=<token>``); the API has ``POST …/search/`` with a
JSON body. A GET whose ``q`` holds a full number is refused. Every search by number by a
user who may see full numbers is logged: one row per record it matched (the field that
matched), or one row for the search itself (the number masked) when it matched none.
"""

import datetime
import re
import secrets
import unicodedata
from typing import TYPE_CHECKING

from axes.helpers import get_client_ip_address
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_ipv46_address
from django.utils.cache import add_never_cache_headers
from simple_history.template_utils import HistoricalRecordContextHelper

from core.models import PersonalDataAccess
from core.validators import mask_id_number

# What the mixins below are mixed into, as the type checker sees them (object at run time).
if TYPE_CHECKING:
    from django_filters import FilterSet as _FilterSet
    from simple_history.admin import SimpleHistoryAdmin as _HistoryAdmin
else:
    _FilterSet = _HistoryAdmin = object

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


def _access(request, *, model, object_id, record: str, field: str, channel: str):
    """An unsaved log row: who, from where, through which page, for ``model``'s record."""
    django_request = _django_request(request)
    match = django_request.resolver_match
    user = request.user
    return PersonalDataAccess(
        user=user,
        username=user.get_username(),
        content_type=ContentType.objects.get_for_model(model),
        object_id=object_id,
        record=record[:200],
        field=field,
        ip_address=client_ip(request),
        channel=channel,
        view_name=(match.view_name if match else "")[:100],
        path=django_request.get_full_path()[:500],
    )


def record_access(request, obj, *, field: str, channel: str) -> PersonalDataAccess:
    """Log that ``request.user`` is being shown the full ``field`` of ``obj``."""
    access = _access(
        request, model=obj, object_id=obj.pk, record=str(obj), field=field, channel=channel
    )
    access.save()
    return access


# ---------------------------------------------------------------- searching by a full number

# 17 digits and a digit or X (GB 11643), not part of a longer code.
_ID_SHAPE = re.compile(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])")
SEARCH_PARAMETER = "search"  # the list page's token for a search kept in the session
_SESSION_KEY = "private_searches"
_KEPT_SEARCHES = 20  # a session keeps this many searches by number; older ones expire
REFUSED_IN_URL = "按身份证号码查找请使用搜索框提交，号码不会出现在网址中。"
REFUSED_SEARCH = "没有查看完整身份证号码的权限，不能按身份证号码查找。"
SEARCH_EXPIRED = "此次查找已失效（已退出登录或查找过多），请在搜索框重新输入后查找。"


def _has_birth_date(number: str) -> bool:
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return born.year >= 1900


# Typed between the digits of a number (spaces, hyphens and dashes of every width).
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―]+")


def _plain(text) -> str:
    """``text`` as half-width upper case (NFKC: an input method in full-width mode types
    １１０１…Ｘ)."""
    return unicodedata.normalize("NFKC", text or "").upper()


def id_numbers_in(text) -> list[str]:
    """Every resident ID number written in ``text`` (upper case): 17 digits and a digit or X
    holding a real birth date, alone or among other words, in full-width or half-width
    characters, spaces and hyphens inside ignored. The check digit is not required: a
    mistyped number is still a person's number."""
    text = _plain(text)
    found = []
    for candidate in (text, _SEPARATORS.sub("", text)):
        for number in _ID_SHAPE.findall(candidate):
            if _has_birth_date(number) and number not in found:
                found.append(number)
    return found


def holds_id_number(text) -> bool:
    return bool(id_numbers_in(text))


def id_number_of(text) -> str:
    """The one full ID number ``text`` holds (as stored: half-width, upper case, no
    separators), or "" when it holds none or several: a search by number matches only the
    whole number."""
    numbers = id_numbers_in(text)
    return numbers[0] if len(numbers) == 1 else ""


def keep_search(request, *, scope: str, text: str) -> str:
    """Keep a search text holding an ID number in the session; the token that names it."""
    kept = request.session.get(_SESSION_KEY, {})
    token = secrets.token_urlsafe(12)
    kept[token] = {"scope": scope, "q": text, "logged": []}
    while len(kept) > _KEPT_SEARCHES:
        kept.pop(next(iter(kept)))
    request.session[_SESSION_KEY] = kept
    return token


def kept_search(request, token, *, scope: str) -> dict | None:
    """The search kept under ``token`` for the list ``scope``, or None (expired, unknown)."""
    entry = request.session.get(_SESSION_KEY, {}).get(token or "")
    return entry if entry and entry.get("scope") == scope else None


def note_logged(request, token, pks) -> None:
    """Remember which records the kept search has logged (each is logged once per search)."""
    kept = request.session.get(_SESSION_KEY, {})
    if token in kept:
        kept[token]["logged"] = sorted(set(kept[token]["logged"]) | set(pks))
        request.session.modified = True


def record_search(request, matches, *, model, number: str, field: str, channel: str) -> list:
    """Log a search by the full ID number ``number``: one row per record of ``matches``
    (those whose ``field`` holds it), or one row naming the search, the number masked,
    when it matched none. One INSERT whatever the number of records."""
    rows = [
        _access(
            request, model=model, object_id=obj.pk, record=str(obj), field=field, channel=channel
        )
        for obj in matches
    ]
    if not rows:
        record = f"按身份证号码 {mask_id_number(number)} 查找，未找到记录"
        rows = [
            _access(
                request, model=model, object_id=None, record=record, field=field, channel=channel
            )
        ]
    return PersonalDataAccess.objects.bulk_create(rows)


class IdNumberSearchMixin(_FilterSet):
    """A FilterSet whose ``q`` may match a person's full ID number (whole).

    Built ``private=True`` by a page or endpoint that received the search without a URL
    (a POST, or the page's session token); otherwise a ``q`` holding a number is refused
    on the field. Also refused, privately sent, to users who may not see full numbers.
    Subclasses name ``id_number_field`` and narrow ``id_number_matches``."""

    id_number_field = ""

    def __init__(self, data=None, queryset=None, *, private=False, **kwargs):
        self.private = private
        super().__init__(data, queryset, **kwargs)

    def get_form_class(self):
        form_class = super().get_form_class()
        filterset = self

        def clean_q(form):
            value = form.cleaned_data.get("q") or ""
            if holds_id_number(value):
                if not filterset.private:
                    raise ValidationError(REFUSED_IN_URL, code="id_number_in_url")
                if not may_reveal(getattr(filterset.request, "user", None)):
                    raise ValidationError(REFUSED_SEARCH, code="id_number_refused")
            return value

        return type(form_class.__name__, (form_class,), {"clean_q": clean_q})

    def searched_id_number(self) -> str:
        """The full number a valid, private search looks for ("" for any other search)."""
        if not (self.private and self.is_valid()):
            return ""
        value = self.form.cleaned_data.get("q") or ""
        return (id_numbers_in(value) or [""])[0]

    def id_number_matches(self, queryset, number: str):
        """The records of ``queryset`` whose ``id_number_field`` is ``number``."""
        return queryset.filter(**{self.id_number_field: number})

    def is_id_number_match(self, obj, number: str) -> bool:
        return (getattr(obj, self.id_number_field, "") or "").upper() == number


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


class MaskedHistoryAdminMixin(_HistoryAdmin):
    """A SimpleHistoryAdmin whose change history shows ``history_masks`` fields masked:
    {field name: function(historical record, value) → what the page shows}."""

    history_masks: dict = {}

    def get_historical_record_context_helper(self, request, historical_record):
        return _MaskedHistoryHelper(self.model, historical_record, masks=self.history_masks)

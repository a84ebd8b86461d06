"""The field page (外出检查（离线）): today's work downloaded to the tablet, entered with no
network, uploaded through the API when the network returns (static/js/offline/).

- FieldView: the page (the app shell the service worker keeps);
- FieldDataView: today's work as JSON, to keep in IndexedDB: the inspector's drawn tasks,
  open opinions due for follow-up, the units picked before leaving, each unit with its
  version as seen (sent back with the inspection: a unit changed since is a conflict), and
  what the forms need (checklists, standard limits, the roster, problem types, campaigns);
- FieldSessionView: whether the session still holds, and its CSRF token, before a sync;
- ServiceWorkerView: the service worker, its cache named by a hash of the static files (a
  deploy that changes any of them makes the tablets fetch the shell again).
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views import View

from core.locking import record_version
from core.people import display_name
from core.roster import roster
from core.views import RoleRequiredMixin
from inspections.choices import InspectionKind, InspectionResult
from inspections.models import (
    Campaign,
    ChecklistItem,
    ChecklistTemplate,
    ProblemType,
    SampleTypeScope,
    StandardLimit,
)
from inspections.views.home import follow_ups_due, open_tasks
from premises.models import Establishment

MAX_PICKED = 50  # units added by hand on one download
SHELL_STATIC = (
    "css/app.css",
    "css/field.css",
    "js/forms.js",
    "js/offline/store.js",
    "js/offline/dom.js",
    "js/offline/forms.js",
    "js/offline/sync.js",
    "js/offline/field.js",
    "manifest.webmanifest",
    "icons/icon-192.png",
    "icons/icon-512.png",
)
SW_SOURCE = "js/offline/sw.js"


class FieldView(RoleRequiredMixin, View):
    permission_required = "inspections.add_inspection"

    def get(self, request):
        return render(
            request,
            "inspections/field.html",
            {"title": "外出检查（离线）", "sw_url": reverse("inspections:field_sw")},
        )


def _picked_ids(raw: str) -> list[int]:
    ids = []
    for part in raw.split(","):
        part = part.strip()
        if part.isdigit() and len(part) < 12:
            ids.append(int(part))
    return list(dict.fromkeys(ids))[:MAX_PICKED]


def _sample_scopes() -> dict[str, set[int]]:
    """The categories each scoped sample type is taken at (a type without one: anywhere)."""
    scopes: dict[str, set[int]] = {}
    for scope in SampleTypeScope.objects.prefetch_related("categories"):
        scopes.setdefault(scope.sample_type, set()).update(c.pk for c in scope.categories.all())
    return scopes


def _unit(
    establishment, sample_types: list[str], scopes: dict[str, set[int]], sheets, problems
) -> dict:
    category = establishment.category
    own = {category.pk, category.parent_id} if category else set()
    domain = category.domain if category else None
    return {
        "id": establishment.pk,
        "name": establishment.name,
        "address": establishment.address,
        "credit_code": establishment.credit_code or "",
        "category": str(establishment.category) if establishment.category_id else "",
        "township": establishment.township.name if establishment.township_id else "",
        "status": establishment.get_status_display(),
        "version": record_version(establishment),
        "sample_types": [t for t in sample_types if t not in scopes or scopes[t] & own],
        # the sheets and problems of its main kind (an entry offline is under that domain)
        "checklists": [t.pk for t in sheets if t.misfit(domain, category) is None],
        "problem_types": [
            p.pk for p in problems if p.domain_id is None or p.domain_id == category.domain_id
        ],
    }


def _checklists(templates) -> list[dict]:
    return [
        {
            "id": t.pk,
            "name": str(t),
            "pass_mark": str(t.pass_mark),
            "items": [
                {
                    "id": i.pk,
                    "section": i.section,
                    "subsection": i.subsection,
                    "content": i.content,
                    "max_points": str(i.max_points),
                    "is_key": bool(getattr(i, "is_key", False)),
                }
                for i in t.items.all()
            ],
        }
        for t in templates
    ]


def _limits() -> list[dict]:
    return [
        {
            "id": limit.pk,
            "sample_type": limit.sample_type,
            "parameter": limit.parameter,
            "unit": limit.unit,
            "limit_text": limit.limit_text,
            "not_detected": limit.not_detected,
        }
        for limit in StandardLimit.objects.filter(is_active=True).order_by(
            "sample_type", "order", "pk"
        )
    ]


def field_data(user, picked: list[int]) -> dict:
    """Today's work of ``user`` as the field page keeps it."""
    today = timezone.localdate()
    tasks = list(open_tasks(user)[:MAX_PICKED])
    due = list(follow_ups_due(user, today)[:MAX_PICKED])
    unit_ids = list(
        dict.fromkeys(
            [a.establishment_id for a in tasks]
            + [o.inspection.establishment_id for o in due]
            + picked
        )
    )
    units = Establishment.objects.select_related("category__domain", "township").in_bulk(unit_ids)
    limits = _limits()
    sample_types = list(dict.fromkeys(limit["sample_type"] for limit in limits))
    scopes = _sample_scopes()
    sheets = list(
        ChecklistTemplate.objects.for_inspections()
        .select_related("domain")
        .prefetch_related(
            "categories",
            Prefetch("items", queryset=ChecklistItem.objects.order_by("order", "pk")),
        )
    )
    problems = list(ProblemType.objects.filter(is_active=True))
    return {
        "downloaded_at": timezone.now().isoformat(),
        "user": {"id": user.pk, "name": display_name(user)},
        "units": [
            _unit(units[pk], sample_types, scopes, sheets, problems)
            for pk in unit_ids
            if pk in units
        ],
        "picked": [pk for pk in picked if pk in units],
        "tasks": [
            {
                "id": a.pk,
                "unit": a.establishment_id,
                "label": f"{a.draw.name} 第{a.position}号",
            }
            for a in tasks
        ],
        "follow_ups": [
            {
                "id": o.pk,
                "unit": o.inspection.establishment_id,
                "number": o.number,
                "deadline": o.deadline.isoformat(),
                "overdue": o.deadline < today,
            }
            for o in due
        ],
        "campaigns": [
            {"id": c.pk, "name": c.name}
            for c in Campaign.objects.filter(start_date__lte=today, end_date__gte=today)
        ],
        "roster": [{"id": u.pk, "name": display_name(u)} for u in roster()],
        "problem_types": [{"id": p.pk, "name": p.name} for p in problems],
        "kinds": [{"value": v, "label": str(label)} for v, label in InspectionKind.choices],
        "results": [{"value": v, "label": str(label)} for v, label in InspectionResult.choices],
        "checklists": _checklists(sheets),
        "limits": limits,
    }


class FieldDataView(RoleRequiredMixin, View):
    permission_required = "inspections.add_inspection"

    def get(self, request):
        data = field_data(request.user, _picked_ids(request.GET.get("units", "")))
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        response["Cache-Control"] = "no-store"
        return response


class FieldSessionView(RoleRequiredMixin, View):
    """Asked before each upload: 200 with the CSRF token while the session holds; signed
    out, the redirect to the login page (the page then asks to sign in again and resumes)."""

    permission_required = "inspections.add_inspection"

    def get(self, request):
        response = JsonResponse({"user": request.user.pk, "csrf_token": get_token(request)})
        response["Cache-Control"] = "no-store"
        return response


def _static_file(name: str) -> Path | None:
    for folder in settings.STATICFILES_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=8)
def _static_hash(stamp: tuple) -> str:
    digest = hashlib.sha256()
    for name, _mtime, _size in stamp:
        path = _static_file(name)
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path else b"") + b"\0")
    return digest.hexdigest()[:16]


def static_version() -> str:
    """A hash of the project's static files (every one, not only the shell: a page's
    assets change with them)."""
    stamp = []
    for folder in settings.STATICFILES_DIRS:
        root = Path(folder)
        for path in sorted(root.rglob("*")):
            if path.is_file():
                info = path.stat()
                stamp.append((str(path.relative_to(root)), info.st_mtime_ns, info.st_size))
    return _static_hash(tuple(stamp))


class ServiceWorkerView(RoleRequiredMixin, View):
    """The service worker at /inspections/field/sw.js: its scope is the field page."""

    permission_required = "inspections.add_inspection"

    def get(self, request):
        path = _static_file(SW_SOURCE)
        source = path.read_text(encoding="utf-8") if path else ""
        shell = {
            "version": static_version(),
            "page": reverse("inspections:field"),
            "static": static(""),
            "assets": [static(name) for name in SHELL_STATIC],
        }
        body = f"self.WEIJIAN_SHELL = {json.dumps(shell)};\n{source}"
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
        response["Cache-Control"] = "no-cache"
        response["Service-Worker-Allowed"] = reverse("inspections:field")
        return response

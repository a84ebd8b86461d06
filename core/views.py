"""Views shared by every app: the role check and the generic import pages."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from core.batches import batch_start
from core.import_models import ImportBatch, ImportBatchStatus, ImportMapping
from core.imports import FILE, ImportFailed, RowError, importer_path
from core.locking import VERSION_FIELD, StaleRecord, is_current, record_version, stale_message
from core.submissions import SubmitOnce
from core.xlsx import xlsx_response

# What RecordVersionCheck is mixed into, as the type checker sees it (object at run time).
if TYPE_CHECKING:
    _View = View
else:
    _View = object


class RoleRequiredMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous users go to the login page; users without the permission get 403."""


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
    source = forms.CharField(
        label="来源（选填）",
        max_length=100,
        required=False,
        help_text="如“县疾病预防控制中心”：同一来源的文件按上次为它保存的列对应读取。",
        widget=forms.TextInput(attrs={"list": "import-sources"}),
    )


class ImportView(RoleRequiredMixin, View):
    """Upload page of an import (core.imports): the file becomes a draft batch whose
    preview page (core.views_imports) shows how it will be read before anything is
    written. Subclasses set importer_class etc."""

    importer_class: Any = None  # set by each page
    title = ""
    list_url_name = ""
    template_url_name = ""
    template_name = "core/import.html"

    def get(self, request):
        return self.render(request, ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form)
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            errors = [
                RowError(
                    0,
                    FILE,
                    f"文件过大（{upload.size // 1024 // 1024} MB），上限为 {settings.IMPORT_MAX_BYTES // 1024 // 1024} MB。",
                )
            ]
            return self.render(request, form, errors=errors, status=400)
        importer = self.importer_class(user=request.user, **self.importer_kwargs())
        try:
            # Type and limits (rows, unpacked size, shared strings) before anything reads it.
            importer.inspect(upload)
        except ImportFailed as failed:
            return self.render(request, form, failed=failed, status=400)
        batch = batch_start(
            importer=importer,
            upload=upload,
            user=request.user,
            source=form.cleaned_data["source"],
            back_url=request.path,
            done_url=self.done_url(),
        )
        return redirect(batch.get_absolute_url())

    def importer_kwargs(self) -> dict:
        """Records the importer is built with besides the user (e.g. a training session)."""
        return {}

    def done_url(self) -> str:
        return reverse(self.list_url_name)

    def render(self, request, form, errors=None, status=200, failed=None):
        importer = self.importer_class(user=request.user, **self.importer_kwargs())
        if failed is not None:
            errors = failed.errors
        path = importer_path(self.importer_class)
        return render(
            request,
            self.template_name,
            {
                "title": self.title,
                "form": form,
                "errors": errors or [],
                # All the problems; ``errors`` lists the first IMPORT_MAX_ERRORS of them.
                "error_count": failed.total if failed is not None else len(errors or []),
                "columns": importer.columns,
                "list_url_name": self.list_url_name,
                "template_url_name": self.template_url_name,
                "batches": ImportBatch.objects.filter(importer=path)
                .exclude(status=ImportBatchStatus.DISCARDED)
                .select_related("created_by")[:10],
                "sources": ImportMapping.objects.filter(importer=path).values_list(
                    "source", flat=True
                ),
            },
            status=status,
        )


class ImportTemplateView(RoleRequiredMixin, View):
    importer_class: Any = None  # set by each page
    filename = ""

    def get(self, request):
        importer = self.importer_class(user=request.user)
        return xlsx_response(importer.template(), self.filename)


def apply_form_errors(form, exc: ValidationError):
    """Put a service's ValidationError on the form fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class RecordVersionCheck(_View):
    """Optimistic locking for ServiceFormView (core.locking): a POST about an existing
    record runs in one transaction that first locks the record's row and compares its
    version with the one the page was loaded with; a record changed since, or a POST
    without a version, is refused with 409 and nothing is saved.

    It sits after the role check in the MRO and wraps the whole handler, so pages that
    write their own ``post`` get it too. ``post`` then reads the record again, after the
    lock, so the service works on the record as it is now.
    """

    if TYPE_CHECKING:  # what the page provides (ServiceFormView)
        formset: Any

        def get_object(self) -> Any: ...
        def get_form(self, obj, data=None) -> Any: ...
        def get_formset(self, obj, data=None) -> Any: ...
        def render(self, form, obj, status: int = 200) -> HttpResponse: ...

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST" or not getattr(self, "versioned", True):
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            obj = self.get_object()
            if obj is not None:
                submitted = request.POST.get(VERSION_FIELD, "")
                current = self.version_of(obj, lock=True)
                if current is None:
                    raise Http404
                if not is_current(submitted, current):
                    return self.refuse_stale(obj, submitted)
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)  # nothing to lock

    def version_of(self, obj, *, lock=False) -> str | None:
        """The version a page based on ``obj`` is checked against (core.locking); a page
        that adds records beside it may make them part of it (a payment to a case)."""
        return record_version(obj, lock=lock)

    def stale_notes(self, obj) -> list[str]:
        """What the refusal of a stale page adds first (a page that adds records beside
        ``obj`` names the latest one: it may be the user's own, sent twice)."""
        return []

    def refuse_stale(self, obj, submitted):
        form = self.get_form(obj, self.request.POST)
        self.formset = self.get_formset(obj, self.request.POST)
        for note in self.stale_notes(obj):
            form.add_error(None, note)
        form.add_error(None, stale_message(obj, submitted, self.request.user))
        return self.render(form, obj, status=409)


class ServiceFormView(RoleRequiredMixin, SubmitOnce, RecordVersionCheck, View):
    """A create or edit page: the form shapes input, a service acts on it. Every form
    page of the project is one of these.

    GET shows the form; POST validates it and calls ``perform``; a ValidationError raised
    by the service lands on the fields it names (409 when the service found the record
    changed since the page was read: StaleRecord), and nothing is saved. On success the
    user goes to the saved record's page (``get_success_url``).

    A page may have rows beside its form (``get_formset``: validated with the form,
    shown as ``formset``), or ask for a choice first (``get_form`` answering None until
    then: the page shows the choice, and a POST without it is shown again with 400).

    An edit page (``get_object`` returns a record) carries the record's version in a
    hidden field (templates/core/_record_version.html, included by core/_form.html): a
    save based on a version someone else has changed since is refused (RecordVersionCheck).

    Every page's form carries a one-time submission key (templates/core/_submission_key.html,
    included by core/_form.html): the same form sent again after it saved (Back + Save, a
    double click, a retry after a lost answer) saves nothing and opens the record saved the
    first time (SubmitOnce, core/submissions.py).
    """

    form_class: Any = None  # set by each page
    template_name = ""
    title = ""
    # False for a page that adds a record beside the one it is about (evidence to a case)
    # rather than acting on it: nothing of that record is overwritten. Also for a step sent
    # from a record's own page (POST only; that page carries no version): its service
    # checks the record's state instead.
    versioned = True
    formset = None  # the rows of this request, on a page that has them

    def get_object(self):
        return None

    def get_form(self, obj, data=None):
        return self.form_class(data, instance=obj) if obj is not None else self.form_class(data)

    def get_formset(self, obj, data=None):
        """The rows beside the form (a formset), or None: the page has none."""
        return None

    def refusal(self, obj):
        """What GET shows instead of the form when the page has nothing to do for ``obj``
        (a redirect with a message), or None. A POST relies on the service's refusal."""
        return None

    def get_context(self, obj) -> dict:
        return {"object": obj}

    def perform(self, form, obj):
        """Call the service; return the saved record."""
        raise NotImplementedError

    def put_errors(self, form, exc: ValidationError):
        """Put the service's ValidationError on the form (and rows) it names."""
        apply_form_errors(form, exc)

    def success_message(self, saved) -> str:
        """The message shown after saving ("": none)."""
        return "已保存。"

    def success_level(self, saved) -> int:
        """The message's level (a warning for a saved result that needs attention)."""
        return messages.SUCCESS

    def get_success_url(self, saved) -> str:
        return saved.get_absolute_url()

    def get(self, request, **kwargs):
        obj = self.get_object()
        refusal = self.refusal(obj)
        if refusal is not None:
            return refusal
        self.formset = self.get_formset(obj)
        return self.render(self.get_form(obj), obj)

    def post(self, request, **kwargs):
        obj = self.get_object()
        form = self.get_form(obj, request.POST)
        self.formset = self.get_formset(obj, request.POST)
        status = 400
        if (
            form is not None
            and form.is_valid()
            and (self.formset is None or self.formset.is_valid())
        ):
            try:
                saved = self.perform(form, obj)
            except ValidationError as exc:
                status = 409 if isinstance(exc, StaleRecord) else 400
                self.put_errors(form, exc)
            else:
                message = self.success_message(saved)
                if message:
                    messages.add_message(request, self.success_level(saved), message)
                return redirect(self.get_success_url(saved))
        return self.render(form, obj, status=status)

    def page_version(self, obj) -> str:
        """The version the page carries: on a POST the one submitted (a page shown again
        after an error keeps what the user's input was based on), else the record's now."""
        if obj is None or not self.versioned:
            return ""
        if self.request.method == "POST":
            return self.request.POST.get(VERSION_FIELD, "")
        return self.version_of(obj) or ""

    def render(self, form, obj, status=200):
        context = {
            "form": form,
            "title": self.title,
            **self.get_context(obj),
            "record_version": self.page_version(obj),
        }
        if self.formset is not None:
            context["formset"] = self.formset
        return render(self.request, self.template_name, context, status=status)

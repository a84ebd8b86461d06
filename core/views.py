"""Views shared by every app: the role check and the generic import pages."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from core.imports import FILE, ImportFailed, RowError
from core.xlsx import xlsx_response


class RoleRequiredMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous users go to the login page; users without the permission get 403."""


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


class ImportView(RoleRequiredMixin, View):
    """Upload page of an all-or-nothing import. Subclasses set importer_class etc."""

    importer_class = None
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
        importer = self.importer_class(user=request.user)
        try:
            count = importer.run(upload)
        except ImportFailed as failed:
            return self.render(request, form, errors=failed.errors, status=400)
        messages.success(request, f"导入成功：共写入 {count} 条{importer.title}记录。")
        return redirect(reverse(self.list_url_name))

    def render(self, request, form, errors=None, status=200):
        importer = self.importer_class(user=request.user)
        return render(
            request,
            self.template_name,
            {
                "title": self.title,
                "form": form,
                "errors": errors or [],
                "columns": importer.columns,
                "list_url_name": self.list_url_name,
                "template_url_name": self.template_url_name,
            },
            status=status,
        )


class ImportTemplateView(RoleRequiredMixin, View):
    importer_class = None
    filename = ""

    def get(self, request):
        importer = self.importer_class(user=request.user)
        return xlsx_response(importer.template(), self.filename)

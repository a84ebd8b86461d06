"""One PDF pipeline for every printable document: template → HTML → WeasyPrint.

Documents extend ``documents/base.html`` (A4, the office's name, page numbers, Noto Sans
CJK SC named explicitly so Chinese text embeds the Simplified Chinese face).
"""

from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


class DocumentRenderError(Exception):
    """A printable document could not be made; core.errors shows the user a clear page."""

    def __init__(self, template_name: str, title: str = ""):
        super().__init__(f"cannot render {template_name}")
        self.template_name = template_name
        self.title = title


def render_pdf(template_name: str, context: dict) -> bytes:
    # Imported at the first PDF, not with this module (which every page loads): importing
    # WeasyPrint loads Pango and turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole
    # process (core.uploads checks uploads with it off).
    from weasyprint import HTML

    try:
        html = render_to_string(template_name, {"OFFICE_NAME": settings.OFFICE_NAME, **context})
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    except Exception as exc:
        title = context.get("doc_title") or context.get("title") or ""
        raise DocumentRenderError(template_name, str(title)) from exc


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    return response

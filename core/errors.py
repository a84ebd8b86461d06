"""Clear answers to failures that are not the user's doing: a document that cannot be
rendered, the database out of reach. Nothing is ever half-written meanwhile: every action
is one transaction (the services are atomic), so a failure rolls all of it back.

The pages are rendered without the request's context processors, which would read the
session and the user from the very database that is gone."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from core.documents import DocumentRenderError

logger = logging.getLogger("weijian.errors")

DATABASE_GONE = (
    "数据库暂时无法连接，本次操作没有保存任何内容。请稍后重试；如持续出现，请联系系统管理员。"
)
DOCUMENT_FAILED = "文书生成失败，系统已记录此错误。请稍后重试；如仍失败，请联系系统管理员。"


def _answer(request, status: int, message: str, template: str, context: dict):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    html = render_to_string(template, {"message": message, **context})
    return HttpResponse(html, status=status)


class FailureMiddleware:
    """503 with a plain explanation instead of a server error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DocumentRenderError):
            logger.error(
                "document %s failed to render", exception.template_name, exc_info=exception
            )
            return _answer(
                request,
                503,
                DOCUMENT_FAILED,
                "errors/document.html",
                {"title": exception.title, "back": _same_site_referer(request)},
            )
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("database unavailable during %s", request.path, exc_info=exception)
            return _answer(request, 503, DATABASE_GONE, "errors/database.html", {})
        return None


def _same_site_referer(request) -> str:
    referer = request.headers.get("Referer", "")
    host = request.get_host()
    return referer if referer.split("/")[2:3] == [host] else "/"

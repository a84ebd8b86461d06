"""The service (送达) page of a case: any party-facing document, any method. Reached from
each served document on the case page (``?document=<slug>[:<record>]``); the decision's
old 送达 step opens it on the 决定书."""

from django.urls import reverse

from penalties import services
from penalties.forms.service import ServiceForm, document_key
from penalties.views.steps import StepView, _date


def service_url(case, entry) -> str:
    url = reverse("penalties:service_record", args=[case.pk])
    return f"{url}?document={document_key(entry)}"


class ServiceView(StepView):
    form_class = ServiceForm
    service = staticmethod(services.service_record)
    template_name = "penalties/service_form.html"
    title = "登记送达"
    done = "已登记送达"
    default_document = ""
    prefetch = ("services", "officers")

    def entries(self, case) -> list:
        return services.servable_documents(case)

    def get_form(self, case, data=None):
        return self.form_class(data, initial=self.get_initial(case), entries=self.entries(case))

    def get_initial(self, case):
        document = self.request.GET.get("document") or self.default_document
        return {
            "document": document,
            "recipient": case.party_name,
            "signer": case.party_legal_representative or case.party_name,
            "place": case.party_address,
            "officers": [u.pk for u in case.officers.all()],
        }

    def arguments(self, form, case):
        return form.arguments()

    def facts(self, case):
        facts = []
        for entry in self.entries(case):
            service = services.service_of(case, entry.document.slug, entry.record.pk)
            state = (
                f"{service.served_on:%Y-%m-%d} {service.get_method_display()}，受送达人 {service.recipient}"
                if service
                else "待送达"
            )
            facts.append((f"《{entry.title}》{entry.number}", state))
        if case.service_due and not case.served_on:
            facts.append(("决定书送达期限", _date(case.service_due)))
        return facts

    def success_message(self, case):
        service = self.result
        return f"{self.done}：{service.label}，{service.served_on:%Y-%m-%d}（{service.get_method_display()}）"


class ServeView(ServiceView):
    """The decision's 送达 step (its old address), on the general service page."""

    title = "送达处罚决定书"
    default_document = "decision"


def service_rows(case, user) -> list[dict]:
    """Each party-facing document of the case with its service: when and how, or 待送达;
    where to record it and where its 送达回执 prints (the case page's 送达 section)."""
    from penalties.documents.service import SERVICE_RECEIPT

    may_serve = not case.is_closed and user.has_perm("penalties.change_penaltycase")
    records = sorted(case.services.all(), key=lambda s: (s.served_on, s.pk))
    rows = []
    for entry in services.servable_documents(case):
        rid = None if entry.document.single else entry.record.pk
        done = [
            s
            for s in records
            if s.document == entry.document.slug
            and s.record_id == rid
            and s.document_number == entry.number
        ]
        rows.append(
            {
                "title": entry.title,
                "number": entry.number,
                "current": next((s for s in done if s.current), None),
                "receipts": [(s, SERVICE_RECEIPT.url(case, s)) for s in done],
                "serve_url": service_url(case, entry) if may_serve else "",
            }
        )
    return rows

"""The service (送达) form: which document, how, and each method's own facts. Rules live
in penalties.services.service_record; the page shows a method's fields only while it is
chosen (``GROUPS``; static/js/forms.js data-kind)."""

from django import forms
from django.utils import timezone

from core.people import PeopleChoiceField
from core.roster import roster
from penalties.choices import ServiceMethod
from premises.forms import DateInput

COMMON = (
    "document",
    "method",
    "served_on",
    "served_at",
    "place",
    "recipient",
    "signer",
    "signer_relation",
    "officers",
)
# The fields of one method, shown while it is chosen.
GROUPS = {
    ServiceMethod.LEFT: ("refusal_reason", "witness", "evidence_record"),
    ServiceMethod.MAIL: ("mailed_on", "mail_number"),
    ServiceMethod.ELECTRONIC: ("consent_on", "electronic_address", "electronic_record"),
    ServiceMethod.ENTRUSTED: ("entrusted_to",),
    ServiceMethod.PUBLIC: ("published_on", "publication"),
}
AFTER = ("note", "late_reason", "reservice_reason")


def document_key(entry) -> str:
    """A served document as the form names it: the slug, and the record for a document
    printed per record."""
    if entry.document.single:
        return entry.document.slug
    return f"{entry.document.slug}:{entry.record.pk}"


def _date(label, *, help_text="", today=False):
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput(),
        help_text=help_text,
        initial=timezone.localdate if today else None,
    )


def _text(label, *, max_length=200, help_text="", rows=0):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label, required=False, max_length=max_length, help_text=help_text, widget=widget
    )


class ServiceForm(forms.Form):
    document = forms.ChoiceField(label="送达文书")
    method = forms.ChoiceField(label="送达方式", choices=ServiceMethod.choices)
    served_on = _date(
        "送达日期",
        today=True,
        help_text="邮寄送达填回执上的签收日期；公告送达不填（自公告日期起算视为送达）。",
    )
    served_at = forms.TimeField(
        label="送达时间",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    place = _text("送达地点")
    recipient = _text("受送达人", max_length=100)
    signer = _text(
        "签收人", max_length=50, help_text="受送达人本人，或同住成年家属、单位收件人等代收人。"
    )
    signer_relation = _text("签收人与受送达人关系", max_length=50, help_text="本人签收的填“本人”。")
    officers = PeopleChoiceField(
        label="送达人（执法人员）",
        queryset=roster(),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service says why fewer than two will not do
    )
    refusal_reason = _text("拒收情况", max_length=2000, rows=2)
    witness = _text("见证人", max_length=100, help_text="见证人姓名、单位或身份。")
    evidence_record = _text("拍照、录像记录", help_text="如：执法记录仪视频编号、照片编号。")
    mailed_on = _date("交邮日期")
    mail_number = _text("邮件号", max_length=60)
    consent_on = _date("电子送达确认书签署日期")
    electronic_address = _text("电子送达地址", help_text="确认书载明的电子邮箱、手机号等。")
    electronic_record = _text("送达记录（截图、录像）")
    entrusted_to = _text("受委托机关", max_length=100)
    published_on = _date("公告日期")
    publication = _text("公告载体", help_text="公告栏、报纸、网站等。")
    note = _text("备注", max_length=2000, rows=2)
    late_reason = _text(
        "逾期送达理由", max_length=2000, rows=2, help_text="决定书超过送达期限送达时必填。"
    )
    reservice_reason = _text(
        "重新送达理由",
        max_length=2000,
        rows=2,
        help_text="该文书已登记送达的（如邮件退回），须说明理由。",
    )

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {document_key(e): e for e in entries}
        self.fields["document"].choices = [
            (key, f"《{e.title}》{e.number}".strip()) for key, e in self.entries.items()
        ]

    def groups(self) -> list:
        """(method, its fields) for the page."""
        return [(method, [self[name] for name in names]) for method, names in GROUPS.items()]

    def common(self) -> list:
        return [self[name] for name in COMMON]

    def after(self) -> list:
        return [self[name] for name in AFTER]

    def arguments(self) -> dict:
        data = dict(self.cleaned_data)
        slug, _, record = data.pop("document").partition(":")
        data["document"] = slug
        data["record_id"] = int(record) if record else None
        data["officers"] = list(data["officers"])
        return data

"""Forms of the on-site records: their text, a signature drawn on the tablet, a refusal,
a correction. The services (inspections.services.records) decide."""

import re

from django import forms

from core.people import PeopleChoiceField, PersonChoiceField
from core.roster import roster
from inspections.forms.inspections import DateTimeInput
from inspections.models import OnSiteRecord, PaperKind, SignerRole
from inspections.services.records import EDITABLE

TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
QUESTION = re.compile(r"^\s*问[:：]\s*")
ANSWER = re.compile(r"^\s*答[:：]\s*")


def questions_text(rows) -> str:
    """Q&A rows as the text the form shows: 问：… / 答：… lines."""
    return "\n".join(f"问：{q}\n答：{a}" for q, a in rows)


def questions_rows(text: str) -> list[list[str]]:
    """The text of the form as Q&A rows: a line starting 问： opens a row, 答： its answer;
    other lines continue what precedes them."""
    rows: list[list[str]] = []
    part = None
    for line in (text or "").splitlines():
        if QUESTION.match(line):
            rows.append([QUESTION.sub("", line), ""])
            part = 0
        elif ANSWER.match(line):
            if not rows or part == 1:
                rows.append(["", ""])
            rows[-1][1] = ANSWER.sub("", line)
            part = 1
        elif line.strip():
            if not rows:
                rows.append([line.strip(), ""])
                part = 0
            else:
                rows[-1][part or 0] += "\n" + line.strip()
    return rows


class RecordMakeForm(forms.Form):
    kind = forms.ChoiceField(label="文书", choices=PaperKind.choices, widget=forms.RadioSelect)


class RecordForm(forms.ModelForm):
    started_at = forms.DateTimeField(
        label="开始时间", widget=DateTimeInput(), input_formats=TIME_FORMATS
    )
    ended_at = forms.DateTimeField(
        label="结束时间", widget=DateTimeInput(), input_formats=TIME_FORMATS
    )
    officers = PeopleChoiceField(
        label="执法人员", queryset=roster(), widget=forms.CheckboxSelectMultiple
    )
    questions_text = forms.CharField(
        label="询问内容（问答）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="每一问以“问：”开头，每一答以“答：”开头。",
    )

    class Meta:
        model = OnSiteRecord
        # The record's editable text (its Q&A are typed as one text below), its officers.
        fields = [name for name in EDITABLE if name != "questions"] + ["officers"]
        widgets = {"facts": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = roster()
        record = self.instance
        if record.kind != PaperKind.INQUIRY:
            for name in (
                "questioned_name",
                "questioned_id_number",
                "questioned_role",
                "questioned_phone",
                "questioned_relation",
                "recusal_notice",
                "recusal_answer",
                "questioner",
                "recorder",
                "questions_text",
            ):
                del self.fields[name]
        else:
            for name in ("questioner", "recorder"):
                self.fields[name].queryset = roster()
                self.fields[name].required = True
            self.fields["facts"].label = "其他情况"
            if not self.is_bound:
                self.fields["questions_text"].initial = questions_text(record.questions)
        if record.kind == PaperKind.FOLLOW_UP:
            self.fields["facts"].label = "复查情况"

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        officers = data.pop("officers")
        if "questions_text" in data:
            data["questions"] = questions_rows(data.pop("questions_text"))
        return {"officers": officers, **data}

    def _post_clean(self):
        # The service validates and saves: the form leaves the instance alone.
        pass


class SignForm(forms.Form):
    role = forms.ChoiceField(label="签名人身份", choices=SignerRole.choices)
    officer = PersonChoiceField(label="执法人员", queryset=None, required=False)
    name = forms.CharField(label="签名人姓名", max_length=50, required=False)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        # Officers who have not signed yet (one signature each).
        signed = record.signatures.filter(officer__isnull=False).values("officer")
        self.fields["officer"].queryset = record.officers.exclude(pk__in=signed).order_by("pk")
        if record.kind == PaperKind.INQUIRY:
            self.fields["role"].choices = [
                (SignerRole.PARTY, "被询问人"),
                (SignerRole.OFFICER, "执法人员"),
                (SignerRole.WITNESS, "见证人"),
            ]


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="拒签情况",
        max_length=200,
        help_text="如：当事人张某拒绝签名，经见证人李某见证。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AmendForm(forms.Form):
    reason = forms.CharField(label="更正原因", widget=forms.Textarea(attrs={"rows": 3}))

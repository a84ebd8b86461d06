"""Sample forms: a sample with its sampling record and one reading per limit of its type,
and the laboratory's results of a sample 送检中. Readings are typed as text
("7,2", "７．２" read as 7.2: inspections.services.samples.reading_value) — a browser's
number field would read "7,2" as 72."""

from django import forms

from inspections.choices import SampleVerdict
from inspections.models import StandardLimit
from inspections.services.samples import reading_value

YES_NO = [("", "—"), ("1", "是"), ("0", "否")]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _yes_no(value):
    return {"1": True, "0": False}.get(value)


def sample_types():
    return list(
        StandardLimit.objects.filter(is_active=True)
        .order_by("sample_type")
        .values_list("sample_type", flat=True)
        .distinct()
    )


class ReadingField(forms.CharField):
    """A reading as typed; cleaned to a Decimal (or None) by the service's own reader, so
    the page and the API read "7,2" alike."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return reading_value(super().clean(value))


class _ReadingsMixin:
    """One reading field per limit (a yes/no choice for 不得检出), and for the sample form a
    "送检待测" box beside each."""

    fields: dict
    cleaned_data: dict

    def add_reading_fields(self, limits, *, pending_boxes: bool):
        self.limits = list(limits)
        self.rows = []
        for limit in self.limits:
            name = f"limit_{limit.pk}"
            if limit.not_detected:
                field = forms.ChoiceField(label=limit.parameter, choices=YES_NO, required=False)
                field.widget.attrs["aria-label"] = f"{limit.parameter} 是否检出"
            else:
                label = f"{limit.parameter}（{limit.unit}）" if limit.unit else limit.parameter
                field = ReadingField(label=label)
            field.help_text = f"标准：{limit.limit_text}（{limit.standard}）"
            self.fields[name] = field
            box = None
            if pending_boxes:
                # Ticked by the inspector (never by default: a sample of field readings
                # only must not wait); a lab-test parameter says it is usually sent.
                self.fields[f"pending_{limit.pk}"] = forms.BooleanField(
                    label="送检待测", required=False
                )
                if limit.lab_test:
                    field.help_text += "；通常送实验室检测，结果待出时勾选“送检待测”"
                box = self[f"pending_{limit.pk}"]
            self.rows.append((limit, self[name], box))

    def _readings(self, *, skip=()):
        out = []
        for limit in self.limits:
            if limit.pk in skip:
                continue
            raw = self.cleaned_data.get(f"limit_{limit.pk}")
            if limit.not_detected:
                if raw in (None, ""):
                    continue
                out.append((limit, None, _yes_no(raw)))
            elif raw is not None:
                out.append((limit, raw, None))
        return out

    def put_result_errors(self, exc):
        """A service's refusal of one reading goes on its field (its code: limit_<pk>)."""
        for error in exc.error_list:
            name = error.code if error.code and error.code.startswith("limit_") else None
            self.add_error(name if name in self.fields else None, error.message)


class SampleForm(_ReadingsMixin, forms.Form):
    """A sample of one type: its sampling record, and a reading (or detected yes/no, or
    送检待测) per parameter of its limits."""

    location = forms.CharField(label="采样点", max_length=100, required=False)
    taken_at = forms.DateTimeField(
        label="采样时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=DATETIME_FORMATS,
    )
    method = forms.CharField(label="采样方法", max_length=100, required=False)
    purpose = forms.CharField(label="采样目的", max_length=100, required=False)
    instrument = forms.CharField(label="采样仪器", max_length=100, required=False)
    container = forms.CharField(label="容器", max_length=100, required=False)
    portions = forms.IntegerField(label="样品份数", min_value=1, initial=1, required=False)
    lab = forms.CharField(
        label="检测机构", max_length=100, required=False, help_text="有送检待测的指标时必填。"
    )
    site_description = forms.CharField(
        label="现场情况", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    RECORD_FIELDS = ("method", "purpose", "instrument", "container", "portions", "lab")

    def __init__(self, *args, sample_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.sample_type = sample_type
        self.add_reading_fields(
            StandardLimit.objects.filter(sample_type=sample_type, is_active=True).order_by(
                "order", "id"
            ),
            pending_boxes=True,
        )

    def pending(self):
        """The limits ticked 送检待测 and left without a reading."""
        data = self.cleaned_data
        return [
            limit
            for limit in self.limits
            if data.get(f"pending_{limit.pk}") and data.get(f"limit_{limit.pk}") in (None, "")
        ]

    def results(self):
        return self._readings(skip={limit.pk for limit in self.pending()})

    def service_arguments(self):
        """The service's arguments from what cleaned; a field that did not clean is None."""
        data = self.cleaned_data
        return {
            "sample_type": self.sample_type,
            "taken_at": data.get("taken_at"),
            "location": data.get("location", ""),
            "method": data.get("method", ""),
            "purpose": data.get("purpose", ""),
            "instrument": data.get("instrument", ""),
            "container": data.get("container", ""),
            "portions": data.get("portions") or 1,
            "lab": data.get("lab", ""),
            "site_description": data.get("site_description", ""),
            "results": self.results(),
            "pending": self.pending(),
        }


class SampleResultForm(_ReadingsMixin, forms.Form):
    """The laboratory's results of a sample 送检中: one reading per parameter awaited."""

    def __init__(self, *args, sample, **kwargs):
        super().__init__(*args, **kwargs)
        self.sample = sample
        self.add_reading_fields(
            [
                row.limit
                for row in sample.results.select_related("limit")
                if row.verdict == SampleVerdict.PENDING
            ],
            pending_boxes=False,
        )

    def results(self):
        return self._readings()

"""Input forms for the registry. Validation lives in the models; forms only shape input."""

from django import forms
from django.db.models import Q

from premises.choices import (
    ALLOWED_CHANGES,
    HEADED_SUBJECTS,
    OPENED_ON_LABELS,
    REGISTERED_SUBJECTS,
    EstablishmentStatus,
    StatusChangeKind,
    SubjectKind,
    subject_kinds_of_category,
)
from premises.models import (
    PROJECT_STAGES,
    Category,
    ConstructionProject,
    Establishment,
    HazardClass,
    HazardFactor,
    HealthSurveillance,
    OccupationalDiseaseCase,
    OccupationalProfile,
    Post,
    Practitioner,
)
from premises.models.occupational import catalogue_order


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class SubjectKindSelect(forms.Select):
    """A select of kinds whose options say which subject kinds may take them
    (data-kind="unit individual", premises.choices.SUBJECT_CATEGORIES): static/js/forms.js
    offers only those of the 对象类型 chosen. The model refuses the others."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-kind"] = " ".join(subject_kinds_of_category(instance.code))
        return option


class KindChoiceField(forms.ModelChoiceField):
    """Kinds grouped by domain and class, so a clerk picks 公共场所 › 洗浴与美容场所 › 理发店."""

    def __init__(self, **kwargs):
        queryset = (
            Category.objects.kinds()
            .filter(is_active=True)
            .select_related("parent", "domain")
            .order_by("domain__order", "parent__order", "order")
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.domain.name} › {obj.parent.name} › {obj.name}"


K = SubjectKind
# Which subject kinds show a field (progressive disclosure: static/js/forms.js hides the
# others while the kind is chosen; without scripts all show and the model empties the
# fields a kind has no use for).
SUBJECT_FIELDS = {
    "credit_code": (K.UNIT, K.INDIVIDUAL, K.COMMUNITY, K.VILLAGE),
    "id_number": (K.PERSON,),
    "sex": (K.PERSON,),
    "village_code": (K.COMMUNITY, K.VILLAGE),
    "legal_representative": (K.UNIT, K.INDIVIDUAL, K.COMMUNITY, K.VILLAGE, K.FAMILY),
}
# A field's label for a kind where it differs from the model's.
SUBJECT_LABELS = {
    "name": {
        K.INDIVIDUAL: "字号（名称）",
        K.COMMUNITY: "社区名称",
        K.VILLAGE: "行政村名称",
        K.FAMILY: "家庭（户）名称",
        K.PERSON: "姓名",
    },
    "legal_representative": {
        K.INDIVIDUAL: "经营者",
        K.COMMUNITY: "负责人（居委会主任）",
        K.VILLAGE: "负责人（村委会主任）",
        K.FAMILY: "户主姓名",
    },
    "address": {K.FAMILY: "住址", K.PERSON: "住址"},
    "opened_on": OPENED_ON_LABELS,
}
# Fields required for some kinds only (the model says so): marked * while such a kind is
# chosen (data-kind-required, static/js/forms.js; the kind shown first on the server).
SUBJECT_REQUIRED = {
    "credit_code": REGISTERED_SUBJECTS,
    "legal_representative": HEADED_SUBJECTS,
}
SUBJECT_HELP = {
    "credit_code": "单位和个体工商户必填；社区、行政村有代码的可填写。",
    "id_number": "不详可不填，但须填写姓名和住址。",
}


class EstablishmentForm(forms.ModelForm):
    category = KindChoiceField(label="单位类别", widget=SubjectKindSelect)

    class Meta:
        model = Establishment
        fields = [
            "subject_kind",
            "name",
            "credit_code",
            "id_number",
            "sex",
            "village_code",
            "legal_representative",
            "address",
            "township",
            "category",
            "phone",
            "opened_on",
            "notes",
        ]
        widgets = {"opened_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Most subjects are units: a form (or an API client of old) that sends no kind
        # registers a 单位.
        self.fields["subject_kind"].required = False
        self.fields["credit_code"].widget.attrs.update(
            {
                "autocomplete": "off",
                "spellcheck": "false",
                "maxlength": 18,
                "class": "uppercase",  # static/css/app.css
            }
        )
        self.fields["id_number"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "maxlength": 18, "class": "uppercase"}
        )
        for name, text in SUBJECT_HELP.items():
            self.fields[name].help_text = text
        kind = self.data.get(self.add_prefix("subject_kind")) or self.instance.subject_kind
        for name, kinds in SUBJECT_FIELDS.items():
            self.fields[name].subject_kinds = " ".join(kinds)
        for name, kinds in SUBJECT_REQUIRED.items():
            self.fields[name].required_kinds = " ".join(kinds)
            self.fields[name].marked_required = kind in kinds
        for name, labels in SUBJECT_LABELS.items():
            if name not in self.fields:
                continue
            field = self.fields[name]
            field.subject_labels = ";".join(f"{k}:{v}" for k, v in labels.items())
            field.default_label = field.label
            if kind in labels:
                field.label = labels[kind]
        if self.instance.pk:
            # The opening date is the first status change; later changes go through
            # the status form so that the dated history stays true.
            del self.fields["opened_on"]

    def clean_subject_kind(self):
        return self.cleaned_data.get("subject_kind") or SubjectKind.UNIT


class StatusChangeForm(forms.Form):
    kind = forms.ChoiceField(label="变更", choices=StatusChangeKind.choices)
    date = forms.DateField(label="日期", widget=DateInput())
    reason = forms.CharField(label="原因", max_length=200, required=False)

    def __init__(self, *args, status=None, **kwargs):
        super().__init__(*args, **kwargs)
        if status is not None:
            allowed = ALLOWED_CHANGES[EstablishmentStatus(status)]
            self.fields["kind"].choices = [c for c in StatusChangeKind.choices if c[0] in allowed]


class SupervisionForm(forms.Form):
    """A further domain for a unit: its kind there and from when."""

    category = KindChoiceField(label="其他监督专业及类别")
    started_on = forms.DateField(label="纳入监管日期", widget=DateInput())
    notes = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        # As sent, any kind: a domain registered meanwhile (another tab) is refused by the
        # service with its own message.
        if establishment is not None and establishment.category_id and not self.is_bound:
            # Not the main domain, nor one already registered.
            taken = {establishment.category.domain_id}
            taken |= set(
                establishment.supervisions.filter(ended_on__isnull=True).values_list(
                    "domain_id", flat=True
                )
            )
            field = self.fields["category"]
            field.queryset = field.queryset.exclude(domain_id__in=taken)


class SupervisionEndForm(forms.Form):
    ended_on = forms.DateField(label="终止监管日期", widget=DateInput())
    reason = forms.CharField(label="终止原因", max_length=200)


class SupervisionRemoveForm(forms.Form):
    reason = forms.CharField(label="删除原因（登记错误）", max_length=200)


def post_label(post: Post) -> str:
    return f"{post.name}（{'须持健康合格证明' if post.serves_customers else '不直接为顾客服务'}）"


class PractitionerForm(forms.ModelForm):
    class Meta:
        model = Practitioner
        fields = [
            "name",
            "sex",
            "post",
            "id_number",
            "phone",
            "hired_on",
            "left_on",
        ]
        widgets = {"hired_on": DateInput(), "left_on": DateInput()}
        error_messages = {
            "post": {
                "required": "请选择岗位（岗位表由系统管理员维护）。",
                "invalid_choice": "请从岗位表中选择岗位。",
            }
        }

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishment is not None:
            self.instance.establishment = establishment
        post = self.fields["post"]
        post.required = True  # the model allows none for rows older than the post table
        post.queryset = Post.objects.filter(Q(is_active=True) | Q(pk=self.instance.post_id))
        post.label_from_instance = post_label
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "maxlength": 18})


# ---------------------------------------------------------------- occupational health


class OccupationalProfileForm(forms.ModelForm):
    class Meta:
        model = OccupationalProfile
        fields = [
            "year",
            "surveyed_on",
            "workers_total",
            "exposed_total",
            "declared",
            "declared_on",
            "records_kept",
            "records_count",
            "notes",
        ]
        widgets = {"surveyed_on": DateInput(), "declared_on": DateInput()}

    COUNTS = ("workers_total", "exposed_total", "records_count")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["year"]  # a year's profile stays that year's
        for name in self.COUNTS:
            field = self.fields[name]
            field.error_messages["min_value"] = f"{field.label}不能为负数。"

    def clean(self):
        data = super().clean()
        # A count refused on its field is not the record's old (or default) value: the
        # record's own checks must not then ask for it again ("请填写档案份数").
        for name in self.COUNTS:
            if name in self.errors:
                setattr(self.instance, name, None)
        return data


class HazardExposureForm(forms.Form):
    factor = forms.ModelChoiceField(
        label="职业病危害因素", queryset=HazardFactor.objects.active().order_by()
    )
    exposed = forms.IntegerField(label="接触人数", min_value=0)

    def __init__(self, *args, profile=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["factor"]
        field.queryset = HazardFactor.objects.active()
        # The catalogue's six classes as groups of the list (粉尘, 化学因素 ...).
        groups: dict[str, list] = {label: [] for label in HazardClass.labels}
        for factor in sorted(field.queryset, key=catalogue_order):
            groups[factor.get_hazard_class_display()].append((factor.pk, factor.name))
        field.widget.choices = [("", "---------"), *((k, v) for k, v in groups.items() if v)]
        if profile is not None:
            limit = f"不超过本年度接害人数（{profile.exposed_total} 人）"
            self.fields["exposed"].help_text = f"{limit}；同一因素再次登记即更新人数。"


class HazardExposureRemoveForm(forms.Form):
    confirm = forms.BooleanField(label="确认删除该危害因素登记")


class HealthSurveillanceForm(forms.ModelForm):
    class Meta:
        model = HealthSurveillance
        fields = [
            "year",
            "stage",
            "due",
            "examined",
            "rechecked",
            "suspected",
            "contraindicated",
            "institution",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["year"]
            del self.fields["stage"]


class OccupationalCaseForm(forms.ModelForm):
    class Meta:
        model = OccupationalDiseaseCase
        fields = [
            "worker_name",
            "disease_class",
            "disease",
            "hazard",
            "diagnosed_on",
            "diagnosed_by",
            "reported",
            "reported_on",
        ]
        widgets = {"diagnosed_on": DateInput(), "reported_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hazard"].queryset = HazardFactor.objects.active()


class ConstructionProjectForm(forms.ModelForm):
    class Meta:
        model = ConstructionProject
        # Six fields, then each stage's status beside its date (the page's two columns).
        fields = [
            "name",
            "approved_on",
            "investment",
            "industry",
            "approved_by",
            "notes",
            *(f"{p}_{s}" for p, _label in PROJECT_STAGES for s in ("status", "on")),
        ]
        widgets = {
            "approved_on": DateInput(),
            **{f"{p}_on": DateInput() for p, _label in PROJECT_STAGES},
        }

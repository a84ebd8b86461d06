"""Page input for the drinking-water register and schools' particulars
(premises/models/water.py, premises/models/schools.py). Validation lives in the models and
services; forms only shape input."""

from django import forms

from premises.forms import DateInput
from premises.models import (
    ProductSampling,
    SchoolProfile,
    SupplyParticulars,
    WaterProduct,
    WaterTank,
)
from premises.models.schools import year_range
from premises.models.water import SamplingResult


class SupplyParticularsForm(forms.ModelForm):
    class Meta:
        model = SupplyParticulars
        fields = [
            "recorded_on",
            "source",
            "daily_tons",
            "population",
            "treatment",
            "disinfection",
            "self_testing",
            "self_testing_items",
            "notes",
        ]
        widgets = {"recorded_on": DateInput()}

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishment is not None:
            self.instance.establishment = establishment
        self.fields["daily_tons"].widget.attrs.update({"inputmode": "decimal", "min": "0"})
        self.fields["population"].widget.attrs.update({"inputmode": "numeric"})


class WaterTankForm(forms.ModelForm):
    class Meta:
        model = WaterTank
        fields = [
            "name",
            "kind",
            "count",
            "volume_m3",
            "covered_locked",
            "last_cleaned_on",
            "notes",
        ]
        widgets = {"last_cleaned_on": DateInput()}

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishment is not None:
            self.instance.establishment = establishment
        self.fields["volume_m3"].widget.attrs.update({"inputmode": "decimal", "min": "0"})


class TankCleanForm(forms.Form):
    cleaned_on = forms.DateField(label="清洗消毒日期", widget=DateInput())


class WaterProductForm(forms.ModelForm):
    class Meta:
        model = WaterProduct
        fields = [
            "name",
            "model_name",
            "kind",
            "maker",
            "approval_number",
            "approval_level",
            "approval_valid_until",
            "notes",
        ]
        widgets = {"approval_valid_until": DateInput()}


class ProductSaleForm(forms.Form):
    product = forms.ModelChoiceField(
        label="涉水产品",
        queryset=WaterProduct.objects.all(),
        help_text="产品未登记的，请先在“涉水产品台帐”登记。",
    )
    since = forms.DateField(label="开始经营日期", widget=DateInput())


class ProductSamplingForm(forms.ModelForm):
    class Meta:
        model = ProductSampling
        fields = ["product", "sampled_on", "lab", "result", "report_number", "reported_on", "notes"]
        widgets = {"sampled_on": DateInput(), "reported_on": DateInput()}

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishment is not None:
            self.instance.establishment = establishment
            sold = establishment.product_sales.values("product")
            self.fields["product"].queryset = WaterProduct.objects.filter(pk__in=sold)


class ProductSamplingConcludeForm(forms.Form):
    result = forms.ChoiceField(
        label="检测结论",
        choices=[(SamplingResult.PASS, "合格"), (SamplingResult.FAIL, "不合格")],
    )
    reported_on = forms.DateField(label="报告日期", widget=DateInput())
    report_number = forms.CharField(label="检测报告编号", max_length=60, required=False)


class SchoolProfileForm(forms.ModelForm):
    class Meta:
        model = SchoolProfile
        fields = [
            "year",
            "students",
            "classes",
            "boarding",
            "boarders",
            "school_doctors",
            "health_teachers",
            "own_well",
            "notes",
        ]

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishment is not None:
            self.instance.establishment = establishment
        for name in ("students", "classes", "boarders", "school_doctors", "health_teachers"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})
        first, last = year_range()
        self.fields["year"].widget.attrs.update({"min": first, "max": last})
        self.fields["year"].help_text = f"学年的起始年，{first} 至 {last} 年。"

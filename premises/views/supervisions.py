"""Pages of a unit's further domains (premises/models/supervisions.py): register one, end
it, or remove one registered by mistake. Each opens from the unit's file and returns to it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from core.views import ServiceFormView
from premises import services
from premises.forms import SupervisionEndForm, SupervisionForm, SupervisionRemoveForm
from premises.models import Establishment, Supervision


class _UnitPage(ServiceFormView):
    template_name = "core/form_page.html"
    versioned = False  # a row beside the unit: the unit itself is not overwritten

    def get_success_url(self, saved):
        return self.unit.get_absolute_url()

    def get_context(self, obj) -> dict:
        return {"object": self.unit}


class SupervisionAddView(_UnitPage):
    permission_required = "premises.add_supervision"

    def get_object(self):
        self.unit = get_object_or_404(
            Establishment.objects.select_related("category__domain"), pk=self.kwargs["pk"]
        )
        self.title = f"登记其他监督专业：{self.unit.name}"
        return None

    def get_form(self, obj, data=None):
        initial = {"started_on": timezone.localdate()}
        return SupervisionForm(data, establishment=self.unit, initial=initial)

    def perform(self, form, obj):
        return services.supervision_add(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记：{saved.domain.name}（{saved.category.name}）"


class _SupervisionPage(_UnitPage):
    def get_object(self):
        supervision = get_object_or_404(
            Supervision.objects.select_related("establishment", "category__domain"),
            pk=self.kwargs["pk"],
        )
        self.unit = supervision.establishment
        self.title = f"{self.action}：{self.unit.name} · {supervision}"
        return supervision


class SupervisionEndView(_SupervisionPage):
    permission_required = "premises.change_supervision"
    action = "终止监管"

    def refusal(self, obj):
        if obj.ended_on is None:
            return None
        messages.info(self.request, f"{obj}已于 {obj.ended_on:%Y-%m-%d} 终止监管。")
        return redirect(self.unit.get_absolute_url())

    def get_form(self, obj, data=None):
        return SupervisionEndForm(data, initial={"ended_on": timezone.localdate()})

    def perform(self, form, obj):
        return services.supervision_end(
            user=self.request.user, supervision=obj, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记终止监管：{saved}（{saved.ended_on:%Y-%m-%d}）"


class SupervisionRemoveView(_SupervisionPage):
    permission_required = "premises.delete_supervision"
    action = "删除专业登记"

    def get_form(self, obj, data=None):
        return SupervisionRemoveForm(data)

    def perform(self, form, obj):
        services.supervision_remove(user=self.request.user, supervision=obj, **form.cleaned_data)
        return obj

    def success_message(self, saved):
        return f"已删除专业登记：{saved}"

"""The occupational-health 汇总表 of seed 004's focused inspection plan as .xlsx
(reports/presentation/occupational.py), for a period and optionally a township. Thin."""

from django.views import View

from core.views import RoleRequiredMixin
from core.xlsx import xlsx_response
from reports.presentation.occupational import occupational_workbook
from reports.views.documents import VIEW, _scope_or_error


class OccupationalXlsxView(RoleRequiredMixin, View):
    """职业卫生重点监督检查情况汇总表 for ``year`` (``half``/``quarter``) or ``start``/``end``
    (the plan's year may run from 1 October to 30 September)."""

    permission_required = VIEW

    def get(self, request):
        params = request.GET.copy()
        params.pop("domain", None)  # always the occupational domain
        scope, error = _scope_or_error(request, params)
        if error:
            return error
        content = occupational_workbook(period=scope.period, township=scope.township)
        return xlsx_response(content, f"职业卫生重点监督检查汇总表_{scope.period.label}.xlsx")

"""The drinking-water register (premises/models/water.py): a supplier's particulars, 二次供水
tanks and their cleaning, 涉水产品 with their sellers and samplings. Every create is
idempotent: the same record sent again (a double submit, an API retry) returns the one there
is; a different record under the same key is refused on its field."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from premises.models import (
    Establishment,
    ProductSale,
    ProductSampling,
    SupplyParticulars,
    WaterProduct,
    WaterTank,
)
from premises.models.water import SamplingResult
from premises.services.registry import _save


def _unit(establishment) -> Establishment:
    """The unit, locked: creates under one unit are serialised (idempotency checks)."""
    return Establishment.objects.select_for_update().get(pk=establishment.pk)


def _same(record, fields: dict) -> bool:
    return all(getattr(record, name) == value for name, value in fields.items())


def _strip(fields: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


@transaction.atomic
def supply_particulars_record(
    *,
    user,
    establishment,
    recorded_on: datetime.date,
    source: str,
    daily_tons: Decimal,
    population: int,
    disinfection: str,
    treatment: str = "",
    self_testing: bool = False,
    self_testing_items: str = "",
    notes: str = "",
) -> SupplyParticulars:
    """The supplier's particulars as found on ``recorded_on`` (a new dated row: older ones
    stay as the register's history). Idempotent by the day."""
    unit = _unit(establishment)
    fields = _strip(
        {
            "source": source,
            "daily_tons": Decimal(daily_tons),
            "population": population,
            "disinfection": disinfection,
            "treatment": treatment,
            "self_testing": self_testing,
            "self_testing_items": self_testing_items,
            "notes": notes,
        }
    )
    found = unit.supply_particulars.filter(recorded_on=recorded_on).first()
    if found is not None:
        if _same(found, fields):
            return found
        raise ValidationError(
            {
                "recorded_on": f"本单位 {recorded_on:%Y-%m-%d} 的基本情况已登记；如有变化请按新的核实日期登记。"
            }
        )
    if recorded_on and recorded_on < unit.opened_on:
        raise ValidationError(
            {"recorded_on": f"核实日期不能早于单位开业日期（{unit.opened_on:%Y-%m-%d}）。"}
        )
    row = SupplyParticulars(establishment=unit, recorded_on=recorded_on, recorded_by=user, **fields)
    return _save(row, user=user, reason="登记供水单位基本情况")


@transaction.atomic
def water_tank_register(
    *,
    user,
    establishment,
    name: str,
    volume_m3: Decimal,
    kind: str = "tank",
    count: int = 1,
    covered_locked: bool = False,
    last_cleaned_on: datetime.date | None = None,
    notes: str = "",
) -> WaterTank:
    """A 二次供水 tank of the unit. Idempotent by its name among the tanks in use."""
    unit = _unit(establishment)
    fields = _strip(
        {
            "name": name,
            "kind": kind,
            "count": count,
            "volume_m3": Decimal(volume_m3),
            "covered_locked": covered_locked,
            "last_cleaned_on": last_cleaned_on,
            "notes": notes,
        }
    )
    found = unit.water_tanks.filter(name=fields["name"], retired_on__isnull=True).first()
    if found is not None:
        if _same(found, fields):
            return found
        raise ValidationError({"name": f"本单位已登记“{found.name}”。"})
    tank = WaterTank(establishment=unit, recorded_by=user, **fields)
    return _save(tank, user=user, reason="登记二次供水设施")


@transaction.atomic
def water_tank_clean(*, user, tank: WaterTank, cleaned_on: datetime.date) -> WaterTank:
    """The tank was cleaned and disinfected on ``cleaned_on`` (its history keeps the earlier
    dates). The same date sent again changes nothing; an earlier one is refused."""
    tank = WaterTank.objects.select_for_update().get(pk=tank.pk)
    if tank.retired_on:
        raise ValidationError({"cleaned_on": f"该设施已于 {tank.retired_on:%Y-%m-%d} 停用。"})
    if tank.last_cleaned_on == cleaned_on:
        return tank
    if tank.last_cleaned_on and cleaned_on < tank.last_cleaned_on:
        raise ValidationError(
            {"cleaned_on": f"已登记更近的清洗消毒日期（{tank.last_cleaned_on:%Y-%m-%d}）。"}
        )
    tank.last_cleaned_on = cleaned_on
    return _save(tank, user=user, reason="登记清洗消毒")


@transaction.atomic
def water_product_register(
    *,
    user,
    name: str,
    kind: str,
    maker: str,
    model_name: str = "",
    approval_number: str = "",
    approval_level: str = "",
    approval_valid_until: datetime.date | None = None,
    notes: str = "",
) -> WaterProduct:
    """A 涉水产品. Idempotent by its 批件号 (without one, by name, model and maker)."""
    fields = _strip(
        {
            "name": name,
            "kind": kind,
            "maker": maker,
            "model_name": model_name,
            "approval_number": approval_number,
            "approval_level": approval_level,
            "approval_valid_until": approval_valid_until,
            "notes": notes,
        }
    )
    if fields["approval_number"]:
        found = WaterProduct.objects.filter(approval_number=fields["approval_number"]).first()
    else:
        found = WaterProduct.objects.filter(
            approval_number="",
            name=fields["name"],
            model_name=fields["model_name"],
            maker=fields["maker"],
        ).first()
    if found is not None:
        if _same(found, fields):
            return found
        raise ValidationError(
            {"approval_number": f"已登记该产品（{found}）；如批件有变化请在管理后台修改。"}
        )
    product = WaterProduct(recorded_by=user, **fields)
    return _save(product, user=user, reason="登记涉水产品")


@transaction.atomic
def product_sale_add(*, user, establishment, product: WaterProduct, since: datetime.date):
    """The unit sells ``product``. Idempotent: the product already sold there is returned."""
    unit = _unit(establishment)
    found = unit.product_sales.filter(product=product, ended_on__isnull=True).first()
    if found is not None:
        return found
    if since < unit.opened_on:
        raise ValidationError(
            {"since": f"开始经营日期不能早于单位开业日期（{unit.opened_on:%Y-%m-%d}）。"}
        )
    sale = ProductSale(establishment=unit, product=product, since=since, recorded_by=user)
    return _save(sale, user=user, reason="登记经营涉水产品")


@transaction.atomic
def product_sampling_record(
    *,
    user,
    product: WaterProduct,
    sampled_on: datetime.date,
    lab: str,
    establishment=None,
    result: str = SamplingResult.PENDING,
    report_number: str = "",
    reported_on: datetime.date | None = None,
    notes: str = "",
) -> ProductSampling:
    """A product sampled (at ``establishment``, a seller) and sent to ``lab``. Idempotent by
    product, place and day."""
    fields = _strip(
        {
            "lab": lab,
            "result": result,
            "report_number": report_number,
            "reported_on": reported_on,
            "notes": notes,
        }
    )
    if not fields["lab"]:
        raise ValidationError({"lab": "请填写检测机构。"})
    found = ProductSampling.objects.filter(
        product=product, establishment=establishment, sampled_on=sampled_on
    ).first()
    if found is not None:
        if _same(found, fields):
            return found
        raise ValidationError({"sampled_on": "该产品当天在此单位的抽检已登记。"})
    row = ProductSampling(
        product=product,
        establishment=establishment,
        sampled_on=sampled_on,
        recorded_by=user,
        **fields,
    )
    return _save(row, user=user, reason="登记涉水产品抽检")


@transaction.atomic
def product_sampling_conclude(
    *, user, sampling: ProductSampling, result: str, reported_on: datetime.date, report_number=""
) -> ProductSampling:
    """The laboratory's conclusion of a sampling 送检中."""
    sampling = ProductSampling.objects.select_for_update().get(pk=sampling.pk)
    if sampling.result != SamplingResult.PENDING:
        if sampling.result == result and sampling.reported_on == reported_on:
            return sampling
        raise ValidationError({"result": f"该抽检已有结论（{sampling.get_result_display()}）。"})
    if result == SamplingResult.PENDING:
        raise ValidationError({"result": "请选择检测结论。"})
    sampling.result, sampling.reported_on = result, reported_on
    sampling.report_number = report_number.strip()
    return _save(sampling, user=user, reason="登记抽检结论")

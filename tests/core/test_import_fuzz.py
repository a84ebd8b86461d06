"""Property-based: every .xlsx import, fed corrupted workbooks (wrong types, formulas,
huge cells, merged cells, a wrong first sheet, truncated or not a zip at all), answers
with a clear error naming row and column, or imports a clean file whole — never a crash,
never a partial write."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core.imports import ImportFailed
from licensing.imports import PermitImporter
from premises.imports import EstablishmentImporter, PractitionerImporter
from tests.conftest import make_persona
from tests.factories import TownshipFactory

pytestmark = pytest.mark.django_db
IMPORTERS = [EstablishmentImporter, PractitionerImporter, PermitImporter]
WATCHED = ["premises.Establishment", "premises.EstablishmentStatusChange",
           "premises.Practitioner", "licensing.Permit"]  # fmt: skip

cell_values = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),  # as Excel stores
    st.text(alphabet="0123456789Xx-/年月日 ", max_size=20),
    st.integers(min_value=-(10**12), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 1, 1)),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(2100, 1, 1)),
    st.builds(lambda n: "=" + "A1+" * n + "1", st.integers(0, 5)),  # formulas
    st.builds(lambda n: "很长" * n, st.integers(5_000, 16_000)),  # huge cells
)


@st.composite
def workbooks(draw, importer_class):
    """A workbook shaped like the importer's template, corrupted at random."""
    columns = importer_class.columns
    headers = [c.header for c in columns]
    if draw(st.booleans()):
        headers = draw(st.permutations(headers))
    if draw(st.integers(0, 4)) == 0:
        headers = headers[: draw(st.integers(0, len(headers)))]  # columns missing
    wb = Workbook()
    sheet = wb.active
    if draw(st.integers(0, 5)) == 0:  # the data is on the second sheet
        sheet.title = "说明"
        sheet.append(["请在第二张表填写"])
        sheet = wb.create_sheet("数据")
    sheet.append(headers)
    examples = {c.header: c.example for c in columns}
    for _ in range(draw(st.integers(0, 4))):
        sheet.append([examples[h] if draw(st.booleans()) else draw(cell_values) for h in headers])
    if sheet.max_row > 1 and draw(st.integers(0, 4)) == 0:
        sheet.merge_cells(start_row=1, start_column=1, end_row=2, end_column=2)
    buffer = io.BytesIO()
    wb.save(buffer)
    content = buffer.getvalue()
    damage = draw(st.integers(0, 9))
    if damage == 0:
        content = content[: len(content) * draw(st.integers(0, 99)) // 100]  # truncated
    elif damage == 1:
        content = draw(st.binary(max_size=2000))  # not a workbook at all
    name = draw(st.sampled_from(["导入.xlsx", "导入.XLSX", "导入.xlsm", "导入.xls", "导入.csv"]))
    return SimpleUploadedFile(name, content)


def _counts():
    return {label: apps.get_model(label).objects.count() for label in WATCHED}


@pytest.mark.parametrize("importer_class", IMPORTERS, ids=lambda c: c.__name__)
def test_corrupted_workbooks_are_refused_clearly_and_write_nothing(importer_class):
    TownshipFactory(name="城关镇")
    clerk = make_persona("clerk")

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(upload=workbooks(importer_class))
    def check(upload):
        before = _counts()
        try:
            written = importer_class(user=clerk).run(upload)
        except ImportFailed as failed:
            assert failed.errors, "a refusal names at least one problem"
            for error in failed.errors:
                assert error.column and error.message.strip()
                assert isinstance(error.row, int) and error.row >= 0
            assert _counts() == before  # nothing written
        else:
            assert written > 0 and _counts() != before  # a clean file, written whole

    check()

""".xlsx imports: one framework every import of the project uses.

An importer reads the whole sheet (its header row found past title rows, its columns by
name, synonym or a mapping saved per source: core.import_layout), checks every cell and
every row, then the file as a whole (duplicates inside it and against the database).
Columns whose values look like another column's (core.import_checks) stop the import until
the clerk confirms them. Then, in one transaction, it writes either

* the whole file (mode "all"): any problem, and nothing is written; the caller gets every
  problem with its row number, column and reason; or
* the clean rows only (mode "clean"): the others are kept aside with their reasons, as an
  .xlsx to download, fix and import again.

Whatever it writes is one batch (core.import_models.ImportBatch) listing its records, so
the batch can be undone (core.batches) while nothing depends on them.
"""

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import load_workbook

from core.import_cells import (  # noqa: F401 (the apps import these from here)
    CONTROL,
    FILE,
    MESSAGE_MAX,
    READ_ERRORS,
    CellError,
    ImportColumn,
    ImportFailed,
    RowError,
    choice_parser,
    parse_bool,
    parse_code,
    parse_date,
    parse_text,
    shown,
)
from core.import_checks import column_warnings
from core.import_layout import HEAD_SCAN, HEAD_WIDTH, Layout, find_layout
from core.import_limits import UNREADABLE, UploadRefused, UploadShape, measure_upload, too_many_rows
from core.import_models import ImportBatch, ImportBatchRecord, ImportBatchStatus, ImportMode
from core.xlsx import build_workbook

CONFIRM = "确认无误后，在预览页勾选“已核对”再导入。"


def missing_columns_error(layout: Layout, missing) -> ImportFailed:
    names = "、".join(c.header for c in missing)
    return ImportFailed(
        [
            RowError(
                max(layout.header_row, 1),
                FILE,
                f"缺少列：{names}。请在预览页把文件中的列对应到这些列（或填写固定值），"
                "或使用下载的模板。",
            )
        ]
    )


IMPORTERS: dict[str, type["XlsxImporter"]] = {}  # path → every import of the project


class XlsxImporter:
    """Subclasses define ``columns``, ``title``, ``permission`` and the hooks below."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.permission:
            IMPORTERS[importer_path(cls)] = cls

    title = ""
    permission = ""  # to import, and to see and undo the batches of this import
    columns: tuple[ImportColumn, ...] = ()
    notes: tuple[str, ...] = ()

    def __init__(self, *, user):
        self.user = user
        self.records: list = []  # what write() made (self.track)
        self.rejects: list[tuple[int, dict, list[str]]] = []  # mode "clean": rows left out
        self.batch: ImportBatch | None = None

    # hooks ---------------------------------------------------------------
    def prepare(self, rows: list[dict]) -> None:
        """Load the lookups every row needs (a fixed number of queries)."""

    def clean_row(self, values: dict) -> dict:
        """Turn parsed values into what write() needs; raise ValidationError keyed by
        column key (or CellError for the row as a whole). Runs on every row, also one with
        bad cells: their values are None, and errors for them are not repeated."""
        return values

    def check_file(self, rows: list[tuple[int, dict]]) -> list[RowError]:
        """Checks across rows and against the database: duplicates and the like."""
        return []

    def write(self, rows: list[dict]) -> int:
        """Write the rows through the app's services; :meth:`track` every record made.
        Returns the count shown to the user."""
        raise NotImplementedError

    def track(self, records) -> None:
        """Records written by this import: the batch lists them, to be undone."""
        self.records.extend(records)

    def options(self) -> dict[str, list[str]]:
        """Column key → the values the template offers as a drop-down list."""
        return {}

    def examples(self) -> dict[str, Any]:
        """Column key → an example value taken from the database (a real township)."""
        return {}

    def template(self) -> bytes:
        from core.import_template import build_template

        return build_template(self)

    # reading -------------------------------------------------------------
    def inspect(self, upload) -> UploadShape | None:
        """Check the file's type and measure it against the import limits (rows, unpacked
        size, shared strings: core.import_limits) before anything reads it. Returns its
        shape (None: not a zip, which reading reports); raises ImportFailed."""
        name = getattr(upload, "name", "") or ""
        if name.lower().endswith(".xls"):
            raise ImportFailed(
                [RowError(0, FILE, "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后上传。")]
            )
        if name and not name.lower().endswith((".xlsx", ".xlsm")):
            raise ImportFailed(
                [RowError(0, FILE, "文件类型错误：请上传 .xlsx 格式的 Excel 文件。")]
            )
        try:
            return measure_upload(upload)
        except UploadRefused as refused:
            raise ImportFailed([RowError(0, FILE, str(refused))]) from None

    def read(self, upload, progress=None, *, mapping=None, limit=None):
        """(row number, {column key: raw value}) of every data row; ``limit``: only the
        first rows (a preview). Sets ``self.layout``."""
        progress = progress or _Silent()
        progress.begin("读取文件")
        shape = self.inspect(upload) if limit is None else None
        if hasattr(upload, "seek"):
            upload.seek(0)
        try:
            # No external links: their cached copies of other workbooks can be large.
            workbook = load_workbook(upload, read_only=True, data_only=True, keep_links=False)
        except READ_ERRORS:
            raise ImportFailed([RowError(0, FILE, UNREADABLE)]) from None
        try:
            result = self._read_rows(workbook, shape, progress, mapping, limit)
        except READ_ERRORS:
            raise ImportFailed([RowError(0, FILE, UNREADABLE)]) from None
        finally:
            workbook.close()
        if not result and limit is None:
            raise ImportFailed(
                [RowError(0, FILE, "文件中没有数据行：只有列名，没有要导入的记录。")]
            )
        return result

    def _read_rows(self, workbook, shape, progress, mapping, limit):
        empty = ImportFailed([RowError(0, FILE, "文件是空的：应有一行列名，之后为数据行。")])
        if not workbook.worksheets:
            raise empty
        sheet = workbook.worksheets[0]
        # Read every row the sheet holds, whatever its dimension claims (openpyxl would
        # stop at a dimension that says fewer); core.import_limits counted them.
        sheet.reset_dimensions()
        head_iter = sheet.iter_rows(
            min_row=1, max_row=HEAD_SCAN, max_col=HEAD_WIDTH, values_only=True
        )
        head = list(head_iter)
        layout = self.layout = find_layout(self.columns, head, mapping)
        if not layout.header_row:
            raise empty
        missing = layout.missing(self.columns)
        if missing and limit is None:
            raise missing_columns_error(layout, missing)
        wanted = layout.positions
        # Only the columns the import reads: a cell far to the right (XFD) must not make
        # every row 16,384 cells wide.
        max_rows = settings.IMPORT_MAX_ROWS
        result = []
        progress.begin("读取文件", total=shape.rows if shape else 0)
        start = layout.header_row + 1
        rows = sheet.iter_rows(min_row=start, max_col=layout.width, values_only=True)
        for row_number, row in enumerate(rows, start=start):
            if row_number - 1 > max_rows:  # also when a crafted file counted differently
                raise ImportFailed([RowError(0, FILE, too_many_rows(max_rows))])
            progress.advance(row_number - 1)
            if not row or all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue
            values: dict[str, Any] = dict(layout.values)
            for key, position in wanted.items():
                if position is not None:
                    values[key] = row[position] if position < len(row) else None
                else:
                    values.setdefault(key, None)
            result.append((row_number, values))
            if limit is not None and len(result) >= limit:
                break
        return result

    # checking ------------------------------------------------------------
    def check_rows(self, raw_rows, progress=None):
        """Every row's cells and rules: (clean rows, problems, problems counted)."""
        progress = progress or _Silent()
        progress.begin("准备核对数据")
        self.prepare([values for _, values in raw_rows])
        errors: list[RowError] = []
        cleaned: list[tuple[int, dict]] = []
        by_key = {c.key: c for c in self.columns}
        progress.begin("逐行校验", total=len(raw_rows))
        for checked, (row_number, raw) in enumerate(raw_rows, 1):
            progress.advance(checked)
            values, row_errors = self.parse_row(row_number, raw)
            # Row checks run even after a bad cell, so one upload reports every problem;
            # a column already reported is not reported twice.
            reported = {e.column for e in row_errors}
            try:
                values = self.clean_row(values)
            except ValidationError as exc:
                row_errors.extend(
                    e
                    for e in _validation_errors(row_number, exc, by_key)
                    if e.column not in reported
                )
            except CellError as exc:
                row_errors.append(RowError(row_number, "整行", str(exc)))
            if row_errors:
                errors.extend(row_errors)
            else:
                cleaned.append((row_number, values))
        return cleaned, errors

    def parse_row(self, row_number, raw) -> tuple[dict, list[RowError]]:
        values: dict[str, Any] = {}
        row_errors: list[RowError] = []
        for column in self.columns:
            value = raw.get(column.key)
            values[column.key] = None
            if value is None or (isinstance(value, str) and not value.strip()):
                if column.required:
                    row_errors.append(RowError(row_number, column.header, "必填项不能为空。"))
                continue
            try:
                values[column.key] = column.parse(value) if column.parse else parse_text(value)
            except CellError as exc:
                row_errors.append(RowError(row_number, column.header, str(exc)))
        return values, row_errors

    # running -------------------------------------------------------------
    def run(self, upload, progress=None, *, mapping=None, mode=ImportMode.ALL, confirmed=False):
        """Check the whole file, then write it (or its clean rows) in one transaction, as
        one batch (``self.batch``; an existing draft batch may be set before). Returns the
        count written. ``progress`` (core.jobs.Progress) hears of each step. A refusal
        lists the first IMPORT_MAX_ERRORS problems in row order and counts them all."""
        progress = progress or _Silent()
        raw_rows = self.read(upload, progress, mapping=mapping)
        warnings = column_warnings(self.columns, raw_rows)
        if warnings and not confirmed:
            raise ImportFailed([RowError(0, w.header, w.message + CONFIRM) for w in warnings])
        cleaned, errors = self.check_rows(raw_rows, progress)
        progress.begin("检查重复与冲突")
        errors.extend(self.check_file(cleaned))
        limit = settings.IMPORT_MAX_ERRORS
        errors.sort(key=lambda e: (e.row, e.column))
        file_errors = [e for e in errors if e.row == 0]
        if errors and (mode != ImportMode.CLEAN or file_errors):
            raise ImportFailed((file_errors or errors)[:limit], total=len(file_errors or errors))
        bad: dict[int, list[str]] = {}
        for error in errors:
            bad.setdefault(error.row, []).append(f"{error.column}：{error.message}")
        cleaned = [(n, v) for n, v in cleaned if n not in bad]
        if not cleaned:
            raise ImportFailed(errors[:limit], total=len(errors))
        self.rejects = [(n, raw, bad[n]) for n, raw in raw_rows if n in bad]
        progress.begin(f"写入 {len(cleaned)} 条记录")
        try:
            with transaction.atomic():
                count = self.write([values for _, values in cleaned])
                self._keep_batch(upload, count, mode)
        except IntegrityError:
            message = "写入时与其他用户同时录入的数据冲突（如相同的信用代码），未导入任何数据，请重新上传。"
            raise ImportFailed([RowError(0, FILE, message)]) from None
        return count

    def _keep_batch(self, upload, count, mode):
        batch = self.batch or ImportBatch(
            token=uuid.uuid4(),
            importer=importer_path(type(self)),
            title=self.title,
            file_name=(getattr(upload, "name", "") or "")[-255:],
            created_by=self.user,
        )
        batch.status = ImportBatchStatus.DONE
        batch.mode = mode
        batch.imported_at = timezone.now()
        batch.written = count
        batch.rejected = len(self.rejects)
        if self.rejects:
            batch.rejects_file.save(
                "rejects.xlsx", ContentFile(self.rejects_workbook()), save=False
            )
        batch.save()
        types: dict[type, ContentType] = {}
        ImportBatchRecord.objects.bulk_create(
            [
                ImportBatchRecord(
                    batch=batch,
                    content_type=types.get(type(r))
                    or types.setdefault(type(r), ContentType.objects.get_for_model(type(r))),
                    object_id=r.pk,
                )
                for r in self.records
            ],
            batch_size=1000,
        )
        self.batch = batch

    def rejects_workbook(self) -> bytes:
        """The rows left out, as the file had them, with their reasons: fix and re-import."""
        headers = ["原行号", *(c.header for c in self.columns), "未导入原因"]
        return build_workbook(
            f"未导入的{self.title}"[:31],
            headers,
            (
                [n, *(raw.get(c.key) for c in self.columns), "；".join(reasons)]
                for n, raw, reasons in self.rejects
            ),
            notes=[
                "这些行未导入。请按“未导入原因”修改后重新导入（“原行号”“未导入原因”两列导入时不读取）。"
            ],
        )


def importer_path(importer_class) -> str:
    return f"{importer_class.__module__}.{importer_class.__qualname__}"


class _Silent:
    def begin(self, step, total=0):
        pass

    def advance(self, done):
        pass


def _validation_errors(row_number, exc: ValidationError, by_key) -> list[RowError]:
    errors: list[RowError] = []
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            column = by_key.get(key)
            header = column.header if column else "整行"
            errors.extend(RowError(row_number, header, m) for m in messages)
    else:
        errors.extend(RowError(row_number, "整行", m) for m in exc.messages)
    return errors

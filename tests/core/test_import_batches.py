"""Import batches keep no personal data longer than needed: a draft left for a day loses
its upload, old batches lose the rows left out (both may hold ID numbers)."""

import datetime
import io
import uuid

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from core.import_models import ImportBatch


def batch(user, **fields):
    values = {
        "token": uuid.uuid4(),
        "importer": "premises.imports.PractitionerImporter",
        "title": "从业人员",
        "file_name": "p.xlsx",
        "created_by": user,
        **fields,
    }
    made = ImportBatch.objects.create(**values)
    return made


def test_prune_gives_up_stale_drafts_and_drops_old_rejects(clerk):
    long_ago = timezone.now() - datetime.timedelta(days=40)
    stale = batch(clerk, created_at=timezone.now() - datetime.timedelta(days=2))
    stale.input_file.save("in.xlsx", ContentFile(b"PK"))
    fresh = batch(clerk)
    fresh.input_file.save("in.xlsx", ContentFile(b"PK"))
    old = batch(clerk, status="done", created_at=long_ago)
    old.rejects_file.save("r.xlsx", ContentFile(b"PK"))
    out = io.StringIO()
    call_command("prune_jobs", stdout=out)
    assert "3 个导入文件已删除" not in out.getvalue() and "2 个导入文件已删除" in out.getvalue()
    stale.refresh_from_db(), fresh.refresh_from_db(), old.refresh_from_db()
    assert stale.status == "discarded" and not stale.input_file
    assert fresh.status == "draft" and fresh.input_file
    assert old.status == "done" and not old.rejects_file

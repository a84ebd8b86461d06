"""Draws that prove their fairness (issue #15): nobody chooses the seed, verification
re-derives it from the recorded snapshot and secret, the publication lets anyone outside
re-run the draw (scripts/verify_draw.py), 回避 is picked from lists, and a drawn visit is
made by the drawn pair or a recorded substitution."""

import datetime
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from inspections.choices import InspectionKind
from inspections.models import DrawAssignment, DrawMethod, DrawSubstitution, RandomDraw
from inspections.services.draws import (
    canonical_bytes,
    draw_compute,
    draw_make,
    draw_substitute,
    draw_verify,
    seed_from,
)
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.factories import inspectors, record

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "verify_draw.py"


@pytest.fixture
def team(db):
    return inspectors(4)


@pytest.fixture
def units(db):
    return [EstablishmentFactory() for _ in range(8)]


def make(manager, **kwargs):
    return draw_make(user=manager, name="2026年第一批", **{"count": 3, **kwargs})


def pairs(draw):
    return list(
        draw.assignments.order_by("position").values_list(
            "establishment_id", "inspector_a_id", "inspector_b_id"
        )
    )


def rows_of(draw, pairs_):
    """Replace the draw's assignments by ``pairs_`` (unit, officer, officer)."""
    draw.assignments.all().delete()
    DrawAssignment.objects.bulk_create(
        DrawAssignment(
            draw=draw, position=i, establishment_id=u, inspector_a_id=a, inspector_b_id=b
        )
        for i, (u, a, b) in enumerate(pairs_, start=1)
    )


def exclusion_rows(chosen, extra=1):
    data = {"exclusions-TOTAL_FORMS": str(len(chosen) + extra), "exclusions-INITIAL_FORMS": "0"}
    for i, (officer, unit) in enumerate(chosen):
        data[f"exclusions-{i}-officer"] = str(officer)
        data[f"exclusions-{i}-establishment"] = str(unit)
    return data


# ---------------------------------------------------------------- the seed


def test_the_draw_form_has_no_seed_and_a_posted_one_steers_nothing(client_as, manager, team, units):
    client = client_as(manager)
    page = client.get(reverse("inspections:draw_add")).content.decode()
    assert 'name="seed"' not in page and "随机种子不能填写" in page
    response = client.post(
        reverse("inspections:draw_add"),
        {"name": "选种子", "count": "2", "seed": "42", **exclusion_rows([])},
    )
    assert response.status_code == 302
    draw = RandomDraw.objects.get()
    assert draw.seed != 42 and draw.method == DrawMethod.SNAPSHOT_SECRET
    assert draw.seed == seed_from(draw.snapshot_hash, draw.secret)


def test_the_api_refuses_a_seed(client_as, manager, team, units):
    response = client_as(manager).post(
        reverse("draw-list"),
        {"name": "选种子", "count": 2, "seed": 42},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "随机种子不能指定" in response.content.decode()
    assert not RandomDraw.objects.exists()


def test_the_service_takes_no_seed(manager, team, units):
    with pytest.raises(TypeError):
        draw_make(user=manager, name="x", count=1, seed=42)


def test_the_draw_records_snapshot_commitment_secret_and_seed(manager, team, units):
    excluded = (team[0].pk, units[0].pk)
    draw = make(manager, exclusions=[excluded])
    snapshot = draw.snapshot
    assert snapshot["units"] == sorted([u.pk, u.credit_code] for u in units)
    assert snapshot["officers"] == sorted(u.pk for u in team)
    assert snapshot["exclusions"] == [list(excluded)]
    assert snapshot["parameters"]["count"] == 3 and snapshot["algorithm"] == 2
    assert draw.snapshot_hash == hashlib.sha256(canonical_bytes(snapshot)).hexdigest()
    assert draw.commitment == hashlib.sha256(bytes.fromhex(draw.secret)).hexdigest()
    assert len(draw.secret) == 64
    assert draw.seed == seed_from(draw.snapshot_hash, draw.secret)
    assert draw_verify(draw=draw) is True
    # Two draws of the same candidates get different secrets, so different seeds.
    assert make(manager, exclusions=[excluded]).seed != draw.seed


# ---------------------------------------------------------------- verification


def test_a_chosen_seed_with_matching_assignments_is_not_consistent(client_as, manager, team, units):
    """The defect: a seed put in by hand, with the assignments it gives, verified 一致."""
    draw = make(manager)
    chosen = 12345
    rows_of(
        draw,
        draw_compute(
            seed=chosen,
            candidate_ids=draw.candidate_ids,
            roster_ids=draw.roster_ids,
            count=3,
            exclusions=[],
        ),
    )
    RandomDraw.objects.filter(pk=draw.pk).update(seed=chosen)
    draw.refresh_from_db()
    assert draw_verify(draw=draw) is False
    page = client_as(manager).post(reverse("inspections:draw_verify", args=[draw.pk]), follow=True)
    text = page.content.decode()
    assert "验证结果：不一致" in text and "随机种子不是由快照哈希和秘密值导出的" in text


def test_a_replaced_secret_is_caught_by_its_commitment(manager, team, units):
    draw = make(manager)
    secret = "ab" * 32
    seed = seed_from(draw.snapshot_hash, secret)
    rows_of(
        draw,
        draw_compute(
            seed=seed,
            candidate_ids=draw.candidate_ids,
            roster_ids=draw.roster_ids,
            count=3,
            exclusions=[],
        ),
    )
    RandomDraw.objects.filter(pk=draw.pk).update(seed=seed, secret=secret)
    draw.refresh_from_db()
    assert draw_verify(draw=draw) is False


def test_candidates_that_do_not_match_the_snapshot_hash_are_not_consistent(manager, team, units):
    draw = make(manager)
    drawn = {u for u, _a, _b in pairs(draw)}
    left_out = next(u.pk for u in units if u.pk not in drawn)
    # A unit quietly removed from the snapshot (hash kept): caught by the hash.
    snapshot = {**draw.snapshot, "units": [u for u in draw.snapshot["units"] if u[0] != left_out]}
    RandomDraw.objects.filter(pk=draw.pk).update(snapshot=snapshot)
    draw.refresh_from_db()
    assert draw_verify(draw=draw) is False
    # The recorded candidate ids changed (snapshot kept): caught too.
    draw = make(manager)
    RandomDraw.objects.filter(pk=draw.pk).update(
        candidate_ids=[*draw.candidate_ids, EstablishmentFactory().pk]
    )
    draw.refresh_from_db()
    assert draw_verify(draw=draw) is False


def test_the_api_verify_names_the_problems(client_as, inspector, manager, team, units):
    draw = make(manager)
    RandomDraw.objects.filter(pk=draw.pk).update(seed=draw.seed + 1)
    data = client_as(inspector).get(reverse("draw-verify", args=[draw.pk])).json()
    assert data["consistent"] is False and data["problems"]


def old_draw(manager, team, units, seed=7):
    """A draw as made before: method 1, the seed typed in."""
    candidate_ids = sorted(u.pk for u in units)
    roster_ids = sorted(u.pk for u in team)
    draw = RandomDraw.objects.create(
        name="旧批次",
        seed=seed,
        parameters={"count": 2, "share": None, "domains": [], "categories": [], "townships": []},
        candidate_ids=candidate_ids,
        roster_ids=roster_ids,
        exclusions=[],
        created_by=manager,
    )
    rows_of(
        draw,
        draw_compute(
            seed=seed, candidate_ids=candidate_ids, roster_ids=roster_ids, count=2, exclusions=[]
        ),
    )
    return draw


def test_old_draws_keep_verifying_with_their_seed(client_as, manager, team, units):
    draw = old_draw(manager, team, units)
    assert draw.method == DrawMethod.SEED_ENTERED
    assert draw_verify(draw=draw) is True
    page = client_as(manager).post(reverse("inspections:draw_verify", args=[draw.pk]), follow=True)
    assert "验证结果：一致" in page.content.decode() and "旧方法" in page.content.decode()
    first = draw.assignments.get(position=1)
    DrawAssignment.objects.filter(pk=first.pk).update(
        inspector_a=first.inspector_b, inspector_b=first.inspector_a
    )
    assert draw_verify(draw=draw) is False


# ---------------------------------------------------------------- the publication


def export(client, draw) -> bytes:
    response = client.get(reverse("inspections:draw_export", args=[draw.pk]))
    assert response.status_code == 200
    return response.content


def sheet_rows(content, title):
    return list(load_workbook(io.BytesIO(content))[title].iter_rows(values_only=True))


def test_the_export_has_candidates_roster_parameters_and_local_times(
    client_as, manager, team, units
):
    draw = make(manager, exclusions=[(team[1].pk, units[2].pk)])
    # 01:30 UTC is 09:30 in Asia/Shanghai.
    RandomDraw.objects.filter(pk=draw.pk).update(
        created_at=datetime.datetime(2026, 3, 2, 1, 30, tzinfo=datetime.UTC)
    )
    content = export(client_as(manager), draw)
    candidates = sheet_rows(content, "候选单位")
    assert candidates[0] == ("顺序", "单位编号", "统一社会信用代码", "单位名称")
    assert [r[1:3] for r in candidates[1:]] == sorted((u.pk, u.credit_code) for u in units)
    roster = sheet_rows(content, "监督员名录")
    assert [r[1] for r in roster[1:]] == sorted(u.pk for u in team)
    assert sheet_rows(content, "回避")[1][0::2] == (team[1].pk, units[2].pk)
    data = dict(r[:2] for r in sheet_rows(content, "验证数据")[1:])
    assert data["抽取时间"] == "2026-03-02 09:30:00（北京时间）"
    assert data["快照哈希"] == draw.snapshot_hash and data["承诺值"] == draw.commitment
    assert data["秘密值"] == draw.secret and data["随机种子"] == str(draw.seed)
    assert data["抽取方法"] == 2 and '"count": 3' in data["抽取条件"]
    procedure = " ".join(r[0] for r in sheet_rows(content, "说明"))
    assert "SHA-256" in procedure and "verify_draw.py" in procedure
    results = sheet_rows(content, "抽查结果")
    assert [(r[1], r[6], r[8]) for r in results[1:]] == pairs(draw)


def run_script(path):
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True, timeout=60
    )


def test_the_script_reproduces_a_draw_made_by_the_app(client_as, manager, team, units, tmp_path):
    draw = make(manager, exclusions=[(team[0].pk, units[1].pk), (team[2].pk, units[4].pk)])
    path = tmp_path / "draw.xlsx"
    path.write_bytes(export(client_as(manager), draw))
    done = run_script(path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "验证结果：一致" in done.stdout and draw.snapshot_hash in done.stdout
    # A published result changed by hand: the script says so.
    wb = load_workbook(path)
    ws = wb["抽查结果"]
    ws.cell(row=2, column=7).value, ws.cell(row=2, column=9).value = (
        ws.cell(row=2, column=9).value,
        ws.cell(row=2, column=7).value,
    )
    wb.save(path)
    done = run_script(path)
    assert done.returncode == 1 and "验证结果：不一致" in done.stdout
    # A candidate list changed after the fact: the snapshot hash no longer matches.
    path.write_bytes(export(client_as(manager), draw))
    wb = load_workbook(path)
    wb["候选单位"].delete_rows(wb["候选单位"].max_row)
    wb.save(path)
    done = run_script(path)
    assert done.returncode == 1 and "快照哈希" in done.stdout


def test_the_script_re_runs_an_old_draw_from_its_seed(client_as, manager, team, units, tmp_path):
    draw = old_draw(manager, team, units, seed=20250501)
    path = tmp_path / "old.xlsx"
    path.write_bytes(export(client_as(manager), draw))
    done = run_script(path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "旧方法" in done.stdout


# ---------------------------------------------------------------- 回避 from lists


def test_exclusions_are_picked_from_lists_on_the_page(client_as, manager, team, units):
    client = client_as(manager)
    page = client.get(reverse("inspections:draw_add")).content.decode()
    assert 'name="exclusions-0-officer"' in page and 'name="exclusions-0-establishment"' in page
    assert "用户名,信用代码" not in page
    # 增加一行 sends the page back with one more row, drawing nothing.
    more = client.post(
        reverse("inspections:draw_add"), {"name": "x", "add_row": "1", **exclusion_rows([], 3)}
    )
    assert more.status_code == 200 and 'name="exclusions-3-officer"' in more.content.decode()
    assert not RandomDraw.objects.exists()
    chosen = [(team[0].pk, units[0].pk), (team[1].pk, units[0].pk)]
    response = client.post(
        reverse("inspections:draw_add"),
        {"name": "回避", "count": "8", **exclusion_rows(chosen)},
    )
    assert response.status_code == 302
    draw = RandomDraw.objects.get()
    assert draw.exclusions == sorted([list(p) for p in chosen])
    row = draw.assignments.get(establishment=units[0])
    assert {row.inspector_a_id, row.inspector_b_id} == {team[2].pk, team[3].pk}
    detail = client.get(draw.get_absolute_url()).content.decode()
    assert units[0].name in detail


def test_an_exclusion_of_someone_off_the_roster_is_refused(client_as, manager, team, units):
    clerk = UserFactory(role="clerk", first_name="文员甲")
    response = client_as(manager).post(
        reverse("draw-list"),
        {"name": "x", "count": 1, "exclusions": [[clerk.pk, units[0].pk]]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "文员甲 不在监督员名录中" in response.content.decode()


# ---------------------------------------------------------------- who makes the visit


@pytest.fixture
def assignment(manager, team):
    unit = EstablishmentFactory()
    draw = draw_make(user=manager, name="单户", count=1, townships=[unit.township])
    return draw.assignments.get()


def others(assignment, team):
    return [u for u in team if u.pk not in (assignment.inspector_a_id, assignment.inspector_b_id)]


def visit(assignment, members):
    return record(
        establishment=assignment.establishment,
        team=members,
        kind=InspectionKind.RANDOM,
        draw_assignment=assignment,
    )


def test_a_drawn_visit_by_officers_not_drawn_is_refused(assignment, team):
    stranger = others(assignment, team)[0]
    with pytest.raises(ValidationError) as exc:
        visit(assignment, [assignment.inspector_a, stranger])
    message = exc.value.message_dict["inspectors"][0]
    assert "未被抽中" in message and "登记替换" in message
    assert visit(assignment, [assignment.inspector_a, assignment.inspector_b]).pk


def test_a_recorded_substitution_lets_the_substitute_go(client_as, manager, assignment, team):
    substitute = others(assignment, team)[0]
    response = client_as(manager).post(
        reverse("inspections:draw_substitute", args=[assignment.pk]),
        {
            "replaced": assignment.inspector_a_id,
            "substitute": substitute.pk,
            "reason": "病假",
            "approved_by": manager.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    change = DrawSubstitution.objects.get()
    assert change.recorded_by == manager and change.approved_by == manager
    with pytest.raises(ValidationError):  # the replaced officer no longer goes
        visit(assignment, [assignment.inspector_a, assignment.inspector_b])
    assert visit(assignment, [substitute, assignment.inspector_b]).pk
    page = client_as(manager).get(assignment.draw.get_absolute_url()).content.decode()
    assert "病假" in page


def test_substitution_refusals(manager, inspector, assignment, team):
    substitute = others(assignment, team)[0]
    with pytest.raises(ValidationError) as exc:
        draw_substitute(
            user=manager,
            assignment=assignment,
            replaced=substitute,  # not in the pair
            substitute=assignment.inspector_b,  # already in it
            reason=" ",
            approved_by=inspector,  # may not approve
        )
    assert set(exc.value.message_dict) == {"replaced", "substitute", "reason", "approved_by"}


def test_a_substitute_excluded_for_the_unit_is_refused(manager, team):
    unit = EstablishmentFactory()
    draw = draw_make(
        user=manager,
        name="回避",
        count=1,
        townships=[unit.township],
        exclusions=[(team[0].pk, unit.pk)],
    )
    a = draw.assignments.get()
    with pytest.raises(ValidationError) as exc:
        draw_substitute(
            user=manager,
            assignment=a,
            replaced=a.inspector_a,
            substitute=team[0],
            reason="病假",
            approved_by=manager,
        )
    assert "须回避该单位" in exc.value.message_dict["substitute"][0]


def test_the_api_records_a_substitution_and_shows_the_team(client_as, manager, assignment, team):
    substitute = others(assignment, team)[0]
    client = client_as(manager)
    url = reverse("draw-substitute", args=[assignment.draw_id])
    payload = {
        "assignment": assignment.pk,
        "replaced": assignment.inspector_b_id,
        "substitute": substitute.pk,
        "reason": "出差",
        "approved_by": manager.pk,
    }
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    data = client.get(reverse("draw-detail", args=[assignment.draw_id])).json()
    row = data["assignments"][0]
    assert row["inspector_b"] == assignment.inspector_b_id  # the drawn pair as drawn
    assert row["team"] == [assignment.inspector_a_id, substitute.pk]
    assert row["substitutions"][0]["reason"] == "出差"
    assert {"seed", "parameters", "exclusions", "candidate_count"} <= set(data)
    # An assignment of another draw is not this draw's.
    other = draw_make(user=manager, name="另一批", count=1).assignments.get()
    response = client.post(
        url, {**payload, "assignment": other.pk}, content_type="application/json"
    )
    assert response.status_code == 400


def test_the_draw_time_on_the_page_is_local(client_as, manager, assignment):
    draw = assignment.draw
    RandomDraw.objects.filter(pk=draw.pk).update(
        created_at=datetime.datetime(2026, 3, 2, 17, 5, tzinfo=datetime.UTC)
    )
    page = client_as(manager).get(draw.get_absolute_url()).content.decode()
    assert "2026-03-03 01:05:00（北京时间）" in page
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"

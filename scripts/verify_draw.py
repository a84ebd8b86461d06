#!/usr/bin/env python3
"""Re-run a published random draw (双随机抽查) from its workbook and say whether it matches.

Needs only Python 3 and openpyxl (``pip install openpyxl``); it does not use the Weijian
application or its database, so anyone can check a published draw:

    python verify_draw.py 双随机抽查_12.xlsx

It reads the workbook the draw page exports (导出 Excel（公示）) and, for a draw made with
method 2 (docs/draws.md):

1. rebuilds the candidate snapshot from the sheets 候选单位 (unit id, credit code),
   监督员名录 (officer ids), 回避 (officer id, unit id) and the 抽取条件 of 验证数据, writes it as
   canonical JSON (keys sorted, no spaces, UTF-8, non-ASCII kept) and checks its SHA-256
   against the published 快照哈希;
2. checks that SHA-256(秘密值) is the published 承诺值;
3. derives the seed: the first 8 bytes of SHA-256(快照哈希 bytes || 秘密值 bytes), read
   big-endian, shifted right by one; and checks it against the published 随机种子;
4. re-runs the draw with Python's random.Random(seed): ``sample`` of the count from the
   sorted unit ids, then for each drawn unit in order ``sample`` of two from the sorted
   officer ids less those excluded for that unit; and compares the result, row by row,
   with the sheet 抽查结果 (单位编号, 监督员一编号, 监督员二编号).

A draw made with the old method 1 (seed entered) has no snapshot hash or secret: only step 4
is run, from the published seed.

Exit status: 0 when everything matches (一致), 1 when something does not (不一致), 2 when the
file cannot be read as a draw's workbook.
"""

import hashlib
import json
import random
import sys

from openpyxl import load_workbook

RESULTS, UNITS, OFFICERS, EXCLUSIONS, DATA = (
    "抽查结果",
    "候选单位",
    "监督员名录",
    "回避",
    "验证数据",
)


def rows(sheet):
    """The data rows of a sheet (below its header), blank rows left out."""
    out = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if any(v not in (None, "") for v in row):
            out.append(row)
    return out


def integer(value) -> int:
    return int(str(value).strip())


def canonical_bytes(document) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def seed_from(snapshot_hash: str, secret: str) -> int:
    digest = hashlib.sha256(bytes.fromhex(snapshot_hash) + bytes.fromhex(secret)).digest()
    return int.from_bytes(digest[:8], "big") >> 1


# A draw by grade: the strata in their fixed order (A, B, C, 不予定级, 未评定).
GRADE_STRATA = ("A", "B", "C", "none", "unrated")


def draw(seed, unit_ids, officer_ids, count, exclusions, strata=None):
    """The assignments [(unit, officer, officer)]: the same algorithm as the application.
    ``strata`` (a draw by grade): [(unit ids, how many)] in GRADE_STRATA order."""
    rng = random.Random(seed)
    if strata is None:
        units = rng.sample(sorted(unit_ids), count)
    else:
        units = []
        for ids, n in strata:
            units += rng.sample(sorted(ids), n)
    excluded = set(exclusions)
    officers = sorted(officer_ids)
    result = []
    for unit in units:
        eligible = [i for i in officers if (i, unit) not in excluded]
        if len(eligible) < 2:
            raise ValueError(f"单位 #{unit} 回避后可抽取的监督员不足两名")
        a, b = rng.sample(eligible, 2)
        result.append((unit, a, b))
    return result


def read(path):
    wb = load_workbook(path, read_only=True, data_only=True)
    data = {str(k).strip(): v for k, v, *_ in rows(wb[DATA]) if k}
    unit_rows = rows(wb[UNITS])
    units = [(integer(r[1]), str(r[2] or "")) for r in unit_rows]
    # A draw by grade: each candidate's grade at the draw, in the fifth column.
    grades = {integer(r[1]): str(r[4]) for r in unit_rows if len(r) > 4 and r[4]}
    officers = [integer(r[1]) for r in rows(wb[OFFICERS])]
    exclusions = [(integer(r[0]), integer(r[2])) for r in rows(wb[EXCLUSIONS])]
    results = [(integer(r[1]), integer(r[6]), integer(r[8])) for r in rows(wb[RESULTS])]
    return data, units, officers, exclusions, results, grades


def check(path) -> list[str]:
    """Every mismatch found ([]: the draw is reproduced), printing each step."""
    data, units, officers, exclusions, results, grades = read(path)
    problems = []
    method = integer(data.get("抽取方法", 1))
    parameters = json.loads(data["抽取条件"])
    count = integer(parameters["count"])
    seed = integer(data["随机种子"])
    print(
        f"抽查：{data.get('抽查名称', '')}（抽取方法 {method}，抽取时间 {data.get('抽取时间', '')}）"
    )
    print(
        f"候选单位 {len(units)} 户，监督员 {len(officers)} 人，回避 {len(exclusions)} 对，抽取 {count} 户"
    )
    if method >= 2:
        snapshot = {
            "algorithm": method,
            "parameters": parameters,
            "units": sorted([pk, code] for pk, code in units),
            "officers": sorted(officers),
            "exclusions": sorted([i, u] for i, u in exclusions),
        }
        if "grade_counts" in parameters:
            snapshot["grades"] = sorted([pk, g] for pk, g in grades.items())
        snapshot_hash = hashlib.sha256(canonical_bytes(snapshot)).hexdigest()
        published = str(data.get("快照哈希") or "").strip()
        ok = snapshot_hash == published
        print(
            f"快照哈希：{snapshot_hash} {'一致' if ok else '不一致（公布的是 ' + published + '）'}"
        )
        if not ok:
            problems.append("候选快照的哈希与公布的快照哈希不符")
        secret = str(data.get("秘密值") or "").strip()
        commitment = str(data.get("承诺值") or "").strip()
        ok = hashlib.sha256(bytes.fromhex(secret)).hexdigest() == commitment
        print(f"秘密值与承诺值：{'一致' if ok else '不一致'}")
        if not ok:
            problems.append("秘密值的 SHA-256 不是公布的承诺值")
        derived = seed_from(published, secret)
        ok = derived == seed
        print(f"随机种子：{derived} {'一致' if ok else '不一致（公布的是 ' + str(seed) + '）'}")
        if not ok:
            problems.append("随机种子不是由快照哈希和秘密值导出的")
    else:
        print("旧方法（随机种子由人填写或系统生成）：只能按公布的种子重新抽取。")
    unit_ids = [pk for pk, _code in units]
    strata = None
    if "grade_counts" in parameters:
        counts = parameters["grade_counts"]
        strata = [
            (sorted(pk for pk, g in grades.items() if g == row), integer(counts.get(row, 0)))
            for row in GRADE_STRATA
        ]
        print(f"按信誉度等级抽取：各等级户数 {counts}")
    try:
        expected = draw(seed, unit_ids, officers, count, exclusions, strata)
    except ValueError as exc:
        return [*problems, f"无法重新抽取：{exc}"]
    differences = [
        f"第 {position} 号：重新抽取得 {want}，公布的是 {got}"
        for position, (want, got) in enumerate(zip(expected, results, strict=False), start=1)
        if want != got
    ]
    if len(expected) != len(results):
        differences.append(f"重新抽取 {len(expected)} 户，公布的是 {len(results)} 户")
    print(f"重新抽取的结果（单位, 监督员一, 监督员二）：{expected}")
    print(f"与公布的抽查结果：{'不一致' if differences else '一致'}")
    return problems + differences


def main(argv) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1] if __doc__ else "", file=sys.stderr)
        print("用法：python verify_draw.py 双随机抽查.xlsx", file=sys.stderr)
        return 2
    try:
        problems = check(argv[1])
    except (OSError, KeyError, ValueError, IndexError, TypeError) as exc:
        print(f"无法读取抽查表：{exc!r}", file=sys.stderr)
        return 2
    if problems:
        for p in problems:
            print(f"  - {p}")
        print("验证结果：不一致")
        return 1
    print("验证结果：一致")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

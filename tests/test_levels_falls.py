"""Falls in `progress`: a fall's result shows its direction, and the margin is signed
the reader's way, + for a target beaten and - for one missed, a ceiling or a fall too.

The data is tests/fixtures/falls/: 青河市's government work report (主要预期目标), its two
county-level units' pledges, and the 2025 report's review of 2024
(sources/qinghe-2025-report.txt), all written for this test. The figures, by hand:

| target | promised | came | status | margin |
|---|---|---|---|---|
| qinghe-gdp-growth | 增长5%以上 | 5.3% | met | 5.3 - 5 = +0.3 |
| qinghe-fai-growth | 增长4%以上 | 下降18.2% (-18.2) | missed | -18.2 - 4 = -22.2 |
| qinghe-energy | 下降2.5%以上 | 下降3.1% | met | fell 3.1 - 2.5 = 0.6 more: +0.6 |
| qinghe-cpi | 3%左右 (a ceiling) | 0.2% | met | 3 - 0.2 = 2.8 under: +2.8 |
| qinghe-unemployment | 5.5%以内 | 4.9% | met | 5.5 - 4.9 = +0.6 |
| dongan-energy | 确保下降3%以上 | 下降1.5% | missed | fell 3 - 1.5 = 1.5 less: -1.5 |
| dongan-fai-growth | 确保增长6% | 下降2.0% (-2) | missed | -2 - 6 = -8.0 |
| beian-energy | 力争下降2% | 上升0.4% (0.4) | missed | rose 0.4, not fell 2: -2.4 |
| beian-fai-growth | 增长5%以上 | none | unknown | |
| nanan-energy | 增幅控制在3.5%以内 | none | unknown | |
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

DATA = str(Path(__file__).parent / "fixtures" / "falls" / "targets.toml")

# id: (status, margin in points, the result as a Chinese and an English table shows it)
EXPECTED = {
    "qinghe-gdp-growth": ("met", 0.3, "5.3 %", "5.3 %"),
    "qinghe-fai-growth": ("missed", -22.2, "-18.2 %", "-18.2 %"),
    "qinghe-energy": ("met", 0.6, "下降 3.1 %", "fall 3.1 %"),
    "qinghe-cpi": ("met", 2.8, "0.2 %", "0.2 %"),
    "qinghe-unemployment": ("met", 0.6, "4.9 %", "4.9 %"),
    "dongan-energy": ("missed", -1.5, "下降 1.5 %", "fall 1.5 %"),
    "dongan-fai-growth": ("missed", -8.0, "-2 %", "-2 %"),
    "beian-energy": ("missed", -2.4, "上升 0.4 %", "rise 0.4 %"),
}
# the missed ones, firmest word first: 东岸's two 确保, 北岸's 力争, then the city's (no word)
MISSED = ["dongan-energy", "dongan-fai-growth", "beian-energy", "qinghe-fai-growth"]


def _progress(run, *args: str):
    ran = run("progress", "--data", DATA, *args)
    assert ran.code == 0, ran.stderr
    return ran


def _block(stdout: str, key: str, target_id: str) -> list[str]:
    """The lines of one recorded outcome, from its id line to the blank line after it."""
    lines = [line.rstrip() for line in stdout.splitlines()]
    start = next(n for n, line in enumerate(lines) if line.split() == [key, target_id])
    end = next((n for n in range(start, len(lines)) if not lines[n].strip()), len(lines))
    return lines[start:end]


def test_check_accepts_the_fixture(run) -> None:
    ran = run("check", DATA)
    assert ran.code == 0, ran.stderr


def test_json_gives_status_signed_margin_and_directions(run) -> None:
    document = json.loads(_progress(run, "--json").stdout)
    assert (document["targets"], document["outcomes_known"]) == (10, 8)
    assert (document["total"]["met"], document["total"]["missed"]) == (4, 4)
    found = {row["id"]: row for row in document["outcomes"]}
    assert set(found) == set(EXPECTED)
    for target_id, (status, margin, _, _) in EXPECTED.items():
        row = found[target_id]
        assert (row["status"], row["margin"], row["margin_unit"]) == (status, margin, "points")
    # a fall is the size of the fall with its direction beside it, target and result
    energy = found["qinghe-energy"]
    assert (energy["target_value"], energy["target_direction"]) == (2.5, "down")
    assert (energy["outcome_value"], energy["outcome_direction"]) == (3.1, "down")
    # a negative growth figure is signed, and no fall is claimed for it
    fai = found["qinghe-fai-growth"]
    assert (fai["outcome_value"], fai["outcome_direction"], fai["target_direction"]) == (
        -18.2,
        None,
        None,
    )
    # 北岸's 0.4 is a rise (a plain positive figure) against a target of a fall
    beian = found["beian-energy"]
    assert (beian["outcome_value"], beian["outcome_direction"]) == (0.4, None)
    assert beian["target_direction"] == "down"
    assert [row["id"] for row in document["missed"]] == MISSED
    assert [row["margin"] for row in document["missed"]] == [-1.5, -8.0, -2.4, -22.2]


def test_table_shows_the_fall_and_the_sign(run) -> None:
    for lang, column in (("zh", 2), ("en", 3)):
        ran = _progress(run, "--format", "table", "--lang", lang)
        for target_id, expected in EXPECTED.items():
            block = _block(ran.stdout, "编号" if lang == "zh" else "id", target_id)
            fields = dict(line.split(None, 1) for line in block if " " in line.strip())
            result = fields["结果" if lang == "zh" else "result"].strip()
            margin = fields["差距" if lang == "zh" else "margin"].strip()
            assert result == expected[column], block
            points = "个百分点" if lang == "zh" else "points"
            assert margin == f"{expected[1]:+.1f} {points}", block
        # the sign is explained once a ceiling or a fall is shown
        note = (
            "差距（个百分点）：正数为好于目标，负数为未达目标；上限目标和下降目标同样如此。"
            if lang == "zh"
            else "Margin in points: + beat the target, - missed it, for a ceiling or a fall too."
        )
        assert note in ran.stdout


def test_missed_table_keeps_the_direction(run) -> None:
    ran = _progress(run, "--format", "table", "--lang", "en", "--status", "missed")
    table = ran.stdout[ran.stdout.index("Missed targets") :]
    # 东岸 promised a fall of at least 3 and got a fall of 1.5: missed by 1.5 points
    assert "fall ≥3 %" in table and "fall" in table and "-1.5" in table
    assert "rise" in table  # 北岸's energy use rose


def test_flat_rows_carry_the_directions(run) -> None:
    for form, delimiter in (("csv", ","), ("tsv", "\t")):
        text = _progress(run, "--format", form).stdout
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        outcomes = {r["id"]: r for r in rows if r["role"] == "outcome"}
        for target_id, (status, margin, _, _) in EXPECTED.items():
            row = outcomes[target_id]
            assert (row["status"], float(row["margin"])) == (status, margin)
        assert (
            outcomes["qinghe-energy"]["target_direction"],
            outcomes["qinghe-energy"]["outcome_direction"],
        ) == ("down", "down")
        assert outcomes["qinghe-fai-growth"]["outcome_value"] == "-18.2"
        missed = [r["id"] for r in rows if r["role"] == "missed"]
        assert missed == MISSED
    lines = [json.loads(line) for line in _progress(run, "--format", "jsonl").stdout.splitlines()]
    energy = [r for r in lines if r.get("role") == "outcome" and r["id"] == "dongan-energy"]
    assert [(r["margin"], r["outcome_direction"]) for r in energy] == [(-1.5, "down")]


def test_show_gives_the_fall_and_the_signed_margin(run) -> None:
    zh = run("show", "qinghe-energy", "--data", DATA, "--format", "table")
    assert zh.code == 0, zh.stderr
    assert "完成，+0.6 个百分点" in zh.stdout
    assert "下降 3.1 % (2024)" in zh.stdout
    en = run("show", "dongan-energy", "--data", DATA, "--format", "table", "--lang", "en")
    assert "missed, -1.5 points" in en.stdout
    assert "fall 1.5 % (2024)" in en.stdout
    record = json.loads(run("show", "qinghe-cpi", "--data", DATA, "--json").stdout)
    record = record[0] if isinstance(record, list) else record
    # 3%左右 read as a ceiling: 0.2% is 2.8 points under it, beaten
    assert (record["status"], record["margin"]) == ("met", 2.8)

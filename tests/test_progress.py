"""`targets progress`: the scorecard of a hand-made set of outcomes, every figure by hand.

The data is the bundled data (any outcomes it holds left out) with the outcomes below
beside it, in a file of their own. The targets' figures they are held against are
asserted from the bundled file itself (read by tomllib, not by the tool), so that a
change to the data shows here as that, not as a wrong status.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tomllib
from pathlib import Path

import pytest

from targets_cli.answers.progressing import progress_report, resolve_statuses
from targets_cli.data.index import load
from targets_cli.data.loading import bundled_data
from targets_cli.data.query import Filters
from targets_cli.errors import UsageError
from targets_cli.renderers import Format, render

# (target id, what this test takes the target to be: org, comparator, value, unit, firmness)
TARGETS = {
    "kaiping-gdp-growth": ("开平市", ">=", 5.5, "%", "确保"),
    "kaiping-projects-100m": ("开平市", ">=", 52, "个", "确保"),
    "enping-gdp-growth": ("恩平市", ">=", 6, "%", "确保"),
    "taishan-projects-100m": ("台山市", "=", 60, "个", "争取"),
    "taishan-project-investment": ("台山市", ">", 300, "亿元", "争取"),
    "taishan-provincial-hitech-zone": ("台山市", None, None, None, None),  # a milestone
    "heshan-industrial-output": ("鹤山市", ">", 1000, "亿元", None),
    "heshan-four-above-firms": ("鹤山市", ">", 1000, "家", None),
    "jianghai-hitech-zone-rank": ("江海区", "<=", 50, "强", "冲刺"),
    "keji-hitech-firms": ("市科技局", "=", 3000, "家", "力争"),
}


def _outcome(ident, target, value, unit, *, published="2025-03-12", **extra):
    dated = [f'published = "{published}"'] if published else []
    lines = [
        "[[outcomes]]",
        f'id = "{ident}"',
        f'target = "{target}"',
        f"value = {value}",
        f'unit = "{unit}"',
        'period = "2024"',
        'publisher = "江门日报"',
        f'title = "{target} 2024"',
        *dated,
        f'url = "https://example.org/{ident}"',
    ]
    for key, item in extra.items():
        lines.append(f"{key} = {json.dumps(item, ensure_ascii=False)}")
    return "\n".join(lines) + "\n\n"


OUTCOMES = "format = 1\n\n" + "".join(
    [
        # >= 5.5 %, result 2.5 %: missed by 2.5 - 5.5 = -3.0 points
        _outcome("kaiping-gdp", "kaiping-gdp-growth", 2.5, "%"),
        # >= 52 个: preliminary 50 (missed alone: 50/52 = 0.9615), final 53 decides:
        # 53 >= 52 met, 53/52 = 1.0192
        _outcome(
            "kaiping-projects-early",
            "kaiping-projects-100m",
            50,
            "个",
            published="2025-01-20",
            preliminary=True,
        ),
        _outcome("kaiping-projects", "kaiping-projects-100m", 53, "个"),
        # >= 6 %, result 6.2 % (preliminary, the only one): met by 6.2 - 6 = +0.2 points
        _outcome("enping-gdp", "enping-gdp-growth", 6.2, "%", preliminary=True),
        # = 60 个, result 58: missed, 58/60 = 0.9667
        _outcome("taishan-projects", "taishan-projects-100m", 58, "个"),
        # > 300 亿元, result 3200000 万元 = 320 亿元: met, 320/300 = 1.0667
        _outcome("taishan-investment", "taishan-project-investment", 3200000, "万元"),
        # a milestone given a figure: not comparable
        _outcome("taishan-zone", "taishan-provincial-hitech-zone", 1, "个"),
        # > 1000 亿元, result "近1000亿元": 950..1050 straddles 1000, unclear; 1000/1000 = 1
        _outcome(
            "heshan-output",
            "heshan-industrial-output",
            1000,
            "亿元",
            comparator="about",
            wording="近",
        ),
        # > 1000 家, result a growth rate of 8.5 %: not comparable
        _outcome("heshan-firms", "heshan-four-above-firms", 8.5, "%"),
        # place <= 50 (50强), place 45: met, no margin (a report that shows no date)
        _outcome("jianghai-rank", "jianghai-hitech-zone-rank", 45, "强", published=None),
        # = 3000 家, result 2850: missed, 2850/3000 = 0.95
        _outcome("keji-hitech", "keji-hitech-firms", 2850, "家"),
    ]
)

# Worked from the outcomes above, per org: (known, met, missed, unclear, not comparable)
BY_HAND = {
    "开平市": (2, 1, 1, 0, 0),
    "恩平市": (1, 1, 0, 0, 0),
    "台山市": (3, 1, 1, 0, 1),
    "鹤山市": (2, 0, 0, 1, 1),
    "江海区": (1, 1, 0, 0, 0),
    "市科技局": (1, 0, 1, 0, 0),
}
KNOWN = 2 + 1 + 3 + 2 + 1 + 1  # 10 targets with an outcome (11 outcomes: 开平 has two)
# the missed ones, firmest word first: 确保 (ensure), 力争 (strive), 争取 (try)
MISSED = [
    ("kaiping-gdp-growth", -3.0, "points"),
    ("keji-hitech-firms", 0.95, "share"),
    ("taishan-projects-100m", 0.9667, "share"),
]


@pytest.fixture(scope="module")
def raw() -> dict:
    return tomllib.loads(bundled_data().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stated(raw) -> dict[str, int]:
    """How many targets each org states in the bundled file, counted by tomllib; a
    target said twice (same_as the other) is one target."""
    ids = {target["id"] for target in raw["targets"]}
    counts: dict[str, int] = {}
    for target in raw["targets"]:
        if target.get("same_as") not in ids:
            counts[target["org"]] = counts.get(target["org"], 0) + 1
    return counts


@pytest.fixture(scope="module")
def restated(raw) -> list[str]:
    ids = {target["id"] for target in raw["targets"]}
    return [t["id"] for t in raw["targets"] if t.get("same_as") in ids]


@pytest.fixture(scope="module")
def folder(tmp_path_factory, raw) -> Path:
    by_id = {t["id"]: t for t in raw["targets"]}
    for ident, (org, comparator, value, unit, firmness) in TARGETS.items():
        target = by_id[ident]
        found = tuple(target.get(k) for k in ("org", "comparator", "value", "unit"))
        assert found == (org, comparator, value, unit), ident
        if firmness is not None:
            assert target.get("firmness") == firmness, ident
    root = tmp_path_factory.mktemp("progress") / "data"
    data = bundled_data()
    shutil.copytree(data.parent / "sources", root / "sources")
    kept, keep = [], True
    for line in data.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("[["):
            keep = line.split("]]")[0].strip("[ ") != "outcomes"
        if keep:
            kept.append(line)
    (root / "targets.toml").write_text("".join(kept), encoding="utf-8")
    (root / "outcomes.toml").write_text(OUTCOMES, encoding="utf-8")
    if not load(root).outcomes:
        pytest.skip("the loader does not carry [[outcomes]] into Dataset.outcomes yet")
    return root


def _answer(folder, lang="zh", **filters):
    return progress_report(folder, Filters(**filters), lang)


def test_the_scorecard_by_hand(folder, stated, restated):
    document = _answer(folder).document
    total = sum(stated.values())
    assert (document["targets"], document["outcomes_known"]) == (total, KNOWN)
    assert document["restatements"] == restated
    assert document["note"] == f"已知结果的目标：{total} 个中 {KNOWN} 个"
    rows = {row["org"]: row for row in document["scorecard"]}
    # every org that states a target has a row, in the order of the orgs
    assert list(rows) == [org for org in _org_order() if org in stated]
    for org, count in stated.items():
        known, met, missed, unclear, other = BY_HAND.get(org, (0, 0, 0, 0, 0))
        assert rows[org] | {"org_en": None, "kind": None} == {
            "org": org,
            "org_en": None,
            "kind": None,
            "targets": count,
            "known": known,
            "met": met,
            "missed": missed,
            "unclear": unclear,
            "not_comparable": other,
            "unknown": count - known,
        }, org
    # met 开平, 恩平, 台山, 江海 = 4; missed 开平, 台山, 科技局 = 3; unclear 1; not comparable 2
    assert document["total"] == {
        "targets": total,
        "known": KNOWN,
        "met": 4,
        "missed": 3,
        "unclear": 1,
        "not_comparable": 2,
        "unknown": total - KNOWN,
    }


def _org_order() -> list[str]:
    raw = tomllib.loads(bundled_data().read_text(encoding="utf-8"))
    return [org["id"] for org in raw["orgs"]]


def test_missed_firmest_word_first_with_margin_and_citation(folder):
    missed = _answer(folder).document["missed"]
    assert [(m["id"], m["margin"], m["margin_unit"]) for m in missed] == MISSED
    first = missed[0]
    assert (first["firmness"], first["firmness_level"]) == ("确保", "ensure")
    assert (first["target_comparator"], first["target_value"], first["target_unit"]) == (
        ">=",
        5.5,
        "%",
    )
    assert (first["outcome_value"], first["outcome_unit"], first["outcome_period"]) == (
        2.5,
        "%",
        "2024",
    )
    assert (first["outcome_publisher"], first["outcome_published"]) == ("江门日报", "2025-03-12")
    assert first["outcome_url"] == "https://example.org/kaiping-gdp"


def test_every_recorded_outcome_with_its_status(folder):
    outcomes = _answer(folder).document["outcomes"]
    found = {o["outcome_id"]: (o["status"], o["margin"], o["decides"]) for o in outcomes}
    assert found == {
        "kaiping-gdp": ("missed", -3.0, True),
        "kaiping-projects-early": ("missed", 0.9615, False),  # 50/52, superseded by 53
        "kaiping-projects": ("met", 1.0192, True),  # 53/52
        "enping-gdp": ("met", 0.2, True),  # 6.2 - 6
        "taishan-projects": ("missed", 0.9667, True),  # 58/60
        "taishan-investment": ("met", 1.0667, True),  # 320/300
        "taishan-zone": ("not-comparable", None, True),
        "heshan-output": ("unclear", 1.0, True),  # 1000/1000
        "heshan-firms": ("not-comparable", None, True),
        "jianghai-rank": ("met", None, True),
        "keji-hitech": ("missed", 0.95, True),  # 2850/3000
    }
    reasons = {o["outcome_id"]: o["status_reason"] for o in outcomes}
    assert (reasons["heshan-output"], reasons["heshan-firms"], reasons["taishan-zone"]) == (
        "bounds",
        "unit",
        "milestone",
    )


def test_a_status_filter_still_says_how_many_are_known(folder, stated, restated):
    total = sum(stated.values())
    report = _answer(folder, lang="en", statuses=("missed",))
    document = report.document
    assert (document["targets"], document["outcomes_known"], document["shown"]) == (
        total,
        KNOWN,
        3,
    )
    assert document["total"]["missed"] == 3
    assert document["total"]["targets"] == 3
    assert [row["org"] for row in document["scorecard"]] == ["台山市", "开平市", "市科技局"]
    twice = len(restated)
    said = "target stated twice is" if twice == 1 else "targets stated twice are"
    assert report.tables()[0].notes == (
        f"outcomes known for {KNOWN} of {total} targets",
        # the note names the ids left out, so a reader can find them
        *(
            [f"{twice} {said} counted once (same_as), left out: {', '.join(restated)}"]
            if twice
            else []
        ),
        "shown: the 3 with status missed",
    )


def test_the_region_filter(folder, stated):
    # 开平 is a county-level city: its region holds the targets 开平市 states, no others
    document = _answer(folder, regions=("开平",)).document
    assert (document["targets"], document["outcomes_known"]) == (stated["开平市"], 2)


def test_every_figure_is_in_the_flat_rows(folder, stated):
    total = sum(stated.values())
    out = io.StringIO()
    render(_answer(folder), Format.csv, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    roles = [row["role"] for row in rows]
    assert roles.count("coverage") == 1 and roles.count("total") == 1
    assert roles.count("scorecard") == len(stated)
    assert roles.count("missed") == 3 and roles.count("outcome") == 11
    coverage = rows[roles.index("coverage")]
    assert (coverage["targets"], coverage["known"]) == (str(total), str(KNOWN))
    missed = [(r["id"], r["margin"]) for r in rows if r["role"] == "missed"]
    assert missed == [(i, str(m)) for i, m, _ in MISSED]


def test_the_tables_for_people(folder, stated):
    total = sum(stated.values())
    scorecard, missed, outcomes = _answer(folder).tables()
    assert scorecard.notes[0] == f"已知结果的目标：{total} 个中 {KNOWN} 个"
    assert scorecard.rows[-1]["org"] == "合计"
    assert (scorecard.rows[-1]["known"], scorecard.rows[-1]["missed"]) == (KNOWN, 3)
    first = missed.rows[0]
    assert (first["firmness"], first["org"], first["figure"], first["result"]) == (
        "确保",
        "开平",
        "≥5.5 %",
        "2.5 %",
    )
    assert first["margin"] == "-3.0 个百分点"
    # the citation: a number in the table, the report in full under the list of outcomes
    number = first["source"].split("]")[0] + "]"
    assert first["source"] == f"{number} 江门日报"
    cited = (
        f"{number} 江门日报, kaiping-gdp-growth 2024, 2025-03-12, https://example.org/kaiping-gdp"
    )
    assert cited in outcomes.notes
    assert missed.rows[1]["margin"] == "达目标的 95.0%"  # 2850 / 3000
    by_result = {row["result"]: row for row in outcomes.rows}
    assert by_result["≈1000 亿元"]["status"] == "无法判定 (结果所带的界限不足以判定)"
    assert by_result["6.2 %（初步）"]["margin"] == "+0.2 个百分点"
    assert by_result["50 个（初步）"]["status"] == "未完成 *"  # superseded by the final 53
    en = _answer(folder, lang="en").tables()
    assert en[0].notes[0] == f"outcomes known for {KNOWN} of {total} targets"
    assert en[1].rows[0]["margin"] == "-3.0 points"
    assert en[1].rows[0]["firmness"] == "ensure"


def test_status_names():
    assert resolve_statuses(["missed", "未完成", "not_comparable", "Met"]) == (
        "missed",
        "not-comparable",
        "met",
    )
    with pytest.raises(UsageError) as raised:
        resolve_statuses(["mised"])
    assert "unknown status 'mised'; did you mean: missed" in str(raised.value)


def test_no_target_with_the_status(folder, stated):
    total = sum(stated.values())
    report = _answer(folder, lang="en", regions=("恩平",), statuses=("missed",))
    assert report.document["shown"] == 0
    assert report.empty_note == (
        f"no target has status missed (outcomes known for 1 of {stated['恩平市']} targets); "
        "try without --status"
    )
    assert total > stated["恩平市"]


def test_through_the_command_line(folder, stated, capsys):
    from targets_cli.__main__ import main

    code = main(["progress", "--data", str(folder), "--json"])
    out, err = capsys.readouterr()
    if code == 2 and "No such command 'progress'" in err:
        pytest.skip("the CLI has no `progress` command yet (it calls progressing.progress_report)")
    assert code == 0, err
    document = json.loads(out)
    assert (document["targets"], document["outcomes_known"]) == (sum(stated.values()), KNOWN)
    assert [(m["id"], m["margin"], m["margin_unit"]) for m in document["missed"]] == MISSED
    code = main(["progress", "--data", str(folder), "--status", "mised", "--json"])
    assert code == 2
    assert "missed" in capsys.readouterr().err


def test_outcome_fields_for_other_views(folder):
    from targets_cli.views.progress import OUTCOME_FIELDS, outcome_fields

    dataset = load(folder)
    by_id = {t.id: t for t in dataset.targets}
    fields = outcome_fields(dataset, by_id["kaiping-gdp-growth"])
    assert tuple(fields) == OUTCOME_FIELDS
    assert fields == {
        "status": "missed",
        "status_reason": None,
        "outcome_id": "kaiping-gdp",
        "outcome_value": 2.5,
        "outcome_value_max": None,
        "outcome_comparator": "=",
        "outcome_unit": "%",
        "outcome_period": "2024",
        "outcome_preliminary": False,
        "margin": -3.0,  # 2.5 - 5.5
        "margin_unit": "points",
        "outcome_source": "江门日报, kaiping-gdp-growth 2024, 2025-03-12",
        "outcome_url": "https://example.org/kaiping-gdp",
        "outcome_direction": None,  # a plain figure, not the size of a fall
    }
    # the final 53 decides over the preliminary 50: 53 >= 52, 53/52 = 1.0192
    fields = outcome_fields(dataset, by_id["kaiping-projects-100m"])
    assert (fields["status"], fields["outcome_id"], fields["margin"]) == (
        "met",
        "kaiping-projects",
        1.0192,
    )
    # a target with no outcome: unknown, and nothing else
    fields = outcome_fields(dataset, by_id["taishan-talent-teams"])
    assert fields["status"] == "unknown"
    assert fields["status_reason"] == "no-outcome"
    assert all(fields[key] is None for key in OUTCOME_FIELDS[2:])


def test_an_undated_report_is_cited_without_a_date(folder):
    outcomes = _answer(folder).tables()[2]
    assert (
        "江门日报, jianghai-hitech-zone-rank 2024, https://example.org/jianghai-rank"
        in " ".join(outcomes.notes)
    )
    from targets_cli.views.progress import outcome_fields

    dataset = load(folder)
    rank = next(t for t in dataset.targets if t.id == "jianghai-hitech-zone-rank")
    assert outcome_fields(dataset, rank)["outcome_source"] == (
        "江门日报, jianghai-hitech-zone-rank 2024"
    )


def test_a_bundled_outcome_by_hand(raw):
    """鹤山's 招商引资 pledge against the result the bundled data records for 2024."""
    from targets_cli.views.progress import outcome_fields

    target = next(t for t in raw["targets"] if t["id"] == "heshan-investment-attracted")
    assert (target["comparator"], target["value"], target["unit"]) == ("=", 300, "亿元")
    outcome = next(o for o in raw["outcomes"] if o["target"] == target["id"])
    assert (outcome["comparator"], outcome["value"], outcome["unit"]) == (">=", 301.8, "亿元")
    dataset = load(bundled_data().parent)
    fields = outcome_fields(dataset, next(t for t in dataset.targets if t.id == target["id"]))
    # a level of 300 to reach; the result is at least 301.8 (a floor: only projects of
    # 1亿元 or more are counted), and every value from 301.8 up reaches 300: met.
    # The margin is the share reached: 301.8 / 300 = 1.006
    assert (fields["status"], fields["margin"], fields["margin_unit"]) == ("met", 1.006, "share")
    assert (fields["outcome_comparator"], fields["outcome_period"]) == (">=", "2024")


def test_show_gives_the_outcome_its_margin_and_where_it_was_reported(run):
    # 开平: 确保…增长5.5%以上, reported 2.5%: 2.5 - 5.5 = -3.0 points, missed
    ran = run("show", "kaiping-gdp-growth", "--format", "table")
    assert ran.code == 0, ran
    lines = [" ".join(line.split()) for line in ran.stdout.splitlines()]
    assert "状态 未完成，-3.0 个百分点" in lines
    assert "结果 2.5 % (2024)" in lines
    assert "链接 http://jmnews.com.cn/a/content/2025-03/12/content_2724989.htm" in lines
    # 新会: 突破600亿元 (> 600), reported at least 558.4: 558.4 / 600 = 93.07% reached,
    # and the floor leaves both sides open: show says why it is unclear
    ran = run("show", "xinhui-project-investment", "--format", "table", "--lang", "en")
    lines = [" ".join(line.split()) for line in ran.stdout.splitlines()]
    assert "status unclear (the result's bound cannot decide), 93.1% of the target" in lines
    assert "outcome ≥558.4 亿元 (2024)" in lines
    # a target with no outcome says so and nothing more
    ran = run("show", "taishan-projects-100m", "--format", "table")
    assert [" ".join(line.split()) for line in ran.stdout.splitlines() if "状态" in line] == [
        "状态 未知"
    ]
    assert "结果" not in ran.stdout


# ---- coverage: the city's result beside the city's goal ---------------------------------


@pytest.fixture
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # no cell wraps: a result is on one line
    monkeypatch.setenv("NO_COLOR", "1")


def _coverage(folder, capsys, *args: str) -> str:
    from targets_cli.__main__ import main

    assert main(["coverage", "--data", str(folder), *args]) == 0
    return capsys.readouterr().out


def test_coverage_sets_the_city_s_result_beside_its_goal(folder, capsys, wide):
    # 市科技局: = 3000 家 高企 in 2024, result 2850: missed, 2850/3000 = 0.95
    document = json.loads(_coverage(folder, capsys, "--metric", "高企存量", "--json"))
    (entry,) = document["coverage"]
    (sub,) = entry["subtotals"]
    (city,) = sub["city"]
    assert (city["id"], city["status"], city["outcome_value"], city["margin"]) == (
        "keji-hitech-firms",
        "missed",
        2850,
        0.95,
    )
    assert city["outcome_source"].startswith("江门日报")

    rows = list(
        csv.DictReader(
            io.StringIO(_coverage(folder, capsys, "--metric", "高企存量", "--format", "csv"))
        )
    )
    (row,) = [r for r in rows if r["role"] == "city"]
    assert (row["status"], row["outcome_value"], row["margin"], row["margin_unit"]) == (
        "missed",
        "2850",
        "0.95",
        "share",
    )

    table = _coverage(folder, capsys, "--metric", "高企存量", "--format", "table")
    assert "全市实际" in table
    line = next(line for line in table.splitlines() if "3000 家" in line)
    assert "2850 家 · 未完成 · 达目标的 95.0%" in line


def test_coverage_without_a_city_result_has_no_result_column(folder, capsys, wide):
    table = _coverage(folder, capsys, "--metric", "工业投资", "--format", "table")
    assert "全市实际" not in table


def test_a_rate_gap_row_carries_the_city_s_result(folder, tmp_path, capsys, wide):
    # the city's = 6 % 规上工业增加值增长, a result of 6.8 %: met by 6.8 - 6 = +0.8 points
    copy = tmp_path / "data"
    shutil.copytree(folder, copy)
    with (copy / "outcomes.toml").open("a", encoding="utf-8") as extra:
        extra.write(_outcome("gongxin-va", "gongxin-industry-va-growth", 6.8, "%"))
    rows = list(
        csv.DictReader(
            io.StringIO(
                _coverage(copy, capsys, "--metric", "规上工业增加值增长", "--format", "csv")
            )
        )
    )
    # (the other gap row sets 江门's 6% beside 广东's 5%, the level above)
    (gap,) = [r for r in rows if r["role"] == "gap" and r["city_region"] == "江门市"]
    assert (gap["id"], gap["city_id"], gap["city_status"]) == (
        "jianghai-industry-va-growth",
        "gongxin-industry-va-growth",
        "met",
    )
    assert (gap["city_outcome_value"], gap["city_margin"], gap["city_margin_unit"]) == (
        "6.8",
        "0.8",
        "points",
    )
    table = _coverage(
        copy, capsys, "--metric", "规上工业增加值增长", "--lang", "en", "--format", "table"
    )
    assert "6.8 % · met · +0.8 points" in table

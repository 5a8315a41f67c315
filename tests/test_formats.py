"""One answer, every format: the facts of each command's JSON answer on the bundled data
are all in its CSV, TSV and JSON Lines rows and in its table.

The facts are read from the JSON document (not from the code that makes the rows), and
the table's wording of them (a figure as 'more than 162 个', a share as '30.0%') is
written out here, independently of the views.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from targets_cli.__main__ import main

SYMBOL = {">": ">", ">=": "≥", "=": "", "<=": "≤", "about": "≈", None: ""}
BOUND = {">": "more than ", ">=": "at least ", "=": "", "<=": "at most ", "about": "about "}


@pytest.fixture(autouse=True)
def _bundled(monkeypatch):
    monkeypatch.delenv("TARGETS_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "1000")  # no cell wraps: a fact is on one line
    monkeypatch.setenv("NO_COLOR", "1")


def run(capsys, args: list[str], *fmt: str, code: int = 0) -> str:
    assert main([*args, *fmt]) == code
    out, err = capsys.readouterr()
    return out + err if fmt[-1] == "table" else out


def cell(value) -> str:
    """A JSON value as a CSV cell writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def figure(value, value_max, unit, comparator) -> str:
    amount = f"{value}—{value_max}" if value_max is not None else f"{value}"
    return f"{SYMBOL[comparator]}{amount} {unit}"


class Facts:
    """What an answer states: flat facts (fields one row holds together) and table facts
    (strings that one line of the table holds together)."""

    def __init__(self) -> None:
        self.flat: list[dict[str, str]] = []
        self.lines: list[tuple[str, ...]] = []

    def row(self, **fields) -> None:
        self.flat.append({k: cell(v) for k, v in fields.items()})

    def line(self, *texts: str) -> None:
        self.lines.append(tuple(t for t in texts if t))


def labels(capsys) -> dict[str, str]:
    """Each org's English label, from the regions catalogue's JSON."""
    orgs = json.loads(run(capsys, ["regions"], "--json"))
    return {o["org"]: o["pinyin"] or o["name_en"] for o in orgs}


# ---- the facts of each command's JSON ----------------------------------------------------


def target_facts(facts: Facts, rows: list[dict], name: dict[str, str]) -> None:
    for t in rows:
        facts.row(id=t["id"], metric=t["metric"], value=t["value"], period=t["period"])
        shown = (
            "◆"
            if t["value"] is None
            else figure(t["value"], t["value_max"], t["unit"], t["comparator"])
        )
        facts.line(name[t["org"]], shown, t["period"] or "no year stated", t["id"])


def list_facts(doc, name) -> Facts:
    facts = Facts()
    target_facts(facts, doc, name)
    return facts


def show_facts(doc, name) -> Facts:
    facts = Facts()
    facts.row(id=doc["id"], value=doc["value"], speaker=doc["speaker"], quote=doc["quote"])
    facts.row(sentence=doc["sentence"], same_sentence=doc["same_sentence"])
    facts.line(doc["id"])
    facts.line(figure(doc["value"], doc["value_max"], doc["unit"], doc["comparator"]))
    facts.line(doc["speaker"])
    facts.line(doc["sentence"])
    facts.line(", ".join(doc["same_sentence"]))
    return facts


def total_facts(facts: Facts, metric: str, subtotals, left_out, silent, name) -> None:
    for sub in subtotals:
        where = {"metric": metric, "city_region": sub["city_region"], "period": sub["period"]}
        if sub["parts"]:
            facts.row(
                **where,
                role="total",
                value=sub["total"],
                value_max=sub["total_max"],
                unit=sub["unit"],
                comparator=sub["comparator"],
            )
            ends = (
                sub["total"] if sub["total_max"] is None else f"{sub['total']}—{sub['total_max']}"
            )
            facts.line(f"{BOUND[sub['comparator']]}{ends} {sub['unit']}")
        for part in sub["parts"]:
            facts.row(**where, role="part", id=part["id"], value=part["value"])
            facts.line(
                name[part["region"]],
                figure(part["value"], part["value_max"], part["unit"], part["comparator"]),
            )
        for city in sub["city"]:
            facts.row(**where, role="city", id=city["id"], value=city["value"], share=city["share"])
            share = "" if city["share"] is None else f"{city['share'] * 100:.1f}%"
            facts.line(
                figure(city["value"], city["value_max"], city["unit"], city["comparator"]), share
            )
    for left in left_out:
        facts.row(metric=metric, role="left_out", id=left["id"], why=left["why"])
        facts.line(left["id"], left["subject"] or "")
    for region in silent:
        facts.row(metric=metric, role="silent", region=region)
        facts.line(name[region])


def sum_facts(doc, name) -> Facts:
    facts = Facts()
    total_facts(facts, doc["metric"], doc["subtotals"], doc["left_out"], doc["silent"], name)
    return facts


def coverage_facts(doc, name) -> Facts:
    facts = Facts()
    for entry in doc["coverage"]:
        metric = entry["metric"]
        if "subtotals" in entry:
            subtotals = entry["subtotals"]
            total_facts(facts, metric, subtotals, entry["left_out"], entry["silent"], name)
            continue
        for gap in entry["gaps"]:
            facts.row(
                metric=metric,
                role="gap",
                id=gap["id"],
                city_id=gap["city_id"],
                points=gap["points"],
            )
            points = gap["points"]
            facts.line(
                f"{name[gap['region']]} {figure(gap['value'], gap['value_max'], gap['unit'], gap['comparator'])}",
                f"{'+' if points >= 0 else ''}{points} pt",
            )
        for region in entry["silent"]:
            facts.row(metric=metric, role="silent", region=region)
            facts.line(name[region])
    for item in doc["uncovered"]:
        facts.row(role="uncovered", metric=item["metric"], why=item["why"])
        facts.line(item["reason"])
    return facts


def ranking_facts(doc, name) -> Facts:
    facts = Facts()
    for r in doc["ranking"]:
        facts.row(role="ranked", id=r["id"], rank=r["rank"], value=r["value"])
        facts.line(
            str(r["rank"]),
            name[r["region"]],
            figure(r["value"], r["value_max"], r["unit"], r["comparator"]),
            r["period"] or "no year stated",
        )
    for role, key in (("city", "city"), ("area", "areas")):
        for t in doc[key]:
            facts.row(role=role, id=t["id"], value=t["value"])
            facts.line(
                f"[{t['id']}]", figure(t["value"], t["value_max"], t["unit"], t["comparator"])
            )
    for entry in doc["pledges"]["metrics"]:
        for region, cell_ in entry["by_region"].items():
            for t in cell_ or ():
                facts.row(role="pledged", id=t["id"], pledge=entry["pledge"], region=region)
                facts.line(entry["pledge"], "✓")
    for left in doc["left_out"]:
        facts.row(role="left_out", id=left["id"], why=left["why"])
        facts.line(left["id"])
    return facts


def grid_facts(doc, name) -> Facts:
    facts = Facts()
    for entry in doc["metrics"]:
        label = entry["metric_en"] + (f" · {entry['pledge']}" if entry["pledge"] else "")
        for region, cell_ in entry["by_region"].items():
            if not cell_:
                facts.row(role="not_stated", metric=entry["metric"], region=region)
                facts.line(label, "—")
            for t in cell_ or ():
                role = "pledged" if entry["pledge"] else "stated"
                facts.row(role=role, metric=entry["metric"], region=region, id=t["id"])
                mark = (
                    "✓"
                    if t["value"] is None
                    else figure(t["value"], t["value_max"], t["unit"], t["comparator"])
                )
                facts.line(label, mark)
    return facts


def metrics_facts(doc, name) -> Facts:
    facts = Facts()
    for m in doc:
        facts.row(
            metric=m["metric"],
            metric_en=m["metric_en"],
            targets=m["targets"],
            additive=m["additive"],
        )
        facts.line(m["metric_en"], m["dimension"], m["category"])
    return facts


def regions_facts(doc, name) -> Facts:
    facts = Facts()
    for o in doc:
        facts.row(org=o["org"], name_en=o["name_en"], kind=o["kind"], targets=o["targets"])
        facts.line(o["name_en"], o["kind"], o["speaker"] or "")
    return facts


def check_facts(doc, name) -> Facts:
    facts = Facts()
    for p in doc:
        facts.row(file=p["file"], line=p["line"], id=p["id"], problem=p["problem"])
        facts.line(p["problem"])
    return facts


COMMANDS = [
    (["list", "--region", "台山"], list_facts),
    (["list", "--kind", "milestone"], list_facts),
    (["show", "kaiping-projects-100m"], show_facts),
    (["sum", "--metric", "超亿元项目"], sum_facts),
    (["sum", "--metric", "规上工业总产值"], sum_facts),
    (["sum", "--metric", "工业投资"], sum_facts),
    (["sum", "--metric", "地区生产总值"], sum_facts),
    (["sum", "--metric", "万亩千亿平台"], sum_facts),
    (["coverage"], coverage_facts),
    (["coverage", "--metric", "工业投资", "--metric", "超亿元项目"], coverage_facts),
    (["compare", "--metric", "工业投资"], ranking_facts),
    (["compare", "--metric", "规上工业总产值"], ranking_facts),
    (["compare", "--metric", "地区生产总值增长"], ranking_facts),
    (["compare", "--metric", "创建称号"], ranking_facts),
    (["compare", "--metric", "排名进位"], ranking_facts),
    (["compare", "台山", "开平", "恩平", "--category", "investment"], grid_facts),
    (["compare", "台山", "--category", "recognition"], grid_facts),
    (["metrics"], metrics_facts),
    (["regions"], regions_facts),
    (["check"], check_facts),
]


def rows_of(text: str, fmt: str) -> list[dict[str, str]]:
    if fmt == "jsonl":
        return [{k: cell(v) for k, v in json.loads(line).items()} for line in text.splitlines()]
    return list(csv.DictReader(io.StringIO(text), delimiter="\t" if fmt == "tsv" else ","))


def holds(rows: list[dict[str, str]], fact: dict[str, str]) -> bool:
    return any(all(row.get(k) == v for k, v in fact.items()) for row in rows)


@pytest.mark.parametrize(
    ("args", "derive"), COMMANDS, ids=lambda a: " ".join(a)[:50] if isinstance(a, list) else ""
)
def test_every_fact_of_the_json_is_in_every_format(capsys, args, derive):
    name = labels(capsys)
    facts = derive(json.loads(run(capsys, args, "--json")), name)
    if args != ["check"]:
        assert facts.flat, "an answer with no facts proves nothing"
    for fmt in ("csv", "tsv", "jsonl"):
        rows = rows_of(run(capsys, args, "--format", fmt), fmt)
        missing = [fact for fact in facts.flat if not holds(rows, fact)]
        assert not missing, (fmt, missing[:3])
    table = run(capsys, args, "--lang", "en", "--format", "table").splitlines()
    missing = [
        want for want in facts.lines if not any(all(t in line for t in want) for line in table)
    ]
    assert not missing, missing[:3]


def test_check_s_problems_are_in_every_format(capsys, tmp_path, data_file):
    # a copy of the data whose one target names a metric that does not exist
    (tmp_path / "sources").mkdir()
    source = data_file.parent / "sources" / "jiangmen-2024-pledges.txt"
    (tmp_path / "sources" / source.name).write_bytes(source.read_bytes())
    broken = tmp_path / "targets.toml"
    text = data_file.read_text(encoding="utf-8")
    broken.write_text(
        text.replace('metric = "人才队伍"', 'metric = "没有这个指标"', 1), encoding="utf-8"
    )
    args = ["check", str(broken)]
    doc = json.loads(run(capsys, args, "--json", code=1))
    facts = check_facts(doc, {})
    assert any("没有这个指标" in p["problem"] for p in doc)
    for fmt in ("csv", "tsv", "jsonl"):
        rows = rows_of(run(capsys, args, "--format", fmt, code=1), fmt)
        assert all(holds(rows, fact) for fact in facts.flat), fmt
    table = run(capsys, args, "--lang", "en", "--format", "table", code=1)
    assert all(all(t in table for t in want) for want in facts.lines)


def test_a_piped_sum_holds_its_total(capsys):
    # piped (tsv by default): the total of 60 + ≥52 + >50, not only the three parts
    assert main(["sum", "--metric", "超亿元项目"]) == 0
    rows = rows_of(capsys.readouterr().out, "tsv")
    (total,) = [r for r in rows if r["role"] == "total"]
    assert (total["value"], total["comparator"], total["unit"], total["parts"]) == (
        "162",
        ">",
        "个",
        "3",
    )
    assert [r["region"] for r in rows if r["role"] == "silent"] == [
        "蓬江区",
        "新会区",
        "鹤山市",
        "恩平市",
    ]

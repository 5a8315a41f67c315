"""Properties that hold for any input, checked on many generated ones (hypothesis).

- The loader: any mangling of the real data file either loads or is the tool's own
  DataError, never another exception; and commands on what loads end with a
  documented exit code.
- The queries: a filtered list is part of the unfiltered one and satisfies every
  filter; a sum is the sum of its parts in base units; JSON parses and round-trips.

The expected answers are worked out from the data file read by the standard library,
not by the tool.
"""

from __future__ import annotations

import json
import shutil
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run_main
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from targets_cli.data.index import load
from targets_cli.data.loading import bundled_data
from targets_cli.errors import DataError

DATA = bundled_data()
DATA_BYTES = DATA.read_bytes()
RAW = tomllib.loads(DATA_BYTES.decode("utf-8"))
SOURCE_NAME = "jiangmen-2024-pledges.txt"

# How many base units one of each unit is, written out here rather than taken from the tool.
FACTOR = {
    "元": 1,
    "万元": 10**4,
    "亿元": 10**8,
    "人": 1,
    "名": 1,
    "万人": 10**4,
    "家": 1,
    "个": 1,
    "项": 1,
    "支": 1,
}
FIRMNESS_LEVELS = ("ensure", "strive", "try")

SETTINGS = settings(
    derandomize=True,
    database=None,
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def invoke(*args: str) -> tuple[int, str, str]:
    """`targets ARGS` through the real entry point on the bundled data; an unexpected
    exception propagates."""
    ran = run_main(list(args), {"TARGETS_DATA": None, "COLUMNS": "100"})
    return ran.code, ran.stdout, ran.stderr


# ---- the loader against mangled files ----------------------------------------------------

LINES = DATA_BYTES.split(b"\n")
ASSIGNMENTS = [n for n, line in enumerate(LINES) if b" = " in line]


@st.composite
def mangled(draw) -> bytes:
    """The data file after one to four slips: lines lost or doubled, values swapped,
    the text cut short, bytes overwritten, stray text typed in."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        slip = draw(st.sampled_from(["delete", "duplicate", "swap", "truncate", "bytes", "type"]))
        if not lines:
            lines = [b""]
        if slip == "delete":
            del lines[draw(st.integers(0, len(lines) - 1))]
        elif slip == "duplicate":
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(lines)))
        elif slip == "swap":
            a, b = draw(st.sampled_from(ASSIGNMENTS)), draw(st.sampled_from(ASSIGNMENTS))
            if a < len(lines) and b < len(lines) and b" = " in lines[a] and b" = " in lines[b]:
                key_a, value_a = lines[a].split(b" = ", 1)
                key_b, value_b = lines[b].split(b" = ", 1)
                lines[a], lines[b] = key_a + b" = " + value_b, key_b + b" = " + value_a
        else:
            text = b"\n".join(lines)
            at = draw(st.integers(0, len(text)))
            if slip == "truncate":
                text = text[:at]
            elif slip == "bytes":
                noise = draw(st.binary(min_size=1, max_size=8))
                text = text[:at] + noise + text[at + len(noise) :]
            else:
                typed = draw(st.text(min_size=1, max_size=12)).encode("utf-8", "surrogatepass")
                text = text[:at] + typed + text[at:]
            lines = text.split(b"\n")
    return b"\n".join(lines)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """A data file beside a copy of the sources, rewritten by each example."""
    folder = tmp_path_factory.mktemp("mangled")
    (folder / "sources").mkdir()
    shutil.copyfile(DATA.parent / "sources" / SOURCE_NAME, folder / "sources" / SOURCE_NAME)
    return folder / "targets.toml"


@SETTINGS
@given(content=mangled())
def test_a_mangled_data_file_loads_or_is_a_data_error(scratch, content):
    scratch.write_bytes(content)
    try:
        dataset = load(scratch)
    except DataError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file == str(scratch) and problem.message
            str(problem)  # every problem can be printed
        loaded = False
    else:
        assert len(dataset.targets) <= len(RAW["targets"]) + 4
        loaded = True
    code, _, stderr = invoke("check", str(scratch))  # the same verdict as the loader's
    if not loaded:
        assert code == 1, stderr
    else:  # and beyond it, only figures of the source that the mangled file no longer claims
        found = stderr.splitlines()[:-1]
        assert code == 0 or all("figure" in line or "not_targets" in line for line in found), stderr
    if not loaded:
        code, stdout, stderr = invoke("list", "--format", "table", "--data", str(scratch))
        assert (code, stdout) == (1, "") and stderr.startswith("targets: error: ")
        return
    for command in (
        ["list", "--format", "table"],
        ["sum", "--metric", "超亿元项目", "--json"],
        ["coverage", "--json"],
    ):
        code, _, stderr = invoke(*command, "--data", str(scratch))
        assert code in (0, 2, 3), (command, stderr)  # a metric the slip removed is unknown


# ---- filters -------------------------------------------------------------------------

ORGS = {org["id"]: org for org in RAW["orgs"]}
METRICS = {metric["name"]: metric for metric in RAW["metrics"]}
REGION_NAMES = [
    (name, org["id"])
    for org in RAW["orgs"]
    if org["kind"] != "department"
    for name in (org["id"], org.get("short"), org.get("pinyin"))
    if name
]
ORG_NAMES = [
    (name, org["id"])
    for org in RAW["orgs"]
    for name in (org["id"], org.get("short"), org.get("name_en"))
    if name
]
METRIC_NAMES = [
    (name, metric["name"])
    for metric in RAW["metrics"]
    for name in (metric["name"], *metric.get("aliases", []))
]
CATEGORIES = sorted({metric["category"] for metric in RAW["metrics"]})
PERIODS = sorted({target["period"] for target in RAW["targets"] if "period" in target})
FIRMNESS = sorted({t["firmness"] for t in RAW["targets"] if "firmness" in t})
QUOTES = [target["quote"] for target in RAW["targets"]]


def _pairs(names):
    return st.lists(st.sampled_from(names), max_size=2)


@st.composite
def filters(draw) -> dict:
    quote = draw(st.sampled_from(QUOTES))
    start = draw(st.integers(0, len(quote) - 1))
    search = quote[start : start + draw(st.integers(1, 4))]
    return {
        "region": draw(_pairs(REGION_NAMES)),
        "org": draw(_pairs(ORG_NAMES)),
        "metric": draw(_pairs(METRIC_NAMES)),
        "category": draw(st.lists(st.sampled_from(CATEGORIES), max_size=2)),
        "period": draw(st.lists(st.sampled_from(PERIODS), max_size=2)),
        "kind": draw(st.lists(st.sampled_from(["target", "milestone"]), max_size=1)),
        "firmness": draw(
            st.lists(st.sampled_from([*FIRMNESS, *FIRMNESS_LEVELS, "none"]), max_size=2)
        ),
        "search": draw(st.none() | st.just(search)),
    }


def _arguments(chosen: dict) -> list[str]:
    args: list[str] = []
    for option in ("region", "org", "metric"):
        for typed, _ in chosen[option]:
            args += [f"--{option}", typed]
    for option in ("category", "period", "kind", "firmness"):
        for value in chosen[option]:
            args += [f"--{option}", value]
    if chosen["search"] is not None:
        args += ["--search", chosen["search"]]
    return args


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


SOURCE_TEXT = (DATA.parent / "sources" / SOURCE_NAME).read_text(encoding="utf-8")


def _sentence(quote: str) -> str:
    """The sentence of the source holding a quote: from the last 。；！？ or line break."""
    at = SOURCE_TEXT.find(quote)
    starts = [SOURCE_TEXT.rfind(mark, 0, at) for mark in "。；！？\n"]
    ends = [SOURCE_TEXT.find(mark, at + len(quote)) for mark in "。；！？\n"]
    end = min((e for e in ends if e >= 0), default=len(SOURCE_TEXT))
    return SOURCE_TEXT[max(starts) + 1 : end]


def _covers(period: str | None, wanted: str) -> bool:
    """A target's period covers a span the user asked for when their years overlap."""
    if period is None:
        return False
    first, _, last = period.partition("-")
    low, _, high = wanted.partition("-")
    return int(first) <= int(high or low) and int(last or first) >= int(low)


def _names(org: dict) -> list[str]:
    keys = ("id", "short", "pinyin", "name_en")
    return [org[key] for key in keys if org.get(key)] + org.get("aliases", [])


# Where --search found a row, strongest first: list gives these groups in this order.
MATCH_ORDER = ("quote", "name", "note", "sentence")


def _satisfies(row: dict, chosen: dict) -> bool:
    metric = METRICS[row["metric"]]
    firmness_ok = not chosen["firmness"] or any(
        (wanted == "none" and row["firmness"] is None)
        or wanted in (row["firmness"], row["firmness_level"])
        for wanted in chosen["firmness"]
    )
    search = chosen["search"]
    named = [ORGS[row["org"]], ORGS[row["region"]]]  # the org's and its region's names
    haystack = [
        *(name for org in named for name in _names(org)),
        row["quote"],
        metric["name"],
        metric["name_en"],
        *metric.get("aliases", []),
        row["subject"] or "",
        row["outcome"] or "",
        row["note"] or "",
        _sentence(row["quote"]),
    ]
    words = _fold(search).split() if search is not None else []
    return (
        (not chosen["region"] or row["region"] in {key for _, key in chosen["region"]})
        and (not chosen["org"] or row["org"] in {key for _, key in chosen["org"]})
        and (not chosen["metric"] or row["metric"] in {key for _, key in chosen["metric"]})
        and (not chosen["category"] or row["category"] in chosen["category"])
        and (not chosen["period"] or any(_covers(row["period"], p) for p in chosen["period"]))
        and (not chosen["kind"] or row["kind"] in chosen["kind"])
        and firmness_ok
        and all(any(word in _fold(text) for text in haystack) for word in words)
    )


@pytest.fixture(scope="module")
def everything() -> list[dict]:
    code, stdout, stderr = invoke("list", "--restatements", "--json")
    assert code == 0, stderr
    rows = json.loads(stdout)
    assert len(rows) == len(RAW["targets"])
    return rows


@SETTINGS
@given(chosen=filters())
def test_a_filtered_list_is_part_of_the_whole_and_satisfies_every_filter(everything, chosen):
    code, stdout, stderr = invoke("list", *_arguments(chosen), "--restatements", "--json")
    assert code == 0, stderr
    rows = json.loads(stdout)
    # each one of the unfiltered list, in the order of the data; under --search, grouped
    # by where the words were found (its own words first), in the data's order in each
    places = [row.pop("matched_in", None) for row in rows]
    assert all((place is None) == (chosen["search"] is None) for place in places), places
    positions = [everything.index(row) for row in rows]
    groups = [MATCH_ORDER.index(p) if p else 0 for p in places]
    order = list(zip(groups, positions, strict=True))
    assert order == sorted(order)
    assert all(_satisfies(row, chosen) for row in rows)
    # and none left out that satisfies them all
    assert len(rows) == sum(_satisfies(row, chosen) for row in everything)


# ---- sums ----------------------------------------------------------------------------

ADDITIVE = [name for name, metric in METRICS.items() if metric["additive"]]


def _base(value, unit: str) -> Decimal:
    return Decimal(str(value)) * FACTOR[unit]


@SETTINGS
@given(
    metric=st.sampled_from(ADDITIVE),
    regions=st.lists(st.sampled_from(REGION_NAMES), max_size=3),
    periods=st.lists(st.sampled_from(PERIODS), max_size=1),
    firmness=st.lists(st.sampled_from([*FIRMNESS_LEVELS, "none"]), max_size=2),
)
def test_a_total_is_the_sum_of_its_listed_parts_in_base_units(
    everything, metric, regions, periods, firmness
):
    args = ["sum", "--metric", metric, "--json"]
    for typed, _ in regions:
        args += ["--region", typed]
    for period in periods:
        args += ["--period", period]
    for level in firmness:
        args += ["--firmness", level]
    code, stdout, stderr = invoke(*args)
    assert code == 0, stderr
    doc = json.loads(stdout)
    by_id = {row["id"]: row for row in everything}
    listed = []
    for subtotal in doc["subtotals"]:
        parts = subtotal["parts"]
        listed += parts
        if parts:
            total = sum((_base(p["value"], p["unit"]) for p in parts), Decimal(0))
            assert _base(subtotal["total"], subtotal["unit"]) == total
        for part in parts:
            row = by_id[part["id"]]  # each part is a target the list shows, as it shows it
            assert (row["value"], row["unit"], row["metric"]) == (
                part["value"],
                part["unit"],
                metric,
            )
    assert sorted(p["id"] for p in listed) == sorted(p["id"] for p in doc["parts"])
    if len(doc["subtotals"]) == 1 and doc["total"] is not None:
        assert doc["total"] == doc["subtotals"][0]["total"]
    wanted = {key for _, key in regions}
    assert all(not wanted or by_id[p["id"]]["region"] in wanted for p in listed)


# ---- JSON ----------------------------------------------------------------------------

TARGET_IDS = [target["id"] for target in RAW["targets"]]


@st.composite
def json_commands(draw) -> list[str]:
    kind = draw(st.sampled_from(["list", "show", "sum", "compare", "coverage", "catalogue"]))
    if kind == "list":
        return ["list", *_arguments(draw(filters()))]
    if kind == "show":
        return ["show", draw(st.sampled_from(TARGET_IDS))]
    if kind == "sum":
        return ["sum", "--metric", draw(st.sampled_from(list(METRICS)))]
    if kind == "compare":
        regions = draw(st.lists(st.sampled_from(REGION_NAMES), max_size=3))
        metrics = draw(st.lists(st.sampled_from(METRIC_NAMES), max_size=2))
        return [
            "compare",
            *(typed for typed, _ in regions),
            *(arg for typed, _ in metrics for arg in ("--metric", typed)),
        ]
    if kind == "coverage":
        return ["coverage", *(a for c in draw(_pairs(CATEGORIES)) for a in ("--category", c))]
    return [draw(st.sampled_from(["metrics", "regions"]))]


@SETTINGS
@given(command=json_commands(), lang=st.sampled_from(["zh", "en"]))
def test_json_output_always_parses_and_round_trips(command, lang):
    code, stdout, stderr = invoke(*command, "--json", "--lang", lang)
    assume(code != 3)  # a refused sum (growth rates) prints nothing to parse
    assert code == 0, (command, stderr)
    document = json.loads(stdout)
    assert json.dumps(document, ensure_ascii=False, indent=2) + "\n" == stdout
    code, stdout, stderr = invoke(*command, "--format", "jsonl", "--lang", lang)
    assert code == 0, stderr
    for line in stdout.splitlines():
        assert json.dumps(json.loads(line), ensure_ascii=False) == line

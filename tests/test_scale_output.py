"""JSON, JSON Lines, CSV and TSV are written as a stream: the bytes are what they were
(the standard library's `json.dumps(..., ensure_ascii=False, indent=2)`), no write
holds more than a bounded piece of the answer, a lazily made answer is printed as it
is made, and the flat rows are made only for a format that prints them. Counted, not
timed."""

from __future__ import annotations

import csv
import io
import json
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO, run_main

from targets_cli.renderers.delimited import write_delimited
from targets_cli.renderers.document import write_json, write_jsonl

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "data"
    generate(folder, targets=3000, files=30)
    return folder


def _toml_targets(folder: Path) -> list[dict]:
    """Every target of the corpus, read by the standard library, not by the tool."""
    found = []
    for path in sorted(folder.rglob("*.toml")):
        found += tomllib.loads(path.read_text(encoding="utf-8")).get("targets", [])
    return found


def test_a_large_list_is_the_standard_librarys_indented_json_byte_for_byte(corpus):
    ran = run_main(["list", "--json", "--data", str(corpus)])
    assert ran.code == 0, ran
    answer = json.loads(ran.stdout_bytes)
    # what the data says: every target once, with its figure (read with tomllib)
    written = {t["id"]: t for t in _toml_targets(corpus)}
    assert len(answer) == len(written) == 3000
    assert {r["id"] for r in answer} == set(written)
    for record in answer:
        assert record["value"] == written[record["id"]].get("value")
        assert record["quote"] == written[record["id"]]["quote"]
    # the bytes: the standard library's indented JSON of that very value
    expected = json.dumps(answer, ensure_ascii=False, indent=2) + "\n"
    assert len(ran.stdout_bytes) > 3_000_000
    assert ran.stdout_bytes == expected.encode("utf-8")


def test_a_large_jsonl_answer_is_one_standard_line_a_target(corpus):
    ran = run_main(["list", "--format", "jsonl", "--data", str(corpus)])
    assert ran.code == 0, ran
    lines = ran.stdout_bytes.decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 3001
    for line in lines[:-1]:
        assert line == json.dumps(json.loads(line), ensure_ascii=False)


def test_indented_json_written_by_hand():
    document = {
        "a": [],
        "b": {},
        "c": [1, 2.5, None, True, "中文"],
        "d": [{"x": [{"y": []}], "z": "q\n\x1b"}, []],
        "e": ("t",),
        1: "one",
        "f": "\u202e\x7f",
    }
    out = io.StringIO()
    write_json(document, out)
    assert out.getvalue() == (
        "{\n"
        '  "a": [],\n'
        '  "b": {},\n'
        '  "c": [\n'
        "    1,\n"
        "    2.5,\n"
        "    null,\n"
        "    true,\n"
        '    "中文"\n'
        "  ],\n"
        '  "d": [\n'
        "    {\n"
        '      "x": [\n'
        "        {\n"
        '          "y": []\n'
        "        }\n"
        "      ],\n"
        '      "z": "q\\n\\u001b"\n'
        "    },\n"
        "    []\n"
        "  ],\n"
        '  "e": [\n'
        '    "t"\n'
        "  ],\n"
        '  "1": "one",\n'
        '  "f": "\\u202e\\u007f"\n'
        "}\n"
    )


class Watched:
    """A stream that notes, at each write, its length and how many records the
    answer had made by then."""

    def __init__(self, made: list[int]) -> None:
        self.made = made
        self.writes: list[tuple[int, int]] = []  # (characters, records made so far)
        self.text = io.StringIO()

    def write(self, text: str) -> int:
        self.writes.append((len(text), self.made[0]))
        return self.text.write(text)

    def flush(self) -> None:
        pass


def _records(count: int, made: list[int]):
    for n in range(count):
        made[0] += 1
        yield {"id": f"t-{n:06d}", "value": n, "unit": "亿元", "parts": [{"id": n}], "tags": []}


def _largest_lag(writes: list[tuple[int, int]], record_text: int) -> int:
    """The most records made but not yet written, judged by the text written so far."""
    written = lag = 0
    for size, made in writes:
        lag = max(lag, made - written // record_text)
        written += size
    return lag


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_records_made_lazily_are_written_as_they_are_made(fmt):
    """Ten times the records: the same largest write, the same records held at once."""
    seen = []
    for count in (4_000, 40_000):
        made = [0]
        out = Watched(made)
        records = _records(count, made)
        if fmt == "json":
            write_json({"rows": records}, out)  # type: ignore[arg-type]
        elif fmt == "jsonl":
            write_jsonl(records, out)  # type: ignore[arg-type]
        else:
            fields = ("id", "value", "unit")
            write_delimited(records, fields, out, tabs=fmt == "tsv")  # type: ignore[arg-type]
        assert made[0] == count
        text = out.text.getvalue()
        shortest = min(len(line) for line in text.splitlines() if "t-" in line)
        seen.append((max(size for size, _ in out.writes), _largest_lag(out.writes, shortest)))
        if fmt == "json":
            assert json.loads(text) == {"rows": list(_records(count, [0]))}
        elif fmt == "csv":
            rows = list(csv.reader(io.StringIO(text)))
            assert rows[0] == ["id", "value", "unit"] and len(rows) == count + 1
    (small_write, small_lag), (large_write, large_lag) = seen
    assert large_write <= max(small_write, 200_000)
    assert large_lag <= max(small_lag, 10) < 4_000


def test_coverage_json_makes_no_flat_rows(corpus, monkeypatch):
    """The CSV/TSV rows of `coverage` and `sum` are made for those formats only."""
    from targets_cli.views import coverage as coverage_view
    from targets_cli.views import sum as sum_view

    calls: list[str] = []
    for module, name in ((coverage_view, "coverage_rows"), (sum_view, "total_rows")):
        real = getattr(module, name)

        def counted(*args, real=real, name=name, **kwargs):
            calls.append(name)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    on = ["--data", str(corpus)]
    assert run_main(["coverage", "--json", *on]).code == 0
    assert run_main(["sum", "--metric", "超亿元项目", "--json", *on]).code == 0
    assert calls == []
    assert run_main(["coverage", "--format", "csv", *on]).code == 0
    assert run_main(["sum", "--metric", "超亿元项目", "--format", "tsv", *on]).code == 0
    assert calls == ["coverage_rows", "total_rows"]

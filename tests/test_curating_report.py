"""The curator's guide on a government work report, followed literally.

docs/curating.md, "Adding a government work report, worked through", adds an invented
report (tests/fixtures/reports/meixi-2025.txt) to a copy of the bundled data: the
`[[sources]]` table first, then `targets scan`, the curator's finished file, `targets
check`, scan again and `targets list`. This test takes every block the section marks,
applies them in order in a fresh folder, runs each command and holds what it prints to
what the guide shows, line for line. The targets and counts are checked again below
against figures read off the report by hand.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import REPO

GUIDE = REPO / "docs" / "curating.md"
REPORT = Path(__file__).parent / "fixtures" / "reports" / "meixi-2025.txt"
DATA_FILE = "my-data/meixi-2025.toml"

# <!-- report-example-KIND[: PATH] --> then a fenced block
BLOCK = re.compile(
    r"<!-- report-example-(?P<kind>setup|file|run|output)(?:: (?P<path>\S+))? -->\n"
    r"```\w*\n(?P<body>.*?)```\n",
    re.S,
)

# The report's five targets, read off line 12 by hand: id, metric, value, unit,
# comparator, direction.
TARGETS = [
    ("meixi-gdp-growth", "地区生产总值增长", 5, "%", "about", None),
    ("meixi-industry-growth", "规上工业增加值增长", 6, "%", ">=", None),
    ("meixi-investment-growth", "固定资产投资增长", 4, "%", "=", None),
    ("meixi-energy-intensity", "单位地区生产总值能耗", 2, "%", "=", "down"),
    ("meixi-new-firms", "新增规上工业企业", 80, "家", ">=", None),
]


def steps(guide: str) -> list[re.Match[str]]:
    return list(BLOCK.finditer(guide))


def printed(ran) -> str:
    """What a command printed, stdout then stderr, trailing spaces trimmed (as the guide)."""
    text = ran.stdout + ran.stderr
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def follow(run, folder: Path, guide: str) -> list[tuple[str, str, str]]:
    """Every step of the section applied in `folder` (the working directory): each
    command with what it printed and what the guide shows after it."""
    answers: list[tuple[str, str, str]] = []
    pending: tuple[str, str] | None = None
    for step in steps(guide):
        kind, body = step["kind"], step["body"]
        assert pending is None or kind == "output", f"{pending[0]}: no output shown"
        if kind == "setup":
            assert body == "cp -r data my-data\n", body
            shutil.copytree(REPO / "data", folder / "my-data")
        elif kind == "file":
            (folder / step["path"]).write_text(body, encoding="utf-8")
        elif kind == "run":
            (line,) = body.strip().splitlines()
            words = shlex.split(line)
            assert words[0] == "targets", line
            append_to = None
            if ">>" in words:
                at = words.index(">>")
                words, append_to = words[:at], words[at + 1]
            ran = run(*words[1:], env={"NO_COLOR": "1"})
            assert ran.code == 0, (line, ran.stderr)
            if append_to is not None:
                with open(folder / append_to, "a", encoding="utf-8") as out:
                    out.write(ran.stdout)
            pending = (line, printed(ran))
        else:
            assert pending is not None, "an output block with no command before it"
            answers.append((*pending, body.strip("\n")))
            pending = None
    assert pending is None
    return answers


@pytest.fixture
def followed(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the guide's paths are relative: my-data/...
    return follow(run, tmp_path, GUIDE.read_text(encoding="utf-8"))


def test_the_section_has_every_step() -> None:
    found = steps(GUIDE.read_text(encoding="utf-8"))
    kinds = [step["kind"] for step in found]
    assert kinds == ["setup", "file", "file", "run", "output", "file"] + ["run", "output"] * 3
    files = [step["path"] for step in found if step["kind"] == "file"]
    assert files == ["my-data/sources/meixi-2025.txt", DATA_FILE, DATA_FILE]
    # the text shown is the fixture, and the sources table comes before scan
    assert found[1]["body"] == REPORT.read_text(encoding="utf-8")
    first = found[2]["body"]
    assert "[[sources]]" in first and "[[targets]]" not in first
    assert re.search(r'(?m)^url = "https://', first) and re.search(
        r'(?m)^retrieved = "\d{4}-\d\d-\d\d"$', first
    )


def test_every_command_prints_what_the_guide_shows(followed) -> None:
    assert [line for line, _, _ in followed] == [
        "targets scan my-data/sources/meixi-2025.txt --data my-data >> my-data/meixi-2025.toml",
        "targets check my-data",
        "targets scan my-data/sources/meixi-2025.txt --data my-data",
        "targets list --data my-data --region 梅溪 --format table",
    ]
    for line, got, shown in followed:
        assert got == shown, f"{line}\n--- prints ---\n{got}\n--- the guide shows ---\n{shown}"


def test_the_finished_data_holds_the_targets_the_guide_lists(followed, run) -> None:
    ran = run("check", "my-data")
    assert ran.code == 0, ran.stdout + ran.stderr
    listed = run("list", "--data", "my-data", "--region", "梅溪", "--json").json()
    assert [
        (t["id"], t["metric"], t["value"], t["unit"], t["comparator"], t["direction"])
        for t in listed
    ] == TARGETS
    assert {t["period"] for t in listed} == {"2025"}
    # the 21 figures of the report, by hand: the dateline's 2025年, 1月, 16日, 第八届,
    # 第五次; 一年; ten results (5 + 3 + 2); five targets
    scanned = run("scan", "my-data/sources/meixi-2025.txt", "--data", "my-data")
    assert "21 figures, 21 already claimed by the data" in scanned.stdout


def test_the_counts_the_guide_states() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    final = [s["body"] for s in steps(guide) if s["kind"] == "file"][-1]
    reasons = re.findall(r'(?m)^reason = "([^"]*)"$', final)
    # the reasons scan writes: 3 sentences of results, the dateline, the heading
    written_by_scan = (
        "2024 result reviewed",
        "the date and session the report was delivered at",
        "a section heading",
    )
    drafted = [r for r in reasons if r in written_by_scan]
    by_hand = [r for r in reasons if r not in written_by_scan]
    assert (len(drafted), len(by_hand)) == (5, 0)
    assert len(re.findall(r"(?m)^\[\[targets\]\]$", final)) == 5
    assert "You wrote **0 dismissals\nby hand**" in guide
    assert "against **5 targets kept**" in guide


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the finished file: a target's value no longer what its quote writes
        ("value = 80                     # written ８０", "value = 8"),
        # the output shown: a count scan does not print
        ("21 figures, 0 already claimed", "20 figures, 0 already claimed"),
        # the sources table: the year the report reviews, not the one it looks ahead to
        ('year = 2025\nevent = "梅溪市', 'year = 2024\nevent = "梅溪市'),
    ],
)
def test_an_altered_block_is_caught(run, tmp_path, monkeypatch, old, new) -> None:
    monkeypatch.chdir(tmp_path)
    guide = GUIDE.read_text(encoding="utf-8")
    assert old in guide
    altered = guide.replace(old, new, 1)
    try:
        answers = follow(run, tmp_path, altered)
    except AssertionError:
        return  # a command failed
    assert any(got != shown for _, got, shown in answers)

"""The curator's guide's loop, run as written: scan a new text, paste, edit, check, scan again.

The output the guide's worked example shows is what the commands print; its table of
edits, applied to scan's drafts, gives the file the guide ends with, which passes the
check; the checker messages and the drafts of the bundled source that the guide quotes
are the ones the program gives.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import REPO

GUIDE = REPO / "docs" / "curating.md"
TEXT = "sources/example-enping-2025.txt"
TOML = "example-enping-2025.toml"
HEADER = "#:schema ./targets.schema.json\nformat = 1\n\n"
SCAN = ("scan", "my-data/sources/example-enping-2025.txt", "--data", "my-data")

BLOCK = r"<!-- example-{kind}: {name} -->\n```\w*\n(?P<body>.*?)```\n"


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def block(kind: str, name: str) -> str:
    """The fenced block under `<!-- example-KIND: NAME -->` in the guide."""
    found = re.findall(BLOCK.format(kind=kind, name=re.escape(name)), guide(), re.S)
    assert len(found) == 1, (kind, name, len(found))
    return found[0]


def edits() -> list[tuple[str, str, str, str]]:
    """(draft, field, scan wrote, you write) of each row of the guide's table of edits."""
    section = guide().split("<!-- example-edits -->\n", 1)[1]
    rows = []
    for line in section.splitlines()[2:]:  # after the header and its rule
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        draft, field, old, new = (cell.replace("`", "") for cell in cells[:4])
        rows.append((draft, field, old, new))
    return rows


@pytest.fixture
def my_data(tmp_path, monkeypatch) -> Path:
    """`cp -r data my-data` and the example's text saved in it, in the current folder."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "my-data"
    shutil.copytree(REPO / "data", folder)
    (folder / TEXT).write_text(block("file", TEXT), encoding="utf-8")
    return folder


def pasted(run, folder: Path) -> str:
    """Step 2 and 3 as the guide writes them: the two lines, then scan's drafts below."""
    assert "printf '#:schema ./targets.schema.json\\nformat = 1\\n\\n' > my-data/" + TOML in guide()
    assert "targets " + " ".join(SCAN) + " >> my-data/" + TOML in guide()
    (folder / TOML).write_text(HEADER, encoding="utf-8")
    ran = run(*SCAN)
    assert (ran.code, ran.stderr) == (0, ""), ran
    (folder / TOML).write_text(HEADER + ran.stdout, encoding="utf-8")
    return ran.stdout


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a TOML basic string, for these texts


def edited(drafts: str) -> str:
    """Scan's drafts with the guide's edits made, each where the table says."""
    blocks = drafts.split("\n\n")

    def find(draft: str) -> int:
        if draft == "[[sources]]":
            where = [i for i, b in enumerate(blocks) if "\n[[sources]]\n" in f"\n{b}\n"]
        elif draft.startswith("[[not_targets]]"):
            figure = toml_string(draft.removeprefix("[[not_targets]]").strip())
            where = [
                i
                for i, b in enumerate(blocks)
                if "[[not_targets]]" in b and f"\nfigure = {figure}\n" in f"\n{b}\n"
            ]
        else:
            where = [i for i, b in enumerate(blocks) if f'\nid = "{draft}"\n' in f"\n{b}\n"]
        assert len(where) == 1, (draft, where)
        return where[0]

    rows = edits()
    at_of = {draft: find(draft) for draft, *_ in rows}  # (before an edit renames a draft)
    for draft, field, old, new in rows:
        at = at_of[draft]
        line = f"\n{field} = {toml_string(old)}\n"
        # the table says what scan wrote: that is what it wrote
        assert (f"\n{blocks[at]}\n").count(line) == 1, (draft, field, old, blocks[at])
        blocks[at] = (f"\n{blocks[at]}\n").replace(line, f"\n{field} = {toml_string(new)}\n")[1:-1]
    return "\n\n".join(blocks)


def new_metrics(final: str) -> str:
    """The [[metrics]] tables of the guide's final file: what step 5 adds, not a draft."""
    tables = [b for b in final.split("\n\n") if "[[metrics]]" in b]
    assert tables
    return "\n\n".join(b[b.index("[[metrics]]") :] for b in tables)


def test_the_scan_output_shown_is_what_scan_prints(run, my_data):
    assert pasted(run, my_data) == block("output", "scan")


def test_the_check_of_the_pasted_drafts_is_what_check_prints(run, my_data):
    pasted(run, my_data)
    ran = run("check", "my-data")
    assert ran.code == 1
    assert ran.stderr == block("output", "check")


def test_the_edits_of_the_guide_turn_the_drafts_into_its_final_file(run, my_data):
    drafts = pasted(run, my_data)
    final = block("file", TOML)
    made = HEADER + edited(drafts) + "\n\n" + new_metrics(final) + "\n"
    (my_data / TOML).write_text(made, encoding="utf-8")
    ran = run("check", "my-data")
    assert ran.code == 0, ran
    assert ran.stdout.startswith("ok: 124 targets, 12 orgs, 72 metrics, 5 sources in ")
    # the file the guide shows holds just those records: no edit left out of the table
    assert tomllib.loads(made) == tomllib.loads(final)
    # and no TODO is left in any record
    assert "TODO" not in json.dumps(tomllib.loads(made), ensure_ascii=False)
    assert not re.search(r'\nid = "todo-', made)


def test_after_the_edits_scan_finds_nothing_left(run, my_data):
    (my_data / TOML).write_text(block("file", TOML), encoding="utf-8")
    assert run("check", "my-data").code == 0
    ran = run(*SCAN)
    assert ran.code == 0
    assert ran.stdout == block("output", "scan-done")
    assert "targets " + " ".join(SCAN) + "\n" in guide()


def test_scan_with_the_bundled_data_drafts_nothing(run, monkeypatch):
    monkeypatch.chdir(REPO)
    ran = run("scan", "data/sources/jiangmen-2024-pledges.txt", "--data", "data")
    assert ran.code == 0
    assert "targets scan data/sources/jiangmen-2024-pledges.txt --data data\n" in guide()
    first = ran.stdout.splitlines()[0]
    assert first in [line.strip() for line in guide().splitlines()]
    doc = run("scan", "data/sources/jiangmen-2024-pledges.txt", "--data", "data", "--json").json()
    assert (doc["figures"], doc["claimed"], doc["targets"], doc["not_targets"]) == (
        172,
        172,
        [],
        [],
    )


# ---- the checker messages the guide quotes -------------------------------------------


def quoted_in_guide(message: str) -> None:
    assert f"`{message}`" in guide(), message


def test_a_placeholder_id_and_a_todo_or_empty_reason_are_refused(run, my_data):
    drafts = pasted(run, my_data)
    # org and metric fixed, the new metric added; the ids and the reason left as drafted
    fixed = drafts.replace('org = "TODO"', 'org = "恩平市"').replace(
        'metric = "TODO"', 'metric = "城镇新增就业"'
    )
    text = HEADER + fixed + "\n" + new_metrics(block("file", TOML)) + "\n"
    (my_data / TOML).write_text(text, encoding="utf-8")
    ran = run("check", "my-data")
    assert ran.code == 1
    for n in (1, 2, 3):
        assert f"[todo-{n}]" not in ran.stderr  # the id problem is the only one of each
        assert f"target id 'todo-{n}' is still the placeholder scan drafted; name it" in ran.stderr
    quoted_in_guide("target id 'todo-1' is still the placeholder scan drafted; name it")
    todo = "not_targets entry '2025年': the reason is still a TODO; say why it states no target"
    assert todo in ran.stderr
    quoted_in_guide(todo)
    (my_data / TOML).write_text(re.sub(r'\nreason = "TODO[^"]*"', '\nreason = ""', text))
    ran = run("check", "my-data")
    assert "not_targets entry '2025年': reason is empty" in ran.stderr
    quoted_in_guide("not_targets entry '2025年': reason is empty")
    for message in ("unknown org 'TODO'", "unknown metric 'TODO'"):
        quoted_in_guide(message)
        assert message in block("output", "check")


def test_a_dismissal_that_covers_a_target_figure_is_refused(run, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    data = folder / "targets.toml"
    entry = (
        '\n[[not_targets]]\nsource = "jiangmen-2024-pledges"\nfigure = "千亿"\n'
        'quote = "千亿GDP"\nreason = "the headline of a speech"\n'
    )
    data.write_text(data.read_text(encoding="utf-8") + entry, encoding="utf-8")
    ran = run("check", str(folder))
    assert ran.code == 1
    (problem, count) = ran.stderr.splitlines()
    assert count == "1 problem found"
    message = problem.split(": ", 1)[1]
    assert message.startswith("not_targets entry '千亿': its quote '千亿GDP' also dismisses")
    quoted_in_guide(message)


# ---- the drafts of the bundled source the guide gives as examples -------------------


@pytest.fixture(scope="module")
def bundled_drafts(tmp_path_factory) -> dict:
    from targets_cli.answers.scanning import scan

    return tomllib.loads(scan(REPO / "data" / "sources" / "jiangmen-2024-pledges.txt"))


def drafted_target(drafts: dict, quote: str) -> dict:
    (found,) = [t for t in drafts["targets"] if t["quote"] == quote]
    return found


@pytest.mark.parametrize(
    ("quote", "fields"),
    [
        ("总投资超300亿元", {"metric": "TODO"}),
        ("争取引进超亿元项目60个", {"metric": "超亿元项目", "value": 60}),
        ("3家产业技术创新联盟", {"value": 3, "unit": "家"}),
        ("全力推动市重点项目完成1300亿元投资", {"wording": None, "value": 1300}),
        ("加快向千亿产业集群迈进", {"period": "2024", "comparator": "="}),
        ("新增经济总量超80亿元", {"value": 80, "unit": "亿元"}),
        ("的乡镇2个", {"value": 2, "unit": "个"}),
        ("新增1家国家级、5家", {"value": 1, "unit": "家"}),
        ("是新会千亿元之后再出发的开局之年", {"value": 1000}),
        ("“万亩千亿”大平台", {"metric": "万亩千亿平台"}),
    ],
)
def test_the_drafts_the_guide_describes_are_what_scan_drafts(bundled_drafts, quote, fields):
    assert quote in guide()
    record = drafted_target(bundled_drafts, quote)
    assert {key: record.get(key) for key in fields} == fields


def test_the_headline_the_guide_describes_is_drafted_as_a_dismissal(bundled_drafts):
    (entry,) = [
        e for e in bundled_drafts["not_targets"] if e["quote"] == "今年完成GDP增长6%以上目标"
    ]
    assert entry["reason"].startswith("TODO: the headline")
    assert "今年完成GDP增长6%以上目标" in guide()

"""A JSON answer loads only what it uses: no Typer, Click or rich, nothing for errors.

Every read-only command is answered by the fast path (cli/fast.py) without Typer, Click
or rich; the usual queries load less still.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

import pytest
from conftest import REPO

# Never on the path of a JSON answer read from the cache.
UNUSED = {
    "typer": "the command line's parser: the fast path parses these arguments itself",
    "click": "Typer's parser",
    "rich": "tables only",
    "tomli": "the cache holds the parsed data",
    "difflib": "suggestions for unknown names only",
    "inspect": "(pulled in by dataclasses: records.py makes the records)",
    "dataclasses": "records.py makes the records",
    "typing": "annotations are not evaluated",
    "pickle": "the index is data, never code",
}
# Never on the path of a JSON or JSON Lines answer read from the cache (CSV and TSV are
# written by the csv module, which imports re).
UNUSED_BY_JSON = {
    "re": "no pattern is needed (a label searches only a text with a space in it)",
    "enum": "the exit codes and formats are plain ints and strs (and re is not loaded)",
}
# Never on the path of any read-only command's JSON answer.
COMMAND_LINE = {"typer", "click", "rich"}


def _imported(*args: str, complete: dict[str, str] | None = None) -> set[str]:
    """The modules a `targets ARGS` run imports, as `python -X importtime` lists them."""
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_DATA"} | (complete or {})
    ran = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "targets_cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    names = set()
    for line in ran.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def _top(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize(
    "args",
    [
        ["sum", "--metric", "超亿元项目", "--json"],
        ["list", "--region", "台山", "--json"],
        ["list", "--metric", "超亿元项目", "--format", "jsonl"],
        ["show", "kaiping-projects-100m", "--json"],
        ["sum", "--metric", "超亿元项目", "--format", "tsv"],
    ],
    ids=" ".join,
)
def test_a_json_answer_imports_only_what_it_uses(args):
    _imported(*args)  # the first run fills the cache
    loaded = _top(_imported(*args))
    assert "targets_cli" in loaded
    assert {name: why for name, why in UNUSED.items() if name in loaded} == {}
    if "tsv" not in args:
        assert {name: why for name, why in UNUSED_BY_JSON.items() if name in loaded} == {}
    assert "targets_cli.cli.app" not in _imported(*args)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--region", "台山", "--json"],
        ["show", "kaiping-projects-100m", "--json"],
        ["sum", "--metric", "超亿元项目", "--json"],
        ["compare", "--metric", "工业投资", "--json"],
        ["compare", "台山", "开平", "--json"],
        ["coverage", "--json"],
        ["metrics", "--json"],
        ["regions", "--json"],
        ["check", "--json"],
        ["check"],
        # (these two write only their answer: the fast path answers them too)
        ["scan", "data/sources/jiangmen-2024-pledges.txt", "--format", "json"],
        ["scan", "data/sources/jiangmen-2024-pledges.txt"],
        ["schema"],
    ],
    ids=" ".join,
)
def test_every_read_only_command_answers_without_the_command_line_libraries(args):
    _imported(*args)  # the first run fills the index
    loaded = _imported(*args)
    assert not _top(loaded) & COMMAND_LINE, sorted(_top(loaded) & COMMAND_LINE)
    assert "targets_cli.cli.app" not in loaded


def test_a_scan_of_the_bundled_text_imports_neither_re_nor_enum():
    # no pattern is compiled for this text (tests/test_scan_startup.py), so re, and the
    # enum it imports, would be some 3 ms of the scan's start for nothing; the exit codes
    # and formats are plain ints and strs for the same reason
    args = ("scan", "data/sources/jiangmen-2024-pledges.txt", "--format", "json")
    _imported(*args)  # the first run fills the index
    loaded = _top(_imported(*args))
    assert "targets_cli" in loaded
    assert loaded & {"re", "enum"} == set()


def test_version_imports_no_typer():
    loaded = _top(_imported("--version"))
    assert not loaded & COMMAND_LINE


def test_completion_imports_no_typer_either():
    words = {
        "_TARGETS_COMPLETE": "complete_bash",
        "COMP_WORDS": "targets list -r 台",
        "COMP_CWORD": "3",
    }
    _imported(complete=words)
    loaded = _top(_imported(complete=words))
    assert not loaded & {"typer", "click", "rich", "tomli"}


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--region", "台山", "--format", "table"],
        ["show", "taishan-projects-100m", "--format", "table"],
    ],
    ids=" ".join,
)
def test_a_table_is_drawn_by_rich_without_typer(args):
    _imported(*args)
    loaded = _imported(*args)
    assert {"rich.console", "rich.table"} <= loaded
    assert not _top(loaded) & {"typer", "click"}


def test_a_warm_check_reads_every_file_again_but_no_other_view():
    # check --full trusts nothing of the index (a program may have edited it): it reads
    # the files and works the figures out every time, but loads no view it does not show.
    _imported("check", "--full", "--json")
    loaded = _imported("check", "--full", "--json")
    assert {"targets_cli.data.building", "targets_cli.data.completeness"} <= loaded
    assert {"targets_cli.views.coverage", "targets_cli.views.reports"} & loaded == set()


# decimal is loaded where a figure is converted, added up or judged (sum, compare,
# coverage, progress), never by the answers that only print the figures as written.
@pytest.mark.parametrize(
    "args",
    [
        ["list", "--region", "台山", "--json"],
        ["list", "--metric", "超亿元项目", "--format", "jsonl"],
        ["show", "kaiping-projects-100m", "--json"],
        ["metrics", "--json"],
        ["regions", "--json"],
    ],
    ids=" ".join,
)
def test_an_answer_that_works_out_no_figure_loads_no_decimal(args):
    _imported(*args)
    assert "decimal" not in _imported(*args)


def _imported_by_the_script(*args: str) -> set[str]:
    """The modules the installed `targets` script imports (it calls main: no runpy, which
    `python -m` loads, with contextlib, before the package)."""
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_DATA"}
    script = "import sys; from targets_cli.__main__ import main; sys.exit(main())"
    ran = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in ran.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


# Never on the path of a warm `sum --json`: what it needs no part of.
NOT_SUMMING = {
    "targets_cli.rules.outcomes": "no status is asked for: no outcome is judged",
    "contextlib": "only making or discarding an index file uses it",
    "targets_cli.views.family": "only --related shows the metric's family",
    "targets_cli.answers.empty": "only an empty answer suggests a wider question",
    "importlib": "the answer's module is loaded with __import__ (importlib brings warnings)",
    "targets_cli.data.loading": "the TOML reading and field checks: a build's (data.paths finds "
    "the files)",
    "targets_cli.data.locating": "line numbers of a data file being parsed",
    "sqlite3.dbapi2": "the index is read through _sqlite3: no date adapters for an index of "
    "no dates",
    "datetime": "(loaded by sqlite3.dbapi2, for its date adapters)",
}


def test_a_warm_sum_loads_only_what_a_total_needs():
    args = ("sum", "--metric", "超亿元项目", "--json")
    _imported_by_the_script(*args)  # the first run fills the index
    loaded = _imported_by_the_script(*args)
    assert "targets_cli.rules.totals" in loaded
    assert {name: why for name, why in NOT_SUMMING.items() if name in loaded} == {}


# Never on the path of these answers: what they need no part of.
NOT_NEEDED = {
    ("compare", "--metric", "地区生产总值增长", "--json"): {
        "targets_cli.answers.empty": "only an empty comparison looks for a wider one",
    },
    ("scan", "data/sources/jiangmen-2024-pledges.txt", "--format", "json"): {
        "typing": "a Figure is a plain namedtuple (typing.NamedTuple for mypy only)",
        "contextlib": "(pulled in by typing)",
        "targets_cli.data.building": "a scan reads the data's index, never builds it warm",
        "targets_cli.data.loading": "the TOML reading and field checks: a build's (data.paths "
        "reads the text)",
        "targets_cli.data.locating": "line numbers of a data file being parsed",
        "sqlite3.dbapi2": "the index is read through _sqlite3 (no date adapters)",
        "datetime": "(loaded by sqlite3.dbapi2, for its date adapters)",
    },
}


@pytest.mark.parametrize("args", list(NOT_NEEDED), ids=" ".join)
def test_an_answer_loads_nothing_it_does_not_need(args):
    _imported_by_the_script(*args)  # the first run fills the index
    loaded = _imported_by_the_script(*args)
    assert {name: why for name, why in NOT_NEEDED[args].items() if name in loaded} == {}


# What a run in its own process tells about the cyclic collector: whether any collection
# ran after main began and before the command's answer module was loaded (start-up:
# every object then lives until the end), and how many objects were left frozen.
_COLLECTOR_SCRIPT = """
import gc, json, sys
started, loaded = [], []
answers = sys.argv.pop(1)
gc.callbacks.append(
    lambda phase, info: phase == "start" and started and loaded.append(answers in sys.modules)
)
from targets_cli.__main__ import main
started.append(True)
code = main()
print(json.dumps([code, loaded.count(False), gc.get_freeze_count(), gc.isenabled()]),
      file=sys.stderr)
"""


@pytest.mark.parametrize(
    "answers, args",
    [
        ("targets_cli.answers.summing", ("sum", "--metric", "超亿元项目", "--json")),
        (
            "targets_cli.answers.scanning",
            ("scan", "data/sources/jiangmen-2024-pledges.txt", "--format", "json"),
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else " ".join(value),
)
def test_no_collection_walks_the_modules_a_warm_run_loads(answers, args):
    # the modules, functions and classes a run loads live until it ends: a collection
    # while they load (a few hundred objects made set one off) walks them for nothing,
    # and so would the collection at exit, were they not frozen once loaded
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_DATA"}
    command = [sys.executable, "-c", _COLLECTOR_SCRIPT, answers, *args]
    subprocess.run(command, capture_output=True, cwd=REPO, env=env, check=True)  # (warm)
    ran = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env)
    code, while_loading, frozen, collecting = json.loads(ran.stderr.strip().splitlines()[-1])
    assert code == 0
    assert while_loading == 0
    assert frozen > 1_000  # (the objects of every module loaded: some 13,000 for sum)
    assert collecting


def test_a_run_in_process_leaves_the_collector_as_it_found_it(run):
    # a caller whose process goes on (these tests) gets nothing frozen, collection on
    assert gc.isenabled()
    assert run("sum", "--metric", "超亿元项目", "--json").code == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        assert run("scan", "data/sources/jiangmen-2024-pledges.txt", "--format", "json").code == 0
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()

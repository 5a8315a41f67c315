"""The hostile-input study's generators, kept as property tests (issue 15).

Three generators, each with a fixed seed and a bounded count so that CI runs the same
examples every time, quickly:

- command lines made from the command table (cli/spec.py): options, values that are
  right, wrong or odd (empty, huge, unicode, dashes, control characters), stray words.
  Never a traceback, an exit code the README lists, no message that echoes 100 KB, and
  the fast path and Typer give the same bytes and exit code;
- mutations of a copy of data/targets.toml (a line deleted or doubled, a byte flipped,
  a `"`, `[`, `=` or control character put in): `check` never tracebacks, exits 0 or 1,
  and answers the same from the index as with `--no-cache`;
- damage to the index (cut short, bytes overwritten, one value of the targets table
  changed or one row deleted with sqlite3): the next `sum` gives the answer it gave
  before, exit 0.

The runs are in this process, through the entry point (`__main__.main`), for speed:
a run costs milliseconds here and a fifth of a second as a process of its own.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from conftest import environment as shared_environment
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from targets_cli.__main__ import main
from targets_cli.cli import fast as fastpath
from targets_cli.cli import spec

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
DATA_FILE = DATA / "targets.toml"
SOURCE_TEXT = DATA / "sources" / "jiangmen-2024-pledges.txt"
EXIT_CODES = {0, 1, 2, 3, 4}
# No message echoes what it was given whole: 80 characters of a value, a few lines.
STDERR_BOUND = 4000

FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# (the module's fixtures are made once and set again by each example itself)
FIXTURES = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]


class Ran:
    def __init__(self, code: int, stdout: bytes, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def key(self) -> tuple[int, bytes, str]:
        return self.code, self.stdout, self.stderr

    def __repr__(self) -> str:
        return f"Ran({self.code}, stdout={self.stdout[:200]!r}, stderr={self.stderr[:500]!r})"


def environment(**changes: str | None):
    return shared_environment(changes)


def run(argv: list[str], typer_only: bool = False) -> Ran:
    """`targets ARGV` through `__main__.main`, its output as a pipe would take it; with
    `typer_only` the fast path declines, as it does for words that are not plain."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True)
    real = fastpath.answer
    if typer_only:
        fastpath.answer = lambda argv: None
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(argv))
    finally:
        fastpath.answer = real
    stderr = err.buffer.getvalue().decode("utf-8", "backslashreplace")  # type: ignore[attr-defined]
    return Ran(code, out.buffer.getvalue(), stderr)  # type: ignore[attr-defined]


# ---- command lines ------------------------------------------------------------------

# Right values for what the options complete or name (the bundled data's names).
KNOWN = {
    "regions": ["台山", "台山市", "Taishan", "开平", "江门市", "Kaiping"],
    "orgs": ["市科技局", "台山市", "开平市"],
    "metrics": ["超亿元项目", "工业投资", "地区生产总值增长", "亿元以上项目"],
    "ids": ["taishan-projects-100m", "kaiping-projects-100m", "KAIPING-projects-100m"],
    "--period": ["2024", "2025", "2024..2025", "2030", "none", "2030-2032"],
    "--category": ["investment", "enterprises"],
    "--firmness": ["确保", "力争", "ensure", "strive", "none"],
    "--search": ["超亿元", "新引入 项目"],
    "--port": ["8001", "0", "-1", "99999"],
}
# Values nobody means: empty, blank, dashes, huge, unicode look-alikes, control characters.
ODD = [
    "",
    " ",
    "-",
    "--",
    "-x",
    "--json",
    "=",
    "\x1b]0;owned\x07",
    "\x1b[2J",
    "\n",
    "a\tb",
    "\u200b",
    "\u202e台山",
    "２０２４",
    "臺山",
    "2030—2032",
    "Ｔａｉｓｈａｎ",
    "x" * 100_000,
    "台" * 30_000,
    "9" * 5000,
    "../../etc/passwd",
]
# Paths: the data, nothing, odd files; long ones (a part over 255 bytes, 100 KB in all).
PATHS = [
    str(DATA_FILE),
    str(DATA),
    "no/such.toml",
    "",
    "/dev/null",
    "d" * 300 + ".toml",
    "a/" * 50_000,
]
# Where an export may write: inside the run's own folder (its working directory).
OUTS = ["out.json", "out.db", "out.csv", "csv/", "site", "", "/dev/null", "o" * 300]
SOURCES = [str(SOURCE_TEXT), "no/such.txt", "", "/dev/null", str(DATA_FILE)]
FREE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=12,
)
# serve starts a web server: it is left out, its options are tried on the others.
NAMES = [name for name in spec.COMMANDS if name != "serve"]


def values_of(option: spec.Option | spec.Argument, command: str) -> st.SearchStrategy[str]:
    right: list[str] = []
    if getattr(option, "choices", None):
        right = list(option.choices)  # type: ignore[union-attr]
    elif isinstance(option.complete, tuple):
        right = list(option.complete)
    elif isinstance(option.complete, str):
        right = KNOWN[option.complete]
    elif isinstance(option, spec.Option) and option.name in KNOWN:
        right = KNOWN[option.name]
    if option.kind == spec.PATH:
        right = OUTS if command == "export" else SOURCES if command == "scan" else PATHS
    strategies = [st.sampled_from(ODD), FREE_TEXT]
    if right:
        strategies = [st.sampled_from(right), st.sampled_from(right), *strategies]
    return st.one_of(*strategies)


@st.composite
def command_lines(draw) -> list[str]:
    name = draw(st.sampled_from([*NAMES, *NAMES[:5], "--help", "--version", "nonsense", ""]))
    command = spec.COMMANDS.get(name)
    if command is None:
        return [name] if name else []
    words = [name]
    for argument in command.arguments:
        for _ in range({spec.ONE: 1, spec.OPTIONAL: draw(st.integers(0, 1))}.get(
                argument.takes, draw(st.integers(0, 3)))):  # fmt: skip
            words.append(draw(values_of(argument, name)))
    for _ in range(draw(st.integers(0, 5))):
        what = draw(st.sampled_from(["option"] * 6 + ["stray", "unknown", "help"]))
        if what == "stray":
            words.insert(draw(st.integers(1, len(words))), draw(st.sampled_from(ODD)))
            continue
        if what == "unknown":
            words.append(draw(st.sampled_from(["--bogus", "-z", "--regio", "--json=1"])))
            continue
        if what == "help":
            words.append("-h")
            continue
        option = draw(st.sampled_from(command.options)) if command.options else None
        if option is None:
            continue
        word = draw(st.sampled_from([*option.names, *([option.negative] * bool(option.negative))]))
        if option.takes == spec.FLAG:
            words.append(word)
            continue
        value = draw(values_of(option, name))
        form = draw(st.sampled_from(["apart", "apart", "equals", "missing"]))
        if form == "equals" and word.startswith("--"):
            words.append(f"{word}={value}")
        elif form == "missing":
            words.append(word)
        else:
            words += [word, value]
    if name == "sum" and not {"--metric", "-m"} & set(words) and draw(st.booleans()):
        # sum needs --metric: half its lines get a right one, to go past Click
        words += ["--metric", draw(st.sampled_from(KNOWN["metrics"]))]
    return words


@contextmanager
def a_folder_of_its_own():
    """A fresh working folder (what an export writes goes there) for one run."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(before)


@settings(FUZZ, max_examples=60)
@given(argv=command_lines())
def test_random_command_lines(argv):
    with environment(TARGETS_DATA=None, COLUMNS="100", LINES=None, NO_COLOR=None):
        with a_folder_of_its_own():
            either = run(argv)
        with a_folder_of_its_own():
            typer = run(argv, typer_only=True)
    assert either.code in EXIT_CODES, either
    assert "Traceback" not in either.stderr, either
    assert len(either.stderr) < STDERR_BOUND, (len(either.stderr), either.stderr[:300])
    assert either.key() == typer.key(), (either, typer)


# ---- mutations of the data file -------------------------------------------------------

CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1b[2J", "\x7f", "\r"]
INSERTS = ['"', "[", "=", "]]", "[[targets]]\n", "\n", "\ufeff", "\u2028", *CONTROL]


@st.composite
def mutations(draw) -> list[tuple[str, int, int | str]]:
    """1 to 3 changes, each (kind, where: a fraction in 1/10000, what)."""
    changes = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "duplicate", "flip", "insert"]))
        where = draw(st.integers(0, 9999))
        what: int | str = 0
        if kind == "flip":
            what = draw(st.integers(1, 255))
        elif kind == "insert":
            what = draw(st.sampled_from(INSERTS))
        changes.append((kind, where, what))
    return changes


def mutated(raw: bytes, changes: list[tuple[str, int, int | str]]) -> bytes:
    for kind, where, what in changes:
        if kind in ("delete", "duplicate"):
            lines = raw.splitlines(keepends=True)
            at = where * len(lines) // 10_000
            lines[at:at + 1] = [] if kind == "delete" else [lines[at], lines[at]]  # fmt: skip
            raw = b"".join(lines)
        elif kind == "flip":
            at = where * len(raw) // 10_000
            raw = raw[:at] + bytes([raw[at] ^ int(what)]) + raw[at + 1 :]
        else:
            at = where * len(raw) // 10_000
            raw = raw[:at] + str(what).encode("utf-8") + raw[at:]
    return raw


@pytest.fixture(scope="module")
def mutable(tmp_path_factory) -> Path:
    """A copy of data/ whose data file each example rewrites, and a cache of its own."""
    folder = tmp_path_factory.mktemp("mutable")
    shutil.copytree(DATA, folder / "d")
    (folder / "cache").mkdir()
    return folder


@settings(FUZZ, max_examples=50, suppress_health_check=FIXTURES)
@given(changes=mutations())
def test_data_mutations(mutable, changes):
    data = mutable / "d" / "targets.toml"
    data.write_bytes(mutated(DATA_FILE.read_bytes(), changes))
    with environment(
        TARGETS_DATA=None, TARGETS_NO_CACHE=None, XDG_CACHE_HOME=str(mutable / "cache")
    ):
        indexed = run(["check", str(data)])
        fresh = run(["check", str(data), "--no-cache"])
    assert indexed.code in (0, 1), indexed
    assert "Traceback" not in indexed.stderr + fresh.stderr
    assert indexed.key() == fresh.key(), (indexed, fresh)


# ---- damage to the index ----------------------------------------------------------------


class Built:
    """A copy of data/ with its index built in a cache of its own: the index file, its
    good bytes, and the answer they give."""

    def __init__(self, folder: Path, index: Path, good: bytes, answer: bytes):
        self.folder, self.index, self.good, self.answer = folder, index, good, answer

    def __repr__(self) -> str:
        return f"Built({self.index})"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    folder = tmp_path_factory.mktemp("index")
    shutil.copytree(DATA, folder / "d")
    with environment(TARGETS_DATA=None, TARGETS_NO_CACHE=None, XDG_CACHE_HOME=str(folder / "c")):
        first = run([*SUM, "--data", str(folder / "d")])
    assert first.code == 0 and first.stderr == "", first
    # 台山 60, 开平 52 (以上), 江海 50 (超): 60 + 52 + 50 = 162, as the source text states them
    assert b'"total": 162' in first.stdout
    (index,) = (folder / "c" / "targets").glob("index-*.sqlite3")
    return Built(folder, index, index.read_bytes(), first.stdout)


SUM = ["sum", "--metric", "超亿元项目", "--json"]
VALUES = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.binary(max_size=20),
    st.sampled_from(["台山市", "开平市", "超亿元项目", "工业投资", "2024", "", "[]", "{}"]),
)


@st.composite
def damages(draw) -> tuple[str, object]:
    kind = draw(st.sampled_from(["truncate", "overwrite", "value", "value", "delete"]))
    if kind == "truncate":
        return kind, draw(st.integers(0, 10_000))  # a fraction of the file, in 1/10000
    if kind == "overwrite":
        spots = draw(st.lists(st.tuples(st.integers(0, 9_999), st.binary(min_size=1, max_size=64)),
                              min_size=1, max_size=4))  # fmt: skip
        return kind, spots
    # a row of the answer (the sum's three targets) half the time, else any row
    rows = draw(st.sampled_from(["answer", "any"]))
    row = draw(st.integers(0, 10_000))
    if kind == "delete":
        return kind, (rows, row)
    return kind, (rows, row, draw(st.integers(0, 10_000)), draw(VALUES))


def damage(index: Path, good: bytes, how: tuple[str, object]) -> None:
    for suffix in ("-journal", "-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    index.write_bytes(good)
    kind, what = how
    if kind == "truncate":
        with open(index, "r+b") as file:
            file.truncate(int(what) * len(good) // 10_000)  # type: ignore[call-overload]
    elif kind == "overwrite":
        with open(index, "r+b") as file:
            for where, data in what:  # type: ignore[attr-defined]
                file.seek(where * len(good) // 10_000)
                file.write(data)
    else:
        rows, row, *change = what  # type: ignore[misc]
        with sqlite3.connect(index) as db:
            where = "WHERE metric_name = '超亿元项目'" if rows == "answer" else ""
            rowids = [found[0] for found in db.execute(f"SELECT rowid FROM targets {where}")]
            rowid = sorted(rowids)[row * len(rowids) // 10_001]
            if kind == "delete":
                db.execute("DELETE FROM targets WHERE rowid = ?", (rowid,))
            else:
                column, value = change
                columns = [found[1] for found in db.execute("PRAGMA table_info(targets)")]
                name = columns[column * len(columns) // 10_001]
                try:
                    db.execute(f'UPDATE targets SET "{name}" = ? WHERE rowid = ?', (value, rowid))
                except sqlite3.IntegrityError:  # (a NOT NULL column: NULL is refused)
                    db.execute(f'UPDATE targets SET "{name}" = ? WHERE rowid = ?', ("x", rowid))
        db.close()


@settings(FUZZ, max_examples=50, suppress_health_check=FIXTURES)
@given(how=damages())
def test_index_damage(built, how):
    damage(built.index, built.good, how)
    cache = str(built.folder / "c")
    with environment(TARGETS_DATA=None, TARGETS_NO_CACHE=None, XDG_CACHE_HOME=cache):
        ran = run([*SUM, "--data", str(built.folder / "d")])
    assert "Traceback" not in ran.stderr, ran
    assert (ran.code, ran.stdout) == (0, built.answer), (how, ran)

"""The index cache never destroys a user's file, never answers forged or stale once
`check` has run, and never breaks a run: each case run as a user runs the command.

Figures from data/sources/jiangmen-2024-pledges.txt: projects over 100 million yuan are
台山 争取引进超亿元项目60个, 开平 超亿元项目52个以上 and 江海 引进亿元以上项目超50个, so
`sum --metric 超亿元项目` is 60 + 52 + 50 = 162, bounded by ">" (超50).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import REPO

SUM = ("sum", "--metric", "超亿元项目", "--json")
TRUTH = 162
EDITED_NOTE = "did not hold what the data files say"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """The cache folder of this test alone."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TARGETS_NO_CACHE", raising=False)
    return tmp_path / "cache" / "targets"


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the bundled data, to edit."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    return tmp_path / "data" / "targets.toml"


def index_path(cache: Path, data: Path) -> Path:
    """Where the index of `data` lives: the name is a documented, predictable one."""
    where = os.fsencode(os.path.abspath(data))
    return cache / f"index-{zlib.crc32(where):08x}{zlib.adler32(where):08x}.sqlite3"


def total(ran) -> tuple[int, str]:
    answer = ran.json()
    return answer["total"], answer["comparator"]


def user_database(path: Path) -> bytes:
    """A user's own SQLite file, with a table and rows; its bytes."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE household (item TEXT, cost INTEGER)")
        db.executemany("INSERT INTO household VALUES (?, ?)", [("rent", 900), ("food", 300)])
    return path.read_bytes()


# ---- a file the tool did not make is never written ---------------------------------


@pytest.mark.parametrize("beside", ["", "-journal"])
def test_a_link_at_the_index_path_leaves_the_users_file_alone(run, cache, data, tmp_path, beside):
    mine = tmp_path / "accounts.sqlite3"
    before = user_database(mine)
    cache.mkdir(parents=True)
    link = Path(str(index_path(cache, data)) + beside)
    link.symlink_to(mine)
    ran = run(*SUM, "--data", str(data))
    assert ran.code == 0 and total(ran) == (TRUTH, ">")
    assert mine.read_bytes() == before
    assert ran.stderr == (
        "targets: note: the index is kept in memory for this run: "
        f"{link} is a link; a link is never followed\n"
    )
    assert link.is_symlink() and run(*SUM, "--data", str(data)).code == 0
    assert mine.read_bytes() == before


def test_a_hard_link_at_the_index_path_leaves_the_users_file_alone(run, cache, data, tmp_path):
    mine = tmp_path / "accounts.sqlite3"
    before = user_database(mine)
    cache.mkdir(parents=True)
    os.link(mine, index_path(cache, data))
    ran = run(*SUM, "--data", str(data))
    assert ran.code == 0 and total(ran) == (TRUTH, ">")
    assert mine.read_bytes() == before
    assert "has other names (hard links)" in ran.stderr and ran.stderr.count("\n") == 1


def test_a_foreign_database_at_the_index_path_is_moved_aside_untouched(run, cache, data):
    cache.mkdir(parents=True)
    path = index_path(cache, data)
    before = user_database(path)
    ran = run(*SUM, "--data", str(data))
    assert ran.code == 0 and total(ran) == (TRUTH, ">")
    aside = Path(f"{path}.not-a-targets-index")
    assert ran.stderr == (
        f"targets: note: {path} was not a targets index: it was moved, untouched, to {aside}\n"
    )
    assert aside.read_bytes() == before
    # and a second foreign file never replaces the first one moved aside
    path.unlink()
    second = user_database(path)
    ran = run(*SUM, "--data", str(data))
    assert ran.code == 0 and total(ran) == (TRUTH, ">")
    assert aside.read_bytes() == before
    assert Path(f"{path}.not-a-targets-index-2").read_bytes() == second
    # what is at the index's path now is marked as ours
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone() == (0x54475453,)
    assert run(*SUM, "--data", str(data)).stderr == ""


# ---- a forged or stale index answers no more once check has run ---------------------


def forge(path: Path, statements: list[str]) -> None:
    """What another program could do: change rows, fix their digests, clear the mark."""
    from targets_cli.data.store import DATA_COLUMNS, digest

    columns = DATA_COLUMNS["targets"]
    with sqlite3.connect(path) as db:
        for statement in statements:
            db.execute(statement)
        for row in db.execute("SELECT rowid, * FROM targets").fetchall():
            values = row[4 : 4 + len(columns)]
            db.execute("UPDATE targets SET _digest = ? WHERE rowid = ?", (digest(values), row[0]))
        db.execute("DELETE FROM _meta WHERE key = 'edited'")


def test_a_forged_figure_is_found_by_check_and_never_served_again(run, cache, data):
    assert total(run(*SUM, "--data", str(data))) == (TRUTH, ">")
    forge(
        index_path(cache, data),
        ["UPDATE targets SET value = 999 WHERE id = 'taishan-projects-100m'"],
    )
    assert total(run(*SUM, "--data", str(data)))[0] == 999 + 52 + 50  # forged: served
    checked = run("check", "--full", "--data", str(data))
    assert checked.code == 0 and checked.stdout.startswith("ok: 121 targets")
    assert EDITED_NOTE in checked.stderr and checked.stderr.count("\n") == 1
    after = run(*SUM, "--data", str(data))
    assert total(after) == (TRUTH, ">") and after.stderr == ""


def test_cleared_problems_do_not_hide_a_duplicate_id_from_check(run, cache, data):
    text = data.read_text(encoding="utf-8")
    start = text.index('[[targets]]\nid = "taishan-projects-100m"')
    entry = text[start : text.index("\n[[", start + 1) + 1]
    data.write_text(text + "\n" + entry, encoding="utf-8")
    line = text[:start].count("\n") + 1  # the first entry's line
    listed = run("list", "--json", "--data", str(data))
    assert listed.code == 1 and "duplicate target id 'taishan-projects-100m'" in listed.stderr
    with sqlite3.connect(index_path(cache, data)) as db:
        db.execute("DELETE FROM _problems")
        db.execute("DELETE FROM _meta WHERE key = 'edited'")
    checked = run("check", "--full", "--data", str(data))
    assert checked.code == 1
    assert f"duplicate target id 'taishan-projects-100m'; first defined at {data}:{line}" in (
        checked.stderr
    )
    assert EDITED_NOTE in checked.stderr
    assert run("list", "--json", "--data", str(data)).code == 1


def test_a_forged_stamp_serves_no_stale_answer_after_check(run, cache, data):
    assert run(*SUM, "--data", str(data)).code == 0
    text = data.read_text(encoding="utf-8")
    # the file now quotes a figure the source does not hold
    edited = text.replace('quote = "引进超亿元项目60个"', 'quote = "引进超亿元项目70个"')
    assert edited != text
    data.write_text(edited, encoding="utf-8")
    st = data.stat()
    stamp = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
    sha = hashlib.sha256(data.read_bytes()).hexdigest()
    with sqlite3.connect(index_path(cache, data)) as db:
        db.execute("UPDATE _files SET stamp = ?, sha256 = ?", (stamp, sha))
        db.execute("DELETE FROM _meta WHERE key = 'edited'")
    stale = run(*SUM, "--data", str(data))
    assert stale.code == 0 and total(stale) == (TRUTH, ">")  # the old file's answer
    checked = run("check", "--full", "--data", str(data))
    assert checked.code == 1 and "quote not found verbatim" in checked.stderr
    assert EDITED_NOTE in checked.stderr
    assert run(*SUM, "--data", str(data)).code == 1  # the file's problem, at last


# ---- a damaged index is built again, with a note ----------------------------------


def zero_pages(path: Path) -> None:
    """Every page but the first (the header and the list of tables) zeroed."""
    raw = path.read_bytes()
    size = int.from_bytes(raw[16:18], "big")
    path.write_bytes(raw[:size] + bytes(len(raw) - size))


def zero_tables(path: Path) -> None:
    """The first pages of the targets and of the problems zeroed: the catalogues are
    sound, so the damage is found only when the targets or problems are read."""
    with sqlite3.connect(path) as db:
        size = db.execute("PRAGMA page_size").fetchone()[0]
        roots = [
            db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
            for name in ("targets", "_problems")
        ]
    raw = bytearray(path.read_bytes())
    for root in roots:
        raw[(root - 1) * size : root * size] = bytes(size)
    path.write_bytes(bytes(raw))


def flip_text(path: Path, text: str) -> None:
    """The first byte of every copy of `text` flipped: no longer UTF-8."""
    raw = bytearray(path.read_bytes())
    needle = text.encode("utf-8")
    at = raw.find(needle)
    assert at >= 0
    while at >= 0:
        raw[at] ^= 0xFF
        at = raw.find(needle, at + 1)
    path.write_bytes(bytes(raw))


def forged_region(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE targets SET region = '无此地' WHERE id = 'taishan-projects-100m'")
        db.execute("DELETE FROM _meta WHERE key = 'edited'")


DAMAGE = {
    "zeroed pages": zero_pages,
    "zeroed pages of targets and problems": zero_tables,
    # a settled sentence, read only with the target's row
    "flipped bytes in a row": lambda path: flip_text(path, "超亿元项目60个"),
    # the list of tables: SQLite's own message then holds bytes that are not UTF-8
    "flipped bytes in the schema": lambda path: flip_text(path, "ON targets (region)"),
    "forged region": forged_region,
}


@pytest.mark.parametrize(
    "command", [SUM, ("list", "--json"), ("check",), ("check", "--full")], ids=" ".join
)
@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_built_again_with_one_note(run, cache, data, damage, command):
    good = run(*command, "--data", str(data), "--no-cache")
    assert good.code == 0
    assert run(*command, "--data", str(data)).stdout == good.stdout
    DAMAGE[damage](index_path(cache, data))
    ran = run(*command, "--data", str(data))
    assert (ran.code, ran.stdout) == (0, good.stdout)
    if command == ("check",) and damage in ("flipped bytes in a row", "forged region"):
        # (check answers from the index's problems: a target row it does not read is
        # verified by check --full, whose case above finds it)
        assert ran.stderr == ""
        return
    assert ran.stderr.count("\n") == 1 and str(index_path(cache, data)) in ran.stderr
    assert "built again" in ran.stderr and "Traceback" not in ran.stderr
    again = run(*command, "--data", str(data))
    assert (again.code, again.stdout, again.stderr) == (0, good.stdout, "")


# ---- a cache that cannot be written breaks no run -----------------------------------


@pytest.mark.parametrize(
    "message", ["attempt to write a readonly database", "database or disk is full"]
)
def test_a_cache_that_cannot_be_written_answers_from_memory(run, cache, data, monkeypatch, message):
    from targets_cli.data import building

    real = building.refresh

    def refusing(connection, location, files):
        if connection.execute("PRAGMA database_list").fetchone()[2]:  # a file, not memory
            raise sqlite3.OperationalError(message)
        return real(connection, location, files)

    monkeypatch.setattr(building, "refresh", refusing)
    for _ in range(2):
        ran = run(*SUM, "--data", str(data))
        assert ran.code == 0 and total(ran) == (TRUTH, ">")
        path = index_path(cache, data)
        assert ran.stderr == (
            f"targets: note: cannot write the index {path} ({message}); "
            "it is kept in memory for this run\n"
        )


def test_a_read_only_cache_folder_and_file_answer_from_memory(cache, data):
    """Run as a user (root gives up the capabilities that override the mode bits)."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("root writes every file, and setpriv (util-linux) is not here to stop it")
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    prefix = prefix if os.geteuid() == 0 else []
    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parent)}
    env.pop("TARGETS_NO_CACHE", None)
    command = [*prefix, sys.executable, "-m", "targets_cli", *SUM, "--data", str(data)]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0 and first.stderr == ""
    # an edit the index must take in: the file written again, its times in the past
    data.write_text(data.read_text("utf-8") + "\n# edited\n", encoding="utf-8")
    os.utime(data, (1_600_000_000, 1_600_000_000))
    path = index_path(cache, data)
    path.chmod(0o444)
    cache.chmod(0o555)
    try:
        ran = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    finally:
        cache.chmod(0o755)
        path.chmod(0o644)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["total"] == TRUTH
    assert ran.stderr == (
        f"targets: note: cannot write the index {path} (attempt to write a readonly "
        "database); it is kept in memory for this run\n"
    )


# ---- the same order with the cache as without -----------------------------------------


def split(data: Path) -> tuple[str, str]:
    """The bundled file's text without its second half of targets, and that half."""
    text = data.read_text(encoding="utf-8")
    first, end = text.index("[[targets]]"), text.index("[[not_targets]]")
    entries = text[first:end].split("\n[[targets]]")
    half = len(entries) // 2
    kept = "\n[[targets]]".join(entries[:half]) + "\n"
    moved = "[[targets]]" + "\n[[targets]]".join(entries[half:])
    return text[:first] + kept + text[end:], "format = 1\n\n" + moved


def test_a_file_split_in_two_lists_in_the_same_order_with_the_cache(run, cache, data):
    folder = data.parent
    assert run("list", "--json", "--data", str(folder)).code == 0  # indexed as one file
    rest, moved = split(data)
    data.write_text(rest, encoding="utf-8")
    (folder / "a-split.toml").write_text(moved, encoding="utf-8")  # listed before it
    cached = run("list", "--json", "--restatements", "--data", str(folder))
    fresh = run("list", "--json", "--restatements", "--data", str(folder), "--no-cache")
    assert cached.code == fresh.code == 0
    assert cached.stdout == fresh.stdout
    ids = [row["id"] for row in cached.json()]
    assert len(ids) == 121
    # a-split.toml sorts first: the second half of the bundled targets comes first
    assert ids[0] == moved.split('id = "', 1)[1].split('"', 1)[0]


def test_a_duplicate_id_is_first_defined_in_the_file_listed_first(run, cache, data):
    folder = data.parent
    assert run("list", "--json", "--data", str(folder)).code == 0
    text = data.read_text(encoding="utf-8")
    start = text.index('[[targets]]\nid = "taishan-projects-100m"')
    entry = text[start : text.index("\n[[", start + 1) + 1]
    earlier = folder / "a-copy.toml"
    earlier.write_text("format = 1\n\n" + entry, encoding="utf-8")
    later_line = text[:start].count("\n") + 1
    cached = run("list", "--json", "--restatements", "--data", str(folder))
    fresh = run("list", "--json", "--restatements", "--data", str(folder), "--no-cache")
    assert cached.code == fresh.code == 1
    assert cached.stderr == fresh.stderr
    message = (
        f"{data}:{later_line}: [taishan-projects-100m] duplicate target id "
        f"'taishan-projects-100m'; first defined at {earlier}:3"
    )
    assert message in cached.stderr


def test_an_index_an_earlier_version_wrote_is_made_anew_in_place(run, cache, data):
    # before the mark (application_id), an index was known by its _meta's code stamp
    cache.mkdir(parents=True)
    path = index_path(cache, data)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO _meta VALUES ('code', '2/0.9.0/0badc0de')")
        for table in ("_files", "_problems", "targets"):
            db.execute(f"CREATE TABLE {table} (x)")
    ran = run(*SUM, "--data", str(data))
    assert (ran.code, ran.stderr) == (0, "") and total(ran) == (TRUTH, ">")
    assert sorted(p.name for p in cache.iterdir()) == [path.name]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone() == (0x54475453,)


# ---- one folder named two ways is one index, not parsed again --------------------------


def test_a_folder_named_relatively_then_absolutely_is_not_parsed_again(
    run, cache, data, monkeypatch
):
    from targets_cli.data import loading

    folder = data.parent
    text = data.read_text(encoding="utf-8")
    start = text.index('[[targets]]\nid = "taishan-projects-100m"')
    entry = text[start : text.index("\n[[", start + 1) + 1]
    (folder / "a-copy.toml").write_text("format = 1\n\n" + entry, encoding="utf-8")
    old = 1_600_000_000  # (times in the past: an unchanged file is known by its stamp)
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (old, old))
    parsed: list[str] = []
    real = loading.parse_file
    monkeypatch.setattr(loading, "parse_file", lambda p, raw=None: parsed.append(p) or real(p, raw))
    monkeypatch.chdir(folder.parent)
    relative = run("list", "--json", "--data", folder.name)
    assert relative.code == 1 and f"first defined at {folder.name}/a-copy.toml:3" in (
        relative.stderr
    )
    assert len(parsed) == 2
    parsed.clear()
    absolute = run("list", "--json", "--data", str(folder))
    assert parsed == []
    # the messages name the files as this run named them, as without the index
    fresh = run("list", "--json", "--restatements", "--data", str(folder), "--no-cache")
    assert (absolute.code, absolute.stderr) == (fresh.code, fresh.stderr)
    assert f"first defined at {folder}/a-copy.toml:3" in absolute.stderr
    parsed.clear()
    assert run("list", "--json", "--data", folder.name).stderr == relative.stderr
    assert parsed == []


def test_a_rows_digest_does_not_depend_on_which_objects_hold_its_values():
    # A row's digest is made from the values a file parsed into, and checked against the
    # values SQLite gives back: equal values held by other objects (a str given twice,
    # an interned one) must give the same digest, or every warm run would build again.
    from targets_cli.data.store import row_digest

    name = sys.intern("超亿元项目")
    shared = (name, name, "2024", 60, 2.5, None)
    apart = ("".join(["超亿元", "项目"]), "".join(["超亿", "元项目"]), "20" + "24", 60, 2.5, None)
    assert row_digest(shared) == row_digest(apart)
    assert row_digest(shared) != row_digest((name, name, "2024", 60, 2.6, None))

"""Data files broken the ways hand-editing breaks them: each gets a clear problem, exit 1.

Every broken file is a copy of the bundled data in a temporary folder, changed the way
a curator's slip would change it. The last test runs every command against every one
of them: none may end in anything but the tool's own message and exit code.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from targets_cli.data.loading import bundled_data

DATA = bundled_data()
SOURCE_NAME = "jiangmen-2024-pledges.txt"
TARGET = "taishan-projects-100m"
TARGET_BLOCK = f'id = "{TARGET}"'


def copy_data(folder: Path) -> Path:
    """A writable copy of the bundled data file and its sources; returns the data file."""
    (folder / "sources").mkdir(parents=True)
    shutil.copyfile(DATA.parent / "sources" / SOURCE_NAME, folder / "sources" / SOURCE_NAME)
    shutil.copyfile(DATA, folder / "targets.toml")
    return folder / "targets.toml"


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def edit(path: Path, old: str, new: str, after: str = "") -> int:
    """Replace the first `old` (after `after`) in the file; return the line it is on."""
    text = text_of(path)
    start = text.index(old, text.index(after) if after else 0)
    path.write_text(text[:start] + new + text[start + len(old) :], encoding="utf-8")
    return text.count("\n", 0, start) + 1


def line_of(path: Path, needle: str, after: str = "") -> int:
    text = text_of(path)
    return text.count("\n", 0, text.index(needle, text.index(after) if after else 0)) + 1


def target_block(path: Path, target_id: str) -> str:
    """The [[targets]] table of one target, header included, as written in the file."""
    text = text_of(path)
    start = text.rindex("[[targets]]", 0, text.index(f'id = "{target_id}"'))
    end = text.find("\n[[", start + 1)
    return text[start : end + 1 if end >= 0 else len(text)]


def check(run, location: Path):
    ran = run("check", str(location))
    assert "Traceback" not in ran.stderr
    return ran


# ---- files and folders -------------------------------------------------------------


def test_a_missing_file(run, tmp_path):
    missing = tmp_path / "nowhere.toml"
    for ran in (check(run, missing), run("list", "--data", str(missing))):
        assert ran.code == 1
        assert f"{missing}: no such data file or folder" in ran.stderr
        assert ran.stdout == ""


def test_a_folder_where_a_file_was_expected(run, tmp_path):
    # a folder with no data files in it
    (tmp_path / "sources").mkdir()
    ran = run("list", "--data", str(tmp_path / "sources"))
    assert ran.code == 1
    assert f"{tmp_path / 'sources'}: folder holds no *.toml data files" in ran.stderr
    # a *.toml name in a data folder that turns out to be a folder
    data = copy_data(tmp_path / "data")
    (data.parent / "extra.toml").symlink_to(data.parent / "sources", target_is_directory=True)
    ran = check(run, data.parent)
    assert ran.code == 1
    assert f"{data.parent / 'extra.toml'}: is a folder, expected a TOML file" in ran.stderr


@pytest.mark.parametrize("content", ["", "\n\n", "# to be filled in\n", "\ufeff"])
def test_an_empty_file_is_a_problem_not_an_empty_dataset(run, tmp_path, content):
    empty = tmp_path / "targets.toml"
    empty.write_text(content, encoding="utf-8")
    ran = check(run, empty)
    assert ran.code == 1
    assert f"{empty}: holds no data (an empty file?)" in ran.stderr
    ran = run("list", "--data", str(empty), "--json")
    assert (ran.code, ran.stdout) == (1, "")


def test_an_empty_file_in_a_data_folder_is_named(run, tmp_path):
    data = copy_data(tmp_path)
    (tmp_path / "notes.toml").write_text("", encoding="utf-8")
    ran = check(run, tmp_path)
    assert ran.code == 1
    assert f"{tmp_path / 'notes.toml'}: holds no data" in ran.stderr
    assert str(data) not in ran.stderr


def test_a_file_saved_in_another_encoding(run, tmp_path):
    data = copy_data(tmp_path)
    text = text_of(data)
    data.write_bytes(text.encode("gbk"))
    first_chinese = next(n for n, line in enumerate(text.splitlines(), 1) if not line.isascii())
    ran = check(run, data)
    assert ran.code == 1
    assert re.search(
        rf"{re.escape(str(data))}:{first_chinese}: not UTF-8 \(byte 0x[0-9a-f]{{2}}\); "
        "save the file as UTF-8",
        ran.stderr,
    ), ran.stderr


def test_a_file_with_a_bom_and_windows_line_ends_reads_as_the_original(run, tmp_path):
    data = copy_data(tmp_path)
    original = run("list", "--json", "--data", str(data)).json()
    data.write_bytes(b"\xef\xbb\xbf" + text_of(data).replace("\n", "\r\n").encode("utf-8"))
    ran = check(run, data)
    assert ran.code == 0, ran
    assert run("list", "--json", "--data", str(data)).json() == original


def test_problem_lines_are_right_with_windows_line_ends(run, tmp_path):
    data = copy_data(tmp_path)
    line = edit(data, "value = 60\n", 'value = "60"\n', after=TARGET_BLOCK)
    data.write_bytes(text_of(data).replace("\n", "\r\n").encode("utf-8"))
    ran = check(run, data)
    assert ran.code == 1
    assert f"{data}:{line}: [{TARGET}] 'value' must be a number" in ran.stderr


# ---- malformed TOML ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        ("year = 2024", "year = 2024 2025", 13),  # two values
        ('quote = "引进超亿元项目60个"', 'quote = "引进超亿元项目60个', None),  # unclosed
        ("[[targets]]", "[[targets]", None),  # half a header
    ],
)
def test_malformed_toml_gives_line_and_column(run, tmp_path, old, new, column):
    data = copy_data(tmp_path)
    line = edit(data, old, new)
    ran = check(run, data)
    assert ran.code == 1
    found = re.search(rf"{re.escape(str(data))}:(\d+):(\d+): malformed TOML: ", ran.stderr)
    assert found, ran.stderr
    assert int(found.group(1)) == line
    if column is not None:
        assert int(found.group(2)) == column


def test_nesting_hundreds_deep_is_malformed_not_a_crash(run, tmp_path):
    data = copy_data(tmp_path)
    data.write_text(text_of(data) + "deep = " + "[" * 2000 + "\n", encoding="utf-8")
    ran = check(run, data)
    assert ran.code == 1
    assert f"{data}: malformed TOML: " in ran.stderr and "nested" in ran.stderr


# ---- fields -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("value = 60\n", 'value = "sixty"\n', "'value' must be a number, not 'sixty'"),
        ("value = 60\n", "value = true\n", "'value' must be a number, not true"),
        ('period = "2024"', "period = 2024", "'period' must be a string, not 2024"),
        ('unit = "个"', 'unit = ["个"]', "'unit' must be a string, not ['个']"),
        ('org = "台山市"', 'org = { id = "台山市" }', "'org' must be a string"),
    ],
)
def test_a_field_of_the_wrong_type(run, tmp_path, old, new, message):
    data = copy_data(tmp_path)
    line = edit(data, old, new, after=TARGET_BLOCK)
    ran = check(run, data)
    assert ran.code == 1
    assert f"{data}:{line}: [{TARGET}] {message}" in ran.stderr


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("nan", "nan"),
        ("+inf", "inf"),
        ("-inf", "-inf"),
        ("1e300", "1e+300"),
        ("1000000000000001", "1000000000000001"),
        ("1" + "0" * 400, "1" + "0" * 79 + "…"),  # would overflow a float
    ],
)
def test_figures_that_cannot_be_meant(run, tmp_path, written, shown):
    data = copy_data(tmp_path)
    line = edit(data, "value = 60\n", f"value = {written}\n", after=TARGET_BLOCK)
    ran = check(run, data)
    assert ran.code == 1
    assert f"{data}:{line}: [{TARGET}] 'value' is {shown}; it must be from -1e+15 to 1e+15" in (
        ran.stderr
    )


def test_a_negative_count_is_refused_by_its_metric(run, tmp_path):
    # a count of projects (超亿元项目) cannot fall below 0; only a rate, or a metric
    # that says signed = true, may be negative
    data = copy_data(tmp_path)
    line = edit(data, "value = 60\n", "value = -60\n", after=TARGET_BLOCK)
    ran = check(run, data)
    assert ran.code == 1
    assert (
        f"{data}:{line}: [{TARGET}] 'value' is -60, but a count of metric '超亿元项目' "
        "cannot be negative"
    ) in ran.stderr
    assert "set signed = true on its [[metrics]] entry" in ran.stderr


@pytest.mark.parametrize("year", ["-1", "0", "99999", "1" + "0" * 30])
def test_a_year_that_cannot_be_meant(run, tmp_path, year):
    data = copy_data(tmp_path)
    line = edit(data, "year = 2024", f"year = {year}")
    ran = check(run, data)
    assert ran.code == 1
    assert (
        f"{data}:{line}: [jiangmen-2024-pledges] 'year' is {year}; it must be from 1900 to 2100"
        in (ran.stderr)
    )


def test_value_max_is_bounded_too(run, tmp_path):
    data = copy_data(tmp_path)
    line = edit(data, "value = 60\n", "value = 60\nvalue_max = inf\n", after=TARGET_BLOCK) + 1
    ran = check(run, data)
    assert f"{data}:{line}: [{TARGET}] 'value_max' is inf" in ran.stderr


# ---- a megabyte of text --------------------------------------------------------------

MEGABYTE = 1_000_000


def test_a_1mb_quote_not_in_the_source_is_reported_without_echoing_it(run, tmp_path):
    data = copy_data(tmp_path)
    line = edit(data, 'quote = "引进超亿元项目60个"', f'quote = "{"项" * MEGABYTE}"')
    ran = check(run, data)
    assert ran.code == 1
    assert f"{data}:{line}: [{TARGET}] quote not found verbatim in source" in ran.stderr
    assert len(ran.stderr) < 1000


def test_a_1mb_quote_that_is_in_the_source_is_shown_whole(run, tmp_path):
    data = copy_data(tmp_path)
    source = tmp_path / "sources" / SOURCE_NAME
    stated = "引进超亿元项目60个"
    long_quote = stated + "啊" * MEGABYTE
    source.write_text(text_of(source).replace(stated, long_quote), encoding="utf-8")
    edit(data, f'quote = "{stated}"', f'quote = "{long_quote}"')
    assert check(run, data).code == 0
    shown = run("show", TARGET, "--json", "--data", str(data))
    assert shown.code == 0
    assert shown.json()["quote"] == long_quote
    listed = run("list", "--region", "台山", "--format", "table", "--data", str(data))
    assert listed.code == 0 and TARGET in listed.stdout


@pytest.mark.parametrize(
    ("old", "new_value", "message"),
    [
        (
            'org = "台山市"',
            "台" * MEGABYTE,
            "unknown org '" + "台" * 80 + "'… (1000000 characters)",
        ),
        # (units are data: an unknown one is named with the [[units]] entry that adds it)
        ('unit = "个"', "个" * MEGABYTE, "unknown unit '" + "个" * 80 + "'… (1000000 characters)"),
        ('metric = "超亿元项目"', "超" * MEGABYTE, "unknown metric '" + "超" * 80 + "'…"),
    ],
)
def test_a_1mb_value_is_not_echoed_back(run, tmp_path, old, new_value, message):
    data = copy_data(tmp_path)
    key = old.split(" = ")[0]
    edit(data, old, f'{key} = "{new_value}"', after=TARGET_BLOCK)
    ran = check(run, data)
    assert ran.code == 1
    assert message in ran.stderr
    assert len(ran.stderr) < 2000


def test_a_1mb_id_is_cut_short_where_the_problem_names_it(run, tmp_path):
    data = copy_data(tmp_path)
    long_id = "X" * MEGABYTE  # capitals: not an id
    line = edit(data, TARGET_BLOCK, f'id = "{long_id}"')
    ran = check(run, data)
    assert ran.code == 1
    assert f"{data}:{line}: [{'X' * 80}… (1000000 characters)] 'id' is 'XXX" in ran.stderr
    assert len(ran.stderr) < 2000


# ---- duplicates and references --------------------------------------------------------


def test_duplicate_ids_within_a_file(run, tmp_path):
    data = copy_data(tmp_path)
    first = line_of(data, TARGET_BLOCK) - 1  # the [[targets]] header
    block = target_block(data, TARGET)
    data.write_text(text_of(data) + "\n" + block, encoding="utf-8")
    second = text_of(data).count("\n", 0, text_of(data).rindex("[[targets]]")) + 1
    ran = check(run, data)
    assert ran.code == 1
    assert (
        f"{data}:{second}: [{TARGET}] duplicate target id '{TARGET}'; "
        f"first defined at {data}:{first}"
    ) in ran.stderr


def split_into_folder(folder: Path) -> tuple[Path, Path]:
    """The bundled data as a folder: catalogues in one file, targets in another."""
    data = copy_data(folder)
    text = text_of(data)
    cut = text.index("[[targets]]")
    catalogues, targets = folder / "catalogues.toml", folder / "targets.toml"
    catalogues.write_text(text[:cut], encoding="utf-8")
    targets.write_text(text[cut:], encoding="utf-8")
    assert data == targets
    return catalogues, targets


def test_duplicate_ids_across_the_files_of_a_folder(run, tmp_path):
    _, targets = split_into_folder(tmp_path)
    assert check(run, tmp_path).code == 0
    first = line_of(targets, TARGET_BLOCK) - 1
    late = tmp_path / "x-late.toml"  # read after targets.toml
    late.write_text(target_block(targets, TARGET), encoding="utf-8")
    ran = check(run, tmp_path)
    assert ran.code == 1
    assert (
        f"{late}:1: [{TARGET}] duplicate target id '{TARGET}'; first defined at {targets}:{first}"
    ) in ran.stderr
    assert run("list", "--data", str(tmp_path)).code == 1


def test_unknown_org_metric_and_source_all_in_one_run_with_the_closest_names(run, tmp_path):
    data = copy_data(tmp_path)
    org = edit(data, 'org = "台山市"', 'org = "台山"', after=TARGET_BLOCK)
    metric = edit(data, 'metric = "超亿元项目"', 'metric = "超亿项目"', after=TARGET_BLOCK)
    source = edit(
        data, 'source = "jiangmen-2024-pledges"', 'source = "jiangmen-2024"', after=TARGET_BLOCK
    )
    ran = check(run, data)
    assert ran.code == 1
    assert f"{data}:{org}: [{TARGET}] unknown org '台山'; did you mean 台山市" in ran.stderr
    assert f"{data}:{metric}: [{TARGET}] unknown metric '超亿项目'; did you mean 超亿元项目" in (
        ran.stderr
    )
    assert (
        f"{data}:{source}: [{TARGET}] unknown source 'jiangmen-2024'; "
        "did you mean jiangmen-2024-pledges, jiangmen-2024-report-kaiping, "
        "guangdong-2024-report-nandu?"
    ) in ran.stderr
    assert "3 problems found" in ran.stderr


def test_a_missing_source_file(run, tmp_path):
    data = copy_data(tmp_path)
    (tmp_path / "sources" / SOURCE_NAME).unlink()
    line = line_of(data, "file = ")
    ran = check(run, data)
    assert ran.code == 1
    assert (
        f"{data}:{line}: [jiangmen-2024-pledges] source file "
        f"{tmp_path / 'sources' / SOURCE_NAME} does not exist"
    ) in ran.stderr


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (
            "sources/\\u0000.txt",
            "the path holds a NUL character",
        ),  # TOML lets a curator write a NUL
        ("sources", "is a folder, expected a text file"),
    ],
)
def test_a_source_path_that_cannot_be_opened(run, tmp_path, path, reason):
    data = copy_data(tmp_path)
    line = edit(data, f'file = "sources/{SOURCE_NAME}"', f'file = "{path}"')
    ran = check(run, data)
    assert ran.code == 1
    assert f"{data}:{line}: [jiangmen-2024-pledges] cannot read source file" in ran.stderr
    assert reason in ran.stderr


def test_a_source_file_that_is_not_utf8(run, tmp_path):
    data = copy_data(tmp_path)
    source = tmp_path / "sources" / SOURCE_NAME
    source.write_bytes(text_of(source).encode("gb18030"))
    ran = check(run, data)
    assert ran.code == 1
    assert "[jiangmen-2024-pledges] cannot read source file" in ran.stderr
    assert "not UTF-8" in ran.stderr


# ---- unreadable files in a data folder ------------------------------------------------


def test_an_unreadable_file_in_a_data_folder(run, tmp_path, monkeypatch):
    _, targets = split_into_folder(tmp_path)
    if os.geteuid() != 0:
        targets.chmod(0)
    else:  # root reads any file whatever its mode: refuse it the way the system would
        real = os.open

        def refusing_open(path, flags, *args):
            if Path(path) == targets:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, flags, *args)

        monkeypatch.setattr(os, "open", refusing_open)
    ran = check(run, tmp_path)
    assert ran.code == 1
    assert f"{targets}: cannot read: Permission denied" in ran.stderr
    ran = run("list", "--data", str(tmp_path))
    assert ran.code == 1 and f"{targets}: cannot read: Permission denied" in ran.stderr


def test_a_dangling_link_in_a_data_folder(run, tmp_path):
    copy_data(tmp_path)
    link = tmp_path / "moved.toml"
    link.symlink_to(tmp_path / "elsewhere" / "moved.toml")
    ran = check(run, tmp_path)
    assert ran.code == 1
    assert (
        f"{link}: is a link to {tmp_path / 'elsewhere' / 'moved.toml'}, which does not exist"
        in (ran.stderr)
    )


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_the_system_fails_to_read_even_for_root(run, tmp_path):
    copy_data(tmp_path)
    (tmp_path / "mem.toml").symlink_to("/proc/self/mem")  # reading it at 0 is an I/O error
    ran = check(run, tmp_path)
    assert ran.code == 1
    assert f"{tmp_path / 'mem.toml'}: cannot read: " in ran.stderr


# ---- one run, every problem -----------------------------------------------------------


def test_check_reports_every_problem_of_a_file_with_file_line_and_id(run, tmp_path):
    data = copy_data(tmp_path)
    expected = [
        (edit(data, "value = 60\n", "value = nan\n", after=TARGET_BLOCK), TARGET, "'value' is nan"),
        (
            edit(data, 'org = "开平市"', 'org = "开平"', after='id = "kaiping-projects-100m"'),
            "kaiping-projects-100m",
            "unknown org '开平'",
        ),
        (
            edit(data, 'unit = "亿元"', 'unit = "亿"', after='id = "heshan-industrial-output"'),
            "heshan-industrial-output",
            "unknown unit '亿'; did you mean 亿元",
        ),
        (
            edit(data, 'period = "2024"', 'period = "今年"', after='id = "taishan-talent-teams"'),
            "taishan-talent-teams",
            "'period' is '今年'",
        ),
        (
            edit(data, "quote = ", "quoted = ", after='id = "jianghai-projects-100m"'),
            "jianghai-projects-100m",
            "unknown field 'quoted'; did you mean 'quote'?",
        ),
    ]
    ran = check(run, data)
    assert ran.code == 1
    lines = [line for line in ran.stderr.splitlines() if line.startswith(str(data))]
    for line, record, message in expected:
        assert any(entry.startswith(f"{data}:{line}: [{record}] {message}") for entry in lines), (
            line,
            record,
            message,
            ran.stderr,
        )
    # the missing quote is a problem of the same record, at its header
    assert any("[jianghai-projects-100m] missing required field 'quote'" in e for e in lines)
    assert len(lines) == 6
    assert "6 problems found" in ran.stderr


# ---- every command against every broken file ------------------------------------------

Breaker = Callable[[Path], Path]


def _edited(old: str, new: str, after: str = TARGET_BLOCK) -> Breaker:
    def breaker(folder: Path) -> Path:
        data = copy_data(folder)
        edit(data, old, new, after=after)
        return data

    return breaker


def _written(content: bytes) -> Breaker:
    def breaker(folder: Path) -> Path:
        path = folder / "targets.toml"
        path.write_bytes(content)
        return path

    return breaker


def _missing_source(folder: Path) -> Path:
    data = copy_data(folder)
    (folder / "sources" / SOURCE_NAME).unlink()
    return data


def _gbk(folder: Path) -> Path:
    data = copy_data(folder)
    data.write_bytes(text_of(data).encode("gbk"))
    return data


def _duplicate_across_files(folder: Path) -> Path:
    _, targets = split_into_folder(folder)
    (folder / "late.toml").write_text(target_block(targets, TARGET), encoding="utf-8")
    return folder


def _dangling_link(folder: Path) -> Path:
    copy_data(folder)
    (folder / "moved.toml").symlink_to(folder / "nowhere.toml")
    return folder


def _folder_link(folder: Path) -> Path:
    copy_data(folder)
    (folder / "extra.toml").symlink_to(folder / "sources", target_is_directory=True)
    return folder


def _empty_folder(folder: Path) -> Path:
    (folder / "empty").mkdir()
    return folder / "empty"


def _windows(folder: Path) -> Path:
    data = copy_data(folder)
    data.write_bytes(b"\xef\xbb\xbf" + text_of(data).replace("\n", "\r\n").encode("utf-8"))
    return data


BROKEN: dict[str, tuple[Breaker, int]] = {
    "missing file": (lambda folder: folder / "nowhere.toml", 1),
    "empty folder": (_empty_folder, 1),
    "a folder named *.toml": (_folder_link, 1),
    "empty file": (_written(b""), 1),
    "comments only": (_written(b"# nothing yet\n"), 1),
    "not UTF-8": (_gbk, 1),
    "random bytes": (_written(bytes(range(256)) * 4), 1),
    "BOM and CRLF": (_windows, 0),
    "malformed TOML": (_edited("year = 2024", "year = 2024 2025", after=""), 1),
    "nested too deep": (_written(b"a = " + b"[" * 5000), 1),
    "wrong type": (_edited("value = 60\n", 'value = "sixty"\n'), 1),
    "NaN": (_edited("value = 60\n", "value = nan\n"), 1),
    "infinity": (_edited("value = 60\n", "value = inf\n"), 1),
    "negative": (_edited("value = 60\n", "value = -60\n"), 1),
    "absurdly large": (_edited("value = 60\n", "value = 1e300\n"), 1),
    "400-digit integer": (_edited("value = 60\n", f"value = 1{'0' * 400}\n"), 1),
    "1 MB quote": (_edited('quote = "引进超亿元项目60个"', f'quote = "{"项" * MEGABYTE}"'), 1),
    "duplicate id": (_edited('id = "taishan-talent-teams"', TARGET_BLOCK, after=""), 1),
    "duplicate id across files": (_duplicate_across_files, 1),
    "unknown org": (_edited('org = "台山市"', 'org = "台山"'), 1),
    "unknown metric": (_edited('metric = "超亿元项目"', 'metric = "超亿项目"'), 1),
    "unknown source": (_edited('source = "jiangmen-2024-pledges"', 'source = "x"'), 1),
    "missing source file": (_missing_source, 1),
    "NUL in a source path": (_edited("sources/", "sources/\\u0000", after=""), 1),
    "dangling link": (_dangling_link, 1),
    "format 2": (_edited("format = 1", "format = 2", after=""), 1),
    "targets not an array": (_written(b"format = 1\n[targets]\nid = 'x'\n"), 1),
}

COMMANDS = [
    ("list",),
    ("list", "--json"),
    ("list", "--format", "table"),
    ("show", TARGET),
    ("sum", "--metric", "超亿元项目"),
    ("compare", "台山", "开平"),
    ("compare", "--metric", "地区生产总值增长"),
    ("coverage",),
    ("metrics",),
    ("regions",),
]


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("name", list(BROKEN))
def test_every_command_meets_every_broken_file_with_its_own_message(run, tmp_path, name):
    breaker, code = BROKEN[name]
    location = breaker(tmp_path)
    before = _digest(tmp_path)
    ran = check(run, location)
    assert ran.code == code, ran
    for command in COMMANDS:
        ran = run(*command, "--data", str(location))  # any other exception fails here
        assert ran.code == code, (command, ran)
        assert "Traceback" not in ran.stderr
        if code:
            assert ran.stdout == "", command
            assert ran.stderr.startswith("targets: error: "), (command, ran.stderr)
            assert len(ran.stderr) < 5000, command
    assert _digest(tmp_path) == before, "a command changed a data file"

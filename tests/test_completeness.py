"""`targets check` accounts for every figure of a source: quoted by a target or dismissed.

Run through the real entry point, on a small hand-made source and on copies of the
bundled data with one record taken out.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from targets_cli.__main__ import main
from targets_cli.data.loading import bundled_data

# Figures, read by eye: 60个, 6% (line 1); 1+6+3, 2024年, 100亿元 (line 2).
SOURCE = (
    "甲市今年力争引进超亿元项目60个，确保地区生产总值增长6%以上。\n"
    "围绕“1+6+3”工作安排，乙区2024年实现工业投资突破100亿元。\n"
)

DATA = """\
format = 1

[[sources]]
id = "demo"
file = "demo.txt"
title = "demo"
year = 2024

[[orgs]]
id = "甲市"
kind = "city"
name_en = "Jia"

[[orgs]]
id = "乙区"
kind = "district"
parent = "甲市"
name_en = "Yi"

[[metrics]]
name = "超亿元项目"
name_en = "Projects over 100m yuan"
dimension = "count"
additive = true
category = "investment"

[[metrics]]
name = "地区生产总值增长"
name_en = "GDP growth"
dimension = "rate"
additive = false
category = "economy"

[[metrics]]
name = "工业投资"
name_en = "Industrial investment"
dimension = "amount"
additive = true
category = "investment"

[[targets]]
id = "jia-projects"
org = "甲市"
metric = "超亿元项目"
value = 60
unit = "个"
comparator = "="
firmness = "力争"
period = "2024"
source = "demo"
quote = "引进超亿元项目60个"

[[targets]]
id = "jia-gdp-growth"
org = "甲市"
metric = "地区生产总值增长"
value = 6
unit = "%"
comparator = ">="
wording = "以上"
firmness = "确保"
period = "2024"
source = "demo"
quote = "地区生产总值增长6%以上"

[[targets]]
id = "yi-investment"
org = "乙区"
metric = "工业投资"
value = 100
unit = "亿元"
comparator = ">"
wording = "突破"
period = "2024"
source = "demo"
quote = "2024年实现工业投资突破100亿元"

[[not_targets]]
source = "demo"
figure = "1+6+3"
quote = "围绕“1+6+3”工作安排"
reason = "a slogan: the city's work plan, not a figure to reach"
"""


def check(path: Path | str, capsys) -> tuple[int, str, str]:
    code = main(["check", "--data", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(tmp_path):
    def write(text: str = DATA, source: str = SOURCE) -> Path:
        (tmp_path / "demo.txt").write_text(source, encoding="utf-8")
        path = tmp_path / "targets.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def without_block(text: str, table: str, test) -> str:
    """The data text with the first [[table]] block for which test(block) holds removed."""
    parts = re.split(r"(?m)^(?=\[\[)", text)
    for at, part in enumerate(parts):
        if part.startswith(f"[[{table}]]") and test(part):
            return "".join(parts[:at] + parts[at + 1 :])
    raise AssertionError(f"no [[{table}]] block matched")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_every_figure_accounted_for_passes(demo, capsys):
    code, out, err = check(demo(), capsys)
    assert (code, err) == (0, "")
    assert out.startswith("ok: 3 targets")


@pytest.mark.parametrize(
    ("target", "figure", "line", "column"),
    [
        # 甲市今年力争引进超亿元项目 is 13 characters: 60个 starts at column 14
        ("jia-projects", "60个", 1, 14),
        # 甲市今年力争引进超亿元项目60个，确保地区生产总值增长 is 13 + 3 + 1 + 2 + 8 = 27
        # characters: 6% at 28
        ("jia-gdp-growth", "6%", 1, 28),
        # 围绕“1+6+3”工作安排，乙区 is 2 + 1 + 5 + 1 + 4 + 1 + 2 = 16 characters: 2024年
        # at 17, then 2024年实现工业投资突破 (5 + 2 + 4 + 2 = 13 characters): 100亿元 at 30
        ("yi-investment", "2024年", 2, 17),
        ("yi-investment", "100亿元", 2, 30),
    ],
)
def test_a_removed_target_leaves_its_figure_unclaimed(demo, capsys, target, figure, line, column):
    path = demo(without_block(DATA, "targets", lambda block: f'id = "{target}"' in block))
    code, _, err = check(path, capsys)
    assert code == 1
    assert f"demo.txt:{line}:{column}: unclaimed figure '{figure}' in: " in err
    assert "add a target that quotes it or a [[not_targets]] entry with a reason" in err


def test_the_message_gives_the_sentence(demo, capsys):
    path = demo(without_block(DATA, "targets", lambda block: 'id = "jia-projects"' in block))
    _, _, err = check(path, capsys)
    # the sentence of 60个 ends at the first 。 and keeps it
    assert "'60个' in: 甲市今年力争引进超亿元项目60个，确保地区生产总值增长6%以上。;" in err
    assert err.count("unclaimed figure") == 1


def test_a_removed_dismissal_leaves_its_figure_unclaimed(demo, capsys):
    path = demo(without_block(DATA, "not_targets", lambda block: "1+6+3" in block))
    code, _, err = check(path, capsys)
    assert code == 1
    # 围绕“ is 3 characters: 1+6+3 at column 4 of line 2
    assert "demo.txt:2:4: unclaimed figure '1+6+3' in: 围绕“1+6+3”工作安排，" in err


def entry(figure: str, quote: str, source: str = "demo", reason: str = "a slogan") -> str:
    return (
        f'\n[[not_targets]]\nsource = "{source}"\nfigure = "{figure}"\n'
        f'quote = "{quote}"\nreason = "{reason}"\n'
    )


@pytest.mark.parametrize(
    ("added", "key", "message"),
    [
        (
            entry("1+6+3", "围绕“1+6+3”的安排"),
            "quote",
            "not_targets entry '1+6+3': quote '围绕“1+6+3”的安排' not found verbatim in the source",
        ),
        (
            entry("1+6+4", "围绕“1+6+3”工作安排"),
            "figure",
            "not_targets entry: figure '1+6+4' is not in its quote '围绕“1+6+3”工作安排'",
        ),
        (
            # 工作安排 holds no figure: the entry dismisses nothing
            entry("工作", "工作安排"),
            "figure",
            "not_targets entry: figure '工作' names no figure of the source "
            "(its quote holds: none); name one of them or remove the entry",
        ),
        (
            entry("1+6+3", "围绕“1+6+3”工作安排", source="dem"),
            "source",
            "not_targets entry: unknown source 'dem'; did you mean demo?",
        ),
        (
            entry("1+6+3", "围绕“1+6+3”工作安排", reason=" "),
            "reason",
            "not_targets entry '1+6+3': reason is empty",
        ),
        (
            # the reason scan drafts, left as it was
            entry("1+6+3", "围绕“1+6+3”工作安排", reason="TODO: a slogan (say whose plan)"),
            "reason",
            "not_targets entry '1+6+3': the reason is still a TODO; say why it states no target",
        ),
        (
            # 60个 is jia-projects' figure: dismissing it too would hide that target's removal
            entry("60个", "项目60个"),
            "quote",
            "not_targets entry '60个': its quote '项目60个' also dismisses '60个' on line 1, "
            "which a target quotes; lengthen the quote (it may run across lines) so that it "
            "holds only figures that state no target",
        ),
    ],
)
def test_a_bad_dismissal_is_a_problem_at_its_line(demo, capsys, added, key, message):
    text = DATA + added
    code, _, err = check(demo(text), capsys)
    assert code == 1
    # the added entry is the last in the file: its key's line counted from the end
    last = text.rindex("[[not_targets]]")
    line = (
        text[:last].count("\n")
        + 1
        + text[last:]
        .split("\n")
        .index(next(row for row in text[last:].split("\n") if row.startswith(f"{key} =")))
    )
    assert f"targets.toml:{line}: {message}" in err, err


def test_a_dismissal_names_every_figure_of_a_slogan(demo, capsys):
    # 一点两地 gives two figures, 一 and 两; one entry naming the slogan covers both
    source = SOURCE + "围绕“一点两地”全新定位。\n"
    code, _, err = check(demo(DATA, source), capsys)
    assert code == 1
    assert "demo.txt:3:4: unclaimed figure '一'" in err
    assert "demo.txt:3:6: unclaimed figure '两'" in err
    added = entry("一点两地", "围绕“一点两地”全新定位", reason="a slogan: the city's position")
    code, _, err = check(demo(DATA + added, source), capsys)
    assert (code, err) == (0, "")


def test_a_dismissal_quote_may_run_across_lines(demo, capsys):
    # a headline the next line repeats word for word is told apart by the line before it
    source = "乙区区长：\n\n冲刺千亿GDP\n\n乙区锚定冲刺千亿GDP的目标。\n"
    gdp = (
        '\n[[metrics]]\nname = "地区生产总值"\nname_en = "GDP"\ndimension = "amount"\n'
        'additive = true\ncategory = "economy"\n'
        '\n[[targets]]\nid = "yi-gdp"\norg = "乙区"\nmetric = "地区生产总值"\nvalue = 1000\n'
        'unit = "亿元"\ncomparator = ">="\nfirmness = "冲刺"\nsource = "demo"\n'
        'quote = "锚定冲刺千亿GDP的目标"\n'
    )
    headline = entry("千亿", "区长：\\n\\n冲刺千亿GDP", reason="the headline restates yi-gdp")
    code, _, err = check(demo(DATA + gdp + headline, SOURCE + source), capsys)
    assert (code, err) == (0, "")
    # quoted without the line before, it would dismiss the target's 千亿 too (line 7)
    headline = entry("千亿", "冲刺千亿GDP", reason="the headline restates yi-gdp")
    code, _, err = check(demo(DATA + gdp + headline, SOURCE + source), capsys)
    assert code == 1
    assert "also dismisses '千亿' on line 7, which a target quotes" in err


def test_a_placeholder_id_from_scan_is_a_problem(demo, capsys):
    text = DATA.replace('id = "jia-projects"', 'id = "todo-1"')
    code, _, err = check(demo(text), capsys)
    assert code == 1
    line = line_of(text, 'id = "todo-1"')
    assert f"targets.toml:{line}: target id 'todo-1' is still the placeholder scan drafted" in err


def test_a_dismissal_quote_may_occur_many_times(demo, capsys):
    # a programme named twice is dismissed once
    source = SOURCE + "推进“百千万工程”。实施“百千万工程”。\n"
    added = entry("百千万", "“百千万工程”", reason="names a programme")
    code, _, err = check(demo(DATA + added, source), capsys)
    assert (code, err) == (0, "")


def test_a_figure_cut_by_a_quote_is_not_claimed(demo, capsys):
    # a quote that ends inside 60个 does not hold the figure as written
    text = DATA.replace('quote = "引进超亿元项目60个"', 'quote = "引进超亿元项目60"')
    code, _, err = check(demo(text), capsys)
    assert code == 1
    assert "demo.txt:1:14: unclaimed figure '60个'" in err


# ---- the bundled data -----------------------------------------------------------

BUNDLED = bundled_data()
RAW = tomllib.loads(BUNDLED.read_text(encoding="utf-8"))
# the count check prints after the problems
SUMMARY = re.compile(r"\d+ problems? found")
NUMERALS = set("0123456789零一二两三四五六七八九十百千万亿")


def _source_text(source_id: str) -> str:
    source = next(s for s in RAW["sources"] if s["id"] == source_id)
    return (BUNDLED.parent / source["file"]).read_text(encoding="utf-8")


def _spans(text: str, part: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(part), text)] if part else []


def _alone(target: dict) -> bool:
    """Whether the target's quote holds a figure character no other record's quote holds."""
    source = next(s for s in RAW["sources"] if s["id"] == target["source"])
    if "file" not in source:  # cited, not bundled: no text, so no figure to leave unclaimed
        return False
    text = _source_text(target["source"])
    others = [
        span
        for record in [*RAW["targets"], *RAW.get("not_targets", [])]
        if record is not target and record["source"] == target["source"]
        for span in _spans(text, record["quote"])
    ]
    own = _spans(text, target["quote"])
    if not own or not NUMERALS & set(target["quote"]):
        return False
    return not any(s <= start and end <= e for start, end in own for s, e in others)


SWEPT = [t["id"] for t in RAW["targets"] if _alone(t)]


@pytest.fixture(scope="module")
def bundled_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundled")
    shutil.copytree(BUNDLED.parent / "sources", folder / "sources")
    path = folder / "targets.toml"
    path.write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def problems_before(bundled_copy):
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        main(["check", "--data", str(bundled_copy)])
    return set(err.getvalue().splitlines())


def test_many_targets_are_swept():
    # 100 targets, of which the milestones without a numeral (创建称号 and the like)
    # and those whose quote sits inside another's (5家省级单项冠军企业) are left out
    assert len(SWEPT) >= 60


@pytest.mark.parametrize("target_id", SWEPT)
def test_removing_any_target_names_its_figure(
    target_id, bundled_copy, problems_before, tmp_path, capsys
):
    target = next(t for t in RAW["targets"] if t["id"] == target_id)
    shutil.copytree(bundled_copy.parent / "sources", tmp_path / "sources")
    path = tmp_path / "targets.toml"
    text = bundled_copy.read_text(encoding="utf-8")
    path.write_text(
        without_block(text, "targets", lambda block: f'id = "{target_id}"\n' in block),
        encoding="utf-8",
    )
    code, _, err = check(path, capsys)
    assert code == 1
    source = _source_text(target["source"])
    line = line_of(source, target["quote"])
    new = [p.replace(str(tmp_path), str(bundled_copy.parent)) for p in err.splitlines()]
    new = [p for p in new if p not in problems_before and not SUMMARY.fullmatch(p)]
    # (an outcome of the target taken out now names an unknown target: not a figure)
    new = [p for p in new if "unknown target" not in p]
    # (as is a target that restates it, with same_as: issue 18)
    new = [p for p in new if f"same_as '{target_id}' is not a target id" not in p]
    assert new, f"removing {target_id} left no figure unclaimed"
    for problem in new:
        figure = re.search(r"unclaimed figure '([^']+)'", problem)
        assert figure, problem
        assert figure.group(1) in target["quote"], problem
        # a quote may run over a line (蓬江's headline): the figure's own line
        before = target["quote"][: target["quote"].index(figure.group(1))]
        assert f".txt:{line + before.count(chr(10))}:" in problem


@pytest.mark.parametrize(
    ("target_id", "figure", "line"),
    [
        # read in the source: 台山 争取引进超亿元项目60个 (line 45)
        ("taishan-projects-100m", "60个", 45),
        # 科技局 力争科技人才总量达到5.7万人 (line 93)
        ("keji-tech-talent", "5.7万人", 93),
        # 开平 力保到2025年该市所有行政村集体经营性收入均超过50万元 (line 57): the year
        # and the amount are both in the quote
        ("kaiping-village-income", "2025年", 57),
        ("kaiping-village-income", "50万元", 57),
        # 江海 冲刺全国高新区50强 (line 127)
        ("jianghai-hitech-zone-rank", "50强", 127),
    ],
)
def test_removing_a_target_names_the_figure_read_in_the_source(
    target_id, figure, line, bundled_copy, tmp_path, capsys
):
    shutil.copytree(bundled_copy.parent / "sources", tmp_path / "sources")
    path = tmp_path / "targets.toml"
    text = bundled_copy.read_text(encoding="utf-8")
    path.write_text(
        without_block(text, "targets", lambda block: f'id = "{target_id}"\n' in block),
        encoding="utf-8",
    )
    code, _, err = check(path, capsys)
    assert code == 1
    assert re.search(rf"jiangmen-2024-pledges\.txt:{line}:\d+: unclaimed figure '{figure}'", err)


DISMISSED = [(n, entry["figure"]) for n, entry in enumerate(RAW.get("not_targets", []))]


@pytest.mark.parametrize(("ordinal", "figure"), DISMISSED)
def test_removing_any_dismissal_names_its_figure(
    ordinal, figure, bundled_copy, problems_before, tmp_path, capsys
):
    shutil.copytree(bundled_copy.parent / "sources", tmp_path / "sources")
    path = tmp_path / "targets.toml"
    text = bundled_copy.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^(?=\[\[)", text)
    blocks = [at for at, part in enumerate(parts) if part.startswith("[[not_targets]]")]
    del parts[blocks[ordinal]]
    path.write_text("".join(parts), encoding="utf-8")
    code, _, err = check(path, capsys)
    assert code == 1
    new = [p.replace(str(tmp_path), str(bundled_copy.parent)) for p in err.splitlines()]
    new = [p for p in new if p not in problems_before and not SUMMARY.fullmatch(p)]
    # (an outcome of the target taken out now names an unknown target: not a figure)
    new = [p for p in new if "unknown target" not in p]
    entry = RAW["not_targets"][ordinal]
    others = [e for n, e in enumerate(RAW["not_targets"]) if n != ordinal]
    if any(e["figure"] == entry["figure"] and e["quote"] == entry["quote"] for e in others):
        pytest.skip("another entry dismisses the same figure in the same words")
    assert new, f"removing the dismissal of {figure!r} left no figure unclaimed"
    for problem in new:
        named = re.search(r"unclaimed figure '([^']+)'", problem)
        assert named, problem
        # the figures found are the figure as written or pieces of it (一点两地: 一, 两)
        assert named.group(1) in entry["figure"] or entry["figure"] in named.group(1)


def test_the_bundled_data_accounts_for_every_figure(capsys):
    """Passes once every figure of the source is quoted or dismissed with a reason."""
    code, _, err = check(BUNDLED, capsys)
    unclaimed = [line for line in err.splitlines() if "unclaimed figure" in line]
    assert unclaimed == [], f"{len(unclaimed)} figures unaccounted for, first: {unclaimed[:3]}"
    assert code == 0, err


def test_a_target_left_out_for_another_problem_still_claims_its_figure(demo, capsys):
    # an unknown org is one problem; the figure its quote holds is not a second one
    code, _, err = check(demo(DATA.replace('org = "乙区"\nmetric', 'org = "丙区"\nmetric')), capsys)
    assert code == 1
    assert "unknown org '丙区'" in err
    assert "unclaimed figure" not in err


def test_a_target_with_a_broken_field_is_one_problem_not_two(demo, capsys):
    # value = nan keeps jia-projects out of the dataset; its quote cannot be known, so
    # 60个 is not called unclaimed until the value is fixed
    code, _, err = check(demo(DATA.replace("value = 60\n", "value = nan\n")), capsys)
    assert code == 1
    assert "[jia-projects] 'value' is nan" in err
    assert "unclaimed figure" not in err
    assert "1 problem found" in err


def test_a_target_with_an_unknown_source_still_claims_its_figure(demo, capsys):
    text = DATA.replace(
        'source = "demo"\nquote = "引进超亿元项目60个"',
        'source = "dem"\nquote = "引进超亿元项目60个"',
    )
    code, _, err = check(demo(text), capsys)
    assert code == 1
    assert "unknown source 'dem'" in err
    assert "unclaimed figure" not in err

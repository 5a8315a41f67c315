"""The ids scan gives its drafts, and which figures in “” are labels (issue 21 reads the
slugs, the city's name in a department's and a counted label with str methods, and
keeps each id's next free suffix). Worked out by hand from data/targets.toml: 市科技局
is "Jiangmen Science and Technology Bureau" under 江门市 (pinyin Jiangmen), and
高新技术企业 an alias of 高企存量, "High-tech enterprises (stock)"; the data has no
id science-technology-high-tech-enterprises*."""

from __future__ import annotations

import json


def _scan(run, tmp_path, text: str) -> dict:
    source = tmp_path / "jiangmen-2024-ids.txt"
    source.write_text(text, encoding="utf-8")
    ran = run("scan", str(source), "--format", "json")
    assert ran.code == 0, ran.stderr
    return json.loads(ran.stdout)


def test_a_department_id_and_the_suffixes_of_one_org_and_metric(run, tmp_path):
    text = (
        "市科技局党组书记、局长刘长虹：\n"
        "新增高新技术企业60家。\n"
        "再新增高新技术企业30家。\n"
        "力争高新技术企业达到900家。\n"
    )
    drafted = [(t["figure"], t["record"]["id"]) for t in _scan(run, tmp_path, text)["targets"]]
    # the bureau less its city's name, two words (and is left out); the metric's three
    assert drafted == [
        ("60家", "science-technology-high-tech-enterprises"),
        ("30家", "science-technology-high-tech-enterprises-2"),
        ("900家", "science-technology-high-tech-enterprises-3"),
    ]


def test_a_counted_label_is_drafted_and_a_bare_or_chinese_one_dismissed(run, tmp_path):
    text = "市科技局党组书记、局长刘长虹：\n重点推进“1镇8村”建设，落实“1310”部署和“十大”工程。\n"
    answer = _scan(run, tmp_path, text)
    assert [t["figure"] for t in answer["targets"]] == ["1镇", "8村"]
    assert [e["figure"] for e in answer["not_targets"]] == ["1310", "十大"]


def test_a_drafts_id_steps_past_the_ids_the_data_holds_and_no_others(run, tmp_path):
    # 台山市's speaker and 新增超亿元项目 draft the id taishan-projects-over-100 (台山 and
    # the first three words of "Projects over 100 million yuan introduced"). Three of the
    # data's targets are renamed: the base itself and its -2 are taken, so the drafts
    # take -3 and -4; taishan-projects-over-1000 only starts with the base, and is no
    # collision (the index is asked about the base and its dashed suffixes alone).
    import shutil

    from conftest import REPO

    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    toml = data / "targets.toml"
    text = toml.read_text(encoding="utf-8")
    for old, new in (
        ("taishan-talent-teams", "taishan-projects-over-100"),
        ("taishan-parks-guanghai-bay", "taishan-projects-over-100-2"),
        ("taishan-provincial-hitech-zone", "taishan-projects-over-1000"),
    ):
        assert text.count(f'"{old}"') == 1
        text = text.replace(f'"{old}"', f'"{new}"')
    toml.write_text(text, encoding="utf-8")
    source = tmp_path / "taishan-2024-ids.txt"
    source.write_text(
        "台山市委书记、市长：\n今年新增超亿元项目70个。\n再新增超亿元项目10个。\n", "utf-8"
    )
    ran = run("scan", str(source), "--data", str(data), "--format", "json")
    assert ran.code == 0, ran.stderr
    drafted = [(t["figure"], t["record"]["id"]) for t in json.loads(ran.stdout)["targets"]]
    assert drafted == [
        ("70个", "taishan-projects-over-100-3"),
        ("10个", "taishan-projects-over-100-4"),
    ]

"""A curator's data file naming an org kind the data has not: the message lists every
kind with what it is for, and says how a new level would be added."""

from __future__ import annotations

HEADER = "#:schema ./targets.schema.json\nformat = 1\n\n"


def test_an_unknown_org_kind_lists_every_kind(run, tmp_path):
    path = tmp_path / "orgs.toml"
    path.write_text(
        HEADER + '[[orgs]]\nid = "溪桥市"\nname_en = "Xiqiao"\nkind = "prefecture"\n',
        encoding="utf-8",
    )
    ran = run("check", str(path))
    assert ran.code == 1
    assert ran.stderr.splitlines()[0] == (
        f"{path}:7: [溪桥市] 'kind' is 'prefecture'; expected one of: nation (the country), "
        "province (a province: 广东省), city (a city, a prefecture-level one too: 江门市), "
        "district (a city's district: 蓬江区), county-city (a county-level city: 台山市), "
        "government (a region's government, speaking as its region: 江门市人民政府), "
        "department (a region's department or bureau: 市科技局). The kinds are fixed because "
        "the rules of levels depend on them (a region's parent is of the level above); a new "
        "level is added in the code: ORG_KINDS and LEVEL_KINDS in targets_cli/rules/model.py, "
        "its rules in targets_cli/data/checking.py"
    )

"""Which [[sources]] entry a scanned file is: the one whose file is the same file, named
through a link or not; a copy of its text is another file, which the data does not have.
From data/targets.toml: data/sources/jiangmen-2024-pledges.txt is the source
jiangmen-2024-pledges (year 2024)."""

from __future__ import annotations

import json
import shutil

from conftest import REPO

SOURCE = REPO / "data" / "sources" / "jiangmen-2024-pledges.txt"


def _scan(run, path) -> dict:
    ran = run("scan", str(path), "--data", str(REPO / "data" / "targets.toml"), "--format", "json")
    assert ran.code == 0, ran.stderr
    return json.loads(ran.stdout)


def test_the_source_itself_is_known(run):
    answer = _scan(run, SOURCE)
    assert (answer["in_data"], answer["source_id"], answer["year"]) == (
        True,
        "jiangmen-2024-pledges",
        2024,
    )


def test_a_link_with_another_name_is_the_same_source(run, tmp_path):
    link = tmp_path / "pledges-link.txt"
    link.symlink_to(SOURCE)
    answer = _scan(run, link)
    assert (answer["in_data"], answer["source_id"]) == (True, "jiangmen-2024-pledges")


def test_a_copy_of_the_text_is_not_the_source(run, tmp_path):
    copy = tmp_path / "jiangmen-2024-pledges.txt"  # (the same name, the same bytes)
    shutil.copyfile(SOURCE, copy)
    answer = _scan(run, copy)
    assert answer["in_data"] is False
    assert answer["source_id"] == "jiangmen-2024-pledges"  # (from the file's name)

"""A missing dataset named by $TARGETS_DATA says so, however the path was typed: the
message names the path as every other message does (`./nowhere/` is `nowhere`), and the
hint compares it with the variable written the same way."""

from __future__ import annotations

import pytest

MISSING = "nowhere-at-all.toml"  # (relative to the tests' working folder: never there)


@pytest.mark.parametrize("typed", [MISSING, f"./{MISSING}", f"{MISSING}/", f".//{MISSING}"])
def test_a_missing_dataset_set_by_the_variable_says_so(run, typed):
    ran = run("list", "--json", env={"TARGETS_DATA": typed})
    assert ran.code == 1
    assert ran.stdout == ""
    assert ran.stderr == (
        f"targets: error: {MISSING}: no such data file or folder (set by $TARGETS_DATA)\n"
    )


def test_a_missing_dataset_given_by_data_names_no_variable(run):
    ran = run("list", "--json", "--data", f"./{MISSING}", env={"TARGETS_DATA": "data"})
    assert ran.code == 1
    assert ran.stderr == f"targets: error: {MISSING}: no such data file or folder\n"

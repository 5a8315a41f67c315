"""A warm `coverage` keeps every target it reads until its answer is written: the
cyclic collector, which would walk them again and again and free nothing, is paused
while the answer is made and written (as for `sum`), and on again after, also when the
command fails."""

from __future__ import annotations

import gc

from targets_cli.answers import covering
from targets_cli.renderers import document


def test_the_collector_is_paused_while_coverage_makes_and_writes_its_answer(run, monkeypatch):
    seen: dict[str, bool] = {}
    load, write = covering.load, document.write_json

    def loading(*args, **kwargs):
        seen["reading"] = gc.isenabled()
        return load(*args, **kwargs)

    def writing(*args, **kwargs):
        seen["writing"] = gc.isenabled()
        return write(*args, **kwargs)

    monkeypatch.setattr(covering, "load", loading)
    monkeypatch.setattr(document, "write_json", writing)
    assert gc.isenabled()
    ran = run("coverage", "--json")
    assert ran.code == 0, ran.stderr
    assert seen == {"reading": False, "writing": False}
    assert gc.isenabled()
    refused = run("coverage", "--metric", "no-such-metric")
    assert refused.code != 0 and "no-such-metric" in refused.stderr
    assert gc.isenabled()

"""Property tests fail only on a bug: never on a slow example or a lucky draw.

`tests/test_speedups.py` once failed in a full run on a loaded machine with
Hypothesis's too_slow health check; the profile in conftest.py now rules that out
for every property test that does not set its own settings.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, settings


def test_the_profile_draws_the_same_examples_and_never_times_them() -> None:
    profile = settings.default
    assert profile.derandomize is True
    assert profile.database is None
    assert profile.deadline is None
    assert HealthCheck.too_slow in profile.suppress_health_check


def test_the_speedups_properties_run_under_the_profile() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "speedups_under_the_profile", Path(__file__).parent / "test_speedups.py"
    )
    assert spec is not None and spec.loader is not None
    test_speedups = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = test_speedups  # (its dataclasses look their module up)
    spec.loader.exec_module(test_speedups)
    tested = [
        getattr(test_speedups, name)
        for name in dir(test_speedups)
        if name.startswith("test_") and hasattr(getattr(test_speedups, name), "hypothesis")
    ]
    assert tested, "test_speedups.py has property tests"
    for test in tested:
        chosen = getattr(test, "_hypothesis_internal_use_settings", settings.default)
        assert chosen.deadline is None, test.__name__
        assert HealthCheck.too_slow in chosen.suppress_health_check, test.__name__

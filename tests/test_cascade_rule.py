"""The bound an amplification carries (rules/cascade.difference_bound), by hand.

A child's figure minus its parent's is a sum of the child and the parent taken away, so
it carries the bound totals.combined_bound gives such a sum: the parent's floor read the
other way round. 左右 (about) on either side makes the difference about.
"""

from __future__ import annotations

import pytest

from targets_cli.rules.cascade import difference_bound
from targets_cli.rules.model import Target


def _target(comparator: str | None) -> Target:
    return Target(
        id="t",
        org="o",
        region="o",
        metric="m",
        kind="target",
        period="2024",
        source="s",
        quote="q",
        value=5,
        unit="%",
        comparator=comparator,
    )


@pytest.mark.parametrize(
    ("child", "parent", "expected"),
    [
        ("=", "=", "="),  # 6% against 5%: exactly +1
        (None, "=", "="),  # no comparator is a plain figure
        (">=", "=", ">="),  # at least 6% against 5%: at least +1
        (">", "=", ">"),  # more than 6% against 5%: more than +1
        ("=", ">=", "<="),  # 6% against at least 5%: at most +1
        (">=", ">=", None),  # floors on both sides: no bound holds for the difference
        ("about", "=", "about"),  # 6%左右 against 5%: about +1
        (">=", "about", "about"),  # at least 5.5% against 5%左右: about +0.5
        ("=", "about", "about"),
        ("<=", "=", "<="),  # at most 3% against 2%: at most +1
    ],
)
def test_difference_bound(child, parent, expected):
    assert difference_bound(_target(child), _target(parent)) == expected

"""The matcher behind every "did you mean": difflib's closest names, found sooner.

It must give what difflib.get_close_matches gives (the hints the documentation and
the bad-input table show were made with it), name for name and in the same order."""

from __future__ import annotations

import difflib
import random

import pytest

from targets_cli.data.checking import closest_names


def test_the_example_of_pythons_documentation():
    # docs.python.org, difflib.get_close_matches: "appel" -> ['apple', 'ape']
    assert closest_names("appel", ["ape", "apple", "peach", "puppy"]) == ["apple", "ape"]


def test_a_tie_puts_the_later_name_first_as_difflib_does():
    # "ab" has one letter of two in common with each: ratio 2*1/4 = 0.5 for both
    assert closest_names("ab", ["ac", "ad"], 2, 0.5) == ["ad", "ac"]
    assert closest_names("ab", ["ad", "ac"], 1, 0.5) == ["ad"]
    assert closest_names("ab", ["ac", "ad"], 1, 0.6) == []


def _names(rng: random.Random, count: int) -> list[str]:
    """Ids alike as generated ones are (a place, a year, numbers), some repeated."""
    places = ["taishan", "kaiping", "enping", "heshan", "jiangmen", "taish", "台山", "开平"]
    names = [
        f"{rng.choice(places)}-{rng.randint(2015, 2030)}-{rng.randint(0, 30):04d}-"
        f"{rng.randint(0, 120):03d}"[: rng.randint(3, 30)]
        for _ in range(count)
    ]
    return names + rng.sample(names, count // 10)


@pytest.mark.parametrize("seed", range(8))
def test_the_same_names_as_difflib_in_the_same_order(seed):
    rng = random.Random(seed)  # (fixed seeds: the same cases every run)
    names = _names(rng, 400)
    for _ in range(40):
        given = rng.choice(names)
        if rng.random() < 0.7:  # mistyped: a letter dropped, one added
            cut = rng.randrange(len(given))
            given = given[:cut] + given[cut + 1 :] + rng.choice("x0-台")
        n = rng.choice([1, 3, 4, len(names)])
        cutoff = rng.choice([0.0, 0.3, 0.4, 0.5, 0.6, 0.9])
        assert closest_names(given, names, n, cutoff) == difflib.get_close_matches(
            given, names, n, cutoff
        ), (given, n, cutoff)

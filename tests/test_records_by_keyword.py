"""A record made with every field by keyword (as the index makes one from a row's values
by name) is the record a dataclass makes, without a compiled __init__."""

from __future__ import annotations

import dataclasses

import pytest

from targets_cli.rules.records import FrozenInstanceError, dataclass, field


@dataclass(frozen=True, slots=True)
class Slotted:
    a: int
    b: str
    c: tuple[str, ...] = ()
    d: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Plain:
    a: int
    b: str
    c: tuple[str, ...] = field(default_factory=tuple)


@dataclasses.dataclass(frozen=True, slots=True)
class Theirs:
    a: int
    b: str
    c: tuple[str, ...] = ()
    d: int | None = dataclasses.field(default=None, compare=False)


@pytest.mark.parametrize("made", [Slotted, Plain])
def test_every_field_by_keyword_in_any_order(made):
    names = {"a": 1, "b": "x", "c": ("y",)} | ({"d": 4} if made is Slotted else {})
    for n in range(300):
        order = list(names.items())[n % len(names) :] + list(names.items())[: n % len(names)]
        record = made(**dict(order))
        assert record == made(*names.values())
        assert (record.a, record.b, record.c) == (1, "x", ("y",))
        with pytest.raises(FrozenInstanceError):
            record.a = 2  # type: ignore[misc]
    assert not made.__init__.__code__.co_filename.startswith("<record")


def test_as_a_dataclass_makes_it():
    mine = Slotted(d=5, c=("z",), b="x", a=1)
    theirs = Theirs(d=5, c=("z",), b="x", a=1)
    assert repr(mine).replace("Slotted", "Theirs") == repr(theirs)
    assert mine.d == theirs.d == 5
    assert hash(mine) == hash(Slotted(1, "x", ("z",), 6))  # (d is not compared)

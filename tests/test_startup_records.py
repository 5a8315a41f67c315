"""Records made by position, keyword or both, the rest left to plain defaults, are made
without compiling an __init__ (a compile of a 24-field __init__ costs about 0.5 ms, and a
warm `coverage` compiled four of them); they are the same records a dataclass makes."""

from __future__ import annotations

import dataclasses

import pytest

from targets_cli.rules.records import dataclass, field


@dataclass(frozen=True, slots=True)
class Mine:
    a: int
    b: str
    c: tuple[str, ...] = ()
    d: int | None = field(default=None, compare=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Theirs:
    a: int
    b: str
    c: tuple[str, ...] = ()
    d: int | None = dataclasses.field(default=None, compare=False)


def _compiled(cls: type) -> bool:
    return cls.__init__.__code__.co_filename.startswith("<record")


CALLS = [
    ((1, "x"), {}),
    ((1, "x", ("y",), 4), {}),
    ((1,), {"b": "x"}),
    ((), {"b": "x", "a": 1, "d": 5}),
    ((1, "x"), {"c": ("z",)}),
]


def test_a_thousand_records_made_every_way_compile_no_init():
    for n in range(1000):
        args, kwargs = CALLS[n % len(CALLS)]
        mine, theirs = Mine(*args, **kwargs), Theirs(*args, **kwargs)
        assert (mine.a, mine.b, mine.c, mine.d) == (theirs.a, theirs.b, theirs.c, theirs.d)
        assert repr(mine).replace("Mine", "Theirs") == repr(theirs)
    assert not _compiled(Mine)
    assert Mine(1, "x", d=1) == Mine(1, "x", d=2)  # (d is not compared)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {"a": 1}), ((1, "x"), {"e": 2}), ((1, "x"), {"a": 2}), ((1, "x", (), 4, 5), {})],
    ids=["missing", "unknown", "twice", "too many"],
)
def test_wrong_arguments_are_refused_as_a_dataclass_refuses_them(args, kwargs):
    with pytest.raises(TypeError):
        Theirs(*args, **kwargs)
    with pytest.raises(TypeError):
        Mine(*args, **kwargs)


def test_a_default_factory_is_called_for_each_record():
    @dataclass(frozen=True, slots=True)
    class Listed:
        a: int
        items: list[int] = field(default_factory=list)

    first, second = Listed(1), Listed(a=2)
    assert first.items == [] and first.items is not second.items

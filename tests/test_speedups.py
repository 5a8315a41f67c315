"""Each shortcut taken for speed answers exactly as the plain way it replaces."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from targets_cli.data import loading
from targets_cli.data.fields import TABLES
from targets_cli.rules import records
from targets_cli.rules.wording import numbers_in, sentence_around, writes

# ---- records.py makes records as dataclasses does -------------------------------------


def _pair(make, field):
    @make(frozen=True, slots=True)
    class Point:
        """A record."""

        x: int
        label: str = "here"
        note: object = field(default=None, compare=False, repr=False)

        @property
        def both(self) -> str:
            return f"{self.x}{self.label}"

    @make
    class Bag:
        name: str
        items: list = field(default_factory=list)

    return Point, Bag


MADE = _pair(records.dataclass, records.field)
REAL = _pair(dataclasses.dataclass, dataclasses.field)


@pytest.mark.parametrize("kind", [0, 1], ids=["frozen", "mutable"])
def test_records_behave_as_dataclasses(kind):
    made, real = MADE[kind], REAL[kind]
    samples = [(1,), (1, "there"), (2, "here", [1])] if kind == 0 else [("a",), ("a", [1])]
    for args in samples:
        a, b = made(*args), real(*args)
        assert repr(a) == repr(b)
        assert (a == made(*args)) == (b == real(*args))
        assert made.__match_args__ == real.__match_args__
        if kind == 0:
            assert hash(a) == hash(made(*args)) and a.both == b.both
            assert made(1, "here", "x") == made(1, "here", "y")  # compare=False
            with pytest.raises(AttributeError):
                a.x = 5  # type: ignore[misc]
            assert records.replace(a, x=9) == made(9, *args[1:])
        else:
            assert made.__hash__ is None and made("a").items is not made("a").items
    with pytest.raises(TypeError):
        made()
    assert made.__qualname__ == real.__qualname__
    if kind == 0:  # (dataclasses writes a signature as the docstring of a class with none)
        assert made.__doc__ == real.__doc__


def test_the_model_is_made_without_the_dataclasses_module():
    from targets_cli.rules import model

    assert not dataclasses.is_dataclass(model.Target)
    assert model.Target.__slots__ == model.Target.__match_args__


# ---- loading._plain: a table entry passes only what the full check passes -------------

_VALUES = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["2024", "2030-2032", "a-b", "taishan-1", "个", "亿元", ">=", "确保", "以上"]),
    st.integers(-5, 10**16),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.lists(st.text(max_size=3), max_size=2),
    st.none(),
)


@st.composite
def _entries(draw, table: str):
    fields = TABLES[table]
    names = [spec.name for spec in fields]
    keys = draw(st.lists(st.sampled_from([*names, "bogus"]), unique=True))
    return {key: draw(_VALUES) for key in keys}


_PLAIN_TARGET = {
    "id": "t-1",
    "org": "江门市",
    "metric": "地区生产总值",
    "value": 4300,
    "unit": "亿元",
    "comparator": ">",
    "wording": "超",
    "firmness": "确保",
    "period": "2024",
    "source": "s-1",
    "quote": "地区生产总值超4300亿元",
}


@st.composite
def _near_plain_targets(draw):
    """A plain target with a few fields changed, dropped or added."""
    raw = dict(_PLAIN_TARGET)
    for key in draw(st.lists(st.sampled_from([*(s.name for s in TABLES["targets"]), "bogus"]))):
        if draw(st.booleans()):
            raw.pop(key, None)
        else:
            raw[key] = draw(_VALUES)
    return raw


def _full_check(raw, fields):
    """The field check with the shortcut turned off: every rule applied one by one."""
    real = loading._plain
    loading._plain = lambda raw, fields: False
    try:
        return loading.field_problems(raw, fields)
    finally:
        loading._plain = real


@given(st.one_of(_near_plain_targets(), _entries("targets")))
@example(_PLAIN_TARGET)
@example({**_PLAIN_TARGET, "bogus": "x"})
@example({**_PLAIN_TARGET, "kind": "milestone", "note": None})
@example({**_PLAIN_TARGET, "period": "2024\n"})
@example({key: value for key, value in _PLAIN_TARGET.items() if key != "period"})
def test_the_shortcut_calls_an_entry_plain_exactly_when_the_full_check_finds_nothing(raw):
    # Both ways: a plain entry has no field problems, and an entry without any is plain.
    fields = TABLES["targets"]
    assert loading._plain(raw, fields) == (_full_check(raw, fields) == [])


def test_the_plain_target_is_plain_and_a_period_with_a_newline_is_not():
    fields = TABLES["targets"]
    assert loading._plain(_PLAIN_TARGET, fields)
    assert not loading._plain({**_PLAIN_TARGET, "period": "2024\n"}, fields)
    assert _full_check({**_PLAIN_TARGET, "period": "2024\n"}, fields)


def test_every_entry_of_the_bundled_data_is_plain(raw_data):
    for table, rows in raw_data.items():
        if table in TABLES:
            assert all(loading._plain(row, TABLES[table]) for row in rows)


def test_an_entry_with_a_key_more_or_a_required_field_less_is_not_plain(raw_data):
    # (_plain counts the fields it finds: a plain entry with one key more must not pass)
    for table, rows in raw_data.items():
        if table in TABLES:
            fields = TABLES[table]
            for row in rows:
                assert not loading._plain({**row, "bogus": "x"}, fields)
                assert not loading._plain({**row, "Id": row.get("id", "x")}, fields)
                for spec in fields:
                    if spec.required:
                        less = {key: value for key, value in row.items() if key != spec.name}
                        assert not loading._plain(less, fields)


# ---- wording: sentences and figures ---------------------------------------------------

_ENDS = re.compile(r"[。；！？\n]")


def _sentence_around_by_regex(text: str, start: int, end: int) -> tuple[int, int]:
    before = max((m.end() for m in _ENDS.finditer(text, 0, start)), default=0)
    after = _ENDS.search(text, end)
    return before, after.start() if after else len(text)


@given(st.text(alphabet="ab。；！？\n甲", max_size=40), st.data())
def test_sentence_around_finds_what_a_regex_scan_finds(text, data):
    start = data.draw(st.integers(-1, len(text)))
    end = data.draw(st.integers(max(start, 0), len(text)))
    assert sentence_around(text, start, end) == _sentence_around_by_regex(text, start, end)


@given(
    st.text(alphabet="0123456789.个亿百千十五超以上 ", max_size=16),
    st.one_of(st.integers(0, 10**6), st.floats(0, 10**6, allow_nan=False)),
)
def test_writes_is_membership_in_numbers_in(text, value):
    assert writes(text, value) == (Decimal(str(value)) in numbers_in(text))


# neighbours that may or may not run into a figure: digits (also full-width and Arabic-
# Indic), points, a figure ending in a point, words
_AROUND = st.one_of(
    st.sampled_from(["", "1", "1.", ".", "1.2.", "１", "٣", "个", "超", " ", "\n"]),
    st.text(alphabet="0123456789.．１٣个亿超以上 \n", max_size=5),
)


@given(
    _AROUND,
    st.one_of(st.integers(0, 10**16), st.floats(0, 10**16, allow_nan=False)),
    _AROUND,
    _AROUND,
)
def test_writes_decides_a_figure_among_any_neighbours(before, value, after, more):
    # the text holds the figure's digits, so that the shortcut for them is taken
    text = before + str(value) + after + str(value) + more
    assert writes(text, value) == (Decimal(str(value)) in numbers_in(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [("3.11", 11), ("11.5", 11), ("11.", 11), ("5.5", 5.5), ("5.55", 5.5), ("15", 5),
     ("１5", 5), ("٣5", 5), ("5亿", 5), ("1.5.5", 5.5), ("增长5.0%", 5.0), ("增长5%", 5.0),
     ("约1.5e-05", 1.5e-05), ("1e+16", 1e16)],
)  # fmt: skip
def test_writes_a_figure_only_when_it_stands_alone(text, value):
    assert writes(text, value) == (Decimal(str(value)) in numbers_in(text))

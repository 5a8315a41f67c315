"""Which figures are dates, ranges and amounts: hand-worked figures that pin what is
read (a date is four digits, a dash with blanks or none, years from 1900 to 2100)."""

from __future__ import annotations

import pytest

from targets_cli.rules.drafting import amount_of
from targets_cli.rules.figures import DATE, NUMBER, RANGE, find_figures


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("2024—2026年", DATE),
        ("2024 — 2026年", DATE),  # blanks around the dash
        ("2024\u3000至\u30002026年", DATE),  # full-width blanks, 至
        ("２０２４年", DATE),  # full-width digits are digits
        ("1899年", NUMBER),  # before 1900: no year
        ("2024—2150年", RANGE),  # the second one past 2100: a range of numbers
        ("12025年", NUMBER),  # five digits: no year
        ("2024—226年", RANGE),  # three digits after the dash: no span of years
    ],
)
def test_dates_and_what_is_no_date(written, kind):
    (figure,) = find_figures(f"，{written}，")
    assert figure.text == written
    assert figure.kind == kind


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("1—2个", RANGE),
        ("5%—6%", "percent"),  # a range of percents is a percent
        ("1,000—2,000万元", RANGE),  # thousands separators on both sides
        ("1.5~2.5亿元", RANGE),
        ("1 至 3项", RANGE),  # blanks around 至
        ("−2—3个", RANGE),  # a sign before the first number
    ],
)
def test_ranges(written, kind):
    (figure,) = find_figures(f"，{written}，")
    assert figure.text == written
    assert figure.kind == kind


# (the values only: which units there are is the data's, read by a command)
@pytest.mark.parametrize(
    ("written", "value", "value_max"),
    [
        ("1—2个", 1, 2),
        ("5%—6%", 5, 6),
        ("1,000万元", 1000, None),
        ("4,233.2亿元", 4233.2, None),
        ("−18.2%", -18.2, None),
        ("千亿", 1000, None),
        ("5.7万人", 5.7, None),
        ("2个百分点", 2, None),
        ("3大", 3, None),
        ("1 至 3项", 1, 3),
    ],
)
def test_amounts(written, value, value_max):
    amount = amount_of(written)
    assert (amount.value, amount.value_max) == (value, value_max)

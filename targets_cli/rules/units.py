"""Units as the source writes them, and the conversions between them."""

from __future__ import annotations

from decimal import Decimal

from .model import Number
from .records import dataclass


@dataclass(frozen=True, slots=True)
class Unit:
    symbol: str
    quantity: str  # what it measures; only units of one quantity convert
    factor: int  # how many base units one of this is
    name_en: str


_UNITS = (
    Unit("元", "money", 1, "yuan"),
    Unit("万元", "money", 10**4, "10k yuan"),
    Unit("亿元", "money", 10**8, "100m yuan"),
    Unit("人", "people", 1, "people"),
    Unit("名", "people", 1, "people"),
    Unit("万人", "people", 10**4, "10k people"),
    Unit("家", "firms", 1, "firms"),
    Unit("个", "items", 1, "items"),
    Unit("项", "projects", 1, "projects"),
    Unit("支", "teams", 1, "teams"),
    Unit("%", "percent", 1, "%"),
    Unit("强", "rank", 1, "top"),
)

UNITS: dict[str, Unit] = {unit.symbol: unit for unit in _UNITS}


def to_base(value: Number, unit: str) -> Decimal:
    """The value in its quantity's base unit, exactly (5.7 万人 is 57000 人)."""
    return Decimal(str(value)) * UNITS[unit].factor


def from_base(amount: Decimal, unit: str) -> Decimal:
    return amount / UNITS[unit].factor


def convertible(a: str, b: str) -> bool:
    return UNITS[a].quantity == UNITS[b].quantity


def largest(units: set[str] | list[str]) -> str:
    """The largest of some units of one quantity: a total is shown in it."""
    return max(units, key=lambda symbol: (UNITS[symbol].factor, symbol))


def plain(number: Decimal | Number) -> Number:
    """A number as JSON should carry it: an int when whole, else a float."""
    if isinstance(number, int):
        return number
    decimal = number if isinstance(number, Decimal) else Decimal(str(number))
    if decimal == decimal.to_integral_value():
        return int(decimal)
    return float(decimal)

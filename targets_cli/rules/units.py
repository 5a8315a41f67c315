"""Units as the source writes them, and the conversions between them.

The units are data: the [[units]] table of the data files (the bundled data ships
today's). The catalogue in use is set once the data is read (`use`); every
conversion here reads it, so a unit a curator adds converts like any other.
"""

from __future__ import annotations

import math

from .model import Number, Where
from .records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from decimal import Decimal

# Below 2**53 a whole float is exactly the integer it prints as.
_EXACT = 2**53


@dataclass(frozen=True, slots=True)
class Unit:
    symbol: str
    quantity: str  # what it measures; only units of one quantity convert
    factor: Number  # how many base units one of this is
    name_en: str
    aliases: tuple[str, ...] = ()  # other spellings of the same unit: 億元 for 亿元
    where: Where | None = field(default=None, compare=False, repr=False)


# The catalogue in use: every symbol and alias to its unit. Filled by `use` when the
# data is read; the code keeps no list of its own.
UNITS: dict[str, Unit] = {}


def use(units: tuple[Unit, ...] | list[Unit]) -> dict[str, Unit]:
    """Make these the units every conversion reads (the first of a symbol wins)."""
    found: dict[str, Unit] = {}
    for unit in units:
        for name in (unit.symbol, *unit.aliases):
            found.setdefault(name, unit)
    UNITS.clear()
    UNITS.update(found)
    return found


def catalogue() -> list[Unit]:
    """Each unit of the catalogue in use once, in the order of the data."""
    return list({id(unit): unit for unit in UNITS.values()}.values())


def quantity_of(unit: str | None) -> str | None:
    found = UNITS.get(unit) if unit is not None else None
    return found.quantity if found is not None else None


def to_base(value: Number, unit: str) -> Decimal:
    """The value in its quantity's base unit, exactly (5.7 万人 is 57000 人)."""
    from decimal import Decimal

    return Decimal(str(value)) * Decimal(str(UNITS[unit].factor))


def from_base(amount: Decimal | int, unit: str) -> Decimal:
    from decimal import Decimal

    return amount / Decimal(str(UNITS[unit].factor))


def whole_to_base(value: Number, unit: str) -> Decimal | int:
    """to_base, as an int when the value and the unit's factor are both ints: the same
    number, without importing decimal (a total of whole figures needs none)."""
    factor = UNITS[unit].factor
    if type(value) is int and type(factor) is int:
        return value * factor
    return to_base(value, unit)


def whole_from_base(amount: Decimal | int, unit: str) -> Decimal | int:
    """from_base, as an int when an int amount is a whole number of the unit."""
    factor = UNITS[unit].factor
    if type(amount) is int and type(factor) is int and amount % factor == 0:
        return amount // factor
    return from_base(amount, unit)  # (an int amount divided by a Decimal: exact)


def convertible(a: str, b: str) -> bool:
    return a in UNITS and b in UNITS and UNITS[a].quantity == UNITS[b].quantity


def largest(units: set[str] | list[str]) -> str:
    """The largest of some units of one quantity: a total is shown in it."""
    if all(type(UNITS[symbol].factor) is int for symbol in units):  # (no decimal needed)
        return max(units, key=lambda symbol: (UNITS[symbol].factor, symbol))
    from decimal import Decimal

    return max(units, key=lambda symbol: (Decimal(str(UNITS[symbol].factor)), symbol))


def plain(number: Decimal | Number) -> Number:
    """A number as JSON should carry it: an int when whole, else a float."""
    if isinstance(number, int):
        return number
    # (a float is its own shortest repr, so Decimal(str()) would give it back unchanged;
    # decimal is imported only for a Decimal, or a whole float too large to be exact)
    if isinstance(number, float) and math.isfinite(number):
        if not number.is_integer():
            return number
        if abs(number) < _EXACT:
            return int(number)
    from decimal import Decimal

    decimal = number if isinstance(number, Decimal) else Decimal(str(number))
    if decimal == decimal.to_integral_value():
        return int(decimal)
    return float(decimal)

"""Rules across records: references resolve, quotes are verbatim, figures match words."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sized
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from ..errors import DataError, Problem, shown
from ..rules.levels import level_of
from ..rules.model import (
    ADDITIVE_DIMENSIONS,
    CITY,
    DOWN,
    MILESTONE,
    NATION,
    PROVINCE,
    SPEAKER_KINDS,
    Dataset,
    Metric,
    Org,
    Source,
    Target,
    Where,
    signed,
)
from ..rules.script import written_in
from ..rules.units import UNITS, Unit, plain
from ..rules.wording import (
    COMPARATOR_OF_WORDING,
    COMPARATORS_WITHOUT_WORDING,
    FALL_WORDS,
    numbers_in,
    sentence_around,
    writes,
)
from .fields import YEAR_BOUNDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    # (record's place, key or None, message) -> a Problem with file and line
    Locate = Callable[[Where, str | None, str], Problem]

_UNIT_QUANTITIES = {
    "rate": {"percent"},
    "share": {"percent"},
    "rank": {"rank"},
}
_NOT_A_COUNT = {"money", "percent", "rank"}
_NOT_AN_AMOUNT = {"percent", "rank"}
# What a unit's leading character multiplies: 万吨 is 10000 吨.
_MAGNITUDES = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3}
_TRADITIONAL = str.maketrans("億萬", "亿万")


def _unit_entry(symbol: str) -> str:
    """How a curator would add an unknown unit to [[units]], as near as its name says."""
    if len(symbol) > 20:  # no unit is that long: a mistake, not a unit to add
        return 'add it to [[units]]: symbol = "…", quantity = "…", factor = …, name_en = "…"'
    simple = symbol.translate(_TRADITIONAL)
    if simple != symbol and simple in UNITS:
        known = UNITS[simple]
        return (
            f"add {shown(symbol)} to the aliases of {shown(known.symbol)} in [[units]]: "
            f'aliases = ["{symbol}"]'
        )
    factor, rest = 1, simple
    for mark, times in _MAGNITUDES.items():
        if simple.startswith(mark) and len(simple) > len(mark):
            factor, rest = times, simple[len(mark) :]
            break
    base = UNITS.get(rest)
    if base is not None:
        quantity, factor_text = base.quantity, str(plain(factor * base.factor))
    else:
        quantity = "…"  # what it measures: weight, area, visits
        factor_text = f"{factor} (in {rest}, the base unit)" if factor != 1 else "1"
    return (
        f'add it to [[units]]: symbol = "{symbol}", quantity = "{quantity}", '
        f'factor = {factor_text}, name_en = "…"'
    )


def unknown_unit(symbol: str) -> str:
    """What is wrong with a unit the catalogue lacks, and how to put it right."""
    close = _closest(symbol, UNITS)
    if close:
        return f"unknown unit {shown(symbol)}{close} If not, {_unit_entry(symbol)}"
    return f"unknown unit {shown(symbol)}; {_unit_entry(symbol)}"


def _check_units(units: tuple[Unit, ...], locate: Locate) -> list[Problem]:
    """A factor that is no positive number, a symbol or alias given twice."""
    problems = []
    for unit in units:
        if unit.where is None:
            continue
        if not unit.factor > 0 or unit.factor != unit.factor:  # (NaN)
            message = (
                f"factor {unit.factor} of unit {shown(unit.symbol)} must be more than 0: how "
                "many of the quantity's base unit one of this is (万吨: 10000)"
            )
            problems.append(locate(unit.where, "factor", message))
    problems += _magnitude_problems(units, locate)
    names = [(name, u.where) for u in units for name in (u.symbol, *u.aliases)]
    problems += _unique(names, "unit symbol or alias", locate)
    return problems


def _magnitude_problems(units: tuple[Unit, ...], locate: Locate) -> list[Problem]:
    """A unit whose name makes it a multiple of another (万吨 is 10000 吨) must measure
    the same quantity, with that factor: else totals would add 万吨 to people."""
    named = {name: u for u in units for name in (u.symbol, *u.aliases)}
    problems = []
    for unit in units:
        if unit.where is None:
            continue
        simple = unit.symbol.translate(_TRADITIONAL)
        mark = next((m for m in _MAGNITUDES if simple.startswith(m) and simple != m), None)
        base = named.get(simple[len(mark) :]) if mark else None
        if mark is None or base is None or base is unit:
            continue
        what = f"unit {shown(unit.symbol)} is {_MAGNITUDES[mark]} {shown(base.symbol)}"
        if unit.quantity != base.quantity:
            message = (
                f"{what} (quantity {shown(base.quantity)}), but its quantity is "
                f'{shown(unit.quantity)}: set quantity = "{base.quantity}"'
            )
            problems.append(locate(unit.where, "quantity", message))
            continue
        factor = _MAGNITUDES[mark] * Decimal(str(base.factor))
        if Decimal(str(unit.factor)) != factor:
            message = (
                f"{what} (factor {plain(base.factor)}), but its factor is "
                f"{plain(unit.factor)}: set factor = {plain(factor)}"
            )
            problems.append(locate(unit.where, "factor", message))
    return problems


def _closest(given: str, known: Iterable[str], remember: bool = False) -> str:
    """A "did you mean" hint; `remember`: `known` only grows during the run (see
    close_matches), so its list and each name's matches are worked out once, and close
    names are looked for only for the first HINTED unknown names of it."""
    if remember:
        close = sought_matches(given, known, 0.4)
        if close is None:
            return NOT_SOUGHT.format(what="names")
    else:
        import difflib  # only when a name is unknown

        close = difflib.get_close_matches(given[:100], list(known), n=3, cutoff=0.4)
    return f"; did you mean {', '.join(close)}?" if close else ""


# How many distinct unknown names of one kind (a catalogue; same_as, revises or an
# outcome's target) get a "did you mean" hint in a check: finding one compares the name
# with every known one, so a hint for each of thousands of wrong ids would cost their
# number times the data's; past the first few the others show the pattern anyway.
HINTED = 20
# What a problem past the first HINTED says instead of a hint (never a guessed one).
NOT_SOUGHT = "; close {what} are suggested for the first " + str(HINTED) + " unknown ones only"


class Sought:
    """The distinct unknown names of one kind a hint was looked for, the first HINTED."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def allows(self, given: str) -> bool:
        """Whether `given` gets a hint: one already looked for always does."""
        if given in self.names:
            return True
        if len(self.names) >= HINTED:
            return False
        self.names.add(given)
        return True


def closest_names(given: str, known: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """difflib.get_close_matches(given, known, n, cutoff): the same names in the same
    order, found sooner. Once n names are held, a name whose ratio difflib's cheap upper
    bounds (lengths, then letters in common) put below the n-th held one's cannot be
    among the n, and its ratio is not worked out."""
    from difflib import SequenceMatcher  # only when a name is unknown
    from heapq import heappush, heapreplace

    matcher = SequenceMatcher()
    matcher.set_seq2(given)
    held: list[tuple[float, str]] = []  # (ratio, name): the n best so far, least first
    floor = cutoff
    for name in known:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        ratio = matcher.ratio()
        if ratio < floor:
            continue
        # (ties on the ratio: the later name in sort order first, as difflib's nlargest)
        if len(held) < n:
            heappush(held, (ratio, name))
        elif (ratio, name) > held[0]:
            heapreplace(held, (ratio, name))
        else:
            continue
        if len(held) == n:
            floor = max(cutoff, held[0][0])
    return [name for _ratio, name in sorted(held, reverse=True)]


class _Candidates:
    """One collection of names as a list, with the close matches already found in it."""

    def __init__(self, known: Iterable[str], size: int, sought: Sought | None = None) -> None:
        self.known = known  # (held, so its id is not reused while it is remembered)
        self.size = size
        self.names = list(known)
        self.found: dict[tuple[str, float], list[str]] = {}
        # (kept while the collection grows: a source added is no new kind of name)
        self.sought = sought or Sought()


# The candidate lists of the last few collections a hint was sought in: a run asks
# about the same catalogue (orgs, metrics, sources) for every damaged target, so its
# list is built once and each wrong name compared with it once, not once a problem.
_CANDIDATES: dict[int, _Candidates] = {}
_REMEMBERED = 8


def close_matches(given: str, known: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """difflib's three closest names to `given` among `known`, remembered per collection.

    A collection is known again by identity and size, so it must only ever grow (a
    Settler's catalogues: a source is added, never replaced); one emptied and refilled,
    like UNITS, must not be passed here.
    """
    return _matches(given, known, cutoff, limited=False) or []


def sought_matches(given: str, known: Iterable[str], cutoff: float = 0.6) -> list[str] | None:
    """As close_matches, for the first HINTED distinct names asked about in `known`;
    None (not looked for) for any other."""
    return _matches(given, known, cutoff, limited=True)


def _matches(given: str, known: Iterable[str], cutoff: float, limited: bool) -> list[str] | None:
    size = len(known) if isinstance(known, Sized) else -1
    entry = _CANDIDATES.get(id(known))
    if entry is None or entry.known is not known or entry.size != size or size < 0:
        if entry is not None and entry.known is known and size >= 0:
            entry = _CANDIDATES[id(known)] = _Candidates(known, size, entry.sought)
        else:
            if len(_CANDIDATES) >= _REMEMBERED:
                del _CANDIDATES[next(iter(_CANDIDATES))]
            entry = _CANDIDATES[id(known)] = _Candidates(known, size)
    key = (given[:100], cutoff)
    if limited and not entry.sought.allows(key[0]):
        return None
    close = entry.found.get(key)
    if close is None:
        close = entry.found[key] = closest_names(key[0], entry.names, 3, cutoff)
    return list(close)


def _where_text(where: Where | None, locate: Locate) -> str:
    if where is None:
        return "?"
    problem = locate(where, None, "")
    return f"{problem.file}:{problem.line}" if problem.line else str(problem.file)


def _unique(
    records: Iterable[tuple[str, Where | None]], what: str, locate: Locate
) -> list[Problem]:
    first: dict[str, Where | None] = {}
    problems = []
    for key, where in records:
        if key in first:
            earlier = _where_text(first[key], locate)
            message = f"duplicate {what} {shown(key)}; first defined at {earlier}"
            problems.append(locate(where, None, message) if where else Problem("?", message))
        else:
            first[key] = where
    return problems


def _check_orgs(orgs: dict[str, Org], locate: Locate) -> list[Problem]:
    problems = []
    for org in orgs.values():
        assert org.where is not None
        city_hint = _hint(org, orgs)
        if org.parent is None:
            if org.kind not in _TOP_KINDS:
                problems.append(locate(org.where, "kind", f"a {org.kind} needs a parent"))
        elif org.kind == NATION:
            message = "a nation is the top level and has no parent; remove parent"
            problems.append(locate(org.where, "parent", message))
        elif org.parent == org.id:
            message = (
                f"parent is {shown(org.id)} itself; an org's parent is the level above it: "
                f"{_parent_wanted(org)}{city_hint}"
            )
            problems.append(locate(org.where, "parent", message))
        elif org.parent not in orgs:
            message = f"parent {shown(org.parent)} is not an org{_closest(org.parent, orgs)}"
            problems.append(locate(org.where, "parent", message))
        else:
            problems += _level_problems(org, orgs, locate, city_hint)
    return problems


# Regions that may stand at the top of the tree, with no parent.
_TOP_KINDS = (NATION, PROVINCE, CITY)


def _hint(org: Org, orgs: dict[str, Org]) -> str:
    """' such as 江门市': regions of the level an org's parent must be, when the data has them."""
    depth = level_of(org.kind)
    if depth is None:  # a department or government: no hint, any region may be its parent
        return ""
    wanted = [o.id for o in orgs.values() if level_of(o.kind) == depth - 1]
    return f" such as {', '.join(shown(c) for c in wanted[:3])}" if wanted else ""


def _parent_wanted(org: Org) -> str:
    """What an org's parent must be, by its kind."""
    if org.kind in SPEAKER_KINDS:
        return (
            f"a {org.kind}'s parent is the region it speaks for (a province, city or "
            "county-level unit), never a department"
        )
    if org.kind == CITY:
        return "a city's parent is a province, or none at the top"
    if org.kind == PROVINCE:
        return "a province's parent is a nation, or none at the top"
    if org.kind == NATION:
        return "a nation has no parent"
    return f"a {org.kind}'s parent is a city (or a province that governs it directly)"


def _depth(kind: str) -> int:
    """A kind's level for ordering (nation first); a kind of no level sorts last."""
    level = level_of(kind)
    return 99 if level is None else level


def _level_problems(
    org: Org, orgs: dict[str, Org], locate: Locate, city_hint: str
) -> list[Problem]:
    """An existing parent that is no level above its child, or a circle of parents."""
    assert org.where is not None and org.parent is not None
    chain, step = [org.id], orgs.get(org.parent)
    while step is not None and step.id not in chain:
        chain.append(step.id)
        step = orgs.get(step.parent) if step.parent else None
    if step is not None and step.id == org.id:
        circle = " → ".join(shown(name) for name in (*chain, org.id))
        # the top of the circle is the org of the highest level in it (a province above
        # a city): it is the one whose parent is wrong
        top = min(chain, key=lambda name: _depth(orgs[name].kind))
        message = (
            f"parents go round in a circle: {circle}; {shown(top)} ({orgs[top].kind}) is the "
            "highest level in it: give it no parent, or a parent one level above it"
        )
        return [locate(org.where, "parent", message)]
    parent = orgs[org.parent]
    if org.kind in SPEAKER_KINDS:
        fits = parent.is_region
    else:
        depth, above = level_of(org.kind), level_of(parent.kind)
        fits = depth is not None and above is not None and above < depth
    if fits:
        return []
    message = (
        f"parent {shown(parent.id)} is a {parent.kind}, no level above this {org.kind}: "
        f"{_parent_wanted(org)}{city_hint}"
    )
    return [locate(org.where, "parent", message)]


def _check_metrics(metrics: list[Metric], locate: Locate) -> list[Problem]:
    problems = []
    for metric in metrics:
        assert metric.where is not None
        if metric.additive and metric.dimension not in ADDITIVE_DIMENSIONS:
            message = f"a {metric.dimension} cannot be added across regions; set additive = false"
            problems.append(locate(metric.where, "additive", message))
    names = [(name, m.where) for m in metrics for name in (m.name, *m.aliases)]
    problems += _unique(names, "metric name or alias", locate)
    problems += _check_related(metrics, locate)
    return problems


def _check_related(metrics: list[Metric], locate: Locate) -> list[Problem]:
    """Each related metric (and each one it adds with) is another metric of the data."""
    canonical = {name: m.name for m in metrics for name in (m.name, *m.aliases)}
    problems = []
    for metric in metrics:
        assert metric.where is not None
        for key in ("related", "adds_with"):
            for other in getattr(metric, key):
                if other not in canonical:
                    hint = _closest(other, [m.name for m in metrics])
                    message = f"{key} names {shown(other)}, which is not a metric{hint}"
                elif canonical[other] == metric.name:
                    message = (
                        f"{key} names {shown(other)}, the metric itself; "
                        "name other metrics of its family"
                    )
                elif key == "adds_with" and not metric.additive:
                    message = (
                        f"adds_with on a metric that is not additive ({metric.dimension}); "
                        "remove it or set additive = true"
                    )
                else:
                    continue
                problems.append(locate(metric.where, key, message))
    return problems


def source_text(
    source: Source, root: Path, reads: TextReads | None = None
) -> tuple[str | None, str | None]:
    """A source's text, or why it cannot be had: it must lie inside the data folder.

    With `reads`, a text read before in the same run is not read again."""
    if source.file is None:  # cited, not bundled: there is no text to read
        return None, None
    why = _outside(source.file, root)
    if why is not None:
        return None, why
    text, why, _sha = (reads or TextReads()).read(source.file)
    return text, why


def _outside(
    file: str, root: Path, inside: Path | None = None, folders: dict[Path, Path] | None = None
) -> str | None:
    """Why a source's file may not be read: it lies outside the data folder (`inside`,
    when given, is the folder resolved: once for many sources; `folders`, each folder
    resolved so far)."""
    inside = inside or root.resolve()
    path = Path(file)
    try:
        resolved = _resolved(path, folders)
    except (OSError, RuntimeError, ValueError):
        resolved = path
    if resolved.is_relative_to(inside):
        return None
    return (
        # The whole path (up to the kernel's PATH_MAX): cut at 80 characters, the
        # message depended on how deep the data folder happened to be.
        f"source file {shown(str(file), 4096)} lies outside the data folder {inside}; "
        "keep source texts beside the data"
    )


def _resolved(file: Path, folders: dict[Path, Path] | None) -> Path:
    """file.resolve(). With `folders`, a file that is no link is placed in its folder
    resolved once a run (one lstat, where resolving it costs one per folder above it):
    the real path of a name that is no link is its folder's real path and the name."""
    name = file.name
    if folders is None or name in ("", ".", "..") or "\x00" in str(file):
        return file.resolve()
    parent = file.parent
    real = folders.get(parent)
    if real is None:
        real = folders[parent] = parent.resolve()
    if os.path.islink(file):
        return file.resolve()
    return real / name


class TextReads:
    """Each source text of a run read once: its text (or why it cannot be had) and the
    SHA-256 of its bytes, shared by checking, settling and stamping. Every digest is
    kept, but only the last few texts (a target's source is nearly always the one of
    its own file, read just before), so memory does not grow with the data; a text
    asked for again once let go is read again."""

    KEEP = 32

    def __init__(self) -> None:
        from collections import OrderedDict

        self._found: dict[str, tuple[str | None, str | None]] = {}
        self._texts: OrderedDict[str, str | None] = OrderedDict()
        # why each source file may not be read (_outside), asked by the settling of
        # targets and by the checks of the sources alike: worked out once a run
        self._outside: dict[tuple[str, Path], str | None] = {}
        self._roots: dict[Path, Path] = {}
        self._folders: dict[Path, Path] = {}

    def outside(self, file: str, root: Path) -> str | None:
        """_outside(file, root), worked out once a run."""
        key = (file, root)
        if key in self._outside:
            return self._outside[key]
        inside = self._roots.get(root)
        if inside is None:
            inside = self._roots[root] = root.resolve()
        why = self._outside[key] = _outside(file, root, inside, self._folders)
        return why

    def read(self, path: str) -> tuple[str | None, str | None, str | None]:
        """(text, why it cannot be had, SHA-256 of its bytes) of the text at `path`."""
        key = path
        known = self._found.get(key)
        if known is not None and key in self._texts:
            self._texts.move_to_end(key)
            return self._texts[key], known[0], known[1]
        text, why, sha = _read_text_file(path)
        if known is None:
            self._found[key] = (why, sha)
        else:  # (read again: the run answers from its first reading's digest)
            why, sha = known
        self._texts[key] = text
        if len(self._texts) > self.KEEP:
            self._texts.popitem(last=False)
        return text, why, sha

    def sha(self, path: str) -> str | None:
        known = self._found.get(path)
        return known[1] if known is not None else self.read(path)[2]

    def why(self, path: str) -> str | None:
        """Why the text at `path` cannot be had (None: it can), read at most once."""
        known = self._found.get(path)
        return known[0] if known is not None else self.read(path)[1]


class SourceTexts(Mapping[str, str]):
    """The readable sources' texts by source id, each read (through TextReads) when a
    target asks for it: never every text at once."""

    def __init__(self, sources: Mapping[str, Source], root: Path, reads: TextReads) -> None:
        self.sources, self.root, self.reads = sources, root, reads
        # (id, its source, its text or None) of the last lookup: a file's targets nearly
        # always cite one source, and each target asks for its text more than once
        self._last: tuple[str, Source | None, str | None] | None = None

    def over(self, sources: Mapping[str, Source]) -> SourceTexts:
        """The same reads, for another (a growing) set of sources."""
        return SourceTexts(sources, self.root, self.reads)

    def __getitem__(self, ident: str) -> str:
        source = self.sources.get(ident)
        last = self._last
        if last is not None and last[0] == ident and last[1] is source:
            if last[2] is None:
                raise KeyError(ident)
            return last[2]
        try:
            text = self._text(ident, source)
        except KeyError:
            self._last = (ident, source, None)
            raise
        self._last = (ident, source, text)
        return text

    def get(self, ident: str, default: str | None = None) -> str | None:  # type: ignore[override]
        """Mapping.get, answering the last id asked for without its __getitem__."""
        last = self._last
        if last is not None and last[0] == ident and last[1] is self.sources.get(ident):
            return default if last[2] is None else last[2]
        try:
            return self[ident]
        except KeyError:
            return default

    def _text(self, ident: str, source: Source | None) -> str:
        if source is None or source.file is None:
            raise KeyError(ident)
        file = source.file
        if self.reads.outside(file, self.root) is not None:
            raise KeyError(ident)
        text = self.reads.read(file)[0]
        if text is None:
            raise KeyError(ident)
        return text

    def __contains__(self, ident: object) -> bool:
        try:
            return isinstance(ident, str) and self[ident] is not None
        except KeyError:
            return False

    def __iter__(self) -> Iterator[str]:
        return (ident for ident in list(self.sources) if ident in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _read_text_file(path: str) -> tuple[str | None, str | None, str | None]:
    import hashlib

    from .loading import read_bytes, source_text_of

    try:  # (a device or FIFO is refused, never read to its end)
        raw = read_bytes(path, what="a text file")
    except DataError as error:
        why = error.problems[0].message
        if why == "no such file":
            return None, f"source file {path} does not exist", None
        return None, f"cannot read source file {path}: {why.removeprefix('cannot read: ')}", None
    sha = hashlib.sha256(raw).hexdigest()
    try:
        return source_text_of(raw), None, sha
    except UnicodeDecodeError as error:
        return None, f"cannot read source file {path}: not UTF-8 ({error.reason})", sha


# Longest quote of a cited source: one clause, never a passage of the text.
CITED_QUOTE_LIMIT = 60
# What ends a clause: a cited source's quote holds none of these.
CLAUSE_ENDS = "。；;！？!?"


def _citation(source: Source) -> list[tuple[str, str]]:
    """(key, message) for a citation that cannot be followed: a cited source (no file)
    needs a well-formed url, a publisher and a title; any source's url is well formed."""
    from .citations import url_problem

    found = []
    cited = source.file is None
    if cited and (source.url is None or not source.url.strip()):
        message = (
            f"source {shown(source.id)} has no file and no url: a cited source (its text not "
            'bundled) gives url = "https://…" (where the text was found), publisher and '
            'title; a bundled one gives file = "sources/<id>.txt"'
        )
        found.append(("url", message))
    elif source.url is not None and (why := url_problem(source.url)) is not None:
        message = (
            f"url {shown(source.url)} {why}; give the address where the text was found: "
            "http(s)://host/path"
        )
        found.append(("url", message))
    if cited and (source.publisher is None or not source.publisher.strip()):
        message = (
            f"cited source {shown(source.id)} has no publisher: say who published the "
            'page at its url (publisher = "南方都市报")'
        )
        found.append(("publisher", message))
    if cited and not source.title.strip():
        found.append(("title", f"cited source {shown(source.id)}: title is empty"))
    return found


def cited_quote_problems(target: Target) -> list[tuple[str, str]]:
    """(key, message) for the quote of a target from a cited source: with no text to hold
    it to, it must write the figure as stated, in one clause of a sensible length."""
    quote = target.quote
    if not quote or quote.isspace():
        return [("quote", "quote is empty")]
    found = []
    ends = sorted({char for char in quote if char in CLAUSE_ENDS})
    if ends:
        message = (
            f"quote holds {', '.join(repr(c) for c in ends)}: a quote of a cited source is "
            "the one clause that states the figure; cut it there"
        )
        found.append(("quote", message))
    elif len(quote) > CITED_QUOTE_LIMIT:
        message = (
            f"quote is {len(quote)} characters: a quote of a cited source is the one clause "
            f"that states the figure, at most {CITED_QUOTE_LIMIT}; shorten it"
        )
        found.append(("quote", message))
    for key in ("value", "value_max"):
        value = getattr(target, key)
        if value is not None and not writes(quote, value):
            written = ", ".join(sorted(str(f) for f in numbers_in(quote))) or "none"
            message = (
                f"{key} {value} does not appear in the quote (it has: {written}); a cited "
                "source's quote writes the figure as stated"
            )
            found.append((key, message))
    if target.wording and not written_in(target.wording, quote):
        found.append(("wording", f"wording {target.wording!r} is not in the quote"))
    if target.firmness and not written_in(target.firmness, quote):
        message = (
            f"firmness {target.firmness!r} is not in the quote; the text of a cited source is "
            "not bundled, so the quote itself holds the firmness word"
        )
        found.append(("firmness", message))
    return found


def _read_sources(
    sources: dict[str, Source], locate: Locate, root: Path, reads: TextReads | None = None
) -> tuple[Mapping[str, str], list[Problem]]:
    """Each readable source's text, and a problem for each other one. With `reads`, the
    texts are read again (or kept) as they are asked for, never held all at once."""
    texts: dict[str, str] = {}
    problems = []
    for source in sources.values():
        assert source.where is not None
        problems += [locate(source.where, key, message) for key, message in _citation(source)]
        if reads is None:
            text, why = source_text(source, root)
            if text is not None:
                texts[source.id] = text
        elif source.file is None:
            why = None
        else:  # (the text itself is read when a target asks for it)
            why = reads.outside(source.file, root) or reads.why(source.file)
        if why is not None:
            problems.append(locate(source.where, "file", why))
    if reads is not None:
        return SourceTexts(sources, root, reads), problems
    return texts, problems


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _fit(metric: Metric) -> str:
    """What unit a metric's dimension takes, from the catalogue: the right half of a
    'does not fit' message."""
    dimension = metric.dimension
    wanted = _UNIT_QUANTITIES.get(dimension)
    if wanted:
        symbols = sorted({u.symbol for u in UNITS.values() if u.quantity in wanted})
        given = ", ".join(symbols) or f"a unit of quantity {' or '.join(sorted(wanted))}"
        return f"{_a(dimension)} is given in {given}, or the metric has another dimension"
    barred = _NOT_A_COUNT if dimension == "count" else _NOT_AN_AMOUNT
    symbols = sorted({u.symbol for u in UNITS.values() if u.quantity not in barred})
    what = "what is counted" if dimension == "count" else "what is measured"
    return (
        f"{_a(dimension)} is given in a unit of {what} ({', '.join(symbols)}), never in "
        f"{', '.join(sorted(barred))}; a growth rate or a share is a metric of its own"
    )


@lru_cache(maxsize=256)
def _unit_fits(dimension: str, quantity: str) -> bool:
    """Whether a unit of this quantity may give a metric of this dimension."""
    wanted = _UNIT_QUANTITIES.get(dimension)
    return not (
        (wanted and quantity not in wanted)
        or (dimension == "count" and quantity in _NOT_A_COUNT)
        or (dimension == "amount" and quantity in _NOT_AN_AMOUNT)
    )


def _figure_problems(target: Target, metric: Metric) -> list[tuple[str, str]]:
    """(key, message) for fields that a target or milestone must have or must not."""
    found = []
    if target.kind == MILESTONE:
        for key in ("value", "value_max", "unit", "comparator", "wording"):
            if getattr(target, key) is not None:
                found.append((key, f"a milestone has no {key}; remove it or set kind = 'target'"))
        if target.outcome is None:
            found.append(("kind", "a milestone needs an 'outcome': what is promised"))
        return found
    if target.value is None or target.unit is None or target.comparator is None:
        for key in ("value", "unit", "comparator"):
            if getattr(target, key) is None:
                found.append((key, f"missing '{key}' (a milestone would say kind = 'milestone')"))
    if metric.dimension == MILESTONE:
        found.append(("metric", f"metric {shown(metric.name)} takes milestones only"))
    if target.unit is not None and target.unit not in UNITS:
        found.append(("unit", unknown_unit(target.unit)))
    elif target.unit is not None and not _unit_fits(metric.dimension, UNITS[target.unit].quantity):
        found.append(
            ("unit", f"unit {target.unit!r} does not fit {_a(metric.dimension)}: {_fit(metric)}")
        )
    value, top = target.value, target.value_max
    # (sign_problems finds nothing without a figure below 0 or a fall: most targets)
    if (
        (value is not None and not value >= 0)
        or (top is not None and not top >= 0)
        or target.direction == DOWN
    ):
        found += sign_problems(value, top, target.direction, metric)
    if value is not None and top is not None and top < value:
        found.append(("value_max", f"value_max {top} is below value {value}"))
    if target.wording is not None and target.comparator is not None:
        meant = COMPARATOR_OF_WORDING[target.wording]
        if target.comparator != meant:
            found.append(
                (
                    "comparator",
                    f"comparator {target.comparator!r} contradicts wording "
                    f"{target.wording!r}, which means {meant!r}",
                )
            )
    elif target.comparator is not None and target.comparator not in COMPARATORS_WITHOUT_WORDING:
        allowed = " or ".join(repr(c) for c in COMPARATORS_WITHOUT_WORDING)
        found.append(
            (
                "comparator",
                f"comparator {target.comparator!r} needs a wording that says so; "
                f"with none it is {allowed}",
            )
        )
    return found


def sign_problems(
    value: float | None, top: float | None, direction: str | None, metric: Metric
) -> list[tuple[str, str]]:
    """A negative figure or a fall where the metric's figures cannot be negative, and a
    fall written with a sign."""
    found = []
    may_fall = signed(metric)
    for key, figure in (("value", value), ("value_max", top)):
        if figure is None or figure >= 0:
            continue
        if direction == DOWN:
            message = (
                f"'{key}' is {plain(figure)} with direction = 'down': write the size of the "
                f"fall, {plain(-figure)} (下降2% is value = 2, direction = 'down')"
            )
            found.append((key, message))
        elif not may_fall:
            found.append((key, _unsigned(key, figure, metric)))
    if direction == DOWN and not may_fall:
        found.append(("direction", _unsigned("direction", None, metric)))
    return found


def _unsigned(key: str, figure: float | None, metric: Metric) -> str:
    what = f"'{key}' is {plain(figure)}" if figure is not None else "direction = 'down' (a fall)"
    return (
        f"{what}, but {_article(metric.dimension)} {metric.dimension} of metric "
        f"{shown(metric.name)} cannot be negative "
        f"(only a rate can, unless the metric says so); if this metric names a change that "
        f"can fall, set signed = true on its [[metrics]] entry"
    )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _direction_problems(target: Target) -> list[tuple[str, str]]:
    """A fall the quote does not state, or a fall stated (下降2) but not recorded."""
    if target.value is None:
        return []
    words = [word for word in FALL_WORDS if word in target.quote]
    if not words and target.direction != DOWN:
        return []  # (the usual case: no fall stated, none recorded)
    if target.direction == DOWN and not words:
        message = (
            f"direction is 'down' but the quote says no {', '.join(FALL_WORDS[:3])}…; "
            "leave direction out for a rise or a level"
        )
        return [("direction", message)]
    if target.direction != DOWN and target.value >= 0:
        figure = str(plain(target.value))
        for word in words:
            if f"{word}{figure}" in target.quote:
                message = (
                    f"the quote says {word}{figure}: a fall; set direction = 'down' "
                    f"(value = {figure} is the size of the fall)"
                )
                return [("direction", message)]
    return []


def _about_problems(target: Target) -> list[tuple[str, str]]:
    if target.about is not None and target.comparator != "about":
        message = (
            f"about = {shown(target.about)} says how a 左右 target is judged, but comparator "
            f"is {shown(target.comparator)}; remove about, or set comparator = 'about'"
        )
        return [("about", message)]
    return []


def quantity_problems(
    targets: Iterable[tuple[str, str | None, Where, str]], locate: Locate
) -> list[Problem]:
    """A target whose unit measures another quantity than its additive metric's other
    targets (a total must convert them all): (metric, unit, where, id) for each target
    of an additive metric. The quantity most targets use wins; a tie, the first's."""
    by_metric: dict[str, list[tuple[str, Where]]] = {}
    for metric, unit, where, _ident in targets:
        if unit is not None and unit in UNITS:
            by_metric.setdefault(metric, []).append((UNITS[unit].quantity, where))
    problems = []
    for metric, found in by_metric.items():
        counts: dict[str, int] = {}
        for quantity, _where in found:
            counts[quantity] = counts.get(quantity, 0) + 1
        usual = max(counts, key=lambda q: counts[q])  # (dicts keep the first of a tie first)
        if len(counts) < 2:
            continue
        first = next(where for quantity, where in found if quantity == usual)
        units = ", ".join(sorted(u.symbol for u in set(UNITS.values()) if u.quantity == usual))
        for quantity, where in found:
            if quantity != usual:
                message = (
                    f"unit measures {quantity}, but metric {shown(metric)} is given in "
                    f"{usual} elsewhere (as at {_where_text(first, locate)}); use a unit of "
                    f"{usual} ({units}), or another metric"
                )
                problems.append(locate(where, "unit", message))
    return problems


def _quote_problems(target: Target, text: str) -> list[tuple[str, str]]:
    """(key, message) for a quote that is not verbatim, or does not hold its figure."""
    quote = target.quote
    if not quote or quote.isspace():  # (as `not quote.strip()`, without a copy)
        return [("quote", "quote is empty")]
    start, sentence = quote_place(text, quote)
    if start < 0:
        return [("quote", f"quote not found verbatim in source {shown(target.source)}")]
    found = []
    if text.find(quote, start + 1) >= 0:
        times = text.count(quote)
        found.append(("quote", f"quote occurs {times} times in the source; lengthen it"))
    if not (target.value is None or writes(quote, target.value)) or not (
        target.value_max is None or writes(quote, target.value_max)
    ):
        for key in ("value", "value_max"):
            value = getattr(target, key)
            if value is not None and not writes(quote, value):
                figures = numbers_in(quote)
                written = ", ".join(sorted(str(f) for f in figures)) or "none"
                message = f"{key} {value} does not appear in the quote (it has: {written})"
                found.append((key, message))
    if target.wording and not written_in(target.wording, quote):
        found.append(("wording", f"wording {target.wording!r} is not in the quote"))
    if target.firmness and not written_in(target.firmness, sentence):
        message = f"firmness {target.firmness!r} is not in the quote's sentence"
        found.append(("firmness", message))
    return found


@lru_cache(maxsize=8)
def quote_place(text: str, quote: str) -> tuple[int, str]:
    """Where a quote first starts in a text (-1: nowhere), and the sentence holding it
    there ("" if none). Kept for the last few pairs: a target's check and its settled
    sentence ask for the same one, and a text's identity makes the lookup cheap."""
    start = text.find(quote)
    if start < 0:
        return -1, ""
    first, last = sentence_around(text, start, start + len(quote))
    return start, text[first:last]


@lru_cache(maxsize=256)
def _period_problems_of(period: str) -> tuple[tuple[str, str], ...]:
    """A period's problems, worked out once for each period string (few are used)."""
    years = [int(part) for part in period.split("-")]
    low, high = YEAR_BOUNDS
    if any(not low <= year <= high for year in years):
        return (("period", f"period {period!r} must lie from {low} to {high}"),)
    if len(years) == 2 and years[1] < years[0]:
        return (("period", f"period {period!r} ends before it starts"),)
    return ()


# The character that tells a unit from the others of its quantity (亿元 from 万元).
_MAGNITUDE_MARK = {"亿元": "亿", "万元": "万", "万人": "万"}


def _unit_problems(target: Target) -> list[tuple[str, str]]:
    """A unit the quote contradicts: 亿元 in the data where the quote says 万元."""
    unit = target.unit
    if unit is None or unit not in UNITS:
        return []
    quote = target.quote
    others = [other for other in _MAGNITUDE_MARK if other != unit and other in quote]
    if not others:
        return []  # (the usual case: the quote writes no other unit of magnitude)
    quantity = UNITS[unit].quantity
    mark = _MAGNITUDE_MARK.get(unit)
    others = [other for other in others if other in UNITS and UNITS[other].quantity == quantity]
    if (mark is not None and mark not in target.quote and others) or (mark is None and others):
        return [("unit", f"unit {unit!r} but the quote says {others[0]!r}")]
    if mark is not None and others and unit not in target.quote:
        return [("unit", f"unit {unit!r} but the quote says {others[0]!r}")]
    return []


def target_problems(
    target: Target,
    org_by_id: dict[str, Org],
    metric_by_name: dict[str, Metric],
    source_by_id: dict[str, Source],
    texts: Mapping[str, str],
) -> list[tuple[str, str]]:
    """(key, message) for whatever is wrong with one target, given every catalogue."""
    found: list[tuple[str, str]] = []
    metric = metric_by_name.get(target.metric)
    if target.org not in org_by_id:
        hint = _closest(target.org, org_by_id, remember=True)
        found.append(("org", f"unknown org {shown(target.org)}{hint}"))
    if metric is None:
        hint = _closest(target.metric, metric_by_name, remember=True)
        found.append(("metric", f"unknown metric {shown(target.metric)}{hint}"))
    else:
        found += _figure_problems(target, metric)
    if target.source not in source_by_id:
        hint = _closest(target.source, source_by_id, remember=True)
        found.append(("source", f"unknown source {shown(target.source)}{hint}"))
    elif (text := texts.get(target.source)) is not None:  # (one lookup, not two)
        found += _quote_problems(target, text)
    elif source_by_id[target.source].file is None:
        found += cited_quote_problems(target)
    if target.period is not None:  # (None: the text names no year)
        found += _period_problems_of(target.period)
    found += _unit_problems(target)
    found += _direction_problems(target)
    if target.about is not None:
        found += _about_problems(target)
    return found


def _check_not_found(dataset: Dataset, locate: Locate) -> list[Problem]:
    """Each [[not_found]] entry names a known org and known metrics, and says what."""
    problems = []
    names = [name for m in dataset.metrics.values() for name in (m.name, *m.aliases)]
    known = set(names)
    for entry in dataset.not_found:
        assert entry.where is not None
        if entry.org not in dataset.orgs:
            hint = _closest(entry.org, dataset.orgs)
            message = f"not_found entry: unknown org {shown(entry.org)}{hint}"
            problems.append(locate(entry.where, "org", message))
        if not entry.metrics:
            message = "not_found entry: metrics is empty; name the metrics searched for"
            problems.append(locate(entry.where, "metrics", message))
        for metric in entry.metrics:
            if metric not in known:
                message = (
                    f"not_found entry: unknown metric {shown(metric)}"
                    f"{_closest(metric, [m.name for m in dataset.metrics.values()])}"
                )
                problems.append(locate(entry.where, "metrics", message))
        if not entry.note.strip():
            message = (
                "not_found entry: note is empty; say in your own words what was searched "
                "and where the record is (docs/levels-searched.md)"
            )
            problems.append(locate(entry.where, "note", message))
    return problems


def check_catalogue(
    dataset: Dataset, locate: Locate, root: Path, reads: TextReads | None = None
) -> tuple[list[Problem], Mapping[str, str]]:
    """Problems of the orgs, metrics and sources, and each readable source's text."""
    problems = _check_orgs(dataset.orgs, locate)
    problems += _check_not_found(dataset, locate)
    problems += _check_metrics(list(dataset.metrics.values()), locate)
    problems += _check_units(dataset.units, locate)
    texts, source_problems = _read_sources(dataset.sources, locate, root, reads)
    return problems + source_problems, texts

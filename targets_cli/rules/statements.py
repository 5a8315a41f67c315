"""One target, several statements: a restatement (`same_as`) and a revision (`revises`).

A target said again in another document is the same target; a later document that
changes its figure revises it, and the newest figure counts. Every rule that counts or
ranks targets asks `superseded` which of its chosen targets stand for another.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Dataset, Target

WHY_SAME_AS = "same_as"  # it restates another target, which is counted (= levels.WHY_SAME_AS)
WHY_REVISED = "revised"  # a later statement changed its figure; that one is counted


def _first_stated(by_id: dict[str, Target], ident: str) -> str:
    """The target a restatement chain leads to (itself when it restates none)."""
    seen = {ident}
    target = by_id.get(ident)
    while target is not None and target.same_as and target.same_as not in seen:
        if target.same_as not in by_id:
            break
        seen.add(target.same_as)
        target = by_id[target.same_as]
    return target.id if target is not None else ident


class _Links:
    """The statement links of one dataset, worked out once."""

    __slots__ = ("by_id", "linked", "restated_as", "revised_by", "revised_from")

    def __init__(self, dataset: Dataset):
        self.by_id = {t.id: t for t in dataset.linked_targets()}
        self.revised_by: dict[str, str] = {}  # first statement -> its revision's first
        self.restated_as: dict[str, list[Target]] = {}
        self.linked: set[str] = set()
        for t in self.by_id.values():
            if t.same_as:
                first = _first_stated(self.by_id, t.id)
                self.restated_as.setdefault(first, []).append(t)
                self.linked.update((t.id, first))
            if t.revises and t.revises in self.by_id:
                old, new = _first_stated(self.by_id, t.revises), _first_stated(self.by_id, t.id)
                self.revised_by.setdefault(old, new)
                self.linked.update((t.id, old, new))
        self.revised_from = {new: old for old, new in self.revised_by.items()}


_LAST: list[tuple[Dataset, _Links]] = []  # the last dataset's links (one answer, one dataset)


def _links(dataset: Dataset) -> _Links:
    if _LAST and _LAST[0][0] is dataset:
        return _LAST[0][1]
    links = _Links(dataset)
    _LAST[:] = [(dataset, links)]
    return links


def chain_of(dataset: Dataset, target: Target) -> list[list[Target]]:
    """Every statement of the target, oldest figure first: one list per figure, its first
    statement then its restatements in the order of the data.

    A cycle or a fork (two revisions of one figure) is the checker's to report; here a
    cycle stops where it closes and a fork follows the revision first in the data.
    """
    links = _links(dataset)
    if target.id not in links.linked:
        return [[target]]
    start = _first_stated(links.by_id, target.id)
    seen = {start}
    while start in links.revised_from and links.revised_from[start] not in seen:
        start = links.revised_from[start]
        seen.add(start)
    chain: list[list[Target]] = []
    step: str | None = start
    visited: set[str] = set()
    while step is not None and step not in visited and step in links.by_id:
        visited.add(step)
        again = (t for t in links.restated_as.get(step, ()) if t.id != step)
        chain.append([links.by_id[step], *again])
        step = links.revised_by.get(step)
    return chain


def superseded(dataset: Dataset, targets: Iterable[Target]) -> dict[str, tuple[str, str]]:
    """The chosen targets another chosen one stands for: id -> (why, id counted instead).

    Of each target's statements among the chosen, the newest figure counts, in its first
    statement when that is chosen; the others are left out, as restating it (WHY_SAME_AS)
    or as revised by it (WHY_REVISED). A statement whose counted one is not chosen counts.
    """
    chosen = {t.id: t for t in targets}
    if not any(t.same_as or t.revises for t in chosen.values()):
        return {}
    found: dict[str, tuple[str, str]] = {}
    done: set[str] = set()
    for target in chosen.values():
        if target.id in done:
            continue
        chain = chain_of(dataset, target)
        members = [(n, t) for n, figure in enumerate(chain) for t in figure if t.id in chosen]
        done.update(t.id for _, t in members)
        if len(members) < 2:
            continue
        newest = max(n for n, _ in members)
        counted = next(t for n, t in members if n == newest)
        for n, t in members:
            if t.id != counted.id:
                found[t.id] = (WHY_SAME_AS if n == newest else WHY_REVISED, counted.id)
    return found


def also_stated(dataset: Dataset, target: Target) -> list[str]:
    """The ids of the other statements of this target's figure (restatements of it, or the
    one it restates and that one's other restatements), in the order of the data."""
    for figure in chain_of(dataset, target):
        if any(t.id == target.id for t in figure):
            return [t.id for t in figure if t.id != target.id]
    return []

"""Reading a dataset at any size: each file parsed once, on every core, and remembered.

`read` gives what `loading.read_dataset` promises (the dataset and every problem),
in three ways, fastest first:

1. The dataset's cache entry answers when every data file and source text is as it
   was: its problems, its catalogues and, when only some metrics are asked for, only
   their targets (a `sum` over 100,000 targets reads a few hundred).
2. Otherwise each data file is taken from its own cache entry when it is unchanged,
   else parsed; its targets are checked against the catalogues and its own source
   texts, on every core for a large dataset; the cross-file rules (unique ids, known
   parents, metric names) are checked once all files are in.
3. A dataset with any problem, or one these shortcuts cannot vouch for (a target
   quoting a source defined in another file), is checked again by
   `checking.assemble` over every record, so that its problems come out exactly as
   they do without the cache. The cache never decides what is reported.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from functools import cache as cache_once
from operator import attrgetter
from pathlib import Path

from ..errors import DataError, Problem
from ..rules.model import TARGET, Dataset, Metric, Org, Source, Target, Where, region_of
from . import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from .loading import ParsedFile

TABLES = ("sources", "orgs", "metrics", "targets")
# Fields of each record in a cache row, in the order the record takes them.
FIELDS = {
    table: tuple(name for name in record.__match_args__ if name != "where")
    for table, record in (("sources", Source), ("orgs", Org), ("metrics", Metric))
}
FIELDS["targets"] = tuple(name for name in Target.__match_args__ if name != "where")
_TUPLES = frozenset({"aliases", "bylines"})
# What loading._target puts in a target's fields when the table does not say.
_TARGET_DEFAULTS = (
    FIELDS["targets"],
    tuple({"region": "", "kind": TARGET}.get(name) for name in FIELDS["targets"]),
)
_GETTERS = {table: attrgetter(*names) for table, names in FIELDS.items()}
_RECORDS = {"sources": Source, "orgs": Org, "metrics": Metric, "targets": Target}
# A dataset's cache entry unused (neither written nor read) this long is removed.
UNUSED_SECONDS = 30 * 24 * 3600
# Slices of the targets this small are kept inside the dataset's entry.
INLINE_BYTES = 1_000_000
# Chunks of files a process takes in turn, for each process (more: better balanced).
CHUNKS = 12
# Parse on several cores only when there is this much to parse.
PARALLEL_BYTES = 4_000_000


# ---- rows: records as JSON carries them ----------------------------------------


def _row(table: str, record: Any, raw: dict[str, Any]) -> list[Any]:
    assert record.where is not None
    values = [record.where.index, *_GETTERS[table](record)]
    if table != "targets":  # (targets have no list fields, nor a file)
        for at, name in enumerate(FIELDS[table], 1):
            if name in _TUPLES:
                values[at] = list(values[at])
            elif table == "sources" and name == "file":
                values[at] = raw["file"]  # as written: relative to a folder named otherwise
    return values


def _record(table: str, row: list[Any], path: Path) -> Any:
    values = dict(zip(FIELDS[table], row[1:], strict=True))
    for name in _TUPLES.intersection(values):
        values[name] = tuple(values[name])
    if table == "sources":
        values["file"] = path.parent / values["file"]
    return _RECORDS[table](**values, where=Where(path, table, row[0]))


def _target(row: list[Any], metric: str, orgs: dict[str, Org], path: Path) -> Target:
    """A target from its row in the slice of its (canonical) metric: [file number, *row]."""
    region = region_of(orgs[row[3]])
    return Target(row[2], row[3], region, metric, *row[6:], where=Where(path, "targets", row[1]))


def _problem(path: Path | str, encoded: list[Any]) -> Problem:
    message, line, column, record = encoded
    return Problem(Path(path), message, line=line, column=column, record=record)


def _encoded(problem: Problem) -> list[Any]:
    return [problem.message, problem.line, problem.column, problem.record]


# ---- one data file ------------------------------------------------------------


class _Context:
    """What every file's work needs: shared by the processes that share the work."""

    def __init__(self, files: list[Path], store: str | None):
        self.files = files
        self.absolute = [os.path.abspath(p) for p in files]
        self.store = store  # the dataset's folder in the cache; None: no cache
        # this reading's files go in a folder of their own, named in the dataset's entry
        # once all are written: a reader sees the last whole generation, or none
        self.generation = f"{time.time_ns():x}-{os.getpid()}"
        self.version = cache.version()
        # the last reading's entries of each file, by path
        self.old_entries: dict[str, dict[str, Any]] = {}
        self.org_by_id: dict[str, Org] = {}
        self.metric_by_name: dict[str, Metric] = {}
        self.catalogue = ""  # digest of the catalogues the targets are checked against
        self.catalogue_rows: dict[str, list[list[Any]]] = {}
        self.orgs: list[Org] = []
        self.metrics: list[Metric] = []
        self.candidates: set[int] = set()  # the files that may hold catalogues, read first
        # files with problems parsed in this process, to find lines in (the others are let
        # go at once: a large dataset kept whole would take its size many times over)
        self.parsed: dict[int, ParsedFile] = {}
        self.built: dict[int, list[Any]] = {}  # targets built for the checks, until checked
        # targets of unchanged files, as rows of their file, from the dataset's last slices,
        # with the digest of the text they were read from
        self.old_rows: dict[str, tuple[str, list[list[Any]]]] = {}


def _read_data_text(path: str) -> str | None:
    from .loading import read_text

    try:
        return read_text(Path(path))
    except DataError:
        return None


def _parse(number: int, context: _Context) -> dict[str, Any]:
    """A data file's entry, parsed afresh: its records as rows and its own problems."""
    from .loading import parse_file

    path = context.files[number]
    before = cache.stamp(context.absolute[number])
    read_at = time.time_ns()
    entry: dict[str, Any] = {"version": context.version, "path": context.absolute[number]}
    try:
        parsed = parse_file(path)
    except DataError as error:
        problems = [_encoded(p) for p in error.problems if p.file == path]
        keep = len(problems) == len(error.problems)
        return entry | {"key": None, "error": True, "problems": problems, "keep": keep}
    built, target_rows, targets = _records_of(parsed)
    context.built[number] = targets  # (often target_rows itself: see _records_of)
    rows = {
        table: [
            _row(table, record, parsed.tables[table][record.where.index]) for record in built[table]
        ]
        for table in TABLES[:3]
    }
    rows["targets"] = target_rows
    ids = {
        table: [
            (raw.get("name" if table == "metrics" else "id") if isinstance(raw, dict) else None)
            for raw in parsed.tables.get(table, [])
        ]
        for table in TABLES
    }
    for table, idents in ids.items():
        ids[table] = [ident if isinstance(ident, str) else None for ident in idents]
    if parsed.problems:
        context.parsed[number] = parsed
    problems = [_encoded(p) for p in parsed.problems]
    keep = all(p.file == path for p in parsed.problems)
    entry |= {"key": cache.make_key(before, parsed.locator.text, read_at), "error": False}
    return entry | {"problems": problems, "ids": ids, "rows": rows, "keep": keep}


@cache_once
def _checked_type() -> Any:
    """A target's row as a tuple with names: [index, *fields] as JSON carries it, and
    all the checks read, made in a tenth of the time of a Target (a large file has
    thousands). Made when first needed."""
    from collections import namedtuple
    from functools import partial

    # (tuple.__new__ of a whole row: namedtuple's own _make is a Python call more)
    return partial(tuple.__new__, namedtuple("Target", ("index", *FIELDS["targets"])))


@cache_once
def _plain_row() -> Any:
    """A function of (index, entry of [[targets]]): its row as _checked_type makes it
    when loading._plain passes the entry, else None (None for any entry when that test
    cannot be written)."""
    from .fields import TARGET_FIELDS
    from .loading import _plain_test

    names, defaults = _TARGET_DEFAULTS
    return _plain_test(TARGET_FIELDS, (names, defaults, _checked_type())) or (lambda *_: None)


def _records_of(parsed: ParsedFile) -> tuple[dict[str, list[Any]], list[Any], list[Any]]:
    """build_records(parsed), its targets as rows, and the targets to check.

    When every target passes the field checks (the usual case), each row comes
    straight from its TOML table, in the pass that checks its fields (_plain_row), and
    is also the target to check: a named tuple without its place (checks do not need
    it). A large file is mostly targets, and this is several times faster.
    """
    from .loading import build_records

    raws = parsed.tables.get("targets")
    row_of = _plain_row()
    rows = [
        row_of(index, raw) if isinstance(raw, dict) else None
        for index, raw in enumerate(raws or ())
    ]
    if not raws or not all(rows):  # (a row is a non-empty tuple; None: not plain)
        built = build_records(parsed)
        rows = [_row("targets", target, {}) for target in built["targets"]]
        return built, rows, built["targets"]
    del parsed.tables["targets"]
    try:
        built = build_records(parsed)
    finally:
        parsed.tables["targets"] = raws
    return built, rows, rows


def _cached_entry(number: int, context: _Context) -> dict[str, Any] | None:
    """The file's cache entry when it still describes the file."""
    entry = context.old_entries.pop(context.absolute[number], None)
    try:
        if entry is None or entry["path"] != context.absolute[number] or entry["error"]:
            return None
        state = cache.fresh(context.absolute[number], entry["key"], _read_data_text)
    except (KeyError, TypeError, ValueError):
        return None
    if state is False:
        return None
    if state is None:  # same content, new times (a checkout, a touch): renew the key
        entry["key"] = cache.renewed(context.absolute[number], entry["key"], time.time_ns())
        entry["changed"] = True
    return entry


def _source_texts(sources: list[Source]) -> tuple[dict[str, str], list[list[Any]], bool]:
    """The texts of a file's sources, their keys, and whether every one could be read."""
    texts: dict[str, str] = {}
    keys: list[list[Any]] = []
    readable = True
    for source in sources:
        name = os.path.abspath(source.file)
        before = cache.stamp(name)
        read_at = time.time_ns()
        try:
            text = source.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError):
            text = None
            readable = False
        else:
            texts.setdefault(source.id, text)
        keys.append([name, cache.make_key(before, text, read_at)])
    return texts, keys, readable


def _texts_fresh(keys: list[list[Any]]) -> bool:
    return all(cache.fresh(name, key, cache.read_text_file) for name, key in keys)


def _first_pass(number: int, context: _Context) -> dict[str, Any]:
    """A data file's entry: from the cache when the file is unchanged, else parsed.

    (No catalogue is needed yet: the checks against it come in `_work`.)
    """
    entry = _cached_entry(number, context) if context.store else None
    if entry is not None and "targets" not in entry["rows"]:
        # a file whose targets passed keeps them in the slices of the dataset's last entry
        sha, kept = context.old_rows.get(context.absolute[number], (None, None))
        if sha is not None and sha == entry["key"][1]:
            entry["rows"]["targets"] = kept
            entry["slices"] = True  # (its targets are not written twice)
        else:
            entry = None
    if entry is None:
        entry = _parse(number, context)
        entry["changed"] = entry["parsed_now"] = True
    return entry


def _work(number: int, context: _Context, entry: dict[str, Any] | None) -> dict[str, Any]:
    """One data file, from its cache entry or parsed, checked against the catalogues.

    The result carries the entry (to keep and, when needed, to check again with
    checking.assemble), whether its targets passed every check, and its targets as
    rows grouped by the canonical name of their metric. The entry of a file whose
    targets pass keeps them only in the dataset's slices, not twice.
    """
    from .checking import target_problems

    path = context.files[number]
    if entry is None:
        entry = _first_pass(number, context)
    parsed_now = entry.pop("parsed_now", False)
    entry.pop("slices", None)
    targets_rows = None if entry["error"] else entry["rows"]["targets"]
    result: dict[str, Any] = {"no": number, "entry": entry, "clean": False, "groups": {}}
    if entry["error"] or entry["problems"]:
        return result
    assert targets_rows is not None
    rows = entry["rows"]
    result["sources"] = rows["sources"]
    result["ids"] = [row[1] for row in targets_rows]
    result["catalogue_rows"] = bool(
        rows["orgs"] or rows["metrics"] or any(entry["ids"][t] for t in ("orgs", "metrics"))
    )
    sources = [_record("sources", row, path) for row in rows["sources"]]
    checked = entry.get("checked")
    local = {source.id: source for source in sources}
    if (
        checked is not None
        and not parsed_now
        and checked["catalogue"] == context.catalogue
        and _texts_fresh(checked["texts"])
    ):
        clean = checked["clean"]
    else:
        texts, keys, clean = _source_texts(sources)
        org_by_id, metric_by_name = context.org_by_id, context.metric_by_name
        targets = context.built.pop(number, None) if parsed_now else None
        if targets is None:
            targets = list(map(_checked_type(), targets_rows))
        for target in targets:
            if not clean:
                break
            # a source from another file is checked by checking.assemble, not here
            clean = target.source in local and not target_problems(
                target, org_by_id, metric_by_name, local, texts
            )
        entry["checked"] = {"catalogue": context.catalogue, "texts": keys, "clean": clean}
        entry["changed"] = True
    result["clean"] = clean
    result["texts"] = entry["checked"]["texts"]
    if clean:
        groups: dict[str, list[list[Any]]] = result["groups"]
        metric_by_name = context.metric_by_name
        for row in targets_rows:
            # (region and metric are settled when a target is read, from its org and this)
            groups.setdefault(metric_by_name[row[4]].name, []).append([number, *row])
        if rows["targets"]:
            del rows["targets"]  # (kept in the dataset's slices)
    return result


def _raw_row(settled: list[Any]) -> list[Any]:
    """A target's row as its file has it, from its row in a slice."""
    return settled[1:]


# ---- many data files, on several cores --------------------------------------------


def _workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _chunks(numbers: list[int], weights: list[int], parts: int) -> list[list[int]]:
    """Consecutive runs of files of about equal weight."""
    total = sum(weights[n] for n in numbers) or 1
    chunks: list[list[int]] = [[]]
    done = 0
    for n in numbers:
        if done >= total * len(chunks) / parts and len(chunks) < parts:
            chunks.append([])
        chunks[-1].append(n)
        done += weights[n]
    return [chunk for chunk in chunks if chunk]


def _run_chunk(
    numbers: list[int],
    context: _Context,
    pack: str,
    ready: dict[int, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Work through some files, group their targets, and write their entries in one
    file of the cache (a thousand small files would take longer to write than to fill).
    """
    results = []
    groups: dict[str, list[list[Any]]] = {}
    kept = []
    for number in numbers:
        result = _work(number, context, (ready or {}).get(number))
        for metric, rows in result.pop("groups").items():
            groups.setdefault(metric, []).extend(rows)
        entry = result["entry"]
        entry.pop("changed", None)
        keep = entry.pop("keep", True) and entry.get("key") is not None
        result["key"] = entry.get("key") if keep else None
        if keep:
            kept.append(entry)
        results.append(result)
    written = False
    texts = {metric: cache.dumps(rows) for metric, rows in groups.items()}
    parts: dict[str, list[Any]] = {metric: ["text", text] for metric, text in texts.items()}
    if context.store is not None:
        folder = os.path.join(context.store, context.generation)
        entries = cache.dumps({"version": context.version, "entries": kept})
        written = cache.write(os.path.join(folder, f"files-{pack}.json"), [entries])
        # the targets, a line for each metric, found again by their place in the file
        lines = [text.encode("utf-8", "surrogatepass") + b"\n" for text in texts.values()]
        if cache.write_bytes(os.path.join(folder, f"slices-{pack}.jsonl"), lines):
            at = 0
            for metric, line in zip(texts, lines, strict=True):
                parts[metric] = ["file", f"slices-{pack}.jsonl", at, len(line)]
                at += len(line)
    for result in results:  # an entry in the pack need not travel: it can be read there
        if written and result["key"] is not None:
            result["entry"] = None
    return {"results": results, "parts": parts, "pack": f"files-{pack}.json" if written else None}


def _encode_chunk(done: dict[str, Any]) -> bytes:
    """A chunk's results as bytes: a JSON header, then the entries and targets as they are
    (when they are not in the cache), not escaped into JSON strings again."""
    blobs = []
    for result in done["results"]:
        if result["entry"] is not None:
            blobs.append(cache.dumps(result["entry"]).encode("utf-8", "surrogatepass"))
            result["entry"] = len(blobs[-1])
    for part in done["parts"].values():
        if part[0] == "text":
            blobs.append(part[1].encode("utf-8", "surrogatepass"))
            part[1] = len(blobs[-1])
    header = {"results": done["results"], "parts": done["parts"], "pack": done["pack"]}
    head = cache.dumps(header).encode("utf-8", "surrogatepass")
    return b"%d\n" % len(head) + head + b"".join(blobs)


def _decode_chunk(data: bytes) -> dict[str, Any]:
    size, _, rest = data.partition(b"\n")
    head = json.loads(rest[: int(size)])
    at = int(size)

    def take(length: int) -> str:
        nonlocal at
        at += length
        return rest[at - length : at].decode("utf-8", "surrogatepass")

    for result in head["results"]:
        if result["entry"] is not None:
            result["entry"] = json.loads(take(result["entry"]))
    for part in head["parts"].values():
        if part[0] == "text":
            part[1] = take(part[1])
    return head


class _Pool:
    """Processes that share chunks of files: each takes the next chunk from a queue
    until none is left, so that one slowed by something else does less of the work.

    They are forked before the catalogues are known, and parse their first chunk while
    this process finds them; they then wait for them, once, to check the targets.
    """

    def __init__(self, chunks: list[list[int]], context: _Context, workers: int):
        self.chunks, self.context = chunks, context
        self.queue, filling = os.pipe()  # a byte for each chunk; a read takes one, atomically
        os.write(filling, bytes(range(len(chunks))))
        os.close(filling)
        self.children: list[list[int]] = []  # [pid, results pipe, catalogue pipe] of each
        sys.stdout.flush()
        sys.stderr.flush()
        for _ in range(workers - 1):
            results_in, results_out = os.pipe()
            catalogue_in, catalogue_out = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: work, send the results, leave without cleaning up
                status = 1
                try:
                    os.close(results_in)
                    os.close(catalogue_out)
                    done = self.work(catalogue_in)
                    data = b"".join(_framed(_encode_chunk(chunk)) for chunk in done)
                    with os.fdopen(results_out, "wb") as out:
                        out.write(data)
                    status = 0
                finally:
                    os._exit(status)
            os.close(results_out)
            os.close(catalogue_in)
            self.children.append([pid, results_in, catalogue_out])

    def work(self, catalogue: int | None = None) -> list[dict[str, Any]]:
        done = []
        while taken := os.read(self.queue, 1):
            chunk = self.chunks[taken[0]]
            ready = None  # (then a file is checked right after it is parsed: in CPU cache)
            if catalogue is not None:  # the first time: parse while the catalogues are found
                ready = {number: _first_pass(number, self.context) for number in chunk}
                _receive_catalogue(self.context, catalogue)
                catalogue = None
            numbers = [n for n in chunk if n not in self.context.candidates]
            done.append(_run_chunk(numbers, self.context, str(taken[0] + 1), ready))
        return done

    def send_catalogue(self) -> None:
        message = _catalogue_message(self.context)
        for child in self.children:
            catalogue_out, child[2] = child[2], -1
            with cache.suppress(OSError), os.fdopen(catalogue_out, "wb") as out:
                out.write(message)

    def finish(self) -> list[dict[str, Any]]:
        """This process's share of the work, then the others' results."""
        try:
            done = self.work()
            for child in self.children:
                pid, results_in, child[1] = child[0], child[1], -1
                with os.fdopen(results_in, "rb") as incoming:
                    data = incoming.read()
                _, status = os.waitpid(pid, 0)
                child[0] = -1
                if status == 0:
                    done += [_decode_chunk(frame) for frame in _frames(data)]
        finally:
            self.close()
        # a chunk whose process failed is done again here
        finished = {result["no"] for chunk in done for result in chunk["results"]}
        for n, chunk in enumerate(self.chunks, 1):
            missing = [m for m in chunk if m not in finished and m not in self.context.candidates]
            if missing:
                done.append(_run_chunk(missing, self.context, f"{n}-again"))
        return done

    def close(self) -> None:
        """Let go of the pipes and of children that failed (idempotent)."""
        if self.queue >= 0:
            os.close(self.queue)
            self.queue = -1
        for child in self.children:
            pid, results_in, catalogue_out = child
            for descriptor in (results_in, catalogue_out):  # (a waiting child then stops)
                if descriptor >= 0:
                    os.close(descriptor)
            if pid > 0:
                with cache.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
            child[:] = [-1, -1, -1]


def _catalogue_message(context: _Context) -> bytes:
    message = {
        "catalogue": context.catalogue_rows,
        "digest": context.catalogue,
        "candidates": sorted(context.candidates),
    }
    return cache.dumps(message).encode("utf-8", "surrogatepass")


def _receive_catalogue(context: _Context, descriptor: int) -> None:
    with os.fdopen(descriptor, "rb") as incoming:
        message = json.loads(incoming.read())  # (a parent that failed: ValueError, exit)
    _use_catalogue(context, message["catalogue"], set(message["candidates"]))
    assert context.catalogue == message["digest"]


def _use_catalogue(
    context: _Context, catalogue: dict[str, list[list[Any]]], candidates: set[int]
) -> None:
    """Check every target against these orgs and metrics (rows [file number, *row])."""
    from .checking import _first_of

    files = context.files
    orgs = [_record("orgs", row[1:], files[row[0]]) for row in catalogue["orgs"]]
    metrics = [_record("metrics", row[1:], files[row[0]]) for row in catalogue["metrics"]]
    context.org_by_id = _first_of(orgs, lambda o: [o.id])
    context.metric_by_name = _first_of(metrics, lambda m: [m.name, *m.aliases])
    context.catalogue = cache.digest(cache.dumps(catalogue))
    context.catalogue_rows = catalogue
    context.candidates = candidates
    context.orgs, context.metrics = orgs, metrics


def _framed(data: bytes) -> bytes:
    return b"%d\n" % len(data) + data


def _frames(data: bytes) -> list[bytes]:
    frames, at = [], 0
    while at < len(data):
        end = data.index(b"\n", at)
        size = int(data[at:end])
        frames.append(data[end + 1 : end + 1 + size])
        at = end + 1 + size
    return frames


# ---- the dataset ----------------------------------------------------------------


def _mentions_catalogue(path: str) -> bool:
    """Might the file define orgs or metrics? (Those are read first, here.)"""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return True
    return b"orgs" in data or b"metrics" in data


def _set_path(store: str, location: Path) -> str:
    where = os.path.abspath(location)
    return os.path.join(store, "sets", cache.name_for(where, str(location)))


def _global_problems(
    source_ids: list[str], orgs: list[Org], metrics: list[Metric], ids: Iterable[str]
) -> bool:
    """Whether any rule across files is broken (checking.assemble then says which)."""
    from .checking import _check_metrics, _check_orgs

    broken = False

    def locate(where: Any, key: Any, message: str) -> Problem:
        nonlocal broken
        broken = True
        return Problem(Path("?"), message)

    org_by_id: dict[str, Org] = {}
    for org in orgs:
        if org.id in org_by_id:
            return True
        org_by_id[org.id] = org
    if len(set(source_ids)) != len(source_ids):
        return True
    all_ids = list(ids)
    if len(set(all_ids)) != len(all_ids):
        return True
    _check_orgs(org_by_id, locate)
    _check_metrics(metrics, locate)
    return broken


def _exact(
    files: list[Path], entries: list[dict[str, Any]], context: _Context
) -> tuple[Dataset, list[Problem]]:
    """The reference reading: every record through checking.assemble."""
    from .checking import assemble
    from .loading import ParsedFile, read_text
    from .locating import Locator

    problems: list[Problem] = []
    records: dict[str, list[Any]] = {table: [] for table in TABLES}
    by_file: dict[Path, tuple[int, dict[str, Any]]] = {}
    for number, (path, entry) in enumerate(zip(files, entries, strict=True)):
        problems += [_problem(path, p) for p in entry["problems"]]
        if entry["error"]:
            continue
        by_file[path] = (number, entry)
        for table in TABLES:
            records[table] += [_record(table, row, path) for row in entry["rows"][table]]
    located: dict[Path, ParsedFile | None] = {}

    def locate(where: Where, key: str | None, message: str) -> Problem:
        if where.file not in located:
            number, entry = by_file[where.file]
            parsed = context.parsed.get(number)
            if parsed is None:
                tables = {
                    table: [{"name" if table == "metrics" else "id": i} for i in idents]
                    for table, idents in entry["ids"].items()
                }
                try:
                    parsed = ParsedFile(where.file, tables, Locator(read_text(where.file)))
                except DataError:
                    parsed = None
            located[where.file] = parsed
        parsed = located[where.file]
        if parsed is None:
            return Problem(where.file, message)
        return parsed.problem(message, where.table, where.index, key)

    dataset, found = assemble(
        records["sources"],
        records["orgs"],
        records["metrics"],
        records["targets"],
        locate,
        tuple(files),
    )
    return dataset, problems + found


def _build(
    location: Path, files: list[Path], store: str | None, old: dict[str, Any] | None
) -> tuple[Dataset | None, list[Problem], dict[str, Any]]:
    """Every file from its entry or parsed; the dataset when clean, else the exact reading.

    Returns (dataset or None when clean, problems, what the dataset's entry needs).
    """
    folder = _set_path(store, location) if store else None
    context = _Context(files, folder)
    if folder is not None and not cache.ensure_folder(os.path.join(folder, context.generation)):
        context.store = folder = None
    known = {}
    if old is not None:
        try:
            known = {name: (key, flag) for name, key, flag in old["files"]}
            if folder is not None:
                context.old_rows = _old_rows(old, folder)
                context.old_entries = _old_entries(old, folder)
        except (KeyError, TypeError, ValueError, IndexError, OSError):
            known, context.old_rows, context.old_entries = {}, {}, {}
    weights = []  # what each file will cost: parsing, or reading its entry (a tenth)
    unchanged = []
    for name in context.absolute:
        now = cache.stamp(name)
        then = known.get(name)
        same = then is not None and then[0] is not None and then[0][2] and now == then[0][0]
        unchanged.append(same)
        weights.append(max(1, (now or [0])[0] // (10 if same else 1)))
    numbers = list(range(len(files)))
    workers = min(_workers(), 255) if hasattr(os, "fork") else 1
    pool = None
    if workers > 1 and sum(weights) >= PARALLEL_BYTES:
        # many chunks, taken in turn: the processes finish together however fast each is
        pool = _Pool(_chunks(numbers, weights, CHUNKS * workers), context, workers)
    try:
        # the catalogues, here, while the others parse: every target is checked against them
        candidates = [
            n
            for n in numbers
            if (
                known[context.absolute[n]][1]
                if unchanged[n]
                else _mentions_catalogue(context.absolute[n])
            )
        ]
        first = {number: _first_pass(number, context) for number in candidates}
        catalogue: dict[str, list[list[Any]]] = {"orgs": [], "metrics": []}
        for number in candidates:
            if not first[number]["error"]:
                for table in catalogue:
                    catalogue[table] += [[number, *row] for row in first[number]["rows"][table]]
        _use_catalogue(context, catalogue, set(candidates))
        if pool is not None:
            pool.send_catalogue()
        done = [_run_chunk(candidates, context, "0", first)]
        if pool is not None:
            done += pool.finish()
        else:
            # a large dataset in chunks, as the processes take them: a chunk's targets
            # are held until its slices are written, and fit in the processor's caches
            rest = [n for n in numbers if n not in context.candidates]
            count = CHUNKS if sum(weights) >= PARALLEL_BYTES else 1
            for pack, chunk in enumerate(_chunks(rest, weights, count), 1):
                done.append(_run_chunk(chunk, context, str(pack)))
    finally:
        if pool is not None:
            pool.close()
    orgs, metrics = context.orgs, context.metrics

    results: list[dict[str, Any]] = sorted(
        (r for chunk in done for r in chunk["results"]), key=lambda r: r["no"]
    )
    info: dict[str, Any] = {"context": context, "results": results, "candidates": set(first)}
    catalogue = {table: list(rows) for table, rows in context.catalogue_rows.items()}
    info["packs"] = [chunk["pack"] for chunk in done if chunk["pack"]]
    clean = all(r["clean"] for r in results) and not any(
        r.get("catalogue_rows") for r in results if r["no"] not in first
    )
    if clean:
        catalogue["sources"] = []
        ids: list[str] = []
        for r in results:
            catalogue["sources"] += [[r["no"], *row] for row in r["sources"]]
            ids += r["ids"]
        at = 2 + FIELDS["sources"].index("id")  # (in a row: file number, index, *fields)
        source_ids = [row[at] for row in catalogue["sources"]]
        clean = not _global_problems(source_ids, orgs, metrics, ids)
    info["clean"] = clean
    parts: dict[str, list[list[Any]]] = {}
    for chunk in done:
        for metric, part in chunk["parts"].items():
            parts.setdefault(metric, []).append(part)
    info["parts"] = parts
    if clean:
        info["catalogue"] = catalogue
        return None, [], info
    # the files whose targets passed have them in the slices only: back to their rows
    by_file: dict[int, list[list[Any]]] = {}
    for metric_parts in parts.values():
        for row in _read_parts(metric_parts, context.store, context.generation):
            by_file.setdefault(row[0], []).append(_raw_row(row))
    entries = []
    context.old_entries = {}
    for r in results:
        entry = _entry_of(r, context, info["packs"])
        if not entry["error"] and "targets" not in entry["rows"]:
            entry["rows"]["targets"] = sorted(by_file.get(r["no"], []))
        entries.append(entry)
    dataset, problems = _exact(files, entries, context)
    info["texts"] = _text_keys(dataset.sources.values())
    return dataset, problems, info


def _entry_of(result: dict[str, Any], context: _Context, written: list[str]) -> dict[str, Any]:
    """A file's entry as the work on it left it: sent along, or written to the cache."""
    if result["entry"] is not None:
        return result["entry"]
    if not context.old_entries and context.store is not None:  # the entries just written
        for pack in written:
            found = cache.read_json(os.path.join(context.store, context.generation, pack))
            context.old_entries |= {e["path"]: e for e in (found or {}).get("entries", [])}
    entry = _cached_entry(result["no"], context)
    return entry if entry is not None else _parse(result["no"], context)


def _old_entries(old: dict[str, Any], folder: str) -> dict[str, dict[str, Any]]:
    """The entries of every file in the dataset's last reading, by path."""
    entries: dict[str, dict[str, Any]] = {}
    for pack in old.get("packs", []):
        found = cache.read_json(os.path.join(folder, old["generation"], pack))
        for entry in (found or {}).get("entries", []):
            entries[entry["path"]] = entry
    return entries


def _old_rows(old: dict[str, Any], folder: str) -> dict[str, tuple[str, list[list[Any]]]]:
    """The targets in the dataset's last entry, as rows of their files, by file, with
    the digest of the file they were read from."""
    if "slices" not in old or old.get("version") != cache.version():
        return {}
    names = [name for name, _, _ in old["files"]]
    by_file: dict[str, list[list[Any]]] = {}
    inline = old.get("inline")
    for metric, parts in old["slices"].items():
        rows = (
            inline[metric] if inline is not None else _read_parts(parts, folder, old["generation"])
        )
        for row in rows:
            by_file.setdefault(names[row[0]], []).append(_raw_row(row))
    digests = {name: key[1] for name, key, _ in old["files"]}
    return {name: (digests[name], sorted(rows)) for name, rows in by_file.items()}


def _text_keys(sources: Iterable[Source]) -> list[list[Any]]:
    """Keys of the source texts a dataset's checks read."""
    keys = []
    for name in dict.fromkeys(os.path.abspath(source.file) for source in sources):
        before = cache.stamp(name)
        read_at = time.time_ns()
        keys.append([name, cache.make_key(before, cache.read_text_file(name), read_at)])
    return keys


def _read_parts(parts: list[list[Any]], store: str | None, generation: str) -> list[list[Any]]:
    """The rows of a metric's targets, from the parts the files' chunks left."""
    rows: list[list[Any]] = []
    for part in parts:
        if part[0] == "text":
            rows += json.loads(part[1])
        else:
            assert store is not None
            _, name, offset, length = part
            with open(os.path.join(store, generation, name), "rb") as file:
                file.seek(offset)
                rows += json.loads(file.read(length))
    return rows


def _save(location: Path, files: list[Path], problems: list[Problem], info: dict[str, Any]) -> None:
    """The dataset's entry: keys of every file and text, problems, catalogues, slices."""
    context: _Context = info["context"]
    if context.store is None:
        return
    folder = context.store
    keys = []
    for r in info["results"]:
        if r["key"] is None:
            return  # a file that could not be read or parsed: read it every time
        keys.append([context.absolute[r["no"]], r["key"], r["no"] in info["candidates"]])
    if info["clean"]:
        texts = [pair for r in info["results"] for pair in r["texts"]]
    else:
        texts = info["texts"]
    entry: dict[str, Any] = {
        "version": context.version,
        "location": os.path.abspath(location),
        "given": [str(p) for p in files],
        "files": keys,
        "texts": texts,
        "problems": [[str(p.file), *_encoded(p)] for p in problems],
        "clean": info["clean"],
    }
    generation = context.generation
    slices = info["parts"]
    if any(part[0] != "file" for parts in slices.values() for part in parts):
        return  # a chunk could not write its targets
    entry |= {"generation": generation, "slices": slices, "packs": info["packs"]}
    size = sum(part[3] for parts in slices.values() for part in parts)
    if size <= INLINE_BYTES:  # one file to read is faster than one a metric
        entry["inline"] = {m: _read_parts(p, folder, generation) for m, p in slices.items()}
    if info["clean"]:
        entry["catalogue"] = info["catalogue"]
    if cache.write(os.path.join(folder, "index.json"), [cache.dumps(entry)]):
        _tidy(folder, generation)


def _tidy(folder: str, keep: str) -> None:
    """Remove what the new entry no longer needs: older generations (not those being
    written right now, by another reading), and datasets unused for long."""
    now = time.time()
    for name in _listing(folder):
        path = os.path.join(folder, name)
        if name != keep and os.path.isdir(path):
            with cache.suppress(OSError):
                if now - os.stat(path).st_mtime > 60:
                    cache.remove_tree(path)
    sets = os.path.dirname(folder)
    for name in _listing(sets):
        path = os.path.join(sets, name)
        with cache.suppress(OSError):
            if now - os.stat(os.path.join(path, "index.json")).st_mtime > UNUSED_SECONDS:
                for inner in _listing(path):
                    if os.path.isdir(os.path.join(path, inner)):
                        cache.remove_tree(os.path.join(path, inner))
                cache.remove_tree(path)


def _listing(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _load_set(store: str, location: Path) -> dict[str, Any] | None:
    return cache.read_json(os.path.join(_set_path(store, location), "index.json"))


def _set_fresh(entry: dict[str, Any], location: Path, files: list[Path]) -> bool | None:
    """True when every file and text is unchanged; None when only by content."""
    if entry.get("location") != os.path.abspath(location):
        return False
    if entry.get("given") != [str(p) for p in files]:
        return False
    state: bool | None = True
    for name, key, _ in entry["files"]:
        now = cache.fresh(name, key, _read_data_text)
        if now is False:
            return False
        state = state and now
    for name, key in entry["texts"]:
        now = cache.fresh(name, key, cache.read_text_file)
        if now is False:
            return False
        state = state and now
    return state


def _from_set(
    entry: dict[str, Any], location: Path, files: list[Path], metrics: Iterable[str] | None
) -> Dataset:
    """The dataset from its cache entry: whole catalogues, the targets asked for."""
    store = cache.folder()
    assert store is not None
    folder, generation = _set_path(store, location), entry["generation"]
    inline = entry.get("inline")

    def rows_of(metric: str) -> list[list[Any]]:
        if inline is not None:
            return inline[metric]
        return _read_parts(entry["slices"][metric], folder, generation)

    return _dataset(files, entry["catalogue"], entry["slices"], metrics, rows_of)


def _dataset(
    files: list[Path],
    catalogue: dict[str, list[list[Any]]],
    slices: dict[str, Any],
    metrics: Iterable[str] | None,
    rows_of: Any,
) -> Dataset:
    """A clean dataset: catalogue rows, and the slices of the targets wanted."""
    sources = [_record("sources", row[1:], files[row[0]]) for row in catalogue["sources"]]
    orgs = [_record("orgs", row[1:], files[row[0]]) for row in catalogue["orgs"]]
    metric_list = [_record("metrics", row[1:], files[row[0]]) for row in catalogue["metrics"]]
    dataset = Dataset(
        sources=_first(sources, "id"),
        orgs=_first(orgs, "id"),
        metrics=_first(metric_list, "name"),
        targets=(),
        files=tuple(files),
    )
    wanted = _wanted(dataset, metrics, slices)
    paths, orgs_by_id = dataset.files, dataset.orgs
    placed = [
        ((row[0], row[1]), _target(row, metric, orgs_by_id, paths[row[0]]))
        for metric in wanted
        for row in rows_of(metric)
    ]
    placed.sort(key=lambda pair: pair[0])  # in the order of the files (nearly so already)
    targets = tuple(target for _, target in placed)
    return Dataset(dataset.sources, dataset.orgs, dataset.metrics, targets, dataset.files)


def _first(records: list[Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for record in records:
        found.setdefault(getattr(record, key), record)
    return found


def _wanted(dataset: Dataset, metrics: Iterable[str] | None, slices: dict[str, str]) -> list[str]:
    """The canonical names of the metrics asked for; every metric when any is unknown."""
    everything = sorted(slices)
    if metrics is None:
        return everything
    from ..errors import UsageError
    from .names import metric_index

    index = metric_index(dataset)
    try:
        names = {index.resolve(given) for given in metrics}
    except UsageError:
        return everything  # the command reports it, from the whole dataset
    return sorted(name for name in names if name in slices)


def _from_build(info: dict[str, Any], metrics: Iterable[str] | None) -> Dataset:
    """The dataset of a clean build, from the rows its files gave."""
    context: _Context = info["context"]
    parts = info["parts"]

    def rows_of(metric: str) -> list[list[Any]]:
        return _read_parts(parts[metric], context.store, context.generation)

    return _dataset(context.files, info["catalogue"], parts, metrics, rows_of)


def read(
    location: Path,
    *,
    use_cache: bool = True,
    metrics: Iterable[str] | None = None,
    strict: bool = False,
) -> tuple[Dataset, list[Problem]]:
    """The dataset at `location` and its problems, as loading.read_dataset defines them.

    With `metrics` (names or aliases as typed) the dataset may hold only the targets of
    those metrics; its catalogues are whole. With `strict`, problems raise a DataError
    as soon as they are known.
    """
    from .loading import data_files

    files = data_files(location)
    store = cache.folder() if use_cache and cache.enabled() else None
    enabled_gc = gc.isenabled()
    gc.disable()  # a large dataset is many small objects that all stay: nothing to collect
    try:
        old = _load_set(store, location) if store else None
        if old is not None:
            try:
                found = _from_entry(old, location, files, metrics, strict)
            except (KeyError, TypeError, ValueError, IndexError, OSError):
                found = None  # a damaged entry: read the files again, and write it anew
            if found is not None:
                return found
        dataset, problems, info = _build(location, files, store, old)
        _save(location, files, problems, info)
        if problems and strict:
            raise DataError(problems)
        if dataset is None:
            dataset = _from_build(info, metrics)
        return dataset, problems
    finally:
        if enabled_gc:
            gc.enable()


def _from_entry(
    entry: dict[str, Any],
    location: Path,
    files: list[Path],
    metrics: Iterable[str] | None,
    strict: bool,
) -> tuple[Dataset, list[Problem]] | None:
    """The answer of the dataset's cache entry, when it holds for the files as they are."""
    state = _set_fresh(entry, location, files)
    if state is False:
        return None
    problems = [_problem(p[0], p[1:]) for p in entry["problems"]]
    if problems and strict:
        raise DataError(problems)
    if not entry["clean"]:
        return None  # the problems need the whole dataset: the files' entries give it
    dataset = _from_set(entry, location, files, metrics)
    if state is None:
        _renew(entry, location)
    else:
        _mark_used(location)
    return dataset, problems


def _mark_used(location: Path) -> None:
    """Touch the entry once a day, so that the entries of datasets in use are kept."""
    store = cache.folder()
    if store is None:
        return
    index = os.path.join(_set_path(store, location), "index.json")
    try:
        if time.time() - os.stat(index).st_mtime > 24 * 3600:
            os.utime(index)
    except OSError:
        return  # (an entry read a moment ago may have been replaced since)


def _renew(entry: dict[str, Any], location: Path) -> None:
    """Write the entry again with the current times of files that matched by content."""
    now = time.time_ns()
    entry["files"] = [[n, cache.renewed(n, k, now), f] for n, k, f in entry["files"]]
    entry["texts"] = [[n, cache.renewed(n, k, now)] for n, k in entry["texts"]]
    store = cache.folder()
    if store is not None:
        folder = _set_path(store, location)
        cache.write(os.path.join(folder, "index.json"), [cache.dumps(entry)])

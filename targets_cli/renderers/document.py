"""JSON and JSON Lines, with non-ASCII text kept readable, written as a stream.

`json.dumps` writes the C0 controls (ESC, BEL, ...) as \\u escapes, but with
ensure_ascii=False it leaves DEL, the C1 controls (U+0080-U+009F: some terminals take
U+009B for an escape) and the bidirectional controls raw; these are written as \\u
escapes too: the same JSON value, nothing a terminal acts on.

The JSON is the bytes of `json.dumps(document, ensure_ascii=False, indent=2)`, written
a piece at a time: the whole text is never held, and a list (or any iterable) at any
depth is read one item at a time, so an answer produced lazily is printed as it is
made. Python's indenting encoder is pure Python; here every container that holds no
other non-empty one is written by the C encoder with the indent as its separator.
"""

from __future__ import annotations

# The C encoder is used directly: `import json` also loads its decoder (json.decoder,
# json.scanner), which no answer needs, and costs start-up time on every JSON answer.
from _json import encode_basestring, make_encoder
from itertools import chain
from operator import is_

TYPE_CHECKING = False  # (typing costs start-up time; annotations are not evaluated)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any, TextIO

# What errors.visible() shows as a code and json.dumps leaves raw (a test holds the two
# together): DEL and C1, the Arabic letter mark, LRM/RLM, the embeddings, overrides and
# isolates.
_UNSAFE = (0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F))
_UNSAFE += tuple(range(0x2066, 0x206A))
ESCAPES = {code: f"\\u{code:04x}" for code in _UNSAFE}
_CHARACTERS = tuple(map(chr, _UNSAFE))
INDENT = "  "
# Pieces are gathered up to this many before each write (a piece is at most a record).
PIECES = 2048


# A text this long is searched in one pass by a regular expression (about half the time
# of a search for each character), compiled at its first use: it costs about 0.4 ms.
LONG = 1 << 17
_SEARCH: list[Callable[[str], object]] = []


def _safe(text: str) -> str:
    # (a search for each character is C-fast; translate, much slower, only when needed)
    if len(text) >= LONG:
        if not _SEARCH:
            import re  # (only for a long text: compiled once a run, 0.4 ms)

            _SEARCH.append(re.compile("[" + re.escape("".join(_CHARACTERS)) + "]").search)
        unsafe = _SEARCH[0](text) is not None
    else:
        unsafe = any(character in text for character in _CHARACTERS)
    return text.translate(ESCAPES) if unsafe else text


class _Writer:
    """Pieces of text gathered and written in chunks, each made safe on the way."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.pieces: list[str] = []
        self.add = self.pieces.append
        # the text of a list of flat records already written as a piece of a longer one
        # (see _joined), by the list's id: (the list, its records' text, its depth)
        self.written: dict[int, tuple[Any, str, int]] = {}

    def step(self) -> None:
        """Write what is gathered once there is enough of it (between items)."""
        if len(self.pieces) >= PIECES:
            self.flush()

    def flush(self) -> None:
        if self.pieces:
            self.out.write(_safe("".join(self.pieces)))
            self.pieces.clear()

    def add_safe(self, text: str) -> None:
        """Text already made safe (by _safe), written after what is gathered."""
        self.flush()
        self.out.write(text)


def _default(value: Any) -> Any:
    # (what json.JSONEncoder.default says of a value it cannot write)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _c_encoder(separator: str) -> Callable[[Any], str]:
    """json.JSONEncoder(ensure_ascii=False, separators=(separator, ": ")).encode, made once
    (encode() makes its C encoder anew at every call)."""
    # (markers None: no check for circular containers; an answer is made of fresh ones)
    chunks = make_encoder(
        None, _default, encode_basestring, None, ": ", separator, False, False, True
    )

    def encode(value: Any) -> str:
        if isinstance(value, str):  # (as JSONEncoder.encode: the C encoder returns a tuple)
            return encode_basestring(value)
        return "".join(chunks(value, 0))

    return encode


# One C encoder a depth: items parted by a line break and the indent of that depth.
_FLAT: dict[int, Callable[[Any], str]] = {}
_SCALAR = _c_encoder(", ")


def _flat_encoder(level: int) -> Callable[[Any], str]:
    found = _FLAT.get(level)
    if found is None:
        found = _FLAT[level] = _c_encoder(",\n" + INDENT * (level + 1))
    return found


_ATOMS = frozenset((str, int, float, bool, type(None)))
_CONTAINERS = frozenset((list, tuple, dict))
_DICT = frozenset((dict,))


def _nested(value: Any) -> bool:
    """A value that the indenting encoder would not write on one line."""
    kind = type(value)
    if kind in _ATOMS:
        return False
    if kind in _CONTAINERS:
        return bool(value)
    if isinstance(value, (list, tuple, dict)):
        return bool(value)
    return not isinstance(value, (str, int, float))


# Flat records of a list written by one C call each this many (the text of one such
# call is held whole: a bounded piece of a long list, never the list).
RECORDS = 512


def _flat_record(item: Any) -> bool:
    """A non-empty dict that holds no non-empty container: written on lines of its own."""
    if type(item) is not dict or not item:
        return False
    # (the types of its values checked in C; anything else, one by one)
    return _ATOMS.issuperset(map(type, item.values())) or not any(map(_nested, item.values()))


def _flat_records(value: list[Any] | tuple[Any, ...]) -> bool:
    """Every item a flat record (_flat_record): for plain dicts of plain values, checked
    in a few C passes over the whole list, not by a call for each record."""
    if value and _DICT.issuperset(map(type, value)) and all(value):
        values = chain.from_iterable(map(dict.values, value))
        if _ATOMS.issuperset(map(type, values)):
            return True
    return all(map(_flat_record, value))


def _record_text(value: list[Any] | tuple[Any, ...], level: int) -> Iterator[str]:
    """The records of a list of flat records (see _flat_record) at depth `level`, a
    slice a C call: each slice's text, the slices to be parted by `,\n`.

    Encoded as one list with the items' separator, a record's items come out right and
    only the records' own braces need lines of their own. Between two records the C
    encoder writes `},` + separator + `{`, which occurs nowhere else: a string holds no
    raw line break, and inside a record the separator is followed by a key's quote.
    """
    outer = INDENT * (level + 1)
    inner = "\n" + INDENT * (level + 2)
    encode = _flat_encoder(level + 1)
    between = "},\n" + INDENT * (level + 2) + "{"
    parted = "\n" + outer + "},\n" + outer + "{" + inner
    for start in range(0, len(value), RECORDS):
        text = encode(value[start : start + RECORDS])  # [{...}, ..., {...}]
        yield outer + "{" + inner + text[2:-2].replace(between, parted) + "\n" + outer + "}"


def _records(value: list[Any] | tuple[Any, ...], level: int, writer: _Writer) -> None:
    """A list of flat records at depth `level` (the text of one already written as a
    piece of a longer list, copied at this depth)."""
    write = writer.add
    found = writer.written.pop(id(value), None)
    if found is not None and found[0] is value:  # (its text made safe when first written)
        _, text, depth = found
        writer.add_safe("[\n" + _deeper(text, level - depth) + "\n" + INDENT * level + "]")
        return
    first = True
    for text in _record_text(value, level):
        write(("[\n" if first else ",\n") + text)
        first = False
        if len(value) > RECORDS:
            writer.flush()
    write("\n" + INDENT * level + "]")


def _deeper(text: str, levels: int) -> str:
    """Text of records written `levels` deeper (fewer, when negative): every line of it
    starts with an indent, and a string holds no raw line break."""
    if levels >= 0:
        return INDENT * levels + text.replace("\n", "\n" + INDENT * levels)
    return text.replace("\n" + INDENT * -levels, "\n")[len(INDENT) * -levels :]


def _joined(value: list[Any], pieces: tuple[Any, ...], level: int, writer: _Writer) -> None:
    """A list made of other lists of flat records (its `pieces`, each to be written
    again deeper in the document, as `sum` writes every part in the list of all parts
    and in its subtotal's): each piece encoded once, its text kept for the second time."""
    first = True
    for piece in pieces:
        if not piece:
            continue
        text = _safe(",\n".join(_record_text(piece, level)))  # (safe once, written twice)
        writer.written[id(piece)] = (piece, text, level)
        writer.add_safe(("[\n" if first else ",\n") + text)
        first = False
    writer.add("[]" if first else "\n" + INDENT * level + "]")


def _key(key: Any) -> str:
    """A key as json.dumps writes it (a number, true, false, null become strings)."""
    if not isinstance(key, str):
        if key is True or key is False or key is None or isinstance(key, (int, float)):
            key = _SCALAR(key)
        else:
            raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return _SCALAR(key)


def _encode(value: Any, level: int, writer: _Writer) -> None:
    """`value` as indent=2 text at depth `level`, written piece by piece."""
    write = writer.add
    if isinstance(value, dict):
        if not value:
            write("{}")
            return
        if not any(map(_nested, value.values())):
            text = _flat_encoder(level)(value)
            write("{\n" + INDENT * (level + 1) + text[1:-1] + "\n" + INDENT * level + "}")
            return
        inner = ",\n" + INDENT * (level + 1)
        flat = _flat_encoder(level)
        opening = "{\n" + INDENT * (level + 1)
        run: dict[Any, Any] = {}
        for key, item in value.items():
            if not _nested(item):
                run[key] = item
                continue
            if run:  # (the flat items before it in one C call)
                write(opening + flat(run)[1:-1] + inner)
                run = {}
            else:
                write(opening)
            opening = inner
            write(_key(key) + ": ")
            _encode(item, level + 1, writer)
        if run:
            write(opening + flat(run)[1:-1])
        write("\n" + INDENT * level + "}")
        return
    if isinstance(value, (str, int, float)) or value is None:
        write(_SCALAR(value))
        return
    if isinstance(value, (list, tuple)) and not any(map(_nested, value)):
        if not value:
            write("[]")
            return
        text = _flat_encoder(level)(value)
        write("[\n" + INDENT * (level + 1) + text[1:-1] + "\n" + INDENT * level + "]")
        return
    if isinstance(value, list) and type(value) is not list:
        pieces = getattr(value, "pieces", None)  # (a list made of others: _joined)
        if (
            pieces is not None
            and sum(map(len, pieces)) == len(value)
            and all(map(is_, value, chain.from_iterable(pieces)))
            and all(map(_flat_records, filter(None, pieces)))
        ):
            _joined(value, tuple(pieces), level, writer)
            return
    if isinstance(value, (list, tuple)) and _flat_records(value):
        _records(value, level, writer)
        return
    try:
        items = iter(value)
    except TypeError:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable") from None
    inner = "\n" + INDENT * (level + 1)
    first = True
    for item in items:  # (a list, or an answer's rows made as they are printed)
        write(("[" if first else ",") + inner)
        first = False
        _encode(item, level + 1, writer)
        writer.step()
    write("[]" if first else "\n" + INDENT * level + "]")


def write_json(document: Any, out: TextIO) -> None:
    writer = _Writer(out)
    _encode(document, 0, writer)
    writer.add("\n")
    writer.flush()


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> None:
    writer = _Writer(out)
    for record in records:
        writer.add(_SCALAR(record))
        writer.add("\n")
        writer.step()
    writer.flush()

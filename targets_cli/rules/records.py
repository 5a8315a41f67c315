"""Immutable records, made the way `dataclasses` makes them, at a fraction of the start-up.

`import dataclasses` pulls in `inspect` and its dependencies, and each frozen, slotted
dataclass then compiles five or six methods one by one: together about 40 ms on a
slow machine, more than everything else a JSON answer needs. `dataclass` here takes the
same arguments for what this package uses (frozen, slots, defaults, `field(default=,
default_factory=, compare=, repr=)`), writes every method of a class in one small
compile, and hands anything else to the real `dataclasses`. Records made here compare,
hash, print and refuse assignment as a dataclass does; `replace` copies one with changes.
"""

from __future__ import annotations

from itertools import compress
from operator import attrgetter

TYPE_CHECKING = False  # (importing typing costs more than this module)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:
    # type checkers read `dataclass` below as the standard one: it makes the same records

    def dataclass_transform(**_options):
        return lambda decorated: decorated


_MISSING: Any = type("_Missing", (), {"__repr__": lambda self: "<missing>"})()
_SUPPORTED = {"frozen", "slots", "eq", "repr", "init"}
# Instances of a record class made before its __init__ is compiled: with a
# default_factory to call or a wrong argument (slower here than compiled), or else
# (about as fast as compiled: worth a compile only for a class made many thousand times).
_GENERAL_CALLS = 64
_PLAIN_CALLS = 4096


class FrozenInstanceError(AttributeError):
    """Raised on assignment to a field of a frozen record (as dataclasses raises it)."""


class Field:
    __slots__ = ("compare", "default", "default_factory", "name", "repr")

    def __init__(self, default: Any, default_factory: Any, compare: bool, repr: bool):
        self.name = ""
        self.default, self.default_factory = default, default_factory
        self.compare, self.repr = compare, repr


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | Any = _MISSING,
    compare: bool = True,
    repr: bool = True,
) -> Any:
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, compare, repr)


# A field as a class declares it: (name, default, default_factory, compare, repr), with
# _MISSING for none. (A tuple, not a Field: record classes are made as every run starts.)
Spec = tuple[str, "Any", "Any", bool, bool]


def _fields_of(cls: type) -> list[Spec] | None:
    """The fields a class declares, or None when it needs the real dataclasses."""
    bases = cls.__mro__[1:]
    if bases != (object,) and any(
        hasattr(base, "__record_fields__") or hasattr(base, "__dataclass_fields__")
        for base in bases
    ):
        return None
    found: list[Spec] = []
    namespace = cls.__dict__
    for name, annotation in namespace.get("__annotations__", {}).items():
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if "ClassVar" in text or "InitVar" in text or "KW_ONLY" in text:
            return None
        value = namespace.get(name, _MISSING)
        if isinstance(value, Field):
            found.append((name, value.default, value.default_factory, value.compare, value.repr))
        else:
            found.append((name, value, _MISSING, True, True))
    return found


def _init_source(fields: list[Spec], frozen: bool) -> str:
    params, body = [], []
    for name, default, factory, _, _ in fields:
        if factory is not _MISSING:
            params.append(f"{name}=_MISSING")
            value = f"_factory_{name}() if {name} is _MISSING else {name}"
        else:
            params.append(name if default is _MISSING else f"{name}=_default_{name}")
            value = name
        body.append(f" _set(self, {name!r}, {value})" if frozen else f" self.{name} = {value}")
    return "\n".join([f"def __init__(self, {', '.join(params)}):", *(body or [" pass"])])


def _compiled_init(made: type, fields: list[Spec], frozen: bool) -> Callable[..., None]:
    """The __init__ written for a record class, compiled: for one made many times, and
    for a call the general __init__ leaves to it (written only then)."""
    namespace: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    for name, default, factory, _, _ in fields:
        namespace[f"_default_{name}"] = default
        namespace[f"_factory_{name}"] = factory
    exec(compile(_init_source(fields, frozen), f"<record {made.__qualname__}>", "exec"), namespace)
    function: Callable[..., None] = namespace["__init__"]
    function.__qualname__ = f"{made.__qualname__}.__init__"
    function.__module__ = made.__module__
    return function


def _methods(compared: tuple[str, ...], shown: tuple[str, ...]) -> dict[str, Any]:
    """__repr__, __eq__ and __hash__ over the fields, as dataclasses writes them."""
    key: Callable[[Any], Any] = attrgetter(*compared) if compared else (lambda record: ())
    if len(compared) == 1:
        single = key
        key = lambda record: (single(record),)  # noqa: E731

    def __repr__(self: Any) -> str:
        inside = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inside})"

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(key(self))

    return {"__repr__": __repr__, "__eq__": __eq__, "__hash__": __hash__}


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _make(cls: type, frozen: bool, slots: bool) -> type:
    fields = _fields_of(cls)
    if fields is None:
        import dataclasses

        return dataclasses.dataclass(cls, frozen=frozen, slots=slots)
    names, plain, factory_of, compare, shown = zip(*fields, strict=True) if fields else ((),) * 5
    seen_default = False
    for name, default, factory in zip(names, plain, factory_of, strict=True):
        if default is _MISSING and factory is _MISSING:
            if seen_default:
                raise TypeError(f"non-default argument {name!r} follows default argument")
        else:
            seen_default = True
    factories = {
        name: factory
        for name, factory in zip(names, factory_of, strict=True)
        if factory is not _MISSING
    }
    place = object.__setattr__ if frozen else setattr
    calls = [0]
    setters: list[Callable[[Any, Any], None]] = []  # (slots: each field's, once made)
    # each field with its plain default (_MISSING: none, or a default_factory)
    by_name = tuple(zip(names, plain, strict=True))
    defaults = dict(by_name)
    every = frozenset(names)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        # The first instances are made by this general __init__; the __init__ written
        # for the class is compiled only for one made many times (a compile costs as much
        # as a few hundred of these), and for any call this one leaves to it.
        calls[0] += 1
        if slots and not kwargs and len(args) == len(names) and calls[0] <= _PLAIN_CALLS:
            # every field by position, in order, as a record is made from a row: each set
            # by its slot's own descriptor (no look-up of the name: faster than compiled)
            if not setters:
                setters.extend(made.__dict__[name].__set__ for name in names)
            for put, value in zip(setters, args, strict=True):
                put(self, value)
            return
        if not args and calls[0] <= _PLAIN_CALLS and kwargs.keys() == every:
            # every field by keyword, as a record is made from a row's values by name
            if slots:
                if not setters:
                    setters.extend(made.__dict__[name].__set__ for name in names)
                for put, name in zip(setters, names, strict=True):
                    put(self, kwargs[name])
            else:
                for name in names:
                    place(self, name, kwargs[name])
            return
        if calls[0] <= _PLAIN_CALLS and len(args) <= len(names):
            # by position, then by keyword, the rest left to plain defaults
            given = list(args)
            named = 0
            for name, default in by_name[len(args) :]:
                value = kwargs.get(name, _MISSING)
                if value is _MISSING:
                    value = default
                    if value is _MISSING:
                        break  # (no default, or a default_factory: the paths below)
                else:
                    named += 1
                given.append(value)
            else:
                if named == len(kwargs):  # (else a name unknown or given twice: below)
                    for name, value in zip(names, given, strict=True):
                        place(self, name, value)
                    return
        if calls[0] <= _GENERAL_CALLS and len(args) <= len(names):
            values = dict(zip(names, args, strict=False))
            simple = not (kwargs.keys() - names) and not (kwargs.keys() & values.keys())
            values |= kwargs
            for name in names if simple else ():
                if name not in values:
                    if name in factories:
                        values[name] = factories[name]()
                    elif defaults[name] is not _MISSING:
                        values[name] = defaults[name]
                    else:
                        simple = False
                        break
            if simple:
                for name in names:
                    place(self, name, values[name])
                return
        function = _compiled_init(made, fields, frozen)
        made.__init__ = function  # type: ignore[misc]
        function(self, *args, **kwargs)

    own = cls.__dict__
    attributes = dict(own)
    attributes.pop("__dict__", None)
    attributes.pop("__weakref__", None)
    for name, default in by_name:
        if slots:  # (a default lives in __init__, not on the class, as with slots)
            attributes.pop(name, None)
        elif isinstance(attributes.get(name), Field):
            if default is _MISSING:
                del attributes[name]
            else:
                attributes[name] = default
    methods = _methods(tuple(compress(names, compare)), tuple(compress(names, shown)))
    if "__init__" not in own:
        attributes["__init__"] = __init__
    for method in ("__repr__", "__eq__"):
        if method not in own:
            attributes[method] = methods[method]
    # as dataclasses: frozen records hash by their compared fields, mutable ones do not hash
    if own.get("__hash__") is None:
        attributes["__hash__"] = methods["__hash__"] if frozen else None
    if frozen:
        attributes["__setattr__"] = _frozen_setattr
        attributes["__delattr__"] = _frozen_delattr
    attributes["__match_args__"] = names
    attributes["__record_fields__"] = names
    if slots:
        attributes["__slots__"] = names
    made = type(cls)(cls.__name__, cls.__bases__, attributes)
    made.__qualname__ = qualname = cls.__qualname__
    module = cls.__module__
    for method in ("__init__", "__repr__", "__eq__", "__hash__"):
        function = attributes.get(method)
        if function is not None and function.__module__ in (None, __name__, "builtins"):
            function.__qualname__ = f"{qualname}.{method}"
            function.__module__ = module
    return made


@dataclass_transform(field_specifiers=(field,))
def dataclass(cls: type[T] | None = None, /, **options: Any) -> Any:
    """`@dataclass`, `@dataclass(frozen=True, slots=True)`: a record class."""
    if set(options) - _SUPPORTED or not options.get("eq", True) or not options.get("init", True):
        import dataclasses

        return dataclasses.dataclass(cls, **options) if cls else dataclasses.dataclass(**options)

    def wrap(cls: type[T]) -> type[T]:
        return _make(cls, bool(options.get("frozen")), bool(options.get("slots")))

    return wrap(cls) if cls is not None else wrap


def replace(record: T, /, **changes: Any) -> T:
    """A copy of a record with some fields changed (dataclasses.replace)."""
    names = getattr(record, "__record_fields__", None)
    if names is None:
        import dataclasses

        return dataclasses.replace(record, **changes)  # type: ignore[type-var]
    values = {name: getattr(record, name) for name in names}
    return type(record)(**(values | changes))

"""The Typer app, made from the command table (spec.py): help, usage errors, completion.

Each command's function is made here from its row of the table and does one thing:
hand its values to running.run, which the fast path calls too. So an option exists
once, in spec.py; removing it there removes it from the help, the parser, the fast
path and completion alike.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from ..errors import ECHO_LIMIT, ExitCode, TargetsError, clip
from . import completion, running, spec


class _Commands(typer.core.TyperGroup):
    """Turns the domain's errors into a message on stderr and a documented exit code."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _stdout_errors():  # `targets --help` writes while its options are parsed
            return super().make_context(*args, **kwargs)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:
            for word in args:
                if not word.startswith("-"):
                    break
                name = word.partition("=")[0]
                if len(name) > ECHO_LIMIT and name not in spec.HELP_OPTIONS:
                    ctx.fail(f"No such option: {clip(name)}")
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        long = bool(args) and len(args[0]) > ECHO_LIMIT
        if long and not ctx.resilient_parsing and args[0] not in self.commands:
            ctx.fail(f"No such command {clip(args[0])!r}.")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> object:
        try:
            with _stdout_errors():
                result = super().invoke(ctx)
                sys.stdout.flush()
            return result
        except TargetsError as error:  # raised while a command's words were read
            running.say_error(error)
            raise typer.Exit(int(error.exit_code)) from None


class _Argument(typer.core.TyperArgument):
    """An argument shown as Click shows one: `OUT`, `[REGION]...`; no Python type."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # (Typer would add `<list[str]>` or `<path>`)

    def _name(self) -> str:
        return str(self.metavar or (self.name or "").upper())

    def _usage_display_name(self) -> str:
        name = self._name() if self.required else f"[{self._name()}]"
        return name + ("..." if self.nargs != 1 else "")  # (Typer writes `{OUT}`)

    def _rich_display_name(self) -> str:
        return self._name() + ("..." if self.nargs != 1 else "")

    def make_metavar(self, ctx: Any = None) -> str:
        # Click before 8.2 (and Typer before 0.16) print a given metavar as it is: the
        # usage line is made here too, so every declared version shows `[REGION]...`
        return self._usage_display_name()


class _Command(typer.core.TyperCommand):
    """A command that reads its words as the fast path does before Click does."""

    row: spec.Command  # set on the subclass made for each command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is typer.core.TyperArgument:
                param.__class__ = _Argument

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:
            read = spec.read(self.row, args)
            _clip_echoes(ctx, self.row, read)
            if read.problem is None:
                read.refuse_repeats()
        return super().parse_args(ctx, args)


def _clip_echoes(ctx: Any, row: spec.Command, read: spec.Read) -> None:
    """Click repeats a wrong word whole; one over 80 characters is quoted cut short."""
    for word in read.arguments[len(row.arguments) :] if not _takes_many(row) else ():
        if len(word) > ECHO_LIMIT:
            ctx.fail(f"Got unexpected extra argument ({clip(word)})")
    if read.problem and read.problem.startswith("no such option ") and not _help(read):
        name = read.problem.removeprefix("no such option ").partition("=")[0]
        if len(name) > ECHO_LIMIT:
            ctx.fail(f"No such option: {clip(name)}")


def _takes_many(row: spec.Command) -> bool:
    return any(argument.takes == spec.MANY for argument in row.arguments)


def _help(read: spec.Read) -> bool:
    return read.problem == "help"


@contextlib.contextmanager
def _stdout_errors() -> Iterator[None]:
    """A reader that left ends the run with 141 (Click would say 1), a stdout that
    refuses text (`> /dev/full`) with 4 and a message; neither with a traceback."""
    try:
        yield
    except BrokenPipeError:
        running.quiet_stdout()
        raise typer.Exit(int(ExitCode.BROKEN_PIPE)) from None
    except OSError as error:
        if error.filename is not None:
            raise  # about a file the command read, not about where it writes
        print(f"targets: error: cannot write the output: {error.strerror}", file=sys.stderr)
        running.quiet_stdout()
        raise typer.Exit(int(ExitCode.OUTPUT)) from None


# ---- the commands, made from the table ----------------------------------------------

_SOURCES: dict[str, Callable[..., list[tuple[str, str]]]] = {
    "regions": completion.regions,
    "orgs": completion.orgs,
    "metrics": completion.metrics,
    "ids": completion.ids,
}


def _completer(source: str | tuple[str, ...] | None) -> Callable[..., Any] | None:
    if source is None or isinstance(source, str):
        return _SOURCES[source] if source else None
    values = source

    def complete(incomplete: str) -> list[str]:
        return [value for value in values if value.startswith(incomplete)]

    return complete


def _option(option: spec.Option) -> tuple[Any, Any]:
    """The annotation and default of a command function's parameter for one option."""
    if option.takes == spec.FLAG:
        kind: Any = bool
        names: tuple[str, ...] = option.names
        if option.negative:
            names = (f"{option.name}/{option.negative}", *names[1:])
    else:
        kind = Path if option.kind == spec.PATH else str
        kind = list[kind] if option.takes == spec.MANY else kind
        names = option.names
        if option.default is None and not option.required:
            kind = kind | None
    settings: dict[str, Any] = {"help": option.help, "show_default": option.show_default}
    if option.metavar:
        settings["metavar"] = option.metavar
    if option.kind == spec.PATH:
        settings["readable"] = False  # the data layer says what is wrong with a file
    completer = _completer(option.complete)
    if completer is not None:
        settings["autocompletion"] = completer
    default = inspect.Parameter.empty if option.required else option.default
    return Annotated[kind, typer.Option(*names, **settings)], default


def _argument(argument: spec.Argument) -> tuple[Any, Any]:
    kind: Any = Path if argument.kind == spec.PATH else str
    default: Any = inspect.Parameter.empty
    if argument.takes == spec.MANY:
        kind, default = list[kind] | None, None
    elif argument.takes == spec.OPTIONAL:
        kind, default = kind | None, None
    settings: dict[str, Any] = {"help": argument.help, "show_default": False}
    if argument.metavar:
        settings["metavar"] = argument.metavar
    if argument.kind == spec.PATH:
        settings["readable"] = False
    completer = _completer(argument.complete)
    if completer is not None:
        settings["autocompletion"] = completer
    return Annotated[kind, typer.Argument(**settings)], default


def _function(
    name: str, parameters: list[tuple[str, Any, Any]], body: Callable[..., None], doc: str
) -> Callable[..., None]:
    """A function with the signature Typer reads: one keyword parameter per entry."""

    def command(**values: Any) -> None:
        body(**values)

    signature = [
        inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=default)
        for key, kind, default in parameters
    ]
    command.__signature__ = inspect.Signature(signature)  # type: ignore[attr-defined]
    command.__annotations__ = {key: kind for key, kind, _ in parameters}
    command.__name__ = command.__qualname__ = name.replace("-", "_")
    command.__doc__ = inspect.cleandoc(doc)
    return command


def _command(row: spec.Command) -> Callable[..., None]:
    parameters = [(a.key, *_argument(a)) for a in row.arguments]
    parameters += [(o.key, *_option(o)) for o in row.options]

    def body(**values: Any) -> None:
        code = running.run(row.name, values)
        if code:
            raise typer.Exit(code)

    return _function(row.name, parameters, body, row.help)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"targets {__version__}")
        raise typer.Exit()


def _callback() -> Callable[..., None]:
    """The app's own options (--version): each is eager and ends the run."""
    parameters = []
    for option in spec.APP_OPTIONS:
        kind, default = _option(option)
        info = kind.__metadata__[0]
        info.is_eager, info.callback = True, _version
        parameters.append((option.key, kind, default))
    return _function("targets", parameters, lambda **values: None, "")


def build(commands: dict[str, spec.Command] | None = None) -> typer.Typer:
    """The Typer app for a table of commands (spec.COMMANDS unless given)."""
    made = typer.Typer(
        cls=_Commands,
        name="targets",
        help=spec.APP_HELP,
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": list(spec.HELP_OPTIONS)},
    )
    made.callback()(_callback())
    for row in (commands or spec.COMMANDS).values():
        cls = type(f"Command_{row.name}", (_Command,), {"row": row})
        made.command(row.name, cls=cls)(_command(row))
    return made


app = build()

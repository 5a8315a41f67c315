"""`targets check`: every problem of a data file or folder, and every figure unaccounted for."""

from __future__ import annotations

from ..data.index import read_dataset
from ..data.remembered import remembered_problems
from ..errors import Problem
from ..rules.model import Dataset
from ..rules.records import dataclass
from ..views import check as views
from .common import checked_lang

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from ..views.report import Report


@dataclass(frozen=True, slots=True)
class CheckAnswer:
    report: Report
    dataset: Dataset
    problems: tuple[Problem, ...]


def check_answer(data: Path | None, lang: str, use_cache: bool = True) -> CheckAnswer:
    """The problems of reading the data, then each source figure no record accounts for."""
    lang = checked_lang(lang)
    dataset, problems = read_dataset(data, use_cache=use_cache)
    problems = [*problems, *remembered_problems(dataset, partial=bool(problems))]
    return CheckAnswer(views.check_report(problems, lang), dataset, tuple(problems))

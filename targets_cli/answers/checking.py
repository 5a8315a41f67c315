"""`targets check`: every problem of a data file or folder, and every figure unaccounted for."""

from __future__ import annotations

from ..data.completeness import cited_problems, remembered_problems
from ..data.index import checked_index, open_dataset
from ..errors import Problem
from ..rules.model import Dataset
from ..rules.records import dataclass
from ..views import check as views
from .common import checked_lang

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..data.index import Index
    from ..views.report import Report


@dataclass(frozen=True, slots=True)
class CheckAnswer:
    report: Report
    dataset: Dataset
    problems: tuple[Problem, ...]
    # each source cited rather than bundled, where it is defined: not checked for completeness
    cited: tuple[Problem, ...] = ()


def check_answer(
    data: str | None, lang: str, use_cache: bool = True, full: bool = False
) -> CheckAnswer:
    """The problems of reading the data, then each source figure no record accounts for.

    By default from the index, refreshed as every command refreshes it (a changed file
    parsed again, its checks and the completeness of the sources it touches worked out
    again). `full`: every file is read afresh, trusting nothing of the cache, which is
    verified on the way (data/index.py `checked_index`)."""
    lang = checked_lang(lang)
    found: list[list[Problem]] = []

    def complete(index: Index) -> None:
        problems = index.problems()
        more = remembered_problems(index.dataset(), partial=bool(problems))
        found.append([*problems, *more])

    if full:
        index = checked_index(data, use_cache=use_cache, before_verify=complete)
    else:
        index = open_dataset(data, use_cache=use_cache)
        complete(index)
    dataset = index.dataset()
    (problems,) = found
    cited = cited_problems(dataset)
    report = views.check_report(problems, lang, cited)
    return CheckAnswer(report, dataset, tuple(problems), tuple(cited))

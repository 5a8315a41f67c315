"""`targets check`: every problem of a data file or folder, and every figure unaccounted for."""

from __future__ import annotations

from ..data.completeness import cited_problems, completeness_problems
from ..data.index import checked_index
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
    # each source cited rather than bundled, where it is defined: not checked for completeness
    cited: tuple[Problem, ...] = ()


def check_answer(data: Path | None, lang: str, use_cache: bool = True) -> CheckAnswer:
    """The problems of reading the data, then each source figure no record accounts for.

    Every file is read afresh: check answers for the files, never for the cache, which
    it verifies on the way (data/index.py `checked_index`)."""
    lang = checked_lang(lang)
    index = checked_index(data, use_cache=use_cache)
    dataset, problems = index.dataset(), index.problems()
    problems = [*problems, *completeness_problems(dataset, partial=bool(problems))]
    cited = cited_problems(dataset)
    report = views.check_report(problems, lang, cited)
    return CheckAnswer(report, dataset, tuple(problems), tuple(cited))

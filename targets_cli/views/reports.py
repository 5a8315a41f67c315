"""The views of every command, by the names other layers import them from.

Each command's view lives in a module of its own (targets, sum, compare, coverage,
catalogue, check); this module names them in one place for the export and the
answers that have not moved to those modules.
"""

from __future__ import annotations

from .catalogue import metrics_report, regions_report
from .check import check_report
from .compare import compare_report, ranking_report
from .coverage import coverage_report
from .sum import sum_report
from .targets import TARGET_FIELDS, list_report, show_report, target_record

__all__ = [
    "TARGET_FIELDS",
    "check_report",
    "compare_report",
    "coverage_report",
    "list_report",
    "metrics_report",
    "ranking_report",
    "regions_report",
    "show_report",
    "sum_report",
    "target_record",
]

"""Shared checks and pandas index plumbing (numpy and pandas only).

Every check takes the value, the parameter's name and the owner (the class or
function that reports the error) and raises an error that names all three.
"""

from ._checks import (
    FLOAT32_MAX,
    check_finite_float32,
    check_float32_range,
    check_numeric,
    check_positive_int,
    check_time_index,
    check_unit_levels,
    is_choice,
    ndim,
)
from ._index import check_finite, check_index, index_kind, index_step, label
from ._panel import (
    align_exog,
    check_continues,
    id_levels,
    join_groups,
    merge_rows,
    plain_key,
    series_groups,
    series_runs,
    shift_label,
)

__all__ = [
    "FLOAT32_MAX",
    "align_exog",
    "check_continues",
    "check_finite",
    "check_finite_float32",
    "check_float32_range",
    "check_index",
    "check_numeric",
    "check_positive_int",
    "check_time_index",
    "check_unit_levels",
    "id_levels",
    "index_kind",
    "is_choice",
    "index_step",
    "join_groups",
    "label",
    "merge_rows",
    "ndim",
    "plain_key",
    "series_groups",
    "series_runs",
    "shift_label",
]

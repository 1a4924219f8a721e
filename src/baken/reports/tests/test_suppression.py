"""Small-number protection: no hidden count can be worked out from what a table shows (property-tested)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from baken.reports.suppression import SHOWN, protect, protect_list

small_biased = st.one_of(st.integers(0, 6), st.integers(0, 60))
tables = (
    st.integers(1, 5)
    .flatmap(
        lambda rows: st.lists(
            st.lists(small_biased, min_size=1, max_size=6).map(tuple), min_size=rows, max_size=rows
        )
    )
    .filter(lambda t: len({len(r) for r in t}) == 1)
)


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [row[:] for row in matrix]
    rank, cols = 0, len(rows[0]) if rows else 0
    for col in range(cols):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                factor = rows[r][col] / rows[rank][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def derivable(values: list[list[int]], mask: list[list[str]]) -> list[tuple[int, int]]:
    """Hidden entries that linear algebra recovers from the shown entries (independent of the graph test).

    Unknowns are the hidden entries; every row and column of the augmented table gives one equation
    (cells sum to the total). An unknown is determined iff its unit vector lies in the row space.
    """
    hidden = [(i, j) for i, row in enumerate(mask) for j, m in enumerate(row) if m != SHOWN]
    if not hidden:
        return []
    last_r, last_c = len(values) - 1, len(values[0]) - 1
    equations = []
    for i in range(last_r + 1):  # row i: sum of cells j<last_c minus entry (i, last_c) = 0
        equations.append([Fraction(1 if j < last_c else -1) if r == i else Fraction(0) for (r, j) in hidden])
    for j in range(last_c + 1):
        equations.append([Fraction(1 if r < last_r else -1) if c == j else Fraction(0) for (r, c) in hidden])
    base = _rank(equations)
    found = []
    for index, entry in enumerate(hidden):
        unit = [Fraction(1 if k == index else 0) for k in range(len(hidden))]
        if _rank([*equations, unit]) == base:
            found.append(entry)
    return found


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_entry_can_be_derived(cells):
    result = protect([list(row) for row in cells])
    values, mask = result.values, result.mask
    # every count from 1 to 4, totals included, is hidden
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            if 1 <= value <= 4:
                assert mask[i][j] != SHOWN
    # no row or column of the augmented table has exactly one hidden entry
    for mask_row in mask:
        assert sum(m != SHOWN for m in mask_row) != 1
    for j in range(len(mask[0])):
        assert sum(mask[i][j] != SHOWN for i in range(len(mask))) != 1
    # and nothing hidden is determined by the equations at all
    assert derivable(values, mask) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(small_biased, min_size=1, max_size=12))
def test_one_dimensional_tables(counts):
    masks, total_mask = protect_list(counts)
    total = sum(counts)
    hidden_values = [value for value, mask in zip(counts, masks, strict=True) if mask != SHOWN]
    assert all(mask != SHOWN for value, mask in zip(counts, masks, strict=True) if 1 <= value <= 4)
    if 1 <= total <= 4:
        assert total_mask != SHOWN
    if total_mask == SHOWN:
        assert len(hidden_values) != 1  # one hidden cell next to a shown total gives itself away


@settings(max_examples=300, deadline=None)
@given(st.lists(small_biased, min_size=1, max_size=12))
def test_one_dimensional_tables_are_protected_as_the_general_method_would(counts):
    """``protect_list`` answers in closed form what ``protect`` finds by searching the graph."""
    general = protect([list(counts)])
    assert protect_list(counts) == (general.mask[0][:-1], general.mask[0][-1])


def test_a_long_list_with_many_small_counts_stays_protected():
    counts = [1 + index % 4 for index in range(300)] + [0, 250]  # a quiet week per municipality
    masks, total_mask = protect_list(counts)
    assert all(mask != SHOWN for mask in masks[:300]) and masks[-2:] == ["", ""]
    assert total_mask == SHOWN
    masks, total_mask = protect_list([2] + [0] * 300 + [700, 900])
    assert masks[0] == "small" and masks[-2:] == ["complement", ""] and total_mask == SHOWN


def test_example_hides_the_smallest_complement():
    masks, total_mask = protect_list([3, 40, 12, 9])
    assert masks == ["small", "", "", "complement"] and total_mask == ""


def test_large_counts_are_left_alone():
    masks, total_mask = protect_list([10, 0, 25])
    assert masks == ["", "", ""] and total_mask == ""

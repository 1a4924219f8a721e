"""Small-number protection for figures above library level (docs/adr/0061).

A table of counts is protected together with its row totals, column totals and grand total (the
"augmented" table). Every entry from 1 to 4 is hidden (primary suppression). Then further entries
are hidden (complementary suppression) until no hidden entry can be worked out from what is shown.

Why that test is a graph test: each entry of the augmented table sits in exactly one row equation
and one column equation. Treat rows and columns as nodes and hidden entries as edges between them;
the hidden values can be shifted around any cycle (+x, −x, +x, …) without changing a shown total, so
a hidden entry is determined exactly when its edge lies on no cycle, i.e. when it is a *bridge*. We
repeatedly take a bridge and hide the cheapest chain of shown entries that closes a cycle through it
(shortest path, cost = the value, so the smallest cells go first; totals and zeros are a last resort
and the grand total is never used as a complement).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

SMALL = 4  # counts 1..SMALL are hidden
SHOWN, PRIMARY, COMPLEMENT = "", "small", "complement"


@dataclass(frozen=True)
class Protected:
    """The augmented table (last row and column are the totals) and what to hide in it."""

    values: list[list[int]]
    mask: list[list[str]]

    def hidden(self, row: int, col: int) -> bool:
        return self.mask[row][col] != SHOWN


def augment(cells: Sequence[Sequence[int]]) -> list[list[int]]:
    rows = [[*row, sum(row)] for row in cells]
    width = len(rows[0]) if rows else 1
    rows.append([sum(row[j] for row in rows) for j in range(width)])
    return rows


def is_small(value: int) -> bool:
    return 1 <= value <= SMALL


def _edges(mask: list[list[str]]) -> list[tuple[int, int]]:
    return [(i, j) for i, row in enumerate(mask) for j, m in enumerate(row) if m != SHOWN]


def _connected_without(edges: list[tuple[int, int]], skip: tuple[int, int]) -> bool:
    """Are row node skip[0] and column node skip[1] still connected when edge ``skip`` is left out?"""
    row_adj: dict[int, list[int]] = {}
    col_adj: dict[int, list[int]] = {}
    for edge in edges:
        if edge == skip:
            continue
        row_adj.setdefault(edge[0], []).append(edge[1])
        col_adj.setdefault(edge[1], []).append(edge[0])
    seen_rows, seen_cols = {skip[0]}, set()
    stack: list[tuple[str, int]] = [("r", skip[0])]
    while stack:
        kind, node = stack.pop()
        neighbours = row_adj.get(node, []) if kind == "r" else col_adj.get(node, [])
        for other in neighbours:
            if kind == "r" and other not in seen_cols:
                if other == skip[1]:
                    return True
                seen_cols.add(other)
                stack.append(("c", other))
            elif kind == "c" and other not in seen_rows:
                seen_rows.add(other)
                stack.append(("r", other))
    return False


def bridges(mask: list[list[str]]) -> list[tuple[int, int]]:
    """Hidden entries that can be worked out exactly from the shown ones."""
    edges = _edges(mask)
    return [edge for edge in edges if not _connected_without(edges, edge)]


def _cost(values: list[list[int]], i: int, j: int, allow_grand_total: bool) -> float | None:
    last_row, last_col = len(values) - 1, len(values[0]) - 1
    value = values[i][j]
    if i == last_row and j == last_col:
        return 1e12 if allow_grand_total else None
    if i == last_row or j == last_col:
        return 10.0 * value + 1000.0  # a total only when no cell will do
    if value == 0:
        return 10_000.0  # hiding a zero protects little: a last resort
    return float(value)


def _cheapest_cycle(
    values: list[list[int]], mask: list[list[str]], bridge: tuple[int, int], allow_grand_total: bool
) -> list[tuple[int, int]] | None:
    """Entries to hide so that a path from the bridge's row to its column exists without the bridge."""
    n_rows, n_cols = len(values), len(values[0])
    start, goal = ("r", bridge[0]), ("c", bridge[1])
    best: dict[tuple[str, int], float] = {start: 0.0}
    previous: dict[tuple[str, int], tuple[tuple[str, int], tuple[int, int]]] = {}
    heap: list[tuple[float, tuple[str, int]]] = [(0.0, start)]
    while heap:
        dist, node = heapq.heappop(heap)
        if node == goal:
            break
        if dist > best.get(node, float("inf")):
            continue
        kind, index = node
        others = range(n_cols) if kind == "r" else range(n_rows)
        for other in others:
            entry = (index, other) if kind == "r" else (other, index)
            if entry == bridge:
                continue
            if mask[entry[0]][entry[1]] != SHOWN:
                step: float | None = 0.0
            else:
                step = _cost(values, entry[0], entry[1], allow_grand_total)
            if step is None:
                continue
            target = ("c", other) if kind == "r" else ("r", other)
            if dist + step < best.get(target, float("inf")):
                best[target] = dist + step
                previous[target] = (node, entry)
                heapq.heappush(heap, (dist + step, target))
    if goal not in previous:
        return None
    path = []
    node = goal
    while node != start:
        node, entry = previous[node]
        path.append(entry)
    return [entry for entry in path if mask[entry[0]][entry[1]] == SHOWN]


def protect(cells: Sequence[Sequence[int]]) -> Protected:
    """Hide small counts and enough others that no hidden count can be derived from the table."""
    values = augment(cells)
    mask = [[PRIMARY if is_small(v) else SHOWN for v in row] for row in values]
    while True:
        open_bridges = bridges(mask)
        if not open_bridges:
            return Protected(values=values, mask=mask)
        bridge = open_bridges[0]
        chain = _cheapest_cycle(values, mask, bridge, allow_grand_total=False)
        if chain is None:
            chain = _cheapest_cycle(values, mask, bridge, allow_grand_total=True)
        if not chain:  # cannot happen for a table of at least one cell; refuse to show anything
            return Protected(values=values, mask=[[COMPLEMENT] * len(row) for row in values])
        for i, j in chain:
            mask[i][j] = COMPLEMENT


def protect_list(counts: Sequence[int]) -> tuple[list[str], str]:
    """A one-dimensional table (one figure per category plus the total): masks of cells and total.

    The graph test above reduces to one equation here (the cells add up to the total), so a hidden
    cell gives itself away only when it is the one hidden entry of that equation. Then one more shown
    entry is hidden with it: the smallest non-zero count, else a zero, else the total (``protect``
    chooses the same, except that its costs prefer a zero to a count above 900; a test checks they
    agree on smaller counts). Closed form, because ``protect`` is quadratic in the hidden cells and
    the national table per municipality of a quiet week has hundreds of them."""
    masks = [PRIMARY if is_small(value) else SHOWN for value in counts]
    total = PRIMARY if is_small(sum(counts)) else SHOWN
    hidden = [index for index, mask in enumerate(masks) if mask != SHOWN]
    if total == SHOWN and len(hidden) == 1:
        shown = [index for index, mask in enumerate(masks) if mask == SHOWN]
        nonzero = [index for index in shown if counts[index] > 0]
        if nonzero:
            masks[min(nonzero, key=lambda index: (counts[index], index))] = COMPLEMENT
        elif shown:
            masks[shown[0]] = COMPLEMENT
        else:
            total = COMPLEMENT
    return masks, total

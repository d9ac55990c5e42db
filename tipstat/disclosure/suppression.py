"""Linked-table secondary suppression over each block's hypercube (disclosure.md).

1. primary: every cell with a count from 1 to threshold - 1 is hidden (P);
2. lines: every additive relation any table of the universe shows (an aggregate and its members,
   in every table at once, since the same count in two tables is one cell) must not have exactly
   one hidden cell; the next smallest non-zero cell of such a line is hidden (S);
3. the audit (audit.py) is run on the block; for each cell it can still narrow to 1..t-1, the
   smallest shown non-zero cell that shares units with it is hidden (S), and back to 2, until
   the audit finds nothing.
Step 3 makes the protection exactly as strong as the audit, across every table and page.
4. show back: steps 2-3 hide greedily and never look back, so some secondary cells turn out not
   to be needed (on the demo, about one in four). Each secondary cell of a one- or two-way margin
   (the figures the public pages lead with), largest first, is shown again when the audit of the
   block stays clean without it; then a secondary cell left alone in a line (worked out exactly
   from the line, so hiding it protects nothing) is shown too. Every step keeps the audit clean.
"""

from __future__ import annotations

import numpy as np

from tipstat.disclosure.audit import AuditReport, AuditState, _Hypercube, audit_block, build_solver
from tipstat.disclosure.blocks import Block, Key, lines
from tipstat.disclosure.policy import PRIMARY, SECONDARY, DisclosurePolicy
from tipstat.disclosure.tables import complete_lines

MAX_ROUNDS = 200
EPS = 1e-6
# Step 4 tries margins cut by at most this many dimensions: every secondary cell tried costs one
# audit of the block (0.1-0.2 s on the demo's victims blocks); all 1,217 of the demo cost 100 s
# for 294 cells, these 604 cost 30 s for 158 (docs/disclosure.md).
SHOW_BACK_MAX_DIMS = 2


def _candidates(exposed, rows, values, hidden, line_idx, member_of) -> list[int]:
    """Shown non-zero cells that may close a leak, most promising first: those in a line with a
    cell sharing units with the exposed one, then those sharing units; smallest first."""
    exposed_set = set(np.asarray(exposed).tolist())
    touching = [i for i in range(len(rows)) if rows[i] & exposed_set]
    siblings: set[int] = set()
    for i in touching:
        for n in member_of.get(i, []):
            siblings.update(line_idx[n])
    ranked = []
    for i in siblings | set(touching):
        if hidden[i] or values[i] == 0:
            continue
        ranked.append((0 if i in siblings else 1, int(values[i]), len(rows[i]), i))
    return [r[-1] for r in sorted(ranked)]


def _pick(finding, exposed, keys, rows, values, hidden, line_idx, member_of, cube, policy, report, index):
    """The cell to hide for one finding: among the published cells whose constraints hold the
    exposed cell's minimum up (the LP's dual values), the smallest non-zero one; else the
    smallest shown cell in a line with a cell sharing units with it."""
    if not finding.cross:
        published = {k: (None if hidden[j] else float(values[j]), "") for j, k in enumerate(keys)}
        solver, _, _ = build_solver(cube, published, policy, report, AuditState(cube=cube))
        binding = [index[k] for k in solver.binding(exposed) if k in index]
        binding = [i for i in binding if not hidden[i] and values[i] > 0]
        if binding:
            return min(binding, key=lambda i: (int(values[i]), len(rows[i]), i))
    ranked = _candidates(exposed, rows, values, hidden, line_idx, member_of)
    return ranked[0] if ranked else None


class ProtectionError(RuntimeError):
    pass


def protect_block(
    block: Block, true: dict[Key, int], policy: DisclosurePolicy, report: AuditReport
) -> dict[Key, str]:
    """Flags per cell key: '' shown, 'P' primary, 'S' secondary."""
    keys = list(true)
    index = {k: i for i, k in enumerate(keys)}
    values = np.array([true[k] for k in keys], dtype=np.int64)
    primary = (values > 0) & (values < policy.threshold)
    hidden = primary.copy()
    line_idx = [[index[k] for k in line] for line in lines(block)]
    state = AuditState(cube=_Hypercube(block))
    cube = state.cube
    everything = set(range(cube.size))
    rows = [set(cube.row(k).tolist()) if k else everything for k in keys]
    member_of: dict[int, list[int]] = {}
    for n, line in enumerate(line_idx):
        for i in line:
            member_of.setdefault(i, []).append(n)
    last: list = []
    for _ in range(MAX_ROUNDS):
        complete_lines(values, hidden, line_idx)
        published = {k: (None if hidden[i] else float(values[i]), "") for i, k in enumerate(keys)}
        findings = audit_block(block, published, policy, report, state)
        if not findings:
            _show_back(block, keys, values, primary, hidden, line_idx, member_of, policy, report, cube)
            return {k: PRIMARY if primary[i] else SECONDARY if hidden[i] else "" for i, k in enumerate(keys)}
        changed = False
        last = findings
        for finding, exposed in findings:
            pick = _pick(
                finding, exposed, keys, rows, values, hidden, line_idx, member_of, cube, policy, report, index
            )
            if pick is not None:
                hidden[pick] = True
                changed = True
        if not changed:
            break
    raise ProtectionError(
        f"{block.name}: secondary suppression could not close every disclosure: "
        + "; ".join(str(f) for f, _ in last[:3])
    )


def _lone_primary(i: int, hidden: np.ndarray, primary: np.ndarray, line_idx, member_of) -> bool:
    """A line through cell i whose only hidden cell is a primary one (it could be worked out)."""
    for n in member_of.get(i, []):
        line = line_idx[n]
        shut = [j for j in line if hidden[j]]
        if len(shut) == 1 and primary[shut[0]]:
            return True
    return False


def _show_back(block, keys, values, primary, hidden, line_idx, member_of, policy, report, cube) -> None:
    """Step 4 (module docstring), in place on `hidden`; each cell shown keeps the audit clean."""
    tried = sorted(
        (i for i in range(len(keys)) if hidden[i] and not primary[i] and len(keys[i]) <= SHOW_BACK_MAX_DIMS),
        key=lambda i: (len(keys[i]), -int(values[i]), i),
    )
    for i in tried:
        hidden[i] = False
        if _lone_primary(i, hidden, primary, line_idx, member_of):
            hidden[i] = True  # a line would give a primary cell away: no audit needed to say no
            continue
        published = {k: (None if hidden[j] else float(values[j]), "") for j, k in enumerate(keys)}
        if audit_block(block, published, policy, report, AuditState(cube=cube)):
            hidden[i] = True
    changed = True
    while changed:  # a secondary cell alone in a line is known exactly from it: hiding it is theatre
        changed = False
        for line in line_idx:
            shut = [j for j in line if hidden[j]]
            if len(shut) == 1 and not primary[shut[0]]:
                hidden[shut[0]] = False
                changed = True

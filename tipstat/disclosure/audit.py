"""The audit of disclosure.md: can anyone holding everything public narrow a count to 1..t-1?

For each block (a universe in one year, blocks.py) the hypercube's cells are the unknowns,
non-negative; every published cell is a linear constraint (an equality, or an interval of
± max_perturbation for a perturbed cell); hidden cells add nothing. A cell is disclosed when its
smallest and largest feasible values (linear programming, HiGHS) lie within [1, threshold - 1]:
then its true count, which is feasible, lies there too.

Two exact reductions keep it fast (docs/disclosure.md):
- the dimensions fall into groups no table crosses (victims: form, sex, age and citizenship;
  province and country; quarter). Any non-negative group margins with a common total extend to
  a non-negative hypercube, so each group is a hypercube of its own, linked by the total `N`;
  a cell of the full hypercube is bounded by Fréchet: min = max(0, min(Σ m_i − (k−1)N)),
  max = max(min_i m_i), both one LP, needed only where every group's cell is at least 1;
- a cell is cleared (minimum 0) as soon as any feasible point has it at 0: one LP minimizing
  the sum of all candidates clears most of them at once; the rest get their own LPs.
Findings name the table and cell (or the hypercube cell), never a value.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

from tipstat.disclosure.blocks import Block, Key, TableInfo, blocks
from tipstat.disclosure.codes import CodeList
from tipstat.disclosure.policy import PERTURBED, DisclosurePolicy

EPS = 1e-6
MAX_CROSS_CELLS = 20_000
CAP = 1e7
MAX_POINTS = 400


@dataclass(frozen=True)
class Finding:
    """A cell the public can narrow to 1..threshold-1. No value, on purpose."""

    universe: str
    year: int
    where: str  # "table name: dim=code, ..." or "hypercube: dim=code, ..."
    cross: bool = field(default=False, compare=False, repr=False)  # a full cell across groups

    def __str__(self) -> str:
        return f"{self.universe} {self.year}: {self.where}"


@dataclass
class AuditReport:
    findings: list[Finding] = field(default_factory=list)
    blocks: int = 0
    variables: int = 0
    lps: int = 0
    seconds: float = 0.0
    inconsistent: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.findings and not self.inconsistent

    def summary(self) -> str:
        state = "no disclosure" if self.clean else f"{len(self.findings)} disclosure(s)"
        return (
            f"audit: {state}; {self.blocks} blocks, {self.variables} hypercube cells, "
            f"{self.lps} linear programs, {self.seconds:.1f} s"
        )


def _groups(block: Block) -> list[tuple[str, ...]]:
    """Connected components of the block's dimensions; two dimensions are connected when a
    table crosses them."""
    parent = {d: d for d in block.dims}

    def root(d: str) -> str:
        while parent[d] != d:
            d = parent[d]
        return d

    for tdims in block.tables.values():
        for a, b in itertools.pairwise(tdims):
            parent[root(a)] = root(b)
    comps: dict[str, list[str]] = {}
    for d in block.dims:
        comps.setdefault(root(d), []).append(d)
    return [tuple(sorted(v)) for v in comps.values()]


class _Hypercube:
    """Variables: N (the total), then each group's cells (products of leaf codes)."""

    def __init__(self, block: Block):
        self.groups = _groups(block)
        self.lists = block.lists
        self.group_of = {d: g for g, dims in enumerate(self.groups) for d in dims}
        self.offsets: list[int] = []
        self.leaf_codes: list[np.ndarray] = []
        n = 1
        for dims in self.groups:
            leaves = [block.lists[d].leaves for d in dims]
            combos = np.array(list(itertools.product(*[range(len(x)) for x in leaves])), dtype=np.int32)
            self.offsets.append(n)
            self.leaf_codes.append(combos.reshape(-1, len(dims)))
            n += len(combos)
        self.size = n
        self._rows: dict[Key, np.ndarray] = {}

    def row(self, key: Key) -> np.ndarray:
        """Variable indices whose sum is the cell (empty key: the total N)."""
        found = self._rows.get(key)
        if found is None:
            found = self._rows[key] = self._row(key)
        return found

    def _row(self, key: Key) -> np.ndarray:
        if not key:
            return np.array([0])
        g = self.group_of[key[0][0]]
        dims = self.groups[g]
        mask = np.ones(len(self.leaf_codes[g]), dtype=bool)
        for dim, leaves in key:
            if self.group_of[dim] != g:
                raise ValueError(f"a table crosses groups: {key}")
            j = dims.index(dim)
            wanted = [self.lists[dim].leaves.index(x) for x in leaves]
            mask &= np.isin(self.leaf_codes[g][:, j], wanted)
        return np.flatnonzero(mask) + self.offsets[g]

    def describe(self, var: int) -> str:
        for g, dims in enumerate(self.groups):
            start = self.offsets[g]
            if start <= var < start + len(self.leaf_codes[g]):
                combo = self.leaf_codes[g][var - start]
                return ", ".join(f"{d}={self.lists[d].leaves[i]}" for d, i in zip(dims, combo, strict=True))
        return "total"

    def group_vars(self, g: int) -> range:
        return range(self.offsets[g], self.offsets[g] + len(self.leaf_codes[g]))


class _Result:
    """What the audit reads of a solve (the fields of scipy's OptimizeResult it used)."""

    def __init__(self, status: int, x, fun: float, duals, message: str):
        self.status, self.x, self.fun, self.message = status, x, fun, message
        self.eqlin = None if duals is None else _Marginals(duals)


class _Marginals:
    def __init__(self, marginals):
        self.marginals = marginals


class _Solver:
    """One HiGHS model per block, kept between solves: the constraints stay, only the objective
    changes, and each solve starts from the previous optimal basis (a few pivots instead of a
    solve from scratch)."""

    def __init__(self, a_eq, b_eq, a_ub, b_ub, bounds, report: AuditReport, state):
        self.a_eq, self.b_eq, self.a_ub, self.b_ub, self.bounds = a_eq, b_eq, a_ub, b_ub, bounds
        self.report = report
        self.state = state
        self.eq_keys: list[Key] = []  # the published cell of each equality row (then group rows)
        self._highs = None

    def _model(self):
        if self._highs is not None:
            return self._highs
        from scipy.optimize._highspy import _core as hs

        n = self.bounds.shape[0]
        blocks, lower, upper = [], [], []
        if self.a_eq is not None:
            blocks.append(self.a_eq)
            lower.append(self.b_eq)
            upper.append(self.b_eq)
        self.n_eq = 0 if self.a_eq is None else self.a_eq.shape[0]
        if self.a_ub is not None:
            blocks.append(self.a_ub)
            lower.append(np.full(self.a_ub.shape[0], -hs.kHighsInf))
            upper.append(self.b_ub)
        a = sparse.vstack(blocks).tocsc() if blocks else sparse.csc_matrix((0, n))
        lp = hs.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = a.shape[0]
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = self.bounds[:, 0].astype(float)
        lp.col_upper_ = self.bounds[:, 1].astype(float)
        lp.row_lower_ = np.concatenate(lower) if lower else np.zeros(0)
        lp.row_upper_ = np.concatenate(upper) if upper else np.zeros(0)
        lp.a_matrix_.format_ = hs.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr
        lp.a_matrix_.index_ = a.indices
        lp.a_matrix_.value_ = a.data
        lp.a_matrix_.num_col_ = n
        lp.a_matrix_.num_row_ = a.shape[0]
        h = hs._Highs()
        h.setOptionValue("output_flag", False)
        h.passModel(lp)
        self._hs = hs
        self._highs = h
        self._all = np.arange(n, dtype=np.int32)
        return h

    def binding(self, rows: np.ndarray) -> list[Key]:
        """Published cells whose equality holds the minimum of a sum of cells up (LP duals)."""
        c = np.zeros(self.bounds.shape[0])
        c[rows] = 1.0
        res = self.solve(c)
        if res.status != 0 or res.eqlin is None:
            return []
        duals = np.asarray(res.eqlin.marginals)[: len(self.eq_keys)]
        order = np.argsort(-np.abs(duals))
        return [self.eq_keys[i] for i in order if abs(duals[i]) > EPS]

    def solve(self, c: np.ndarray):
        self.report.lps += 1
        h = self._model()
        hs = self._hs
        h.changeColsCost(len(self._all), self._all, np.asarray(c, dtype=float))
        h.run()
        status = h.getModelStatus()
        if status == hs.HighsModelStatus.kOptimal:
            sol = h.getSolution()
            duals = np.array(sol.row_dual)[: self.n_eq]
            res = _Result(0, np.array(sol.col_value), float(h.getInfo().objective_function_value), duals, "")
        elif status in (hs.HighsModelStatus.kInfeasible, hs.HighsModelStatus.kUnboundedOrInfeasible):
            # every variable is bounded (CAP), so "unbounded or infeasible" is infeasible
            res = _Result(2, None, math.nan, None, "infeasible")
        else:
            res = _Result(4, None, math.nan, None, h.modelStatusToString(status))
        if res.status == 0 and len(self.state.points) < MAX_POINTS:
            self.state.points.append(res.x)
        return res

    def bound(self, c: np.ndarray, sense: int) -> float:
        res = self.solve(sense * c)
        if res.status != 0:
            raise RuntimeError(res.message)
        return sense * float(res.fun)


def _describe_cell(block: Block, key: Key, published: dict[Key, list[tuple[str, dict]]]) -> str:
    places = published.get(key, [])
    return "; ".join(
        f"{table}: " + ", ".join(f"{d}={c}" for d, c in codes.items()) if codes else f"{table}: total"
        for table, codes in places
    )


def build_solver(
    cube: _Hypercube,
    values: dict[Key, tuple[float | None, str]],
    policy: DisclosurePolicy,
    report: AuditReport,
    state: AuditState,
):
    """The LP of a block: published cells as constraints, hidden cells as nothing."""
    upper = np.full(cube.size, np.inf)
    eq_rows, eq_vals, ub_rows, ub_vals = [], [], [], []
    eq_keys: list[Key] = []
    hidden: list[Key] = []
    for key, (value, flag) in values.items():
        idx = cube.row(key)
        if value is None:
            hidden.append(key)
            continue
        slack = policy.max_perturbation if flag == PERTURBED else 0
        if value == 0 and slack == 0:
            upper[idx] = 0.0
            continue
        if slack:
            ub_rows += [(idx, 1.0), (idx, -1.0)]
            ub_vals += [value + slack, -(value - slack)]
        else:
            eq_rows.append((idx, 1.0))
            eq_keys.append(key)
            eq_vals.append(float(value))
    # each group sums to N
    for g in range(len(cube.groups)):
        idx = np.array([0, *cube.group_vars(g)])
        eq_rows.append((idx, None))
        eq_vals.append(0.0)

    def matrix(rows):
        if not rows:
            return None
        data, ri, ci = [], [], []
        for r, (idx, sign) in enumerate(rows):
            if sign is None:  # group sum minus N
                coef = np.ones(len(idx))
                coef[0] = -1.0
            else:
                coef = np.full(len(idx), sign)
            data.append(coef)
            ri.append(np.full(len(idx), r))
            ci.append(idx)
        return sparse.csr_matrix(
            (np.concatenate(data), (np.concatenate(ri), np.concatenate(ci))), shape=(len(rows), cube.size)
        )

    # a cap far above any count keeps every LP bounded; it cannot change a finding
    bounds = np.column_stack([np.zeros(cube.size), np.minimum(upper, CAP)])
    solver = _Solver(
        matrix(eq_rows),
        np.array(eq_vals),
        matrix(ub_rows),
        np.array(ub_vals) if ub_vals else None,
        bounds,
        report,
        state,
    )
    solver.eq_keys = eq_keys
    return solver, hidden, upper


def cell_bounds(solver: _Solver, rows: np.ndarray) -> tuple[int, float]:
    """Integer minimum and (real) maximum of a sum of hypercube cells."""
    c = np.zeros(solver.bounds.shape[0])
    c[rows] = 1.0
    lo = math.ceil(solver.bound(c, 1) - EPS)
    return lo, (solver.bound(c, -1) if lo >= 1 else math.inf)


def audit_block(
    block: Block,
    values: dict[Key, tuple[float | None, str]],
    policy: DisclosurePolicy,
    report: AuditReport,
    state: AuditState | None = None,
) -> list[tuple[Finding, np.ndarray]]:
    """values: cell key -> (published value or None when hidden, flag). Returns each finding
    with the hypercube variables it covers (for the protection to act on, never published).

    `state` (kept by the caller across calls on the same block while it hides more cells) holds
    the candidates shown not to be disclosed and the feasible points found: hiding more cells
    only widens the feasible set, so both stay valid and are not computed again."""
    state = AuditState() if state is None else state
    if state.cube is None:
        state.cube = _Hypercube(block)
    cube = state.cube
    report.blocks += 1
    report.variables += cube.size - 1
    places: dict[Key, list[tuple[str, dict]]] = {}
    for cell in block.cells:
        places.setdefault(cell.key, []).append((cell.table, cell.codes))
    solver, hidden, upper = build_solver(cube, values, policy, report, state)
    # candidates: hidden cells, then every hypercube cell not fixed at 0
    free = [v for v in range(1, cube.size) if upper[v] > 0]
    cand_ids = [("h", k) for k in hidden] + [("v", v) for v in free]
    cand_rows = [cube.row(k) for k in hidden] + [np.array([v]) for v in free]
    keep = [i for i, c in enumerate(cand_ids) if c not in state.cleared]
    findings: list[tuple[Finding, np.ndarray]] = []
    if keep:
        cmat = _rows_matrix([cand_rows[i] for i in keep], cube.size)
        active = _screen(solver, cmat, policy.threshold, block, report, state)
        if active is None:
            return []
        for j in set(range(len(keep))) - set(active.tolist()):
            state.cleared.add(cand_ids[keep[j]])
        for j in active:
            i = keep[j]
            c = cmat[j].toarray().ravel()
            lo = math.ceil(solver.bound(c, 1) - EPS)
            hi = solver.bound(c, -1) if lo >= 1 else math.inf
            if lo < 1 or math.floor(hi + EPS) > policy.threshold - 1:
                state.cleared.add(cand_ids[i])
                continue
            if i < len(hidden):
                where = _describe_cell(block, hidden[i], places)
            else:
                label = "hypercube" if len(cube.groups) == 1 else "hypercube margin"
                where = f"{label}: " + cube.describe(free[i - len(hidden)])
            findings.append((Finding(block.universe, block.year, where), cand_rows[i]))
    if len(cube.groups) >= 2:
        findings += _cross_cells(block, cube, solver, upper, policy, state)
    return findings


@dataclass
class AuditState:
    cleared: set = field(default_factory=set)
    cube: _Hypercube | None = None
    points: list = field(default_factory=list)


def _rows_matrix(rows: list[np.ndarray], size: int):
    return sparse.csr_matrix(
        (
            np.ones(sum(len(r) for r in rows)),
            (np.repeat(np.arange(len(rows)), [len(r) for r in rows]), np.concatenate(rows)),
        ),
        shape=(len(rows), size),
    )


def _cross_cells(block, cube, solver, upper, policy, state) -> list[tuple[Finding, np.ndarray]]:
    """Cells of the full hypercube (one cell of each group). By Fréchet, for margins m_i with
    total N the smallest such cell is max(0, Σ m_i − (k−1)N) and the largest min_i m_i. A known
    feasible point where Σ m_i − (k−1)N ≤ 0, or min_i m_i ≥ threshold, clears a cell; the rest
    get LPs."""
    k = len(cube.groups)
    t = policy.threshold
    points = np.array(state.points) if state.points else np.zeros((0, cube.size))
    per_group = []
    for g in range(k):
        vars_g = np.array([v for v in cube.group_vars(g) if upper[v] > 0])
        if len(points):  # a group cell seen at 0 cannot be in a full cell that is at least 1
            vars_g = vars_g[(points[:, vars_g] > EPS).all(axis=0)] if len(vars_g) else vars_g
        if not len(vars_g):
            return []
        per_group.append(vars_g)
    grids = np.meshgrid(*per_group, indexing="ij")
    combos = np.stack([g.ravel() for g in grids], axis=1)
    if len(combos) > 5_000_000:
        raise RuntimeError(f"{block.name}: too many full-hypercube cells to audit ({len(combos)})")
    alive = np.ones(len(combos), dtype=bool)
    for x in points:
        vals = x[combos]
        alive &= ~((vals.sum(axis=1) - (k - 1) * x[0] <= EPS) | (vals.min(axis=1) >= t - EPS))
    found = []
    for combo in combos[alive][:MAX_CROSS_CELLS]:
        ident = ("x", tuple(int(v) for v in combo))
        if ident in state.cleared:
            continue
        c = np.zeros(cube.size)
        c[combo] = 1.0
        c[0] = -(k - 1)
        if math.ceil(solver.bound(c, 1) - EPS) < 1:
            state.cleared.add(ident)
            continue
        hi = _max_min(solver, combo, cube.size)
        if math.floor(hi + EPS) > t - 1:
            state.cleared.add(ident)
            continue
        where = "hypercube: " + ", ".join(cube.describe(int(v)) for v in combo)
        found.append((Finding(block.universe, block.year, where, cross=True), combo))
    return found


def _max_min(solver, combo, size: int) -> float:
    """max over the feasible set of min_i m_i (an extra variable z ≤ each m_i)."""
    extra = sparse.csr_matrix(
        (
            np.concatenate([np.ones(len(combo)), -np.ones(len(combo))]),
            (np.concatenate([np.arange(len(combo))] * 2), np.concatenate([np.full(len(combo), size), combo])),
        ),
        shape=(len(combo), size + 1),
    )

    def widen(m):
        return None if m is None else sparse.hstack([m, sparse.csr_matrix((m.shape[0], 1))]).tocsr()

    a_ub = extra if solver.a_ub is None else sparse.vstack([widen(solver.a_ub), extra]).tocsr()
    b_ub = np.concatenate([solver.b_ub if solver.b_ub is not None else np.zeros(0), np.zeros(len(combo))])
    c = np.zeros(size + 1)
    c[-1] = -1.0
    solver.report.lps += 1
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=widen(solver.a_eq),
        b_eq=solver.b_eq,
        bounds=np.vstack([solver.bounds, [0, CAP]]),
        method="highs",
    )
    if res.status != 0:
        raise RuntimeError(res.message)
    return -float(res.fun)


def _screen(solver, cmat, threshold: int, block: Block, report: AuditReport, state) -> np.ndarray | None:
    """Candidates no feasible point clears. A feasible point where a cell is 0 proves its minimum
    is 0; one where it is at least `threshold` proves its maximum is. Known points first, then
    alternately minimizing and maximizing the sum of the remaining candidates clears most cells
    in a few LPs. None when the constraints are infeasible (an inconsistent catalogue)."""
    active = np.arange(cmat.shape[0])
    for x in state.points:
        at = cmat[active] @ x
        active = active[~((at <= EPS) | (at >= threshold - EPS))]
    stale = 0
    sense = 1
    while len(active) and stale < 2:
        res = solver.solve(sense * np.asarray(cmat[active].sum(axis=0)).ravel())
        if res.status == 2:
            report.inconsistent.append(block.name)
            return None
        if res.status != 0:
            raise RuntimeError(f"{block.name}: {res.message}")
        at = cmat[active] @ res.x
        cleared = (at <= EPS) | (at >= threshold - EPS)
        stale = 0 if cleared.any() else stale + 1
        active = active[~cleared]
        sense = -sense
    return active


def published_values(block: Block, frames: dict[str, pd.DataFrame]) -> dict[Key, tuple[float | None, str]]:
    out: dict[Key, tuple[float | None, str]] = {}
    for cell in block.cells:
        row = frames[cell.table].loc[cell.row]
        flag = "" if pd.isna(row["flag"]) else str(row["flag"])
        value = None if pd.isna(row["value"]) or flag in ("P", "S") else float(row["value"])
        out.setdefault(cell.key, (value, flag))
    return out


def audit_tables(
    infos: list[TableInfo],
    frames: dict[str, pd.DataFrame],
    lists: dict[str, CodeList],
    policy: DisclosurePolicy,
) -> AuditReport:
    """Audit published frames (columns: dims, `value`, `flag`) of the count tables."""
    report = AuditReport()
    start = time.perf_counter()
    for block in blocks(infos, frames, lists):
        report.findings += [f for f, _ in audit_block(block, published_values(block, frames), policy, report)]
    report.seconds = time.perf_counter() - start
    return report

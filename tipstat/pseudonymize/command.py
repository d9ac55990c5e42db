"""`tipstat pseudonymize`: a register extract with ID numbers -> a conforming, validated export.

Order of work: check the key file, read the register in memory, map columns, compute keys,
write the export under its contract name in a private temporary folder beside OUT, validate it
with the warehouse's own rules, then move it into place. A refused export leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tipstat.contract import FILE_SPECS, FileSpec
from tipstat.intake.naming import BadFileName, Period, parse_file_name
from tipstat.pseudonymize.errors import PseudonymizeError
from tipstat.pseudonymize.ids import IdStatus, normalize_id
from tipstat.pseudonymize.keys import linkage_key, load_key
from tipstat.pseudonymize.mapping import ColumnPlan, key_column, plan_columns
from tipstat.pseudonymize.reader import Register, read_register
from tipstat.pseudonymize.values import format_value, parse_date
from tipstat.pseudonymize.writer import Row, write_export

_QUARTER_RE = re.compile(r"^([0-9]{4})Q([1-4])$")
MAX_FINDINGS_SHOWN = 20


@dataclass(frozen=True)
class PseudonymizeResult:
    """What was written; counts and column names only, never a value."""

    out_path: Path
    rows: int
    bad_ids: int  # rows kept without a key: the ID was not 12 digits
    empty_ids: int  # rows without an ID: empty key
    dropped_columns: tuple[str, ...] = ()
    filled_columns: tuple[str, ...] = field(default=())  # optional contract columns written empty

    def summary(self) -> str:
        lines = [
            f"wrote {self.out_path} ({self.rows} rows)",
            f"ID numbers not 12 digits (kept without a key): {self.bad_ids}",
            f"rows without an ID number (empty key): {self.empty_ids}",
            f"dropped columns: {', '.join(self.dropped_columns) or '-'}",
        ]
        if self.filled_columns:
            lines.append(
                f"contract columns absent from the input, left empty: {', '.join(self.filled_columns)}"
            )
        return "\n".join(lines)


def pseudonymize(
    key_file: Path,
    feed: str,
    entity: str,
    source: Path,
    out: Path,
    quarter: str | None = None,
    version: int = 1,
    mapping: dict[str, str] | None = None,
    id_column: str | None = None,
) -> PseudonymizeResult:
    """Turn the register extract `source` into the export of `feed`/`entity` at `out`.

    `out` is a folder (the contract file name is chosen) or a file path whose name is the
    contract name. The quarter is `quarter`, else the name's, else inferred from the dates.
    """
    spec = _spec(feed, entity)
    out_dir, named_quarter, version = _resolve_out(Path(out), spec, quarter, version)
    key = load_key(Path(key_file)) if key_column(spec) else None
    register = read_register(Path(source))
    plan = plan_columns(register.header, spec, mapping, id_column)
    rows, bad_ids, empty_ids = _transform(register, plan, key)
    period = _period(quarter or named_quarter, rows, spec)
    name = f"{spec.feed}_{spec.entity}_{period.label}{f'_v{version}' if version > 1 else ''}.{spec.ext}"
    final = out_dir / name
    if final.exists():
        raise PseudonymizeError(f"{final} already exists; a correction needs a higher --version")
    _write_validated(final, spec, rows, register)
    return PseudonymizeResult(final, len(rows), bad_ids, empty_ids, plan.dropped, plan.filled)


def _spec(feed: str, entity: str) -> FileSpec:
    spec = FILE_SPECS.get(f"{feed}__{entity}")
    if spec is None:
        known = ", ".join(f"{s.feed}/{s.entity}" for s in FILE_SPECS.values())
        raise PseudonymizeError(f"unknown feed/entity '{feed}/{entity}' (known: {known})")
    return spec


def _parse_quarter(label: str) -> Period:
    m = _QUARTER_RE.match(label)
    if not m:
        raise PseudonymizeError(f"quarter '{label}' is not of the form 2025Q3")
    return Period(int(m[1]), int(m[2]))


def _resolve_out(
    out: Path, spec: FileSpec, quarter: str | None, version: int
) -> tuple[Path, str | None, int]:
    """The output folder, the quarter named by OUT (if a file name) and the version."""
    if version < 1:
        raise PseudonymizeError("--version must be 1 or more")
    if quarter is not None:
        _parse_quarter(quarter)
    if out.is_dir():
        return out, None, version
    if not out.parent.is_dir():
        raise PseudonymizeError(f"output folder {out.parent} does not exist")
    try:
        parsed = parse_file_name(out.name)
    except BadFileName as exc:
        raise PseudonymizeError(f"output name {out.name}: {exc}") from None
    if parsed.spec.key != spec.key:
        raise PseudonymizeError(f"output name {out.name} is not a {spec.feed}_{spec.entity} file name")
    if quarter is not None and quarter != parsed.period.label:
        raise PseudonymizeError(f"output name {out.name} does not match --quarter {quarter}")
    if version not in (1, parsed.version):
        raise PseudonymizeError(f"output name {out.name} does not match --version {version}")
    return out.parent, parsed.period.label, parsed.version


def _transform(register: Register, plan: ColumnPlan, key: bytes | None) -> tuple[list[Row], int, int]:
    spec = plan.spec
    key_name = key_column(spec)
    columns = [(c, plan.sources.get(c.name)) for c in spec.columns if c.name != key_name]
    rows: list[Row] = []
    bad = empty = 0
    for values in register.rows:
        row: Row = {c.name: "" if i is None else format_value(values[i], c, spec) for c, i in columns}
        if key_name is not None and key is not None and plan.id_index is not None:
            normalized = normalize_id(values[plan.id_index])
            if normalized.status is IdStatus.OK and normalized.digits is not None:
                row[key_name] = linkage_key(key, normalized.digits)
            else:
                row[key_name] = ""
                bad += normalized.status is IdStatus.BAD
                empty += normalized.status is IdStatus.EMPTY
        rows.append(row)
    return rows, bad, empty


def _period(label: str | None, rows: list[Row], spec: FileSpec) -> Period:
    """The given quarter, or the one quarter every in-quarter date of the file falls in."""
    if label is not None:
        return _parse_quarter(label)
    quarters: set[tuple[int, int]] = set()
    for column in (c for c in spec.columns if c.in_quarter):
        for row in rows:
            day: date | None = parse_date(row[column.name]) if row[column.name] else None
            if day is not None:
                quarters.add((day.year, (day.month - 1) // 3 + 1))
    if len(quarters) == 1:
        year, q = quarters.pop()
        return Period(year, q)
    if not quarters:
        raise PseudonymizeError("no dates to infer the quarter from; give --quarter")
    found = ", ".join(f"{y}Q{q}" for y, q in sorted(quarters))
    raise PseudonymizeError(f"the dates span several quarters ({found}); one file covers one quarter")


def _write_validated(final: Path, spec: FileSpec, rows: list[Row], register: Register) -> None:
    """Write under the real name in a private temp folder beside `final`, validate, move into place."""
    temp_dir = Path(tempfile.mkdtemp(prefix=".tipstat-pseudonymize-", dir=final.parent))
    temp = temp_dir / final.name
    try:
        write_export(temp, spec, rows)
        _validate(temp, spec, register)
        try:
            os.link(temp, final)  # never overwrites: fails if a file appeared meanwhile
        except FileExistsError:
            raise PseudonymizeError(
                f"{final} already exists; a correction needs a higher --version"
            ) from None
        except OSError:
            if final.exists():
                raise PseudonymizeError(f"{final} already exists") from None
            os.replace(temp, final)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        shutil.rmtree(temp_dir, ignore_errors=True)


def _validate(path: Path, spec: FileSpec, register: Register) -> None:
    from tipstat.intake.validation import validate_file

    try:
        outcome = validate_file(path, parse_file_name(path.name))
    except Exception as exc:  # the text of unknown errors may quote a value: show the type only
        reason = getattr(exc, "reason", None)
        detail = reason if isinstance(reason, str) else f"internal error {type(exc).__name__}"
        raise PseudonymizeError(
            f"the warehouse's validation could not check the export ({detail}); nothing was written"
        ) from None
    if outcome.ok:
        return
    first_data_row = 1 if spec.ext == "jsonl" else 2
    row_findings = [f for f in outcome.findings if f.row is not None]
    lines = []
    for finding in row_findings[:MAX_FINDINGS_SHOWN]:
        where = f"row {finding.row}"
        index = (finding.row or 0) - first_data_row
        if 0 <= index < len(register.row_numbers):
            where += f" (input row {register.row_numbers[index]})"
        column = f", column {finding.column}" if finding.column else ""
        lines.append(f"  {where}{column}: rule {finding.rule}")
    if len(row_findings) > MAX_FINDINGS_SHOWN:
        lines.append(f"  ... and {len(row_findings) - MAX_FINDINGS_SHOWN} more row findings")
    for finding in outcome.findings:
        if finding.row is None:  # file-level: the column set, or a rule's total
            column = f", column {finding.column}" if finding.column else ""
            lines.append(f"  file{column}: rule {finding.rule}")
    counts = getattr(outcome, "counts", None) or {}
    if counts:
        lines.append("  rows per rule: " + ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items())))
    raise PseudonymizeError(
        f"the warehouse would reject {path.name}; nothing was written:\n" + "\n".join(lines)
    )

"""Which input column feeds which contract column, and which input columns are dropped.

An input column matches a contract column by the contract's header name (Vietnamese for the
social feed) or its English canonical name, compared after NFC normalization, trimming and
case folding; `--map SRC=CONTRACT` names the match explicitly. Every other input column, the ID
column included, is dropped: only its NAME is reported.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tipstat.contract import FileSpec
from tipstat.pseudonymize.errors import PseudonymizeError
from tipstat.pseudonymize.ids import DEFAULT_ID_COLUMNS


def header_key(name: str) -> str:
    """How header names are compared."""
    return unicodedata.normalize("NFC", name).strip().casefold()


def key_column(spec: FileSpec) -> str | None:
    """The contract header of the computed linkage key (`victim_key`, `Mã nạn nhân`, `person_key`)."""
    return next((c.name for c in spec.columns if c.kind == "key"), None)


@dataclass(frozen=True)
class ColumnPlan:
    spec: FileSpec
    sources: dict[str, int]  # contract header name -> input column index
    id_index: int | None  # input column with the ID number (None for feeds without a key)
    dropped: tuple[str, ...]  # input column names not written
    filled: tuple[str, ...]  # optional contract columns absent from the input, written empty


def parse_mapping(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`["Ho ten=...", "Ngay=identified_date"]` -> {source: contract}; for the `--map` option."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise PseudonymizeError(f"--map takes SRC=CONTRACT, got '{pair}'")
        mapping[source.strip()] = target.strip()
    return mapping


def _contract_lookup(spec: FileSpec) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in spec.columns:
        lookup[header_key(column.canonical)] = column.name
        lookup[header_key(column.name)] = column.name
    return lookup


def _find_id_column(header_keys: list[str], id_column: str | None) -> int:
    candidates = (id_column,) if id_column else DEFAULT_ID_COLUMNS
    found = [i for i, k in enumerate(header_keys) if k in {header_key(c) for c in candidates}]
    if not found:
        tried = ", ".join(f"'{c}'" for c in candidates)
        raise PseudonymizeError(f"no ID number column found (looked for {tried}); name it with --id-column")
    if len(found) > 1:
        raise PseudonymizeError("more than one ID number column found; choose one with --id-column")
    return found[0]


def plan_columns(
    header: list[str],
    spec: FileSpec,
    mapping: dict[str, str] | None = None,
    id_column: str | None = None,
) -> ColumnPlan:
    """Match the input header to the contract columns of `spec`."""
    keys = [header_key(h) for h in header]
    lookup = _contract_lookup(spec)
    computed = key_column(spec)
    id_index = _find_id_column(keys, id_column) if computed else None
    if id_column and not computed:
        raise PseudonymizeError(f"{spec.feed}_{spec.entity} has no linkage key: --id-column does not apply")

    explicit: dict[int, str] = {}
    for source, target in (mapping or {}).items():
        positions = [i for i, k in enumerate(keys) if k == header_key(source)]
        if not positions:
            raise PseudonymizeError(f"--map: the input has no column '{source}'")
        contract_name = lookup.get(header_key(target))
        if contract_name is None:
            raise PseudonymizeError(
                f"--map: '{target}' is not a column of {spec.feed}_{spec.entity} "
                f"(columns: {', '.join(spec.header)})"
            )
        if contract_name == computed:
            raise PseudonymizeError(f"--map: '{contract_name}' is computed from the ID number, not mapped")
        for position in positions:
            explicit[position] = contract_name

    sources: dict[str, int] = {}
    for position, key in enumerate(keys):
        if position == id_index:
            continue
        contract_name = explicit.get(position)
        if contract_name is None and not any(header_key(s) == key for s in (mapping or {})):
            contract_name = lookup.get(key)
        if contract_name is None or contract_name == computed:
            continue
        if contract_name in sources:
            raise PseudonymizeError(
                f"input columns '{header[sources[contract_name]]}' and '{header[position]}' both give "
                f"'{contract_name}'; drop one or use --map"
            )
        sources[contract_name] = position

    missing = [c for c in spec.columns if c.name not in sources and c.name != computed]
    required = [c.name for c in missing if c.required]
    if required:
        raise PseudonymizeError(
            f"the input lacks required column(s) {', '.join(required)} of {spec.feed}_{spec.entity}; "
            "rename them or use --map SRC=CONTRACT"
        )
    used = set(sources.values())
    dropped = tuple(h for i, h in enumerate(header) if i not in used)
    return ColumnPlan(spec, sources, id_index, dropped, tuple(c.name for c in missing))

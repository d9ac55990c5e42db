"""What only the demo knows: the simulated person behind each victim record.

Every victim record the generator writes has the id `<FEED PREFIX>-<origin quarter>-<person
number>[-2]` (feeds.py), so the person is the id's middle: the same in every feed, file version
and confirmation record. Benchmarks and tests use it to measure identity resolution and probable
duplicates against the truth; the pipeline never does.
"""

from __future__ import annotations

TRUE_PERSON_PATTERN = r"^[A-Z]+-([0-9]{4}Q[0-9]-[0-9]{7})"


def true_person_sql(record_id_column: str = "record_id") -> str:
    """A DuckDB expression giving the simulated person of a demo victim record."""
    return f"regexp_extract({record_id_column}, '{TRUE_PERSON_PATTERN}', 1)"

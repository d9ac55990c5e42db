"""Code lists of the public catalogue (disclosure.md): each unit has exactly one leaf code, an
unknown value has `_U`, and aggregate codes (`_T`, the total over all codes, and roll-ups such as
the SDG "other purposes") are sums of members."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tipstat.contract import RECRUITMENT_CHANNELS, SERVICES

TOTAL = "_T"
UNKNOWN = "_U"


@dataclass(frozen=True)
class CodeList:
    """Leaf codes (a partition of the units) and aggregates (code -> direct member codes)."""

    name: str
    leaves: tuple[str, ...]
    aggregates: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code a table may carry: leaves, then aggregates (`_T` last)."""
        others = [a for a in self.aggregates if a != TOTAL]
        return (*self.leaves, *others, *([TOTAL] if TOTAL in self.aggregates else []))

    def expand(self, code: str) -> frozenset[str]:
        """The leaves a code stands for."""
        if code in self.aggregates:
            return frozenset().union(*(self.expand(m) for m in self.aggregates[code]))
        if code not in self.leaves:
            raise KeyError(f"{code!r} is not a code of {self.name}")
        return frozenset([code])

    def to_json(self) -> dict:
        return {"codes": list(self.leaves), "aggregates": {k: list(v) for k, v in self.aggregates.items()}}

    @classmethod
    def from_json(cls, name: str, data: dict) -> CodeList:
        return cls(name, tuple(data["codes"]), {k: tuple(v) for k, v in data.get("aggregates", {}).items()})


def flat(name: str, leaves: Iterable[str], total: bool = True) -> CodeList:
    leaves = tuple(leaves)
    return CodeList(name, leaves, {TOTAL: leaves} if total else {})


OTHER_PURPOSES = ("FORCED_CRIMINALITY", "BEGGING", "FORCED_MARRIAGE", "CHILD_SALE", "SURROGACY", "OTHER")
# SDG 16.2.2 series VC_HTF_DETVOP, and the UNODC Global Report "Other forms" (with organs).
FORM_AGGREGATES = {
    "OTHER_PURPOSES": OTHER_PURPOSES,
    "OTHER_FORMS": ("OTHER_PURPOSES", "ORGAN_REMOVAL"),
    TOTAL: ("SEXUAL", "FORCED_LABOUR", "OTHER_FORMS", UNKNOWN),
}


def fixed_lists() -> dict[str, CodeList]:
    """Code lists that do not depend on the data."""
    forms = ("SEXUAL", "FORCED_LABOUR", *OTHER_PURPOSES, "ORGAN_REMOVAL", UNKNOWN)
    channels = tuple(UNKNOWN if c == "UNKNOWN" else c for c in RECRUITMENT_CHANNELS)
    return {
        "sex": flat("sex", ("F", "M", UNKNOWN)),
        "age_group": flat("age_group", ("CHILD", "ADULT", UNKNOWN)),
        "exploitation_form": CodeList("exploitation_form", forms, dict(FORM_AGGREGATES)),
        "quarter": flat("quarter", ("Q1", "Q2", "Q3", "Q4")),
        "article": flat("article", ("150", "151", UNKNOWN)),
        "recruitment_channel": flat("recruitment_channel", channels),
        # a person may receive several services: no total, each service its own count
        "service": flat("service", SERVICES, total=False),
    }


def countries(name: str, found: Iterable[str], home: str | None = None) -> CodeList:
    """A country list from the codes found in the data (`_U` for unknown). With `home`
    (citizenship: VNM), the other countries also roll up to `FOREIGN`."""
    known = sorted({c for c in found if c and c != UNKNOWN})
    leaves = (*known, UNKNOWN)
    if home is None:
        return flat(name, leaves)
    foreign = tuple(c for c in known if c != home)
    return CodeList(
        name, leaves, {"FOREIGN": foreign, TOTAL: (*([home] if home in known else []), "FOREIGN", UNKNOWN)}
    )


def provinces(found: Iterable[str]) -> CodeList:
    return flat("residence_province", (*sorted({c for c in found if c and c != UNKNOWN}), UNKNOWN))

"""Published capture-history tables and their published results (with sources).

Histories given as the index used by the R packages SparseMSE / MultipleSystemsEstimation:
index = 1 + sum over lists j (0-based) of 2^j, so 2 is "first list only".
"""

from __future__ import annotations

# UK 2013, five lists: shared/spec/estimation.md (Home Office 2014 data, as in Chan, Silverman and
# Vincent 2021, JASA, "Multiple systems estimation for sparse capture data", dataset UKdat).
UK_2013 = {
    "lists": ["LA", "NG", "PFNCA", "GO", "GP"],
    "rows": {
        (1, 0, 0, 0, 0): 54, (0, 1, 0, 0, 0): 463, (0, 0, 1, 0, 0): 995, (0, 0, 0, 1, 0): 695,
        (0, 0, 0, 0, 1): 316, (1, 1, 0, 0, 0): 15, (1, 0, 1, 0, 0): 19, (1, 0, 0, 1, 0): 3,
        (0, 1, 1, 0, 0): 62, (0, 1, 0, 1, 0): 19, (0, 1, 0, 0, 1): 1, (0, 0, 1, 1, 0): 76,
        (0, 0, 1, 0, 1): 11, (0, 0, 0, 1, 1): 8, (1, 1, 1, 0, 0): 1, (1, 1, 0, 1, 0): 1,
        (0, 1, 1, 1, 0): 4, (1, 1, 1, 1, 0): 1,
    },
}  # fmt: skip

# Korea (Ball, Shin and Yang 2018, HRDAG, Palembang), three lists b, c, d. Table and result
# (stepwise p = 0.02: model [12,3] i.e. b:c, total 268.7778) from the vignette "Reproducing Chan,
# Silverman and Vincent (2021)" of the R package MultipleSystemsEstimation
# (github.com/bernardsilverman/MultipleSystemsEstimation, docs/articles/reproduce-2021.md).
KOREA_INDEX = {2: 5, 3: 5, 4: 54, 5: 41, 6: 6, 7: 0, 8: 12}

# Western U.S. site sex trafficking (Farrell et al. 2018, NIJ 2015-VF-GX-0105), five lists A-E.
# Same vignette: stepwise selects AE, total 2483.384 (the paper: 2483).
WESTERN_VALUES = [52, 90, 0, 114, 4, 6, 0, 45, 2, 1, 0, 0, 0, 1, 0, 21, 5, 0, 0, 0, 1, 0, 0, 3] + [0] * 7
WESTERN_INDEX = {i + 2: v for i, v in enumerate(WESTERN_VALUES)}

# New Orleans (Bales, Murphy and Silverman 2020), eight lists A-H, 186 persons. Same vignette:
# stepwise selects DE, total 1110.488 with the current package (the 2021 paper printed 1184
# from an earlier version of the routines).
NEW_ORLEANS_INDEX = {
    2: 25, 3: 5, 5: 70, 6: 1, 9: 33, 10: 2, 13: 2, 17: 6, 18: 1, 21: 1, 25: 2, 26: 1, 33: 6,
    35: 1, 65: 6, 69: 1, 70: 1, 129: 21, 145: 1,
}  # fmt: skip

# Artificial_3 (the paper's Table 2): AB alone has no MLE; AB+AC+BC is not identifiable;
# AC+BC passes both checks (the paper's Table 3, reproduced in the same vignette).
ARTIFICIAL_3 = {(1, 0, 0): 40, (0, 1, 0): 30, (0, 0, 1): 20, (1, 1, 0): 6}


def rows_from_index(t: int, index_counts: dict[int, int]) -> dict[tuple[int, ...], int]:
    return {tuple(((i - 1) >> j) & 1 for j in range(t)): n for i, n in index_counts.items()}


def write_csv(path, lists: list[str], rows: dict[tuple[int, ...], int], count_name: str = "persons"):
    lines = [",".join([*lists, count_name])]
    lines += [",".join([*(str(v) for v in h), str(n)]) for h, n in rows.items() if n]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path

"""Multiple systems estimation of the victims no list found (shared/spec/estimation.md).

The method of Chan, Silverman and Vincent (2021, JASA): Poisson log-linear models over the
capture histories, forward stepwise choice of two-list interactions (threshold 0.02), the
Fienberg-Rinaldo existence check by linear programming, empty overlaps as interactions of minus
infinity, a model-conditional interval and an optional BCa bootstrap. Written from the paper and
the spec; no code of the (GPL) R package SparseMSE was used.
"""

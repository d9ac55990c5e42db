"""The engines that build the figures (tipstat/engines/, docs/scale-out.md)."""

"""Province boundaries shipped with tipstat (the 34-unit geography) and their web simplification."""

"""Maintainers' tools, run from the checkout and not installed: regenerating the docs and configs
(``docs``), the ODD's calibration tables (``calibrate``), the committed baseline (``baseline``),
benchmarks (``benchmark``) and the seeded fingerprints that show a refactoring changed no bits
(``fingerprints``). Each is ``python -m tools.<name>``."""

"""Verification of the model: the measurements behind its patterns and claims, its calibration tables,
and its committed baseline.

- ``verification.patterns``: paired measurements the pattern tests assert on and the claims table reports;
- ``verification.tables``: the ODD's claims, calibration and per-policy tables;
- ``verification.baseline``: seeded default runs of every policy, compared key by key.

This package imports only ``simulation`` and ``analysis`` (an import contract in ``pyproject.toml``) and
writes nothing: ``python -m tools.calibrate`` and ``python -m tools.baseline`` print and write.
"""

"""Job Atlas benchmarks (issue 6): five measurements, each against a baseline in the same run.

Run ``python -m bench`` (reduced size, a few minutes) or ``python -m bench --full``.
Results go to ``bench/results.json`` (machine-readable) and ``bench/RESULTS.md``.
Not part of the test suite: tests never depend on timing.
"""

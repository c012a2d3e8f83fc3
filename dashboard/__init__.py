"""Job Atlas domain layer: taxonomy, ingest, cube, queries, figures, exports.

Nothing in this package imports ``dash``: the web layer lives in ``layouts/`` and
``callbacks/`` and calls in here.
"""

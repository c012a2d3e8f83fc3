"""Building a cube: read the ESCO taxonomy and the postings, resolve their values, aggregate them
with an engine (DuckDB on one machine, Spark beyond it) and publish the cube atomically.

Flow: ``taxonomy`` → ``ingest`` (columns, months, value maps) → an engine (``engines/``, each
owning its reader) runs ``cube_definition`` → ``build`` publishes; ``append`` adds a month."""

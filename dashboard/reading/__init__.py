"""Reading a built cube: open it (``cube``), resolve what a person typed (``resolve``) and answer
the questions the explorer asks (``queries``, ``subjects``, ``job_listings``, …). Never writes."""

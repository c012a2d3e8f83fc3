"""The one definition of the cube: SQL over named input relations (DuckDB dialect, kept portable).

Inputs (registered by the engine before these statements run):

- ``raw_postings``: id, occupation, country, date, region, skills (list of text),
  _file, _file_index, _line  — one row per parsed posting, values trimmed, '' as NULL
- ``raw_counts``: occupation, country, period, count, _file, _file_index, _line
- ``malformed``: _file, _file_index, _line, reason, record — rows the reader could not parse
- ``occupation_map`` (raw, occupation_uri, occupation_id, status "ok"|"unknown"|"ambiguous"),
  ``country_map`` (raw, iso3), ``month_map`` (raw, month, status), ``skill_map``
  (raw, skill_uri, skill_id), ``count_map`` (raw, value) — the distinct raw values resolved
  in Python. The ids number the taxonomy's URIs in sorted order, so the heavy grouping and
  sorting run on integers (three times cheaper than on 60-character URIs) and ordering by
  id is ordering by URI.

Each statement is ``(name, SELECT ...)``; an engine materialises them in order as tables
(DuckDB: ``CREATE TEMP TABLE name AS``; Spark: a cached temp view), then writes
:data:`OUTPUTS`. Only plain joins, GROUP BY, CASE, window ``row_number`` and ``UNNEST``
are used, so ``sqlglot.transpile(sql, read="duckdb", write="spark")`` runs them on Spark
(``UNNEST`` in a select list becomes ``EXPLODE``).
"""
from __future__ import annotations

from dashboard.ingest import RECORD_CHARS

_RECORD = (
    "SUBSTRING(CONCAT_WS(',', COALESCE(p.id, ''), COALESCE(p.occupation, ''), COALESCE(p.country, ''), "
    "COALESCE(p.date, ''), COALESCE(p.region, ''), COALESCE(ARRAY_TO_STRING(p.skills, '|'), '')), 1, "
    f"{RECORD_CHARS})"
)

STATEMENTS: tuple[tuple[str, str], ...] = (
    # A posting id seen again in any input is a duplicate; the first by file order, then line, stays.
    (
        "duplicate_postings",
        """
SELECT _file_index, _line FROM (
    SELECT r._file_index, r._line,
           ROW_NUMBER() OVER (PARTITION BY r.id ORDER BY r._file_index, r._line) AS occurrence
    FROM raw_postings r
    JOIN (SELECT id FROM raw_postings WHERE id IS NOT NULL GROUP BY id HAVING COUNT(*) > 1) d ON r.id = d.id
) numbered
WHERE occurrence > 1
""",
    ),
    (
        "postings_checked",
        """
SELECT p._file, p._file_index, p._line, p.skills, o.occupation_id, c.iso3, m.month,
       CASE
           WHEN p.id IS NULL THEN 'missing id'
           WHEN d._line IS NOT NULL THEN 'duplicate id'
           WHEN o.status = 'ambiguous' THEN 'ambiguous occupation'
           WHEN o.occupation_id IS NULL THEN 'unknown occupation'
           WHEN c.iso3 IS NULL THEN 'unknown country'
           WHEN m.status = 'date out of range' THEN 'date out of range'
           WHEN m.month IS NULL THEN 'bad date'
       END AS reason
FROM raw_postings p
LEFT JOIN duplicate_postings d ON p._file_index = d._file_index AND p._line = d._line
LEFT JOIN occupation_map o ON p.occupation = o.raw
LEFT JOIN country_map c ON p.country = c.raw
LEFT JOIN month_map m ON p.date = m.raw
""",
    ),
    (
        "counts_checked",
        f"""
SELECT r._file, r._file_index, r._line, o.occupation_id, c.iso3, m.month, n.value AS jobs,
       CASE
           WHEN o.status = 'ambiguous' THEN 'ambiguous occupation'
           WHEN o.occupation_id IS NULL THEN 'unknown occupation'
           WHEN c.iso3 IS NULL THEN 'unknown country'
           WHEN m.status = 'date out of range' THEN 'date out of range'
           WHEN m.month IS NULL THEN 'bad date'
           WHEN n.value IS NULL THEN 'bad count'
       END AS reason,
       SUBSTRING(CONCAT_WS(',', COALESCE(r.occupation, ''), COALESCE(r.country, ''), COALESCE(r.period, ''),
                           COALESCE(r.count, '')), 1, {RECORD_CHARS}) AS record
FROM raw_counts r
LEFT JOIN occupation_map o ON r.occupation = o.raw
LEFT JOIN country_map c ON r.country = c.raw
LEFT JOIN month_map m ON r.period = m.raw
LEFT JOIN count_map n ON r.count = n.raw
""",
    ),
    (
        "occupation_keys",
        "SELECT DISTINCT occupation_id, occupation_uri FROM occupation_map WHERE occupation_id IS NOT NULL",
    ),
    (
        "skill_keys",
        "SELECT DISTINCT skill_id, skill_uri FROM skill_map WHERE skill_id IS NOT NULL",
    ),
    (
        "jobs",
        """
SELECT k.occupation_uri, j.iso3, j.month, j.jobs, j.occupation_id FROM (
    SELECT occupation_id, iso3, month, CAST(SUM(jobs) AS BIGINT) AS jobs FROM (
        SELECT occupation_id, iso3, month, CAST(1 AS BIGINT) AS jobs FROM postings_checked WHERE reason IS NULL
        UNION ALL
        SELECT occupation_id, iso3, month, jobs FROM counts_checked WHERE reason IS NULL
    ) loaded
    GROUP BY occupation_id, iso3, month
) j
JOIN occupation_keys k ON j.occupation_id = k.occupation_id
""",
    ),
    # Every skill mention of a loaded posting (blank tokens are not mentions); skill_id is
    # NULL when the token is not in the taxonomy. Narrow on purpose: one row per mention.
    # skills_unresolved counts (posting, trimmed token) once, as demand counts a skill once.
    (
        "skill_mentions",
        """
SELECT t._file_index, t._line, s.skill_id,
       CASE WHEN s.skill_id IS NULL THEN TRIM(t.token) END AS unresolved_token
FROM (
    SELECT _file_index, _line, UNNEST(skills) AS token FROM postings_checked WHERE reason IS NULL
) t
LEFT JOIN skill_map s ON t.token = s.raw
WHERE TRIM(t.token) <> ''
""",
    ),
    # A posting naming one skill twice (by label and by URI) still counts once.
    (
        "skill_demand",
        """
SELECT ok.occupation_uri, d.iso3, d.month, sk.skill_uri, d.postings, d.occupation_id, d.skill_id FROM (
    SELECT p.occupation_id, p.iso3, p.month, a.skill_id, CAST(COUNT(*) AS BIGINT) AS postings
    FROM (SELECT DISTINCT _file_index, _line, skill_id FROM skill_mentions WHERE skill_id IS NOT NULL) a
    JOIN postings_checked p ON a._file_index = p._file_index AND a._line = p._line
    GROUP BY p.occupation_id, p.iso3, p.month, a.skill_id
) d
JOIN occupation_keys ok ON d.occupation_id = ok.occupation_id
JOIN skill_keys sk ON d.skill_id = sk.skill_id
""",
    ),
    (
        "country_totals",
        """
SELECT iso3, month, CAST(SUM(jobs) AS BIGINT) AS jobs FROM jobs GROUP BY iso3, month
""",
    ),
    (
        "rejects",
        f"""
SELECT c._file AS file, c._file_index, c._line AS line, c.reason, {_RECORD} AS record
FROM postings_checked c
JOIN raw_postings p ON c._file_index = p._file_index AND c._line = p._line
WHERE c.reason IS NOT NULL
UNION ALL
SELECT _file, _file_index, _line, reason, record FROM counts_checked WHERE reason IS NOT NULL
UNION ALL
SELECT _file, _file_index, _line, reason, record FROM malformed
""",
    ),
    (
        "build_stats",
        """
SELECT
    (SELECT COUNT(*) FROM raw_postings) + (SELECT COUNT(*) FROM raw_counts) + (SELECT COUNT(*) FROM malformed) AS rows_read,
    (SELECT COUNT(*) FROM postings_checked WHERE reason IS NULL)
        + (SELECT COUNT(*) FROM counts_checked WHERE reason IS NULL) AS rows_loaded,
    (SELECT COUNT(*) FROM rejects) AS rows_rejected,
    (SELECT COUNT(*) FROM (SELECT DISTINCT _file_index, _line, unresolved_token FROM skill_mentions
                           WHERE skill_id IS NULL) u) AS skills_unresolved,
    (SELECT MIN(month) FROM jobs) AS first_month,
    (SELECT MAX(month) FROM jobs) AS last_month
""",
    ),
    (
        "rejected_by_reason",
        """
SELECT reason, COUNT(*) AS rows FROM rejects GROUP BY reason
""",
    ),
)

#: Published tables and the order their rows are written in (the dashboard relies on it:
#: jobs and skill_demand are read by occupation first).
OUTPUTS: dict[str, str] = {
    "jobs": "SELECT occupation_uri, iso3, month, jobs FROM jobs ORDER BY occupation_id, iso3, month",
    "skill_demand": (
        "SELECT occupation_uri, iso3, month, skill_uri, postings FROM skill_demand "
        "ORDER BY occupation_id, iso3, month, skill_id"
    ),
    "country_totals": "SELECT iso3, month, jobs FROM country_totals ORDER BY iso3, month",
}
#: rejects.csv columns and order.
REJECTS = "SELECT file, line, reason, record FROM rejects ORDER BY _file_index, line"

#: The distinct raw values resolved in Python (small: one row per spelling, not per posting).
DISTINCT_VALUES: dict[str, str] = {
    "occupation": "SELECT occupation FROM raw_postings UNION SELECT occupation FROM raw_counts",
    "country": "SELECT country FROM raw_postings UNION SELECT country FROM raw_counts",
    "date": "SELECT date FROM raw_postings UNION SELECT period FROM raw_counts",
    "skill": "SELECT DISTINCT token FROM (SELECT UNNEST(skills) AS token FROM raw_postings) tokens WHERE TRIM(token) <> ''",
    "count": "SELECT DISTINCT count FROM raw_counts",
}

"""The one definition of the cube: SQL over named input relations (DuckDB dialect, kept portable).

Inputs (registered by the engine before these statements run):

- ``raw_postings``: id, occupation, country, date, region, skills (list of text),
  _file, _file_index, _line, and the posting details title, employer, location, url,
  salary_min, salary_max, currency, salary_period (text)  — one row per parsed posting, values trimmed, '' as NULL
- ``raw_counts``: occupation, country, period, count, _file, _file_index, _line
- ``malformed``: _file, _file_index, _line, reason, record — rows the reader could not parse
- ``prior_ids`` (id): the posting ids of the cube an append adds to (``build --append``,
  issue 17): a posting with one of them is a duplicate, as if the earlier inputs were read
  again. Empty for a build.
- ``occupation_map`` (raw, occupation_uri, occupation_id, status "ok"|"unknown"|"ambiguous"),
  ``country_map`` (raw, iso3, country_id), ``month_map`` (raw, month, status, month_id),
  ``skill_map`` (raw, skill_uri, skill_id), ``count_map`` (raw, value), ``salary_map`` (raw,
  value, status), ``currency_map`` (raw, code), ``salary_period_map`` (raw, period) — the distinct raw
  values resolved in Python. The ids rank the URIs (and ISO codes, months) in sorted order,
  so the heavy grouping and sorting run on integers and ordering by id is ordering by the
  text. ``skill_map`` holds every non-blank token: an unresolved one has a negative id.
- ``skill_collection_map`` (skill_uri, collection): the taxonomy's skill collections (issue 15;
  a key of :data:`COLLECTIONS`), empty when the bundle has none.

Each statement is ``(name, SELECT ...)``; an engine makes them in order, as tables
(DuckDB: ``CREATE TEMP TABLE name AS``; Spark: a checkpointed temp view), except the names
in :data:`VIEWS`, which are plain views (recomputed where used), then writes
:data:`OUTPUTS`. Only plain joins, GROUP BY, CASE, window ``row_number`` and ``UNNEST``
are used, so ``sqlglot.transpile(sql, read="duckdb", write="spark")`` runs them on Spark
(``UNNEST`` in a select list becomes ``EXPLODE``).

Cost (issue 6): the skill lists are the bulk of the input (8 tokens per posting), so they
are read twice only — once for their distinct tokens, once for the one aggregation that
counts skill demand and unresolved tokens together — and never copied into a table.
Where DuckDB can do the same work much cheaper with its own functions, the DuckDB engine
runs :data:`DUCKDB_STATEMENTS` and writes skill_demand its own way
(:data:`DUCKDB_SKILL_DEMAND_IDS`); tests/test_cube_sql.py checks that they build the same
cube as these statements, which Spark runs.
"""
from __future__ import annotations

from dashboard.building.ingest import RECORD_CHARS, UNDATED
from dashboard.reading.skill_hierarchy import COLLECTIONS as _COLLECTION_FILES

#: ESCO's skill collections (issue 15), in display order: a column each in collection_postings.
COLLECTIONS: tuple[str, ...] = tuple(_COLLECTION_FILES)
_FLAG_OF = ",\n       ".join(
    f"MAX(CASE WHEN c.collection = '{name}' THEN 1 ELSE 0 END) AS {name}" for name in COLLECTIONS)
_SUM_OF = ",\n       ".join(f"CAST(SUM(COALESCE(f.{name}, 0)) AS BIGINT) AS {name}" for name in COLLECTIONS)
_NATIVE_SUM_OF = ",\n       ".join(
    f"CAST(SUM(CASE WHEN bits & {1 << i} <> 0 THEN 1 ELSE 0 END) AS BIGINT) AS {name}"
    for i, name in enumerate(COLLECTIONS))

_RECORD = (
    "SUBSTRING(CONCAT_WS(',', COALESCE(p.id, ''), COALESCE(p.occupation, ''), COALESCE(p.country, ''), "
    "COALESCE(p.date, ''), COALESCE(p.region, ''), COALESCE(ARRAY_TO_STRING(p.skills, '|'), '')), 1, "
    f"{RECORD_CHARS})"
)

#: Why a row's occupation, country or date did not resolve (postings and counts alike), in the
#: order the rejects report them: the first failing check names the row's reason.
_RESOLUTION_REASONS = """\
           WHEN o.status = 'ambiguous' THEN 'ambiguous occupation'
           WHEN o.occupation_id IS NULL THEN 'unknown occupation'
           WHEN c.country_id IS NULL THEN 'unknown country'
           WHEN m.status = 'date out of range' THEN 'date out of range'
           WHEN m.month_id IS NULL THEN 'bad date'"""

STATEMENTS: tuple[tuple[str, str], ...] = (
    # A posting id seen again in any input is a duplicate; the first by file order, then line, stays.
    # The window runs over the repeated ids only (none, usually).
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
UNION
SELECT r._file_index, r._line FROM raw_postings r JOIN prior_ids p ON r.id = p.id
""",
    ),
    # Every posting with its keys and why it is rejected (NULL: loaded). A view: the checks
    # below and the skill pass share it, and only the skill pass reads the skill lists.
    (
        "postings_keyed",
        f"""
SELECT p._file_index, p._line, p.skills, o.occupation_id, c.country_id, m.month_id,
       p.id, p.date, p.title, p.employer, p.location, p.url, p.salary_min, p.salary_max, p.currency, p.salary_period,
       CASE
           WHEN p.id IS NULL THEN 'missing id'
           WHEN d._line IS NOT NULL THEN 'duplicate id'
{_RESOLUTION_REASONS}
       END AS reason
FROM raw_postings p
LEFT JOIN duplicate_postings d ON p._file_index = d._file_index AND p._line = d._line
LEFT JOIN occupation_map o ON p.occupation = o.raw
LEFT JOIN country_map c ON p.country = c.raw
LEFT JOIN month_map m ON p.date = m.raw
""",
    ),
    (
        "postings_checked",
        "SELECT _file_index, _line, occupation_id, country_id, month_id, reason FROM postings_keyed",
    ),
    (
        "counts_checked",
        f"""
SELECT r._file, r._file_index, r._line, o.occupation_id, c.country_id, m.month_id, n.value AS jobs,
       CASE
{_RESOLUTION_REASONS}
           WHEN n.value IS NULL THEN 'bad count'
       END AS reason,
       SUBSTRING(CONCAT_WS(',', COALESCE(r.occupation, ''), COALESCE(r.country, ''), COALESCE(NULLIF(r.period, '{UNDATED}'), ''),
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
        "SELECT DISTINCT skill_id, skill_uri FROM skill_map WHERE skill_id >= 0",
    ),
    (
        "country_keys",
        "SELECT DISTINCT country_id, iso3 FROM country_map",
    ),
    (
        "month_keys",
        "SELECT DISTINCT month_id, month FROM month_map WHERE month_id IS NOT NULL",
    ),
    (
        "jobs",
        """
SELECT k.occupation_uri, ck.iso3, mk.month, j.jobs, j.occupation_id, j.country_id, j.month_id FROM (
    SELECT occupation_id, country_id, month_id, CAST(SUM(jobs) AS BIGINT) AS jobs FROM (
        SELECT occupation_id, country_id, month_id, CAST(1 AS BIGINT) AS jobs FROM postings_checked WHERE reason IS NULL
        UNION ALL
        SELECT occupation_id, country_id, month_id, jobs FROM counts_checked WHERE reason IS NULL
    ) loaded
    GROUP BY occupation_id, country_id, month_id
) j
JOIN occupation_keys k ON j.occupation_id = k.occupation_id
JOIN country_keys ck ON j.country_id = ck.country_id
JOIN month_keys mk ON j.month_id = mk.month_id
""",
    ),
    # Posting details (issue 18). A loaded posting's salary, checked against the maps of
    # dashboard.building.posting_details; salary_reason says why a stated salary is dropped (the
    # posting still loads). A view: read by the postings table and the salary reasons (DuckDB's
    # forms read it once, see DUCKDB_STATEMENTS).
    (
        "posting_salaries",
        """
SELECT k._file_index, k._line, k.id, k.occupation_id, k.country_id, k.month_id,
       SUBSTRING(k.date, 1, 10) AS date, k.title, k.employer, k.location, k.url,
       lo.value AS salary_min, hi.value AS salary_max, cu.code AS currency, sp.period AS salary_period,
       CASE
           WHEN k.salary_min IS NULL AND k.salary_max IS NULL THEN NULL
           WHEN lo.status = 'not a number' OR hi.status = 'not a number' THEN 'salary not a number'
           WHEN lo.status = 'negative' OR hi.status = 'negative' THEN 'negative salary'
           WHEN lo.value > hi.value THEN 'salary min above max'
           WHEN k.currency IS NULL THEN 'missing currency'
           WHEN cu.code IS NULL THEN 'unknown currency'
           WHEN k.salary_period IS NULL THEN 'missing salary period'
           WHEN sp.period IS NULL THEN 'unknown salary period'
       END AS salary_reason,
       (k.salary_min IS NOT NULL OR k.salary_max IS NOT NULL) AS states_salary, k.skills
FROM postings_keyed k
LEFT JOIN salary_map lo ON k.salary_min = lo.raw
LEFT JOIN salary_map hi ON k.salary_max = hi.raw
LEFT JOIN currency_map cu ON k.currency = cu.raw
LEFT JOIN salary_period_map sp ON k.salary_period = sp.raw
WHERE k.reason IS NULL
""",
    ),
    # Each loaded posting's skills, as the sorted distinct URIs joined by "|" (what the jobs
    # list counts the selected skills in). Postings naming no known skill have no row.
    (
        "posting_skills",
        """
SELECT t._file_index, t._line, ARRAY_TO_STRING(LIST_SORT(LIST(DISTINCT sk.skill_uri)), '|') AS skills
FROM (
    SELECT _file_index, _line, UNNEST(skills) AS token FROM postings_keyed WHERE reason IS NULL
) t
JOIN skill_map s ON t.token = s.raw
JOIN skill_keys sk ON s.skill_id = sk.skill_id
GROUP BY t._file_index, t._line
""",
    ),
    (
        "postings",
        """
SELECT ok.occupation_uri, ck.iso3, mk.month, p.id, p.date, p.title, p.employer, p.location, p.url,
       CASE WHEN p.salary_reason IS NULL THEN p.salary_min END AS salary_min,
       CASE WHEN p.salary_reason IS NULL THEN p.salary_max END AS salary_max,
       CASE WHEN p.salary_reason IS NULL AND p.states_salary THEN p.currency END AS currency,
       CASE WHEN p.salary_reason IS NULL AND p.states_salary THEN p.salary_period END AS salary_period,
       COALESCE(ps.skills, '') AS skills,
       p.occupation_id, p.country_id, p.month_id
FROM posting_salaries p
JOIN occupation_keys ok ON p.occupation_id = ok.occupation_id
JOIN country_keys ck ON p.country_id = ck.country_id
JOIN month_keys mk ON p.month_id = mk.month_id
LEFT JOIN posting_skills ps ON p._file_index = ps._file_index AND p._line = ps._line
""",
    ),
    (
        "salary_dropped_by_reason",
        """
SELECT salary_reason AS reason, COUNT(*) AS postings FROM posting_salaries
WHERE salary_reason IS NOT NULL GROUP BY salary_reason
""",
    ),
    # The one pass over the skill lists: postings per (occupation, country, month, skill id).
    # (After the postings: DuckDB's form counts the skill ids its postings table holds.)
    # A posting naming one skill twice (by label and by URI) counts once; blank tokens are
    # not mentions (not in skill_map). Negative ids are unresolved tokens, counted once per
    # (posting, trimmed text), which is what skills_unresolved reports.
    (
        "skill_counts",
        """
SELECT occupation_id, country_id, month_id, skill_id, CAST(COUNT(*) AS BIGINT) AS postings FROM (
    SELECT DISTINCT t._file_index, t._line, t.occupation_id, t.country_id, t.month_id, s.skill_id
    FROM (
        SELECT _file_index, _line, occupation_id, country_id, month_id, UNNEST(skills) AS token
        FROM postings_keyed WHERE reason IS NULL
    ) t
    JOIN skill_map s ON t.token = s.raw
) mentions
GROUP BY occupation_id, country_id, month_id, skill_id
""",
    ),
    (
        "skill_demand",
        "SELECT occupation_id, country_id, month_id, skill_id, postings FROM skill_counts WHERE skill_id >= 0",
    ),
    # Which of ESCO's skill collections (issue 15: digital, green, ...) each loaded posting asks
    # for: a 0/1 column per collection, one row per posting naming a skill of one of them.
    (
        "posting_collections",
        f"""
SELECT t._file_index, t._line,
       {_FLAG_OF}
FROM (
    SELECT _file_index, _line, UNNEST(skills) AS token FROM postings_keyed WHERE reason IS NULL
) t
JOIN skill_map s ON t.token = s.raw
JOIN skill_keys sk ON s.skill_id = sk.skill_id
JOIN skill_collection_map c ON sk.skill_uri = c.skill_uri
GROUP BY t._file_index, t._line
""",
    ),
    # Per occupation x country x month: the loaded postings (individual ads, not counts) and how
    # many of them ask for at least one skill of each collection (a posting counts once per
    # collection, however many of its skills are in it). The map's collection measures divide the two.
    (
        "collection_postings",
        f"""
SELECT p.occupation_id, p.country_id, p.month_id, CAST(COUNT(*) AS BIGINT) AS postings,
       {_SUM_OF}
FROM postings_checked p
LEFT JOIN posting_collections f ON p._file_index = f._file_index AND p._line = f._line
WHERE p.reason IS NULL
GROUP BY p.occupation_id, p.country_id, p.month_id
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
SELECT p._file AS file, c._file_index, c._line AS line, c.reason, {_RECORD} AS record
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
    (SELECT COALESCE(SUM(postings), 0) FROM skill_counts WHERE skill_id < 0) AS skills_unresolved,
    (SELECT MIN(month) FROM jobs) AS first_month,
    (SELECT MAX(month) FROM jobs) AS last_month,
    (SELECT COALESCE(SUM(jobs), 0) FROM jobs WHERE month IS NULL) AS undated_jobs
""",
    ),
    # The ids this load adds to the cube's id table (ids already there are duplicates, and
    # a rejected posting's id counts too: a rebuild would see it first).
    (
        "posting_ids",
        """
SELECT DISTINCT r.id FROM raw_postings r LEFT JOIN prior_ids p ON r.id = p.id
WHERE r.id IS NOT NULL AND p.id IS NULL
""",
    ),
    (
        "rejected_by_reason",
        """
SELECT reason, COUNT(*) AS rows FROM rejects GROUP BY reason
""",
    ),
)

#: DuckDB's own form of some statements: the same rows, cheaper (issue 6). The portable
#: ``skill_counts`` drops a posting's repeated skill ids with a DISTINCT over every
#: (posting, skill id) mention — a hash table of ~80M keys at 10M postings, spilling to
#: disk. Here each posting's tokens become skill ids inside its own list (``skill_token`` is
#: an ENUM of skill_map's raw tokens, ``skill_token_ids.ids`` the skill id of each ENUM code;
#: the engine makes both from skill_map before the statements run) and ``list_distinct``
#: drops the repeats per list: a token not in skill_map (blank) becomes NULL and is dropped
#: as the portable JOIN drops it. tests/test_cube_sql.py checks both forms give the same cube.
DUCKDB_STATEMENTS: dict[str, str] = {
    # The skill ids of each loaded posting (made once, in ``postings`` below), counted on one
    # packed integer key (:data:`DUCKDB_KEY_BITS`): grouping ~80M mentions into ~22M groups
    # on one BIGINT costs half of grouping them on four columns.
    "skill_counts": """
SELECT CAST(key >> 47 AS INTEGER) AS occupation_id, CAST((key >> 38) & 511 AS INTEGER) AS country_id,
       CAST(((key >> 27) & 2047) - 1 AS INTEGER) AS month_id, CAST((key & 134217727) - 67108864 AS INTEGER) AS skill_id,
       CAST(COUNT(*) AS BIGINT) AS postings
FROM (
    SELECT (CAST(occupation_id AS BIGINT) << 47) | (CAST(country_id AS BIGINT) << 38)
           | (CAST(month_id + 1 AS BIGINT) << 27) | (CAST(skill_id AS BIGINT) + 67108864) AS key
    FROM (SELECT occupation_id, country_id, month_id, UNNEST(skill_ids) AS skill_id FROM postings) mentions
) keyed
GROUP BY key
""",
    # Each loaded posting's distinct skill ids, sorted (ids sort as the URIs do; negative:
    # unresolved tokens, which only skill_counts reads), made
    # inside its own list, not by a GROUP BY over its ~8 mentions (at 10M postings the portable
    # posting_skills groups 80M rows into 10M lists and spills). The texts of the ids
    # (occupation, country, month, the "|"-joined skill URIs) are looked up while the table is
    # written (:data:`DUCKDB_POSTINGS_IDS`), so the sort carries integers, not URIs.
    # salary_reason is kept for the count below, which then reads no input again.
    "postings": """
SELECT p.occupation_id, p.country_id, p.month_id, p.id, p.date, p.title, p.employer, p.location, p.url,
       CASE WHEN p.salary_reason IS NULL THEN p.salary_min END AS salary_min,
       CASE WHEN p.salary_reason IS NULL THEN p.salary_max END AS salary_max,
       CASE WHEN p.salary_reason IS NULL AND p.states_salary THEN p.currency END AS currency,
       CASE WHEN p.salary_reason IS NULL AND p.states_salary THEN p.salary_period END AS salary_period,
       p.salary_reason,
       LIST_SORT(LIST_DISTINCT(
           LIST_TRANSFORM(TRY_CAST(p.skills AS skill_token[]), lambda x: t.ids[ENUM_CODE(x) + 1]))) AS skill_ids
FROM posting_salaries p, skill_token_ids t
""",
    "salary_dropped_by_reason": """
SELECT salary_reason AS reason, COUNT(*) AS postings FROM postings
WHERE salary_reason IS NOT NULL GROUP BY salary_reason
""",
    # The collections of each posting as one bit each (bit i: COLLECTIONS[i]), OR-ed over its
    # skill ids inside its own list (``skill_collection_bits.bits[id + 1]``), not by joining
    # ~80M mentions to the collections and grouping them back into postings.
    "collection_postings": f"""
SELECT occupation_id, country_id, month_id, CAST(COUNT(*) AS BIGINT) AS postings,
       {_NATIVE_SUM_OF}
FROM (
    SELECT p.occupation_id, p.country_id, p.month_id,
           COALESCE(LIST_AGGREGATE(LIST_TRANSFORM(LIST_FILTER(p.skill_ids, lambda i: i >= 0),
                                                  lambda i: b.bits[i + 1]), 'bit_or'), 0) AS bits
    FROM postings p, skill_collection_bits b
) flagged
GROUP BY occupation_id, country_id, month_id
""",
}
#: The packed key of DuckDB's skill_counts: bits for occupation id, country id, month id + 1
#: and skill id + 2**26 (negative ids are unresolved tokens). The engine runs the native forms
#: only when every id fits (:data:`DUCKDB_KEY_FITS`); ESCO needs 12, 8, 6 and 15 of them.
DUCKDB_KEY_BITS = {"occupation": 16, "country": 9, "month": 11, "skill": 27}
DUCKDB_KEY_FITS = """
SELECT (SELECT COALESCE(MAX(occupation_id), 0) < 65536 FROM occupation_map)
   AND (SELECT COALESCE(MAX(country_id), 0) < 512 FROM country_map)
   AND (SELECT COALESCE(MAX(month_id), 0) + 1 < 2048 AND COALESCE(MIN(month_id), 0) >= -1 FROM month_map)
   AND (SELECT COALESCE(MAX(ABS(skill_id)), 0) < 67108864 FROM skill_map)
"""
#: Portable statements DuckDB does not make: their rows are made inside another native form
#: (posting_skills: in ``postings``' skill_ids).
DUCKDB_SKIPPED: frozenset[str] = frozenset({"posting_skills", "posting_collections"})
#: What DUCKDB_STATEMENTS need, made once skill_map is registered (skipped when it is empty:
#: an ENUM needs a value, and with no tokens the portable form has nothing to deduplicate).
DUCKDB_PREPARE: tuple[str, ...] = (
    "CREATE TYPE skill_token AS ENUM (SELECT raw FROM skill_map)",
    # Ordered by the ENUM itself, so ids[code + 1] is the id of the token with that code.
    "CREATE TEMP TABLE skill_token_ids AS SELECT LIST(skill_id ORDER BY CAST(raw AS skill_token)) AS ids FROM skill_map",
    # Per skill id (0 .. the largest), its collections as bits (bit i: COLLECTIONS[i]; 0: none).
    "CREATE TEMP TABLE skill_collection_bits AS "
    "SELECT LIST(COALESCE(c.bits, 0) ORDER BY r.i) AS bits "
    "FROM range(0, (SELECT COALESCE(MAX(skill_id), -1) + 1 FROM skill_map)) r(i) "
    "LEFT JOIN (SELECT k.skill_id, CAST(BIT_OR(CASE m.collection "
    + " ".join(f"WHEN '{name}' THEN {1 << i}" for i, name in enumerate(COLLECTIONS))
    + " ELSE 0 END) AS INTEGER) AS bits "
    "FROM (SELECT DISTINCT skill_id, skill_uri FROM skill_map WHERE skill_id >= 0) k "
    "JOIN skill_collection_map m ON k.skill_uri = m.skill_uri GROUP BY k.skill_id) c ON r.i = c.skill_id",
)



#: skill_demand as DuckDB writes it (same rows, same order, same columns as OUTPUTS). The
#: portable output sorts 22.6M joined rows carrying two URIs each (10M postings): ~3 GB of
#: sort data, spilled to disk. DuckDB sorts the integer rows only, and the engine streams
#: them out, turning each id column into its text by position (:data:`DUCKDB_TEXTS`)
#: while it writes. Every id of skill_demand is in its key table (both come from the same
#: maps), so the portable inner joins drop nothing there either.
DUCKDB_SKILL_DEMAND_IDS = (
    "SELECT occupation_id, country_id, month_id, skill_id, postings FROM skill_demand "
    "ORDER BY occupation_id, country_id, month_id, skill_id"
)
#: Output column -> (its id column, the key table and its text column) for DUCKDB_SKILL_DEMAND_IDS.
DUCKDB_TEXTS: dict[str, tuple[str, str, str]] = {
    "occupation_uri": ("occupation_id", "occupation_keys", "occupation_uri"),
    "iso3": ("country_id", "country_keys", "iso3"),
    "month": ("month_id", "month_keys", "month"),
    "skill_uri": ("skill_id", "skill_keys", "skill_uri"),
}

#: postings as DuckDB writes it (same rows, order and columns as OUTPUTS["postings"]): the
#: integer rows sorted, each id column turned into its text by position while streaming
#: (:data:`DUCKDB_POSTINGS_TEXTS`; ``skill_ids`` into the skill URIs joined by "|", '' for none).
DUCKDB_POSTINGS_IDS = (
    "SELECT occupation_id, country_id, month_id, id, date, title, employer, location, url, salary_min, salary_max, "
    "currency, salary_period, LIST_FILTER(skill_ids, lambda i: i >= 0) AS skill_ids FROM postings "
    "ORDER BY occupation_id, country_id, month_id, id"
)
DUCKDB_POSTINGS_TEXTS: dict[str, tuple[str, str, str]] = {
    "occupation_uri": ("occupation_id", "occupation_keys", "occupation_uri"),
    "iso3": ("country_id", "country_keys", "iso3"),
    "month": ("month_id", "month_keys", "month"),
}

#: Statements an engine keeps as views, not tables: read by few later statements, and
#: cheaper to recompute there than to store (``postings_keyed`` carries the skill lists).
VIEWS: frozenset[str] = frozenset({"postings_keyed", "skill_demand", "posting_salaries"})

#: Published tables and the order their rows are written in (the dashboard relies on it:
#: jobs and skill_demand are read by occupation first). The ids sort as the texts do.
OUTPUTS: dict[str, str] = {
    "jobs": "SELECT occupation_uri, iso3, month, jobs FROM jobs ORDER BY occupation_id, country_id, month_id",
    "skill_demand": (
        "SELECT ok.occupation_uri, ck.iso3, mk.month, sk.skill_uri, d.postings FROM skill_demand d "
        "JOIN occupation_keys ok ON d.occupation_id = ok.occupation_id "
        "JOIN country_keys ck ON d.country_id = ck.country_id "
        "JOIN month_keys mk ON d.month_id = mk.month_id "
        "JOIN skill_keys sk ON d.skill_id = sk.skill_id "
        "ORDER BY d.occupation_id, d.country_id, d.month_id, d.skill_id"
    ),
    "country_totals": "SELECT iso3, month, jobs FROM country_totals ORDER BY iso3, month",
    "collection_postings": (
        "SELECT ok.occupation_uri, ck.iso3, mk.month, c.postings, "
        + ", ".join(f"c.{name}" for name in COLLECTIONS) + " FROM collection_postings c "
        "JOIN occupation_keys ok ON c.occupation_id = ok.occupation_id "
        "JOIN country_keys ck ON c.country_id = ck.country_id "
        "JOIN month_keys mk ON c.month_id = mk.month_id "
        "ORDER BY c.occupation_id, c.country_id, c.month_id"
    ),
    # Read one occupation x country x month range at a time (row-group statistics prune the rest).
    "postings": (
        "SELECT occupation_uri, iso3, month, id, date, title, employer, location, url, salary_min, salary_max, "
        "currency, salary_period, skills FROM postings ORDER BY occupation_id, country_id, month_id, id"
    ),
}
#: Rows per Parquet row group of a published table, where it differs from the engines' default
#: (100k). A page of available jobs reads one occupation x country range of postings.parquet:
#: smaller groups mean fewer rows decoded around it (issue 18 bench, jobs_page: with 5 selected
#: skills a page scanned 100k rows of skill lists at 100k-row groups). Both engines and
#: ``build --append`` write the postings with it.
ROW_GROUP_ROWS_OF: dict[str, int] = {"postings": 10_000}
#: The relation of earlier ids, and the output table of this load's new ids (issue 17),
#: written beside OUTPUTS as ``posting_ids.parquet`` (unordered: only looked up).
PRIOR_IDS = "prior_ids"
POSTING_IDS = "posting_ids"
POSTING_IDS_OUTPUT = "SELECT id FROM posting_ids"
#: rejects.csv columns and order.
REJECTS = "SELECT file, line, reason, record FROM rejects ORDER BY _file_index, line"

#: The distinct raw values resolved in Python (small: one row per spelling, not per posting).
DISTINCT_VALUES: dict[str, str] = {
    "occupation": "SELECT occupation FROM raw_postings UNION SELECT occupation FROM raw_counts",
    "country": "SELECT country FROM raw_postings UNION SELECT country FROM raw_counts",
    "date": "SELECT date FROM raw_postings UNION SELECT period FROM raw_counts",
    # Blank tokens are dropped in Python (ingest.skill_map): a TRIM per token here costs
    # more than the DISTINCT itself (issue 6).
    "skill": "SELECT DISTINCT UNNEST(skills) AS token FROM raw_postings",
    "count": "SELECT DISTINCT count FROM raw_counts",
    "salary": "SELECT salary_min FROM raw_postings UNION SELECT salary_max FROM raw_postings",
    "currency": "SELECT DISTINCT currency FROM raw_postings",
    "salary_period": "SELECT DISTINCT salary_period FROM raw_postings",
}

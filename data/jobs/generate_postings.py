"""Generate demo job postings over a taxonomy: Demo data — generated, not real postings.

Importable (``generate_postings``, ``write_postings``) and a CLI::

    python data/jobs/generate_postings.py [--esco PATH]... --postings-count N --out FILE
                                          [--seed S] [--format parquet|csv|jsonl]
                                          [--start YYYY-MM] [--months M] [--no-details]

Without ``--esco`` the demo taxonomy (data/jobs/demo_taxonomy/) is used. The output
format follows the file name (.parquet, .csv, .csv.gz, .jsonl, .jsonl.gz, .json) unless
``--format`` says otherwise. Same seed, same arguments -> the same file.

What the numbers are meant to look like (all of it invented):

* countries: EU, EFTA, the UK and the candidate countries, in proportion to population
  times an "online postings" factor, and each occupation leaning towards some countries
  more than others (a seeded log-normal affinity), so maps differ between occupations;
* occupations: heavy-tailed (Zipf within each ISCO major group; groups 2, 3, 5, 7 and 4
  heaviest, armed forces rare);
* dates: 24 months with a spring peak, a summer and a December dip, a slight upward
  trend, and few postings at weekends;
* skills: about 8 per posting, about 70 % from the occupation's essential skills, 30 %
  from its optional ones and a few unrelated ones, as URIs mostly and sometimes as labels;
* occupation and country written every way the ingest must understand (URI, ESCO code,
  preferred and alternative labels; alpha-2, alpha-3, numeric, English names, EL/UK).

* posting details (leave them out with ``--no-details`` / ``details=False``): a title (the
  occupation's label, sometimes "Senior", "Junior", "Lead", "Trainee" or "(part-time)", or one
  of its alternative labels), an obviously fictional employer ("Demo Fictional Systems GmbH"),
  a city of the country (of the region, when there is one), a link in the demo's own
  namespace (https://job-atlas.invalid/demo/jobs/<id>), and for 85 % of postings a pay range
  in the country's ISO 4217 currency (EUR in the euro area; Bulgaria from 2026-01-01), per
  year (72 %), month (22 %) or hour (6 %), at rough per-country levels.

Columns: id, occupation, country, date (ISO day), region (nullable), skills (list of str;
"|"-joined in CSV), then title, employer, location, url, salary_min, salary_max (float,
null without pay), currency, salary_period (null without pay). The details come from a
random stream of their own: the first six columns are the same with or without them. Work is vectorised numpy in batches (1,000,000 rows by default) and
streamed to the file, so ten million postings over the full ESCO taxonomy fit in
bounded memory.
"""
from __future__ import annotations

import argparse
import calendar
import gzip
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

try:
    from dashboard.reading.resolve import OccupationIndex, SkillIndex
    from dashboard.building.taxonomy import Taxonomy, load_demo_taxonomy, load_taxonomy
except ImportError:  # run as a script from anywhere: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from dashboard.reading.resolve import OccupationIndex, SkillIndex
    from dashboard.building.taxonomy import Taxonomy, load_demo_taxonomy, load_taxonomy

Format = Literal["parquet", "csv", "jsonl"]

DEFAULT_BATCH = 1_000_000
SKILLS_PER_POSTING = 8
MAX_SKILLS = 15
DRAWS = 2 * MAX_SKILLS  # candidate draws per posting, before removing repeats
ESSENTIAL_SHARE = 0.70
UNRELATED_SHARE = 0.04  # a few skills the taxonomy does not link to the occupation

#: iso3, iso2, numeric, English name, Eurostat code (if it differs), population (millions,
#: rounded 2023 estimates), online-postings factor (how much of hiring is advertised online
#: relative to the EU average; a rough demo assumption, not a statistic).
COUNTRIES = [
    ("AUT", "AT", "040", "Austria", None, 9.1, 1.1),
    ("BEL", "BE", "056", "Belgium", None, 11.8, 1.1),
    ("BGR", "BG", "100", "Bulgaria", None, 6.4, 0.7),
    ("HRV", "HR", "191", "Croatia", None, 3.9, 0.8),
    ("CYP", "CY", "196", "Cyprus", None, 0.93, 0.9),
    ("CZE", "CZ", "203", "Czechia", None, 10.9, 1.0),
    ("DNK", "DK", "208", "Denmark", None, 5.9, 1.2),
    ("EST", "EE", "233", "Estonia", None, 1.37, 1.2),
    ("FIN", "FI", "246", "Finland", None, 5.6, 1.2),
    ("FRA", "FR", "250", "France", None, 68.2, 1.0),
    ("DEU", "DE", "276", "Germany", None, 84.4, 1.1),
    ("GRC", "GR", "300", "Greece", "EL", 10.4, 0.7),
    ("HUN", "HU", "348", "Hungary", None, 9.6, 0.8),
    ("IRL", "IE", "372", "Ireland", None, 5.3, 1.3),
    ("ITA", "IT", "380", "Italy", None, 59.0, 0.8),
    ("LVA", "LV", "428", "Latvia", None, 1.88, 0.9),
    ("LTU", "LT", "440", "Lithuania", None, 2.86, 0.9),
    ("LUX", "LU", "442", "Luxembourg", None, 0.66, 1.4),
    ("MLT", "MT", "470", "Malta", None, 0.54, 1.1),
    ("NLD", "NL", "528", "Netherlands", None, 17.9, 1.3),
    ("POL", "PL", "616", "Poland", None, 36.8, 0.9),
    ("PRT", "PT", "620", "Portugal", None, 10.5, 0.9),
    ("ROU", "RO", "642", "Romania", None, 19.1, 0.6),
    ("SVK", "SK", "703", "Slovakia", None, 5.4, 0.8),
    ("SVN", "SI", "705", "Slovenia", None, 2.1, 1.0),
    ("ESP", "ES", "724", "Spain", None, 48.6, 0.9),
    ("SWE", "SE", "752", "Sweden", None, 10.5, 1.2),
    ("ISL", "IS", "352", "Iceland", None, 0.39, 1.2),
    ("LIE", "LI", "438", "Liechtenstein", None, 0.04, 1.2),
    ("NOR", "NO", "578", "Norway", None, 5.5, 1.2),
    ("CHE", "CH", "756", "Switzerland", None, 8.9, 1.2),
    ("GBR", "GB", "826", "United Kingdom", "UK", 68.3, 1.3),
    ("ALB", "AL", "008", "Albania", None, 2.8, 0.4),
    ("BIH", "BA", "070", "Bosnia and Herzegovina", None, 3.2, 0.4),
    ("MNE", "ME", "499", "Montenegro", None, 0.62, 0.5),
    ("MKD", "MK", "807", "North Macedonia", None, 1.8, 0.4),
    ("SRB", "RS", "688", "Serbia", None, 6.6, 0.5),
    ("XKX", "XK", None, "Kosovo", None, 1.6, 0.3),
    ("MDA", "MD", "498", "Moldova", None, 2.5, 0.4),
    ("UKR", "UA", "804", "Ukraine", None, 37.0, 0.3),
    ("TUR", "TR", "792", "Türkiye", None, 85.3, 0.3),
]

#: Regions for some large countries (others have none); a quarter of their postings
#: still omit it, as real postings do.
REGIONS = {
    "DEU": ["North Rhine-Westphalia", "Bavaria", "Baden-Württemberg", "Lower Saxony", "Hesse", "Berlin",
            "Saxony", "Hamburg"],
    "FRA": ["Île-de-France", "Auvergne-Rhône-Alpes", "Nouvelle-Aquitaine", "Occitanie", "Hauts-de-France",
            "Provence-Alpes-Côte d'Azur"],
    "ESP": ["Madrid", "Catalonia", "Andalusia", "Valencian Community", "Basque Country"],
    "ITA": ["Lombardy", "Lazio", "Campania", "Veneto", "Emilia-Romagna", "Piedmont"],
    "POL": ["Masovia", "Silesia", "Greater Poland", "Lesser Poland"],
    "NLD": ["North Holland", "South Holland", "North Brabant", "Utrecht"],
    "GBR": ["London", "South East", "North West", "Scotland", "West Midlands", "Wales"],
}
REGION_MISSING = 0.25

#: Share of postings by ISCO major group (demo assumption: services and professionals heavy).
MAJOR_GROUP_WEIGHT = {"0": 0.005, "1": 0.06, "2": 0.22, "3": 0.15, "4": 0.10, "5": 0.18, "6": 0.02,
                      "7": 0.12, "8": 0.08, "9": 0.065}
ZIPF_EXPONENT = 1.05
#: Posting volume by calendar month (spring peak, summer and December dips).
SEASON = {1: 1.00, 2: 1.05, 3: 1.18, 4: 1.22, 5: 1.15, 6: 1.02, 7: 0.88, 8: 0.78, 9: 1.10, 10: 1.08,
          11: 0.98, 12: 0.68}
TREND_PER_MONTH = 0.006
WEEKDAY = np.array([1.0, 1.05, 1.05, 1.0, 0.95, 0.25, 0.15])  # Monday .. Sunday

# How often each written form is used (the rest of each vector's mass is spread below).
OCCUPATION_FORMS = (0.72, 0.10, 0.10, 0.08)          # URI, ESCO code, preferred label, alt label
COUNTRY_FORMS = (0.45, 0.20, 0.20, 0.05, 0.10)       # alpha-2, alpha-3, name, numeric, Eurostat/lower-case
SKILL_FORMS = (0.85, 0.10, 0.05)                     # URI, preferred label, alt label

SCHEMA = pa.schema([
    ("id", pa.string()),
    ("occupation", pa.string()),
    ("country", pa.string()),
    ("date", pa.string()),
    ("region", pa.string()),
    ("skills", pa.list_(pa.string())),
])

# --------------------------------------------------------------------------- posting details
# Title, employer, location, link and pay (issue 18): all invented, labelled as such.

#: Title variants: (prefix, suffix, pay factor, share). "{}" is the occupation label.
TITLE_VARIANTS = (("", "", 1.00, 0.46), ("Senior ", "", 1.25, 0.16), ("Junior ", "", 0.82, 0.10),
                  ("Lead ", "", 1.35, 0.05), ("", " (part-time)", 0.60, 0.07), ("Trainee ", "", 0.65, 0.04))
ALT_TITLE_SHARE = 0.12  # the rest: an alternative label of the occupation as the title
#: Words of the fictional employers' names by ISCO sub-major group (two digits), else by
#: major group (one digit).
EMPLOYER_WORDS = {
    "0": ("Defence Services", "Training Corps", "Garrison Supplies"),
    "1": ("Holdings", "Management Partners", "Group"),
    "14": ("Hotels", "Stores", "Hospitality Group"),
    "2": ("Consulting", "Partners", "Institute"),
    "21": ("Engineering", "Design Office", "Technologies"),
    "22": ("Clinic", "Health Centre", "Pharmacy"),
    "23": ("Academy", "School Trust", "College"),
    "24": ("Accounting", "Finance Partners", "Advisory"),
    "25": ("Systems", "Software", "Analytics", "Digital Labs"),
    "26": ("Law Office", "Legal Partners", "Chambers"),
    "3": ("Technical Services", "Solutions", "Labs"),
    "32": ("Pharmacy", "Care Clinic", "Medical Supplies"),
    "33": ("Office Services", "Property", "Finance Services"),
    "35": ("IT Services", "Helpdesk Solutions", "Systems"),
    "4": ("Office Services", "Contact Centre", "Administration"),
    "5": ("Services", "Retail", "Care Services"),
    "51": ("Hospitality", "Bistro", "Salon", "Hotels"),
    "52": ("Retail", "Stores", "Market"),
    "53": ("Care Services", "Kindergarten", "Home Care"),
    "54": ("Security", "Guarding Services", "Protection"),
    "6": ("Farms", "Gardens", "Forestry"),
    "7": ("Builders", "Installations", "Workshop"),
    "72": ("Metalworks", "Garage", "Workshop"),
    "74": ("Electrics", "Installations", "Energy Services"),
    "8": ("Logistics", "Transport", "Packaging"),
    "9": ("Facility Services", "Warehousing", "Couriers"),
}
EMPLOYER_STEMS = ("Demo Fictional", "Example Imaginary", "Placeholder Invented")
#: Legal form for the employers' names by country (else "Ltd").
LEGAL_FORM = {"AUT": "GmbH", "DEU": "GmbH", "CHE": "AG", "LIE": "AG", "FRA": "SAS", "BEL": "SRL", "LUX": "S.à r.l.",
              "ESP": "S.L.", "ITA": "S.r.l.", "PRT": "Lda.", "NLD": "B.V.", "POL": "sp. z o.o.", "CZE": "s.r.o.",
              "SVK": "s.r.o.", "HUN": "Kft.", "ROU": "S.R.L.", "SWE": "AB", "DNK": "ApS", "NOR": "AS", "FIN": "Oy",
              "EST": "OÜ", "LVA": "SIA", "LTU": "UAB", "SVN": "d.o.o.", "HRV": "d.o.o.", "SRB": "d.o.o.",
              "BIH": "d.o.o.", "MNE": "d.o.o.", "MKD": "DOOEL", "BGR": "EOOD", "GRC": "IKE", "TUR": "A.Ş.",
              "UKR": "TOV", "MDA": "SRL", "ALB": "sh.p.k.", "XKX": "L.L.C.", "ISL": "ehf.", "CYP": "Ltd",
              "MLT": "Ltd", "IRL": "Ltd", "GBR": "Ltd"}
#: Cities per country; for the countries with REGIONS, one per region in the same order (so a
#: posting's city lies in its region, or in one of them when the region is left out).
CITIES = {
    "AUT": ["Vienna", "Graz", "Linz", "Salzburg"], "BEL": ["Brussels", "Antwerp", "Ghent", "Liège"],
    "BGR": ["Sofia", "Plovdiv", "Varna"], "HRV": ["Zagreb", "Split", "Rijeka"], "CYP": ["Nicosia", "Limassol"],
    "CZE": ["Prague", "Brno", "Ostrava"], "DNK": ["Copenhagen", "Aarhus", "Odense"],
    "EST": ["Tallinn", "Tartu"], "FIN": ["Helsinki", "Espoo", "Tampere"],
    "FRA": ["Paris", "Lyon", "Bordeaux", "Toulouse", "Lille", "Marseille"],
    "DEU": ["Cologne", "Munich", "Stuttgart", "Hanover", "Frankfurt am Main", "Berlin", "Dresden", "Hamburg"],
    "GRC": ["Athens", "Thessaloniki", "Patras"], "HUN": ["Budapest", "Debrecen", "Szeged"],
    "IRL": ["Dublin", "Cork", "Galway"], "ITA": ["Milan", "Rome", "Naples", "Venice", "Bologna", "Turin"],
    "LVA": ["Riga", "Daugavpils"], "LTU": ["Vilnius", "Kaunas"], "LUX": ["Luxembourg", "Esch-sur-Alzette"],
    "MLT": ["Valletta", "Birkirkara"], "NLD": ["Amsterdam", "Rotterdam", "Eindhoven", "Utrecht"],
    "POL": ["Warsaw", "Katowice", "Poznań", "Kraków"], "PRT": ["Lisbon", "Porto", "Braga"],
    "ROU": ["Bucharest", "Cluj-Napoca", "Timișoara"], "SVK": ["Bratislava", "Košice"],
    "SVN": ["Ljubljana", "Maribor"], "ESP": ["Madrid", "Barcelona", "Seville", "Valencia", "Bilbao"],
    "SWE": ["Stockholm", "Gothenburg", "Malmö"], "ISL": ["Reykjavík"], "LIE": ["Vaduz", "Schaan"],
    "NOR": ["Oslo", "Bergen", "Trondheim"], "CHE": ["Zurich", "Geneva", "Basel", "Bern"],
    "GBR": ["London", "Reading", "Manchester", "Glasgow", "Birmingham", "Cardiff"],
    "ALB": ["Tirana", "Durrës"], "BIH": ["Sarajevo", "Banja Luka"], "MNE": ["Podgorica"],
    "MKD": ["Skopje", "Bitola"], "SRB": ["Belgrade", "Novi Sad", "Niš"], "XKX": ["Pristina", "Prizren"],
    "MDA": ["Chișinău", "Bălți"], "UKR": ["Kyiv", "Lviv", "Dnipro"], "TUR": ["Istanbul", "Ankara", "İzmir"],
}
#: ISO 4217 currency per country (EUR: the euro area, and Montenegro and Kosovo, which use it);
#: Bulgaria's lev until it joined the euro area on 2026-01-01.
CURRENCY = {"BGR": "BGN", "CZE": "CZK", "DNK": "DKK", "HUN": "HUF", "POL": "PLN", "ROU": "RON", "SWE": "SEK",
            "ISL": "ISK", "LIE": "CHF", "NOR": "NOK", "CHE": "CHF", "GBR": "GBP", "ALB": "ALL", "BIH": "BAM",
            "MKD": "MKD", "SRB": "RSD", "MDA": "MDL", "UKR": "UAH", "TUR": "TRY"}
EURO_FROM = {"BGR": "2026-01-01"}
#: Units of each currency per euro (rough 2025 rates; demo only).
PER_EURO = {"EUR": 1.0, "BGN": 1.96, "CZK": 25.0, "DKK": 7.46, "HUF": 400.0, "PLN": 4.3, "RON": 5.0,
            "SEK": 11.3, "ISK": 150.0, "CHF": 0.95, "NOK": 11.7, "GBP": 0.85, "ALL": 100.0, "BAM": 1.96,
            "MKD": 61.5, "RSD": 117.0, "MDL": 19.5, "UAH": 45.0, "TRY": 38.0}
#: Typical advertised yearly pay in euros by country (a rough demo assumption, not a statistic).
PAY_LEVEL_EUR = {"LUX": 60e3, "CHE": 85e3, "LIE": 85e3, "NOR": 60e3, "ISL": 58e3, "DNK": 58e3, "IRL": 50e3,
                 "BEL": 48e3, "NLD": 48e3, "AUT": 46e3, "DEU": 46e3, "FIN": 44e3, "SWE": 42e3, "GBR": 42e3,
                 "FRA": 40e3, "ITA": 32e3, "ESP": 28e3, "MLT": 26e3, "CYP": 26e3, "SVN": 24e3, "PRT": 20e3,
                 "EST": 21e3, "CZE": 20e3, "LTU": 19e3, "LVA": 17e3, "SVK": 17e3, "POL": 17e3, "GRC": 17e3,
                 "HRV": 16e3, "HUN": 14e3, "ROU": 12e3, "BGR": 10e3, "MNE": 10e3, "SRB": 10e3, "BIH": 9e3,
                 "TUR": 9e3, "MKD": 8e3, "ALB": 7e3, "XKX": 6e3, "MDA": 6e3, "UKR": 5e3}
#: Pay by ISCO major group, relative to the country's level.
PAY_BY_MAJOR_GROUP = {"0": 0.9, "1": 1.8, "2": 1.4, "3": 1.05, "4": 0.8, "5": 0.7, "6": 0.75, "7": 0.85,
                      "8": 0.8, "9": 0.65}
SALARY_SHARE = 0.85  # postings that state pay; the rest state none
SALARY_PERIOD_SHARE = (("year", 0.72), ("month", 0.22), ("hour", 0.06))
HOURS_PER_YEAR = 1_950
URL_PREFIX = "https://job-atlas.invalid/demo/jobs/"

DETAIL_FIELDS = [
    ("title", pa.string()), ("employer", pa.string()), ("location", pa.string()), ("url", pa.string()),
    ("salary_min", pa.float64()), ("salary_max", pa.float64()), ("currency", pa.string()),
    ("salary_period", pa.string()),
]
DETAILS_SCHEMA = pa.schema([*SCHEMA, *DETAIL_FIELDS])


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Model:
    """Everything that does not change between batches: vocabularies and probabilities."""

    def __init__(self, taxonomy: Taxonomy, *, seed: int, start: str, months: int, details: bool = True):
        occ = taxonomy.occupations
        if occ.empty:
            raise ValueError("the taxonomy has no occupations to generate postings for")
        # A separate stream for the fixed structure, so the model does not depend on batch size.
        rng = np.random.default_rng([seed, 0])
        n_occ = len(occ)
        uris = occ["occupation_uri"].to_numpy(dtype=object)
        occ_index = OccupationIndex(occ)

        # Occupation vocabulary: [uri, code, label, alt1, alt2, alt3] per occupation. Only
        # forms that resolve back to the same occupation are used (an alt label shared by
        # two occupations would be rejected as ambiguous, which is not the point here).
        slots = 6
        vocab = np.empty(n_occ * slots, dtype=object)
        for i, (uri, code, label, alts) in enumerate(occ[["occupation_uri", "code", "label", "alt_labels"]]
                                                     .itertuples(index=False)):
            good_alts = [a for a in alts.split("\n")
                         if a and a != label and occ_index.resolve(a, with_candidates=False).uri == uri]
            picks = [good_alts[j] for j in sorted(rng.permutation(len(good_alts))[:3])] if good_alts else []
            picks += [label] * (3 - len(picks))
            code_ok = code and occ_index.resolve(code, with_candidates=False).uri == uri
            vocab[i * slots:(i + 1) * slots] = [uri, code if code_ok else uri, label, *picks]
        self.occupation_vocab = pa.array(vocab, type=pa.string())
        alt_share = OCCUPATION_FORMS[3] / 3
        self.occupation_form_p = np.array([*OCCUPATION_FORMS[:3], alt_share, alt_share, alt_share])
        self.occupation_slots = slots

        # Occupation mix: Zipf within each major group, groups weighted.
        major = occ["isco_group"].str[:1].to_numpy(dtype=object)
        weight = np.zeros(n_occ)
        for group, share in MAJOR_GROUP_WEIGHT.items():
            members = np.flatnonzero(major == group)
            if len(members):
                ranks = rng.permutation(len(members)) + 1
                zipf = 1.0 / ranks ** ZIPF_EXPONENT
                weight[members] = share * zipf / zipf.sum()
        unknown_group = weight == 0
        if unknown_group.all():
            weight[:] = 1.0
        elif unknown_group.any():  # occupations without a usable ISCO group: a small share
            weight[unknown_group] = weight[~unknown_group].min()
        self.occupation_p = weight / weight.sum()

        # Countries: population x online factor x per-occupation affinity.
        n_c = len(COUNTRIES)
        base = np.array([pop * factor for *_, pop, factor in COUNTRIES])
        groups = sorted(set(major))
        group_aff = {g: np.exp(rng.normal(0, 0.30, n_c)) for g in groups}
        occ_aff = np.exp(rng.normal(0, 0.35, (n_occ, n_c)))
        p = base[None, :] * occ_aff * np.stack([group_aff[g] for g in major])
        self.country_cum = np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1)
        self.country_cum[:, -1] = 1.0
        self.country_cum_flat = (self.country_cum + np.arange(n_occ)[:, None]).ravel()
        forms = []
        for iso3, iso2, numeric, name, eurostat, *_ in COUNTRIES:
            forms += [iso2, iso3, name, numeric or iso2, eurostat or name.lower()]
        self.country_vocab = pa.array(forms, type=pa.string())
        self.country_form_p = np.array(COUNTRY_FORMS)
        self.country_forms = len(COUNTRY_FORMS)

        # Regions.
        region_names, self.region_offset, self.region_count = [], np.zeros(n_c, np.int64), np.zeros(n_c, np.int64)
        for c, (iso3, *_) in enumerate(COUNTRIES):
            names = REGIONS.get(iso3, [])
            self.region_offset[c], self.region_count[c] = len(region_names), len(names)
            region_names += names
        self.region_vocab = pa.array(region_names, type=pa.string())

        # Days, with seasonality, trend and weekday pattern.
        try:
            first = np.datetime64(start, "M")
        except ValueError as exc:
            raise ValueError(f"start must be a month like 2024-11, got {start!r}") from exc
        if months < 1:
            raise ValueError(f"months must be at least 1, got {months}")
        days = np.arange(first.astype("datetime64[D]"), (first + months).astype("datetime64[D]"))
        month_index = (days.astype("datetime64[M]") - first).astype(int)
        calendar_month = (days.astype("datetime64[M]").astype(int) % 12) + 1
        weekday = (days.astype(int) + 3) % 7  # 1970-01-01 was a Thursday
        day_w = (np.array([SEASON[m] for m in calendar_month]) * (1 + TREND_PER_MONTH) ** month_index
                 * WEEKDAY[weekday])
        self.day_p = day_w / day_w.sum()
        self.day_vocab = pa.array(np.datetime_as_string(days, unit="D").tolist(), type=pa.string())
        self.months = [str(m) for m in np.unique(days.astype("datetime64[M]"))]

        # Skills: CSR lists of essential and optional skills per occupation.
        skills = taxonomy.skills
        n_s = len(skills)
        skill_pos = {uri: i for i, uri in enumerate(skills["skill_uri"])}
        occ_pos = {uri: i for i, uri in enumerate(uris)}
        rel = taxonomy.relations
        rel_occ = rel["occupation_uri"].map(occ_pos).to_numpy()
        rel_skill = rel["skill_uri"].map(skill_pos).to_numpy()
        known = ~(np.isnan(rel_occ.astype(float)) | np.isnan(rel_skill.astype(float)))
        rel_occ, rel_skill = rel_occ[known].astype(np.int64), rel_skill[known].astype(np.int64)
        essential = (rel["relation"].to_numpy() == "essential")[known]
        self.essential = self._csr(rel_occ[essential], rel_skill[essential], n_occ)
        self.optional = self._csr(rel_occ[~essential], rel_skill[~essential], n_occ)
        # Unrelated skills are drawn in proportion to how many occupations use them.
        self.any_skill = (rel_skill if len(rel_skill) else np.arange(n_s)).astype(np.int32)
        skill_index = SkillIndex(skills)
        alt_forms = []
        for uri, label, alts in skills[["skill_uri", "label", "alt_labels"]].itertuples(index=False):
            good = [a for a in alts.split("\n") if a and a != label and skill_index.resolve(a) == uri]
            alt_forms.append(good[int(rng.integers(len(good)))] if good else label)
        self.skill_vocab = pa.array(
            np.concatenate([skills["skill_uri"].to_numpy(dtype=object), skills["label"].to_numpy(dtype=object),
                            np.array(alt_forms, dtype=object)]), type=pa.string())
        self.n_skills = n_s
        self.details = details
        if details:
            self._details_model(occ, major, days, np.random.default_rng([seed, 3]))

    def _details_model(self, occ, major: np.ndarray, days: np.ndarray, rng: np.random.Generator) -> None:
        """Vocabularies for titles, employers, cities and pay (posting details, issue 18)."""
        n_occ = len(occ)
        # Titles: the variants of each occupation's label, then one of its alternative labels.
        slots = len(TITLE_VARIANTS) + 1
        titles = []
        for label, alts in occ[["label", "alt_labels"]].itertuples(index=False):
            others = [a for a in alts.split("\n") if a and a != label]
            titles += [_capitalised(f"{prefix}{label}{suffix}") for prefix, suffix, _, _ in TITLE_VARIANTS]
            titles.append(_capitalised(others[int(rng.integers(len(others)))] if others else label))
        self.title_vocab = pa.array(titles, type=pa.string())
        self.title_slots = slots
        self.title_cum = np.cumsum([share for *_, share in TITLE_VARIANTS] + [ALT_TITLE_SHARE])
        self.title_cum /= self.title_cum[-1]
        self.title_pay = np.array([factor for _, _, factor, _ in TITLE_VARIANTS] + [1.0])

        # Employers: fictional names by country and (sub-)major group ("Demo Fictional Systems GmbH").
        groups = sorted(EMPLOYER_WORDS)
        sub_major = occ["isco_group"].fillna("").str[:2].to_numpy(dtype=object)
        self.major_index = np.array([groups.index(s) if s in EMPLOYER_WORDS else
                                     groups.index(g) if g in EMPLOYER_WORDS else 0
                                     for s, g in zip(sub_major, major)], dtype=np.int64)
        names, self.employer_offset, self.employer_count = [], np.zeros((len(COUNTRIES), len(groups)), np.int64), \
            np.zeros((len(COUNTRIES), len(groups)), np.int64)
        for c, (iso3, *_) in enumerate(COUNTRIES):
            form = LEGAL_FORM.get(iso3, "Ltd")
            for g, group in enumerate(groups):
                these = [f"{stem} {word} {form}" for word in EMPLOYER_WORDS[group] for stem in EMPLOYER_STEMS]
                self.employer_offset[c, g], self.employer_count[c, g] = len(names), len(these)
                names += these
        self.employer_vocab = pa.array(names, type=pa.string())

        # Cities: one per region (same order) where the country has regions.
        cities, self.city_offset, self.city_count = [], np.zeros(len(COUNTRIES), np.int64), \
            np.zeros(len(COUNTRIES), np.int64)
        for c, (iso3, *_) in enumerate(COUNTRIES):
            self.city_offset[c], self.city_count[c] = len(cities), len(CITIES[iso3])
            cities += CITIES[iso3]
        self.city_vocab = pa.array(cities, type=pa.string())

        # Pay: country level (euros) x major group x a fixed per-occupation factor; the currency
        # of the country on the posting's day (two slots per country: before / from EURO_FROM).
        self.pay_level = np.array([PAY_LEVEL_EUR[iso3] for iso3, *_ in COUNTRIES])
        self.occupation_pay = (np.array([PAY_BY_MAJOR_GROUP.get(g, 1.0) for g in major])
                               * np.exp(rng.normal(0, 0.12, n_occ)))
        codes = []
        self.euro_from_day = np.full(len(COUNTRIES), len(days), dtype=np.int64)
        for c, (iso3, *_) in enumerate(COUNTRIES):
            codes += [CURRENCY.get(iso3, "EUR"), "EUR" if iso3 in EURO_FROM else CURRENCY.get(iso3, "EUR")]
            if iso3 in EURO_FROM:
                self.euro_from_day[c] = int(np.searchsorted(days, np.datetime64(EURO_FROM[iso3], "D")))
        self.currency_vocab = pa.array(codes, type=pa.string())
        self.currency_rate = np.array([PER_EURO[code] for code in codes])
        self.period_vocab = pa.array([period for period, _ in SALARY_PERIOD_SHARE], type=pa.string())
        self.period_cum = np.cumsum([share for _, share in SALARY_PERIOD_SHARE])
        self.period_divisor = np.array([{"year": 1.0, "month": 12.0, "hour": HOURS_PER_YEAR}[period]
                                        for period, _ in SALARY_PERIOD_SHARE])

    @staticmethod
    def _csr(rows: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        order = np.argsort(rows, kind="stable")
        count = np.bincount(rows, minlength=n)
        ptr = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int32)
        return ptr, count.astype(np.int32), values[order].astype(np.int32)


def _ids(first: int, n: int, width: int) -> pa.Array:
    """"demo-000000001" ... built as one byte buffer (a Python f-string per row is 10x slower)."""
    prefix = np.frombuffer(b"demo-", dtype=np.uint8)
    numbers = np.arange(first, first + n, dtype=np.int64)
    digits = (numbers[:, None] // 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)) % 10
    chars = np.empty((n, len(prefix) + width), dtype=np.uint8)
    chars[:, :len(prefix)] = prefix
    chars[:, len(prefix):] = digits + ord("0")
    size = chars.shape[1]
    offsets = np.arange(0, (n + 1) * size, size, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars.tobytes()))


def _pick(rng: np.random.Generator, cum: np.ndarray, n: int) -> np.ndarray:
    return np.minimum(np.searchsorted(cum, rng.random(n)), len(cum) - 1)


def _batch(model: _Model, rng: np.random.Generator, first: int, n: int, width: int,
           details_rng: np.random.Generator | None = None) -> pa.RecordBatch:
    occupation = _pick(rng, np.cumsum(model.occupation_p), n)
    occ_form = _pick(rng, np.cumsum(model.occupation_form_p), n)
    occupations = model.occupation_vocab.take(pa.array(occupation * model.occupation_slots + occ_form))

    # Country given the occupation: inverse CDF on that occupation's row. Row i of the
    # flattened CDF is shifted by i, so one searchsorted serves every row without
    # materialising a (rows x countries) matrix.
    n_c = model.country_cum.shape[1]
    at = np.searchsorted(model.country_cum_flat, occupation + rng.random(n))
    country = np.clip(at - occupation * n_c, 0, n_c - 1)
    country_form = _pick(rng, np.cumsum(model.country_form_p), n)
    countries = model.country_vocab.take(pa.array(country * model.country_forms + country_form))

    day = _pick(rng, np.cumsum(model.day_p), n)
    dates = model.day_vocab.take(pa.array(day))

    has_regions = model.region_count[country] > 0
    # Earlier regions in each list are the bigger ones: weight ~ 1/rank.
    r = rng.random(n)
    count = np.maximum(model.region_count[country], 1)
    region_rank = np.floor((count + 1) ** r).astype(np.int64) - 1  # P(rank j) ~ log((j+2)/(j+1))
    region_rank = np.clip(region_rank, 0, count - 1)
    region_missing = ~has_regions | (rng.random(n) < REGION_MISSING)
    region_idx = pa.array(model.region_offset[country] + region_rank, mask=region_missing)
    regions = model.region_vocab.take(region_idx) if len(model.region_vocab) else pa.nulls(n, pa.string())

    skills = _skills(model, rng, occupation, n)
    ids = _ids(first, n, width)
    columns = [ids, occupations, countries, dates, regions, skills]
    if not model.details:
        return pa.RecordBatch.from_arrays(columns, schema=SCHEMA)
    details = _details(model, details_rng, ids, occupation, country, region_rank, day)
    return pa.RecordBatch.from_arrays(columns + details, schema=DETAILS_SCHEMA)


def _round3(values: np.ndarray) -> np.ndarray:
    """Rounded to three significant figures, as advertised pay is (41,300; 3,450; 21.4)."""
    step = 10.0 ** (np.floor(np.log10(np.maximum(values, 1.0))) - 2)
    return np.round(np.round(values / step) * step, 2)  # the second round: no 21.400000000000002


def _details(model: _Model, rng: np.random.Generator, ids: pa.Array, occupation: np.ndarray, country: np.ndarray,
             region_rank: np.ndarray, day: np.ndarray) -> list[pa.Array]:
    """title, employer, location, url, salary_min, salary_max, currency, salary_period."""
    n = len(occupation)
    variant = np.minimum(np.searchsorted(model.title_cum, rng.random(n)), model.title_slots - 1)
    titles = model.title_vocab.take(pa.array(occupation * model.title_slots + variant))

    count = model.employer_count[country, model.major_index[occupation]]
    employer = model.employer_offset[country, model.major_index[occupation]] + (rng.random(n) * count).astype(np.int64)
    employers = model.employer_vocab.take(pa.array(employer))

    # The region's city where the country has regions (region_rank is drawn even when the
    # region is left out), else any of the country's cities.
    cities = model.city_count[country]
    within = np.where(model.region_count[country] > 0, region_rank, (rng.random(n) * cities).astype(np.int64))
    locations = model.city_vocab.take(pa.array(model.city_offset[country] + np.minimum(within, cities - 1)))

    urls = pc.binary_join_element_wise(URL_PREFIX, ids, "")

    currency = country * 2 + (day >= model.euro_from_day[country])
    period = np.minimum(np.searchsorted(model.period_cum, rng.random(n)), len(model.period_divisor) - 1)
    middle = (model.pay_level[country] * model.occupation_pay[occupation] * model.title_pay[variant]
              * np.exp(rng.normal(0, 0.15, n)) * model.currency_rate[currency] / model.period_divisor[period])
    spread = rng.uniform(0.05, 0.30, n)
    no_salary = rng.random(n) >= SALARY_SHARE
    salary_min = pa.array(_round3(middle * (1 - spread / 2)), mask=no_salary)
    salary_max = pa.array(_round3(middle * (1 + spread / 2)), mask=no_salary)
    currencies = model.currency_vocab.take(pa.array(currency, mask=no_salary))
    periods = model.period_vocab.take(pa.array(period, mask=no_salary))
    return [titles, employers, locations, urls, salary_min, salary_max, currencies, periods]


SKILL_CHUNK = 250_000  # rows per skills matrix: bounds the (rows x MAX_SKILLS) temporaries


def _skills(model: _Model, rng: np.random.Generator, occupation: np.ndarray, n: int) -> pa.Array:
    """About eight distinct skills per posting (list array), built in chunks of rows."""
    values, counts = [], []
    for first in range(0, n, SKILL_CHUNK):
        chunk_values, chunk_counts = _skill_chunk(model, rng, occupation[first:first + SKILL_CHUNK])
        values.append(chunk_values)
        counts.append(chunk_counts)
    values = np.concatenate(values) if values else np.zeros(0, np.int64)
    counts = np.concatenate(counts) if counts else np.zeros(0, np.int64)
    form = _pick(rng, np.cumsum(SKILL_FORMS), len(values))
    strings = model.skill_vocab.take(pa.array(values + form * model.n_skills))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), strings)


def _skill_chunk(model: _Model, rng: np.random.Generator, occupation: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Skill indices (flat, in draw order) and per-row counts for a chunk of postings.

    Each row draws ``DRAWS`` candidate skills with replacement (essential / optional /
    unrelated by share), then keeps its first ``k`` distinct ones in draw order: close
    to sampling without replacement, but vectorised over a (rows x DRAWS) matrix.
    """
    n = len(occupation)
    k = np.clip(1 + rng.poisson(SKILLS_PER_POSTING - 1, n), 1, MAX_SKILLS)
    e_ptr, e_cnt, e_val = model.essential
    o_ptr, o_cnt, o_val = model.optional
    ne, no = e_cnt[occupation][:, None], o_cnt[occupation][:, None]
    kind_u = rng.random((n, DRAWS), dtype=np.float32)
    pick_u = rng.random((n, DRAWS), dtype=np.float32)
    unrelated = kind_u < UNRELATED_SHARE
    want_essential = kind_u < UNRELATED_SHARE + (1 - UNRELATED_SHARE) * ESSENTIAL_SHARE
    use_essential = ~unrelated & (ne > 0) & (want_essential | (no == 0))
    use_optional = ~unrelated & ~use_essential & (no > 0)
    # int32 skill indices: half the memory and sort time of int64 (ESCO has ~14k skills).
    empty = np.iinfo(np.int32).max
    chosen = np.full((n, DRAWS), empty, dtype=np.int32)
    if len(e_val):
        at = np.minimum(e_ptr[occupation][:, None] + (pick_u * ne).astype(np.int32), len(e_val) - 1)
        chosen = np.where(use_essential, e_val[at], chosen)
    if len(o_val):
        at = np.minimum(o_ptr[occupation][:, None] + (pick_u * no).astype(np.int32), len(o_val) - 1)
        chosen = np.where(use_optional, o_val[at], chosen)
    if len(model.any_skill):
        other = model.any_skill[(pick_u * len(model.any_skill)).astype(np.int32) % len(model.any_skill)]
        chosen = np.where(unrelated, other, chosen)
    # First occurrence of each skill in a row: stable sort keeps the earliest draw first.
    order = np.argsort(chosen, axis=1, kind="stable")
    ranked = np.take_along_axis(chosen, order, axis=1)
    first = ranked != empty
    first[:, 1:] &= ranked[:, 1:] != ranked[:, :-1]
    distinct = np.zeros_like(first)
    np.put_along_axis(distinct, order, first, axis=1)
    keep = distinct & (np.cumsum(distinct, axis=1, dtype=np.int8) <= k[:, None])
    return chosen[keep].astype(np.int64), keep.sum(axis=1)


def generate_postings(taxonomy: Taxonomy, *, count: int, seed: int = 7, start: str = "2024-11",
                      months: int = 24, batch_size: int = DEFAULT_BATCH,
                      details: bool = True) -> Iterator[pa.RecordBatch]:
    """Yield demo postings as Arrow record batches (columns of ``DETAILS_SCHEMA``, or of
    ``SCHEMA`` with ``details=False``).

    Parameters
    ----------
    taxonomy : Taxonomy
        Occupations, skills and relations to draw from (demo or real ESCO).
    count : int
        Number of postings in total.
    seed : int
        Same seed and arguments -> same postings.
    start, months : str, int
        First month ("YYYY-MM") and number of months the dates cover.
    batch_size : int
        Rows per batch (memory grows with it, about 0.5 GB per million rows).
    details : bool
        Also write the posting details: title, employer, location, url and, for most
        postings, salary_min / salary_max / currency / salary_period. They are drawn from a
        random stream of their own, so the other columns are the same either way.
    """
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    model = _Model(taxonomy, seed=seed, start=start, months=months, details=details)
    rng = np.random.default_rng([seed, 1])
    details_rng = np.random.default_rng([seed, 2])
    width = max(9, len(str(count)))
    for first in range(0, count, batch_size):
        yield _batch(model, rng, first + 1, min(batch_size, count - first), width, details_rng)


def infer_format(path: Path) -> Format:
    """parquet, csv or jsonl from the file name (a trailing .gz is allowed for csv/jsonl)."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    formats = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
               ".json": "jsonl"}
    if last not in formats:
        raise ValueError(f"cannot tell the output format of {path}: use .parquet, .csv or .jsonl "
                         "(or pass fmt / --format)")
    return formats[last]


def _csv_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    at = batch.schema.get_field_index("skills")
    columns = [pc.binary_join(column, "|") if i == at else column for i, column in enumerate(batch.columns)]
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def _jsonl_lines(batch: pa.RecordBatch) -> bytes:
    frame = batch.to_pandas()
    frame["skills"] = frame["skills"].map(list)
    text = frame.to_json(orient="records", lines=True, force_ascii=False)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def write_postings(path: Path | str, taxonomy: Taxonomy, *, count: int, seed: int = 7,
                   fmt: Format | None = None, start: str = "2024-11", months: int = 24,
                   batch_size: int = DEFAULT_BATCH, details: bool = True) -> Path:
    """Generate ``count`` postings into ``path`` (Parquet, CSV or JSON Lines) and return it.

    The format comes from the file name unless ``fmt`` is given. Parquet keeps ``skills``
    as a list column; CSV joins them with "|"; a ``.gz`` suffix compresses CSV/JSONL.
    The file is written to ``<path>.partial`` and renamed when complete.
    """
    path = Path(path)
    fmt = fmt or infer_format(path)
    if fmt not in ("parquet", "csv", "jsonl"):
        raise ValueError(f"fmt must be parquet, csv or jsonl, got {fmt!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    gz = path.suffix.lower() == ".gz"
    batches = generate_postings(taxonomy, count=count, seed=seed, start=start, months=months,
                                batch_size=batch_size, details=details)
    schema = DETAILS_SCHEMA if details else SCHEMA
    try:
        if fmt == "parquet":
            with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
                for batch in batches:
                    writer.write_batch(batch)
                    del batch  # so the next batch is not built while this one is still held
        elif fmt == "csv":
            sink = pa.CompressedOutputStream(str(partial), "gzip") if gz else pa.OSFile(str(partial), "wb")
            with sink, pacsv.CSVWriter(sink, pa.schema([f if f.name != "skills" else pa.field("skills", pa.string())
                                                       for f in schema])) as writer:
                for batch in batches:
                    writer.write_batch(_csv_batch(batch))
                    del batch
        else:
            opener = gzip.open if gz else open
            with opener(partial, "wb") as sink:
                for batch in batches:
                    sink.write(_jsonl_lines(batch))
                    del batch
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="generate_postings.py",
        description="Generate demo job postings (Demo data — generated, not real postings).")
    parser.add_argument("--esco", action="append", type=Path, default=[], metavar="PATH",
                        help="ESCO bundle: zip, folder of CSVs or folder of zips (repeatable); "
                             "default: the demo taxonomy")
    parser.add_argument("--postings-count", type=int, required=True, metavar="N", help="number of postings")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help="output file: .parquet, .csv, .csv.gz, .jsonl or .jsonl.gz")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--format", choices=["parquet", "csv", "jsonl"], help="override the format from --out")
    parser.add_argument("--start", default="2024-11", help="first month, YYYY-MM (default 2024-11)")
    parser.add_argument("--months", type=int, default=24, help="number of months (default 24)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, help="rows per batch (default 1000000)")
    parser.add_argument("--no-details", action="store_true",
                        help="leave out the posting details (title, employer, location, url, salary columns)")
    args = parser.parse_args(argv)
    if args.postings_count < 0:
        parser.error("--postings-count must be >= 0")
    try:
        fmt = args.format or infer_format(args.out)
        taxonomy = load_taxonomy(args.esco) if args.esco else load_demo_taxonomy()
        out = write_postings(args.out, taxonomy, count=args.postings_count, seed=args.seed, fmt=fmt,
                             start=args.start, months=args.months, batch_size=args.batch_size,
                             details=not args.no_details)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # TaxonomyError and friends carry a user-facing message
        from dashboard.errors import JobAtlasError

        if isinstance(exc, JobAtlasError):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        raise
    print(f"wrote {args.postings_count:,} postings ({taxonomy.source}) to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`python -m dashboard export` as a scheduled report runs it: a subprocess, no browser session."""
from __future__ import annotations

import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from dashboard.exports import browser
from helpers import REPO_ROOT, run_cli
from test_exports import INJECTED_LABEL, build_small_cube


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m dashboard export ARGS`` as a scheduled report runs it."""
    return run_cli("export", *args, env=env)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return build_small_cube(tmp_path_factory.mktemp("export-cli"))


needs_chromium = pytest.mark.skipif(bool(browser.chromium_available()), reason=str(browser.chromium_available()))


def check_png(data: bytes) -> None:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")


def check_svg(data: bytes) -> None:
    assert ET.fromstring(data).tag.endswith("svg")


def check_pdf(data: bytes) -> None:
    assert data.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(data)).pages) == 1


def check_csv(data: bytes) -> None:
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert frame.columns[0] == "rank" and "'" + INJECTED_LABEL in frame["skill"].tolist()


def check_xlsx(data: bytes) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["B1"].value == "skill"
    # openpyxl reads a formula back as its text too: the cell type tells text from formula.
    [cell] = [c for c in sheet["B"] if c.value == INJECTED_LABEL]
    assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize(
    "fmt, check",
    [
        pytest.param("png", check_png, marks=needs_chromium),
        pytest.param("svg", check_svg, marks=needs_chromium),
        pytest.param("pdf", check_pdf, marks=needs_chromium),
        ("csv", check_csv),
        ("xlsx", check_xlsx),
    ],
)
def test_export_each_format(data_dir, tmp_path, fmt, check):
    out = tmp_path / f"skills.{fmt}"
    done = run("--occupation", "Software Developer", "--country", "DE", "--format", fmt, "--chart", "skills",
               "--out", str(out), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    check(out.read_bytes())


def test_export_into_a_folder_uses_the_standard_name(data_dir, tmp_path):
    done = run("--occupation", "2512.4", "--format", "csv", "--chart", "trend", "--from", "2024-02",
               "--out", str(tmp_path), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    written = tmp_path / "jobs-trend_software-developer_2024-02_2024-06.csv"
    assert done.stdout.strip() == str(written)
    assert pd.read_csv(written, encoding="utf-8-sig")["month"].tolist() == ["2024-02", "2024-03", "2024-04",
                                                                           "2024-05", "2024-06"]


@needs_chromium
def test_export_report(data_dir, tmp_path):
    out = tmp_path / "report.pdf"
    done = run("--occupation", "software developer", "--format", "pdf", "--chart", "report", "--out", str(out),
               "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    assert len(PdfReader(out).pages) == 5


@pytest.mark.parametrize(
    "args, message",
    [
        (["--occupation", "softwar"], "Closest matches:"),
        (["--occupation", "programmer"], "is ambiguous"),
        (["--occupation", "electrician", "--country", "Atlantis"], "unknown country"),
        # The closest country names, as query and jobs give them (one View of the flags, issue 13).
        (["--occupation", "electrician", "--country", "Germny"], "Closest matches: Germany (DEU)"),
        (["--occupation", "electrician", "--from", "2024-1"], "expected a month as YYYY-MM"),
        (["--occupation", "electrician", "--from", "2024-05", "--to", "2024-01"], "is after"),
        (["--occupation", "electrician", "--chart", "report"], "use --format pdf"),
    ],
)
def test_bad_usage_exits_2_with_a_message(data_dir, tmp_path, args, message):
    defaults = {"--chart": "map", "--format": "csv", "--out": str(tmp_path / "x.csv")}
    for flag, value in defaults.items():
        if flag not in args:
            args = [*args, flag, value]
    done = run(*args, "--data-dir", str(data_dir))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_closest_matches_are_listed(data_dir, tmp_path):
    done = run("--occupation", "softwar", "--format", "csv", "--chart", "map", "--out", str(tmp_path / "x.csv"),
               "--data-dir", str(data_dir))
    assert "software developer  (https://fixture.invalid/occupation/software-developer)" in done.stderr


def test_missing_chromium_exits_1_with_the_reason(data_dir, tmp_path):
    done = run("--occupation", "electrician", "--format", "png", "--chart", "map", "--out", str(tmp_path / "m.png"),
               "--data-dir", str(data_dir), env={"BROWSER_PATH": str(tmp_path / "no-chromium")})
    assert done.returncode == 1
    assert "apt-get install -y chromium" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "m.png").exists()


def test_missing_chromium_does_not_stop_data_exports(data_dir, tmp_path):
    out = tmp_path / "m.xlsx"
    done = run("--occupation", "electrician", "--format", "xlsx", "--chart", "map", "--out", str(out),
               "--data-dir", str(data_dir), env={"BROWSER_PATH": str(tmp_path / "no-chromium")})
    assert done.returncode == 0, done.stderr
    assert openpyxl.load_workbook(out).worksheets[0]["A2"].value == "France"


def test_export_is_in_the_cli_help():
    done = subprocess.run([sys.executable, "-m", "dashboard", "--help"], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60)
    assert "export" in done.stdout

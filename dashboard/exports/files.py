"""One export as the Export menu and ``python -m dashboard export`` ask for it: its file name and bytes.

:func:`export` sends a request to the right maker: a chart as PNG/SVG/PDF
(:mod:`~dashboard.exports.charts` drawn by :mod:`~dashboard.exports.browser`), its data as
CSV/XLSX (:mod:`~dashboard.exports.tables`), the list of available jobs (CSV/XLSX) or the PDF
report (:mod:`~dashboard.exports.report`). Every one of them takes the same
:class:`~dashboard.view.View`, checked once where it was built.
"""
from __future__ import annotations

from dashboard.reading.cube import Cube
from dashboard.errors import UsageError
from dashboard.exports.browser import figure_bytes
from dashboard.exports.charts import chart_figure
from dashboard.exports.names import (ADVERTISED_PAY, CHART_NAMES, CHARTS, DATA_FORMATS, FORMATS, IMAGE_FORMATS,
                                     JOBS_LIST, PANEL, RELATED, export_basename)
from dashboard.exports.subjects import check_applies, subject_name
from dashboard.exports.tables import about_rows, data_frame_for, jobs_about_rows, jobs_frame, to_csv_bytes, \
    to_xlsx_bytes
from dashboard.view import View

#: The report's entry in the menu and ``--chart report`` on the command line.
REPORT = "report"


def export(cube: Cube, view: View, *, chart: str, fmt: str) -> tuple[str, bytes]:
    """File name and content of one export of ``view``: a chart (:data:`CHARTS`) in any of
    :data:`FORMATS`, the list of jobs (:data:`JOBS_LIST`) as CSV/XLSX, or the report as PDF.

    Raises
    ------
    UsageError
        Unknown chart or format.
    ExportUnavailable
        An image format without a working Chromium.
    UsageError
        Also an export that does not apply to the view's subject (issue 15: the skill breakdown
        of an ISCO group, a skill's trend...), with a sentence naming the subject and why.
    """
    check_applies(cube, view, chart)
    if chart == JOBS_LIST:
        return export_jobs_file(cube, fmt, view)
    if chart == ADVERTISED_PAY:
        return export_pay_file(cube, fmt, view)
    if chart == RELATED:
        return export_related_file(cube, fmt, view)
    if chart == PANEL:
        return export_panel_file(cube, fmt, view)
    if chart == REPORT:
        from dashboard.exports.report import build_report_pdf, report_filename

        if fmt != "pdf":
            raise UsageError(f"the report is a PDF: use format pdf (not {fmt})")
        return report_filename(cube, view), build_report_pdf(cube, view)
    return export_file(cube, chart, fmt, view)


def export_filename(cube: Cube, chart: str, fmt: str, view: View) -> str:
    """``jobs-map_computer-vision-engineer_2025-01_2025-12.png`` (country added when scoped)."""
    country = view.country if chart in ("skills", "trend") else None
    return f"{export_basename(chart, subject_name(cube, view), view.start, view.end, country=country)}.{fmt}"


def export_file(cube: Cube, chart: str, fmt: str, view: View) -> tuple[str, bytes]:
    """File name and content of one chart export: the chart as png/svg/pdf, or its data as csv/xlsx.

    Raises
    ------
    UsageError
        Unknown chart or format.
    ExportUnavailable
        An image format without a working Chromium.
    """
    if chart not in CHARTS:
        raise UsageError(f"chart {chart!r}: expected one of {', '.join(CHARTS)}")
    if fmt not in FORMATS:
        raise UsageError(f"format {fmt!r}: expected one of {', '.join(FORMATS)}")
    name = export_filename(cube, chart, fmt, view)
    if fmt in IMAGE_FORMATS:
        return name, figure_bytes(chart_figure(cube, chart, view), fmt)
    frame = data_frame_for(cube, chart, view)
    if fmt == "csv":
        return name, to_csv_bytes(frame)
    return name, to_xlsx_bytes(frame, sheet_name=CHART_NAMES[chart], about=about_rows(cube, chart, view))


def _data_file(fmt: str, *, exports: str, stem: str, frame, sheet: str, about) -> tuple[str, bytes]:
    """A data-only export: ``stem.fmt`` holding ``frame()`` as CSV, or as XLSX with an ``about()`` sheet.

    ``exports`` names the export in the refusal of another format ("advertised pay exports")."""
    if fmt not in DATA_FORMATS:
        raise UsageError(f"format {fmt!r}: {exports} as {' or '.join(DATA_FORMATS)}")
    name = f"{stem}.{fmt}"
    if fmt == "csv":
        return name, to_csv_bytes(frame())
    return name, to_xlsx_bytes(frame(), sheet_name=sheet, about=about())


def export_jobs_file(cube: Cube, fmt: str, view: View) -> tuple[str, bytes]:
    """File name and content of the listed jobs as CSV or XLSX:
    ``available-jobs_software-developer_deu_2024-03_2024-04.csv``."""
    return _data_file(fmt, exports="the list of jobs exports", sheet="Available jobs",
                      stem=export_basename(JOBS_LIST, subject_name(cube, view), view.start, view.end,
                                           country=view.country),
                      frame=lambda: jobs_frame(cube, view), about=lambda: jobs_about_rows(cube, view))


def export_pay_file(cube: Cube, fmt: str, view: View) -> tuple[str, bytes]:
    """File name and content of the advertised pay (issue 18) as CSV or XLSX:
    ``advertised-pay_software-developer_2024-03_2024-04.csv`` (every country)."""
    from dashboard.exports.tables import pay_about_rows, pay_frame

    return _data_file(fmt, exports="advertised pay exports", sheet="Advertised pay",
                      stem=export_basename(ADVERTISED_PAY, subject_name(cube, view), view.start, view.end),
                      frame=lambda: pay_frame(cube, view), about=lambda: pay_about_rows(cube, view))


def export_related_file(cube: Cube, fmt: str, view: View) -> tuple[str, bytes]:
    """File name and content of the related occupations (issue 14) as CSV or XLSX:
    ``related-occupations_software-developer_deu_2024-03_2024-04.csv`` (jobs in the view's country)."""
    from dashboard.exports.tables import related_about_rows, related_frame

    return _data_file(fmt, exports="related occupations export", sheet="Related occupations",
                      stem=export_basename(RELATED, subject_name(cube, view), view.start, view.end,
                                           country=view.country),
                      frame=lambda: related_frame(cube, view), about=lambda: related_about_rows(cube, view))


def export_panel_file(cube: Cube, fmt: str, view: View) -> tuple[str, bytes]:
    """File name and content of the country panel's lists of an ISCO group, a skill or all
    occupations (issue 15) as CSV or XLSX: ``country-panel_isco-25-..._pol_2024-03_2024-04.csv``."""
    from dashboard.exports.subjects import panel_frame
    from dashboard.exports.tables import panel_about_rows

    return _data_file(fmt, exports="the country panel exports", sheet="Country panel",
                      stem=export_basename(PANEL, subject_name(cube, view), view.start, view.end,
                                           country=view.country),
                      frame=lambda: panel_frame(cube, view), about=lambda: panel_about_rows(cube, view))

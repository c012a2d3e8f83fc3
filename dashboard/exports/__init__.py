"""Exports for reports: charts as PNG/SVG/PDF (kaleido + the system Chromium), data as CSV/XLSX,
the list of available jobs and the one-click PDF report (issue 5).

- :mod:`.names`: charts, formats, file names, the source line (no plotly, no browser);
- :mod:`.browser`: the headless Chromium's lifecycle on its own event-loop thread;
- :mod:`.charts`: a chart decorated to stand alone (title, period, units, source);
- :mod:`.tables`: the data behind each chart, and the CSV/XLSX writers;
- :mod:`.report`: the PDF report (cover page + every chart);
- :mod:`.files`: one export's file name and bytes, as the menu and the CLI ask for it.

Every export takes a :class:`dashboard.view.View`.
"""

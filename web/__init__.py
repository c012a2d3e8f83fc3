"""The app's HTTP wiring: security headers, compressed static files and the routes Dash does not
serve itself. Flask-side code that app.py installs; the domain (``dashboard/``) knows nothing of it."""

"""Entry point: `python app.py` serves on HOST:PORT; `app:server` is the WSGI app for gunicorn."""

import sys

from dashboard import create_app
from data_access.settings import load_settings
from data_access.store import StoreNotReady

# Exit status for a store that is missing or not migrated: gunicorn's "App failed to load", so
# gunicorn stops too instead of starting workers again and again.
STORE_NOT_READY = 4

try:
    app = create_app()
except StoreNotReady as refusal:  # one line, no traceback: what is wrong and the command to run
    print(f"error: {refusal}", file=sys.stderr, flush=True)
    raise SystemExit(STORE_NOT_READY) from None
server = app.server

if __name__ == "__main__":
    from dashboard.warm import warm_up

    settings = load_settings()
    site = f"http://{settings.host}:{settings.port}"
    print(f"Caches warmed in {warm_up(app, site):.1f} s. Serving on {site}")
    app.run(host=settings.host, port=settings.port, debug=False)

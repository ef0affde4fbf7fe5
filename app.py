"""Entry point: `python app.py` serves on HOST:PORT; `app:server` is the WSGI app for gunicorn."""

from dashboard import create_app
from data_access.settings import load_settings

app = create_app()
server = app.server

if __name__ == "__main__":
    from dashboard.warm import warm_up

    settings = load_settings()
    site = f"http://{settings.host}:{settings.port}"
    print(f"Caches warmed in {warm_up(app, site):.1f} s. Serving on {site}")
    app.run(host=settings.host, port=settings.port, debug=False)

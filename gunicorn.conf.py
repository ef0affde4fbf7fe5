"""gunicorn settings for `make serve` and the benchmark: `gunicorn -c gunicorn.conf.py app:server`.

Threaded workers (gthread): a client that is slow to send its request, or never finishes it,
holds one thread of one worker, not the worker, and the others go on serving. How many workers
and threads, and the timeouts, are settings (data_access/settings.py `WebServer`, README). Put a
reverse proxy in front in production (README, "Deploying"): it reads whole requests before
passing them on, so slow clients never reach gunicorn.
"""

import os

from data_access.settings import web_server

_server = web_server()
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
workers = _server.workers
worker_class = "gthread"
threads = _server.threads
timeout = _server.timeout
graceful_timeout = _server.timeout
keepalive = _server.keepalive


def post_worker_init(worker):
    """Each worker renders every page once before it takes requests (see dashboard/warm.py)."""
    if worker.app.app_uri != "app:server":
        return  # another app served with these settings (bench/reference_app.py)
    import app  # already imported by this worker to load app:server
    from dashboard.warm import warm_up

    worker.log.info("caches warmed in %.1f s", warm_up(app.app, f"http://{bind}"))

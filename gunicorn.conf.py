"""gunicorn settings for `make serve` and the benchmark: `gunicorn -c gunicorn.conf.py app:server`."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))


def post_worker_init(worker):
    """Each worker renders every page once before it takes requests (see dashboard/warm.py)."""
    if worker.app.app_uri != "app:server":
        return  # another app served with these settings (bench/reference_app.py)
    import app  # already imported by this worker to load app:server
    from dashboard.warm import warm_up

    worker.log.info("caches warmed in %.1f s", warm_up(app.app, f"http://{bind}"))

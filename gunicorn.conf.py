"""gunicorn for Schakel (docs/deployment.md). gunicorn reads this file from the working directory;
every value can be overridden from the environment, e.g. GUNICORN_WORKERS=8.

Sync workers: a page is short database work, and a worker per core pair keeps PostgreSQL's
connections bounded (workers × nodes ≤ max_connections). The reverse proxy in front buffers slow
clients, so a sync worker never waits on a slow network."""
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
worker_class = "sync"
# A page that takes longer than this is killed and logged; the proxy's own timeout should be longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then, so a slow leak in a library never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# No gunicorn access log: it writes the full URL with its query string (a search for a name or BSN).
# Schakel logs one JSON line per request itself, with the route pattern only (core/verzoeklog.py).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "warning")
# The proxy sets X-Forwarded-For/-Proto; trust them only from the proxy's address.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Each worker loads the application itself: nothing opened at start-up (a database or Redis
# connection) is shared between forked processes. A settings error (a missing SECRET_KEY or log key)
# still stops gunicorn at once: a worker that cannot boot ends the master.
preload_app = False
wsgi_app = "schakel.wsgi:application"

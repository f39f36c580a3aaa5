# Schakel as a container image: gunicorn behind the house's reverse proxy (docs/deployment.md).
# Build: docker build -t schakel .    Run: see docs/deployment.md for the environment it needs.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SCHAKEL_HOME=/app \
    SCHAKEL_VAR_DIR=/app/var \
    GUNICORN_BIND=0.0.0.0:8000

# pg_dump / pg_restore for `schakel backup` and `schakel restore`; they must be at least the major
# version of the database server (schakel backup says so when they are not).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin schakel
WORKDIR /app

# Dependencies exactly as locked, then Schakel itself.
COPY pyproject.toml requirements.lock README.md ./
COPY src ./src
RUN pip install -c requirements.lock . && rm -rf src

COPY gunicorn.conf.py ./
# Static files are collected into the image; WhiteNoise serves them from there. The keys below exist
# only for this one command (settings refuse to load without them) and are not in the image.
RUN SECRET_KEY=alleen-voor-collectstatic \
    SCHAKEL_LOG_KEY=alleen-voor-collectstatic-bij-het-bouwen-xxxxxxxx \
    schakel collectstatic --noinput -v0 \
    && mkdir -p /app/var/logcontrolepunten \
    && chown -R schakel:schakel /app/var

USER schakel
EXPOSE 8000

# The load balancer's check, also for docker itself. The Host header must be one of ALLOWED_HOSTS.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].lstrip('.'); u.urlopen(u.Request('http://127.0.0.1:8000/gezond/', headers={'Host': h}), timeout=4)"

CMD ["gunicorn", "--config", "/app/gunicorn.conf.py"]

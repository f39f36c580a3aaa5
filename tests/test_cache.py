"""The duplicate-check limit counts in the cache; with several server processes that cache must be
shared, so production points it at Redis."""
import os
import subprocess
import sys

import pytest
from django.core.cache import caches


def _backend(env: dict) -> str:
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    omgeving = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    omgeving.update(DJANGO_SETTINGS_MODULE="schakel.test_settings", **env)
    return subprocess.run([sys.executable, "-c", code], env=omgeving, capture_output=True, text=True, check=True).stdout.strip()


def test_redis_url_gives_a_shared_cache_and_without_it_local_memory():
    assert _backend({"REDIS_URL": "redis://127.0.0.1:6379/1"}) == "django.core.cache.backends.redis.RedisCache"
    assert _backend({}) == "django.core.cache.backends.locmem.LocMemCache"


def test_two_processes_share_the_counter_in_redis():
    """Against the Redis of this machine (CI has one at 127.0.0.1:6379): what one process counts, the
    next one sees."""
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except Exception:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis draait niet op 127.0.0.1:6379")
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        "cache.add('schakel-test-teller', 0, 60); print(cache.incr('schakel-test-teller'))"
    )
    omgeving = {**os.environ, "DJANGO_SETTINGS_MODULE": "schakel.test_settings", "REDIS_URL": "redis://127.0.0.1:6379/15"}
    redis.Redis(host="127.0.0.1", port=6379, db=15).delete(":1:schakel-test-teller")
    uit = [subprocess.run([sys.executable, "-c", code], env=omgeving, capture_output=True, text=True, check=True).stdout.strip()
           for _ in range(2)]
    assert uit == ["1", "2"]
    assert caches["default"].__class__.__name__ == "LocMemCache"

"""Settings for the test suite: the real settings, with a throwaway key and cheap password hashing."""
import os

os.environ.setdefault("SCHAKEL_TESTING", "1")

from schakel.settings import *  # noqa: E402,F401,F403
from schakel.settings import PASSWORD_HASHERS as PRODUCTION_PASSWORD_HASHERS  # noqa: E402

# Argon2 costs ~50 ms per hash by design; the suite creates hundreds of users. Production keeps argon2
# (asserted in tests against PRODUCTION_PASSWORD_HASHERS).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PRODUCTION_PASSWORD_HASHERS]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The test client speaks plain http; production's redirect to https is asserted in tests/test_beveiliging.py.
SECURE_SSL_REDIRECT = False

# Checkpoints of the log chains go to a scratch directory, never into the working tree; tests that
# make checkpoints point this at their own tmp_path.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

SCHAKEL_LOG_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="schakel-controlepunten-"))

# Mail goes to django.core.mail.outbox, and queued tasks (the notification mails) run at once in the
# calling process, so a test sees the mail its commit caused.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405

# SQLite: a database file, not Django's default shared-cache in-memory database. pytest-django's live
# server is created before the test database exists, so its request threads do not share the test
# thread's connection; each opens its own connection to the shared in-memory cache, where SQLite locks
# whole tables and answers a conflicting write with "database table is locked" at once (the busy timeout
# does not apply to shared-cache locks). A browser test writing (logging in) while the server still
# reads the same table for another request failed now and then. A file has ordinary locking, so a
# writer waits (timeout and BEGIN IMMEDIATE from settings.py), as in the demo. On tmpfs when there is one.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import atexit  # noqa: E402
    import shutil  # noqa: E402

    _shm = Path("/dev/shm")
    _map = Path(tempfile.mkdtemp(prefix="schakel-testdb-", dir=_shm if _shm.is_dir() and os.access(_shm, os.W_OK) else None))
    atexit.register(shutil.rmtree, _map, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": str(_map / "test.sqlite3")}  # noqa: F405

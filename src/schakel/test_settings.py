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

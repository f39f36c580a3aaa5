"""Settings come from environment variables so one build serves the demo, CI and production."""
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("SCHAKEL_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("SCHAKEL_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("SCHAKEL_TESTING", False):
        raise RuntimeError("SECRET_KEY ontbreekt: zet de omgevingsvariabele SECRET_KEY (of DEBUG=1 voor de demo).")
    SECRET_KEY = "onveilig-alleen-voor-demo-en-tests"


def _logsleutels() -> list[str]:
    """The keys of the log chains (privacy.keten): the current one first, then earlier ones that older
    rows and checkpoints were signed with. They live outside the database, so someone who can only
    write the database cannot recompute a valid chain."""
    bestand = os.environ.get("SCHAKEL_LOG_KEY_FILE", "")
    if bestand:
        try:
            regels = Path(bestand).read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise RuntimeError(f"SCHAKEL_LOG_KEY_FILE is niet te lezen ({bestand}): {e.strerror}.") from None
        sleutels = [r.strip() for r in regels if r.strip() and not r.lstrip().startswith("#")]
    else:
        sleutels = [os.environ["SCHAKEL_LOG_KEY"]] if os.environ.get("SCHAKEL_LOG_KEY") else []
    if not sleutels:
        if not DEBUG and not env_bool("SCHAKEL_TESTING", False):
            raise RuntimeError(
                "De sleutel van het toegangslog ontbreekt: zet SCHAKEL_LOG_KEY of SCHAKEL_LOG_KEY_FILE (of DEBUG=1 voor de demo)."
            )
        sleutels = ["onveilig-logsleutel-alleen-voor-demo-en-tests"]
    if any(len(s) < 32 for s in sleutels):
        raise RuntimeError("Een sleutel van het toegangslog moet minstens 32 tekens lang zijn.")
    return sleutels


SCHAKEL_LOG_KEYS = _logsleutels()
# Signed checkpoints of the chain heads (`schakel logcontrolepunt`, daily): a directory the database
# user cannot write, ideally another machine or write-once storage. Optional: also mailed to these addresses.
SCHAKEL_LOG_CHECKPOINT_DIR = Path(os.environ.get("SCHAKEL_LOG_CHECKPOINT_DIR", VAR_DIR / "logcontrolepunten"))
# Who chains the access log's sealed rows (privacy.ketenaar): the page itself right after its commit
# (the default; nothing else needs to run), or only the separate writer `schakel logketenen --herhaal 1`
# (0; production with several workers: a page then only inserts its sealed rows, docs/deployment.md).
SCHAKEL_LOG_KETENEN_NA_COMMIT = env_bool("SCHAKEL_LOG_KETENEN_NA_COMMIT", True)
# On PostgreSQL a page sends its access-log rows over a second connection of its own and renders while
# the database writes them; they are committed before the page is answered (privacy.logschrijver). Each
# web worker process then keeps one more database connection. 0: every page writes its rows in line.
SCHAKEL_LOG_PARALLEL = env_bool("SCHAKEL_LOG_PARALLEL", True)
SCHAKEL_LOG_CHECKPOINT_MAIL = [a for a in os.environ.get("SCHAKEL_LOG_CHECKPOINT_MAIL", "").split(",") if a.strip()]

def _netwerksleutel() -> str:
    """The key the houses of the network share for the bekendheidscheck (docs/middenvelder.md): from
    SCHAKEL_NETWERK_SLEUTEL or the first line of the file in SCHAKEL_NETWERK_SLEUTEL_FILE. Never logged,
    never in the database, never sent to the middenvelder."""
    bestand = os.environ.get("SCHAKEL_NETWERK_SLEUTEL_FILE", "")
    if bestand:
        try:
            return Path(bestand).read_text(encoding="utf-8").strip().splitlines()[0].strip()
        except (OSError, IndexError):
            raise RuntimeError(f"SCHAKEL_NETWERK_SLEUTEL_FILE is niet te lezen of leeg ({bestand}).") from None
    return os.environ.get("SCHAKEL_NETWERK_SLEUTEL", "")


# Federated bekendheidscheck: off as long as no middenvelder is configured.
SCHAKEL_MIDDENVELDER_URL = os.environ.get("SCHAKEL_MIDDENVELDER_URL", "")
SCHAKEL_MIDDENVELDER_SLEUTEL = os.environ.get("SCHAKEL_MIDDENVELDER_SLEUTEL", "")
SCHAKEL_NETWERK_SLEUTEL = _netwerksleutel()
SCHAKEL_MIDDENVELDER_TIMEOUT = float(os.environ.get("SCHAKEL_MIDDENVELDER_TIMEOUT", "2"))
if SCHAKEL_MIDDENVELDER_URL and (not SCHAKEL_MIDDENVELDER_SLEUTEL or len(SCHAKEL_NETWERK_SLEUTEL) < 32):
    raise RuntimeError(
        "Voor de bekendheidscheck zijn SCHAKEL_MIDDENVELDER_SLEUTEL (de sleutel van dit huis) en "
        "SCHAKEL_NETWERK_SLEUTEL (minstens 32 tekens, gedeeld door de huizen) nodig."
    )

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The form widgets' own templates, so that templates/django/forms/ can replace one (FORM_RENDERER).
    "django.forms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    "django_q",
    "schakel.core",
    "schakel.gebruikers",
    "schakel.gemeenten",
    "schakel.partners",
    "schakel.personen",
    "schakel.overleggen",
    "schakel.meldingen",
    "schakel.uitvragen",
    "schakel.briefing",
    "schakel.casussen",
    "schakel.plannen",
    "schakel.monitoring",
    "schakel.notificaties",
    "schakel.opschaling",
    "schakel.zsm",
    "schakel.bekendheid",
    "schakel.avg",
    "schakel.privacy",
    "schakel.historie",
    "schakel.effectmeting",
    "schakel.koppelingen",
    "schakel.rapportage",
    "schakel.beheer",
]

MIDDLEWARE = [
    "schakel.core.verzoeklog.VerzoekLogMiddleware",
    # No response before the access-log rows of its request are committed: on PostgreSQL a page's rows
    # are written beside it while it renders (privacy.logschrijver).
    "schakel.privacy.logschrijver.LogschrijverMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "schakel.core.middleware.NietBewarenMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "schakel.gebruikers.tweestap_middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "schakel.core.middleware.LoginRequiredMiddleware",
    "schakel.core.middleware.OngeldigeInvoerMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Widgets render with the project's template engine: templates/django/forms/widgets/select.html
# replaces Django's select (one render per option) with an inline one.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "schakel.urls"
WSGI_APPLICATION = "schakel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schakel.core.context_processors.rollen",
            ],
        },
    }
]

# SQLite under var/ is the embedded default for the demo; production and CI set DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'schakel.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Take the write lock at the start of a transaction, so concurrent writers (web server and the
    # task worker in the demo) wait for each other instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages run short queries. PostgreSQL's JIT compiles any plan it estimates as costly (a partner's
    # need-to-know subqueries over every case) and spent ~150 ms doing so on a 20 ms count
    # (docs/performance.md, case list); without it every such query simply runs.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # A kept connection is checked before a new request uses it: after a database restart or failover
    # the first page of every worker reconnects instead of failing (bench/herstart.py).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "gebruikers.Gebruiker"
AUTHENTICATION_BACKENDS = [
    # Axes' and Django's own, each finding the user of a session again with his organisation and
    # roles in one query (gebruikers/backends.py).
    "schakel.gebruikers.backends.AxesBackend",
    "schakel.gebruikers.backends.WachtwoordBackend",
    # Does nothing unless an OIDC callback calls it with a provider (gebruikers/oidc.py).
    "schakel.gebruikers.oidc.OidcBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "inloggen"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "inloggen"

# Single sign-on with the organisation's own identity provider (OpenID Connect), off unless configured.
# Provider 1 reads OIDC_*, further providers OIDC2_*, OIDC3_* … Each names the organisations (codes)
# that trust it: a user of that provider can only reach an account of one of those organisations.
# Roles are still granted in Schakel; see docs (Inloggen met de eigen organisatie).
OIDC_VERPLICHT = ("ISSUER", "CLIENT_ID", "CLIENT_SECRET", "AUTHORIZATION_ENDPOINT", "TOKEN_ENDPOINT", "JWKS_ENDPOINT",
                  "ORGANISATIES")


def _oidc_aanbieders() -> dict[str, dict]:
    aanbieders = {}
    for n in range(1, 10):
        prefix = "OIDC_" if n == 1 else f"OIDC{n}_"
        if not os.environ.get(prefix + "ISSUER"):
            continue
        ontbreekt = [prefix + k for k in OIDC_VERPLICHT if not os.environ.get(prefix + k, "").strip()]
        if ontbreekt:
            raise RuntimeError(f"Inloggen via de eigen organisatie: zet ook {', '.join(ontbreekt)}.")

        def lijst(naam):
            return [w.strip() for w in os.environ.get(prefix + naam, "").split(",") if w.strip()]

        aanbieders[str(n)] = {
            "naam": os.environ.get(prefix + "NAAM", "uw organisatie"),
            "issuer": os.environ[prefix + "ISSUER"].strip(),
            "client_id": os.environ[prefix + "CLIENT_ID"].strip(),
            "client_secret": os.environ[prefix + "CLIENT_SECRET"].strip(),
            "authorization_endpoint": os.environ[prefix + "AUTHORIZATION_ENDPOINT"].strip(),
            "token_endpoint": os.environ[prefix + "TOKEN_ENDPOINT"].strip(),
            "jwks_endpoint": os.environ[prefix + "JWKS_ENDPOINT"].strip(),
            # Optional: where Schakel's logout also ends the session at the provider (RP-initiated
            # logout). Without it, logging out ends the Schakel session only.
            "end_session_endpoint": os.environ.get(prefix + "END_SESSION_ENDPOINT", "").strip() or None,
            "sign_algo": os.environ.get(prefix + "SIGN_ALGO", "RS256"),
            "scopes": os.environ.get(prefix + "SCOPES", "openid"),
            "organisaties": lijst("ORGANISATIES"),
            # acr values this provider uses for a login with more than one factor; amr "mfa" always counts.
            "mfa_acr": lijst("MFA_ACR"),
        }
    return aanbieders


def _uitlog_bronnen(aanbieders: dict[str, dict]) -> list[str]:
    """The origins of the providers' end-session endpoints: the logout form's POST is redirected
    there, and a browser lets a form redirect only to what the page's form-action allows."""
    bronnen = []
    for a in aanbieders.values():
        if a.get("end_session_endpoint"):
            deel = urlsplit(a["end_session_endpoint"])
            bron = f"{deel.scheme}://{deel.netloc}"
            if bron not in bronnen:
                bronnen.append(bron)
    return bronnen


SCHAKEL_OIDC_AANBIEDERS = _oidc_aanbieders()
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "10"))

# Idle expiry: every request renews the cookie, so the session ends after this many idle seconds.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
# The idle deadline moves with use, written at most once a minute (gebruikers/sessie.py).
SESSION_ENGINE = "schakel.gebruikers.sessie"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Production speaks HTTPS only: every http:// request is redirected, and browsers remember for a
# year (HSTS, subdomains included) so a network attacker cannot strip TLS on a later visit. Behind
# a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1, and only if that proxy overwrites
# X-Forwarded-Proto (otherwise a client could claim https itself).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Allows submitting the domain to the browsers' preload list; the house decides whether to submit.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# The load balancer asks the health endpoint over plain http inside the network (docs/deployment.md).
SECURE_REDIRECT_EXEMPT = [r"^gezond/$"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Brute-force lockout (django-axes). An account is locked per pair of account and address, never for
# everyone: otherwise anyone who knows the ZSM desk's username could lock the desk out by typing wrong
# passwords. Repeated failures of one pair are slowed down first (LOGIN_VERTRAGING_*, a growing wait
# enforced by the login form), and one address that sprays many accounts is refused as a whole after
# LOGIN_IP_LIMIET failures (gebruikers/forms.py).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "gebruikers/geblokkeerd.html"
LOGIN_VERTRAGING_VANAF = 3  # from the third failure of a pair on, wait 2, 4, 8 … seconds
LOGIN_VERTRAGING_MAX = 300
LOGIN_IP_LIMIET = int(os.environ.get("LOGIN_IP_LIMIET", "30"))
AXES_VERBOSE = False
# The one-time code and state of an OIDC callback are not kept with a failed attempt.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "state"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'", *_uitlog_bronnen(SCHAKEL_OIDC_AANBIEDERS)],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "nl"
# Dutch only: the screens are not translated, and a page must say the language it is in (WCAG 3.1.1).
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves from the finders in the demo; the folder only has to exist for collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Melding descriptions are long prose, but a form post far beyond that is refused before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024

# Application logs never carry personal data: the access log in the database is the place for that.
# Production writes one JSON object per line (core/verzoeklog.py): a line per request with its route
# pattern, status and duration, never its query or body; BSN-like numbers are masked in every message.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "tekst" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"geen_persoonsgegevens": {"()": "schakel.core.verzoeklog.GeenPersoonsgegevensFilter"}},
    "formatters": {
        "json": {"()": "schakel.core.verzoeklog.JsonOpmaak"},
        "tekst": {"format": "%(asctime)s %(levelname)s %(name)s [%(verzoek_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT if LOG_FORMAT in ("json", "tekst") else "json",
            "filters": ["geen_persoonsgegevens"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"schakel.verzoeken": {"level": os.environ.get("LOG_VERZOEKEN", "INFO")}},
}

# Factsheets show counts from 1 up to this threshold as '<5' (and hide more so they cannot be
# recomputed). Configuration, not a URL parameter: a report may raise it, never lower it.
RAPPORTAGE_DREMPEL = int(os.environ.get("RAPPORTAGE_DREMPEL", "5"))

# Daily feeds (koppelingen): how alike two names must be (rapidfuzz, 0-100) for a feed row without a
# known BSN. At or above AUTOMATISCH with the same birth date the melding is linked to the known
# person; from VOORSTEL up (or a birth date with one typo) it goes to the review queue; below it the
# row is a new person. Why these values: docs/koppelingen.md.
FEED_KOPPEL_AUTOMATISCH = int(os.environ.get("FEED_KOPPEL_AUTOMATISCH", "96"))
FEED_KOPPEL_VOORSTEL = int(os.environ.get("FEED_KOPPEL_VOORSTEL", "85"))

SCHAKEL_DEMO_PASSWORD = "Schakel-demo-2026"
# Demo only: every demo user's authenticator shares this TOTP secret (base32), published in the README.
SCHAKEL_DEMO_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
OTP_TOTP_ISSUER = "Schakel"

# E-mail: the console in the demo, SMTP settings from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "schakel@localhost")
SCHAKEL_URL = os.environ.get("SCHAKEL_URL", "http://127.0.0.1:8000")
# The link a user gets to set his own password (a beheerder never sets one) works once, for a day.
PASSWORD_RESET_TIMEOUT = 24 * 3600
# API tokens expire; the beheerder may choose a shorter or longer term up to the maximum.
API_TOKEN_GELDIG_DAGEN = int(os.environ.get("API_TOKEN_GELDIG_DAGEN", "90"))
API_TOKEN_MAX_DAGEN = 365

# An invitation to a meeting opens the case of its agenda item from the meeting's start until this
# many days later; after that only a lasting involvement (action, casushouder, inbrenger) does.
SCHAKEL_UITNODIGING_DAGEN = int(os.environ.get("SCHAKEL_UITNODIGING_DAGEN", "30"))

# Counters that must hold across server processes (the duplicate-check rate limit) live in the cache:
# Redis in production (REDIS_URL, e.g. redis://127.0.0.1:6379/1), local memory for the single-process
# demo and the tests.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background and scheduled work (django-q2): the database as broker, so the demo needs nothing else;
# production may point it at Redis with Q_REDIS_URL.
Q_CLUSTER = {
    "name": "schakel",
    "workers": int(os.environ.get("Q_WORKERS", "1")),
    "timeout": 300,
    "retry": 600,
    "catch_up": False,
    # The ORM broker polls the database; every few seconds is plenty for daily reminders and keeps
    # SQLite free for the web server in the demo.
    "poll": 5,
    "orm": "default",
}
if os.environ.get("Q_REDIS_URL"):
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = os.environ["Q_REDIS_URL"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "schakel.core.api.ApiTokenAuthentication",
        "schakel.core.api.VerifiedSessionAuthentication",
    ],
    # A token opens only the API areas in its scopes (core/api.py TokenScope).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "schakel.core.api.TokenScope"],
    "DEFAULT_SCHEMA_CLASS": "schakel.core.api_schema.SchakelAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Every error as RFC 9457 problem details with Dutch messages (core/api_fouten.py).
    "EXCEPTION_HANDLER": "schakel.core.api_fouten.uitzonderingen",
    # The filters validate with the list screens' own forms (core/api_lijst.py).
    "DEFAULT_FILTER_BACKENDS": [],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Schakel API",
    "DESCRIPTION": "API voor ketenpartners van het Zorg- en Veiligheidshuis. Elke vraag wordt gelogd.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Every operation documents the problem answers it can give (core/api_schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "schakel.core.api_schema.problemen"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MeldingStatusEnum": "schakel.meldingen.models.Melding.Status",
        "MeldingKanaalEnum": "schakel.meldingen.models.Melding.Kanaal",
        "TerugkoppelingKanaalEnum": "schakel.meldingen.models.Terugkoppeling.Kanaal",
        "CasusStatusEnum": "schakel.casussen.models.Casus.Status",
        "ActieStatusEnum": "schakel.plannen.models.Actie.Status",
        "UitvraagStatusEnum": "schakel.uitvragen.models.InformatieUitvraag.Status",
    },
}

"""Loading the signed-in user on every request: one query for the account, its organisation and its
roles, where the default backends need three (the account; the organisation for the menu and the
access log's snapshot; the roles for every authorisation check), and its SQL built once per process
(core.vaste_query) rather than on every page. Each backend that can start a session (these two and
gebruikers.oidc.OidcBackend) finds its user again through `laad_gebruiker`, so what a request knows
of its user is the same whichever way he signed in, and a disabled account has no session anywhere."""
from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.db.models import OuterRef, Subquery, TextField

from schakel.core.vaste_query import VasteQuery

from .models import Gebruiker, GebruikerRol


class RollenTekst(Subquery):
    """The user's roles as one comma-separated text, read in the same query as the user."""

    output_field = TextField()

    def __init__(self):
        super().__init__(GebruikerRol.objects.filter(gebruiker=OuterRef("pk")).values("rol"))

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = self.query.as_sql(compiler, connection)
        return f"ARRAY_TO_STRING(ARRAY({sql}), ',')", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = self.query.as_sql(compiler, connection)
        return f"(SELECT GROUP_CONCAT(rol, ',') FROM ({sql}))", params


_GEBRUIKER = VasteQuery(
    lambda pk: Gebruiker.objects.select_related("organisatie").annotate(_rollen=RollenTekst()).filter(pk=pk, is_active=True),
    (int,),
)


def laad_gebruiker(user_id) -> Gebruiker | None:
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    user = _GEBRUIKER.eerste(user_id)
    if user is not None:
        # Filled here, so `rollen` (a cached property) asks nothing more in this request.
        user.__dict__["rollen"] = frozenset(r for r in (user._rollen or "").split(",") if r)
    return user


class WachtwoordBackend(ModelBackend):
    """Password sign-in (with TOTP as the second step, gebruikers/tweestap.py)."""

    def get_user(self, user_id):
        return laad_gebruiker(user_id)


class AxesBackend(AxesStandaloneBackend):
    """Refuses a sign-in from an address that failed too often; signs nobody in itself."""

    def get_user(self, user_id):
        return laad_gebruiker(user_id)

"""Logging in with the organisation's own identity provider (OpenID Connect).

mozilla-django-oidc exchanges the code and checks the ID token's signature (the provider's JWKS) and
nonce; this module adds what Schakel needs on top of that:
- several providers, each from its own block of settings (SCHAKEL_OIDC_AANBIEDERS);
- the token must come from the expected issuer and be meant for Schakel (iss, aud), which the library
  does not check;
- the provider's user is found by issuer and `sub` (Identiteitskoppeling), never by e-mail address,
  and only if his Schakel organisation trusts that provider;
- nobody is created: an unknown identity is refused with a Dutch message, and so is a disabled account.
  Roles stay with Schakel's four-eyes procedure.

A refusal is handed to the view as `request.oidc_weigering`; the view sends user_login_failed, which
django-axes records like a failed password (as "oidc:<provider>", never the provider's identifiers for
the person), without locking anyone out (see oidc_views.terug)."""
import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify

from schakel.privacy.services import log_mutatie

from .backends import laad_gebruiker
from .models import Identiteitskoppeling

logger = logging.getLogger(__name__)

# amr values (RFC 8176) that say the provider itself asked for more than one factor.
MFA_AMR = frozenset({"mfa"})

ONBEKEND = (
    "U bent bij uw organisatie ingelogd, maar dat account is nog niet aan een Schakel-account gekoppeld. "
    "Log één keer in met uw Schakel-gebruikersnaam, wachtwoord en code uit uw app en koppel daarna "
    "uw organisatie-account. Hebt u nog geen Schakel-account? Vraag het aan bij de functioneel "
    "beheerder van het Zorg- en Veiligheidshuis."
)
UITGESCHAKELD = (
    "Uw Schakel-account is uitgeschakeld. Neem contact op met de functioneel beheerder van het "
    "Zorg- en Veiligheidshuis."
)
ANDERE_ORGANISATIE = (
    "Dit organisatie-account hoort niet bij de organisatie van uw Schakel-account. Log in via de "
    "aanbieder van uw eigen organisatie."
)
ONGELDIG = "Het antwoord van uw organisatie kon niet worden gecontroleerd. Probeer opnieuw in te loggen."
ONBEREIKBAAR = "De inlogdienst van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw."


class Weigering(Exception):
    def __init__(self, bericht: str, reden: str):
        super().__init__(bericht)
        self.bericht = bericht
        # A short code for the application log and the tests; carries nothing about the person.
        self.reden = reden


def aanbieders() -> dict[str, dict]:
    return settings.SCHAKEL_OIDC_AANBIEDERS


def aanbieder(sleutel: str) -> dict | None:
    return aanbieders().get(sleutel)


def aanbieders_voor(gebruiker) -> dict[str, dict]:
    """The providers trusted by this user's organisation: the ones he may link."""
    code = gebruiker.organisatie.code if gebruiker.organisatie_id else None
    return {k: a for k, a in aanbieders().items() if code in a["organisaties"]}


def heeft_mfa(aanbieder: dict, claims: dict) -> bool:
    """Whether the provider asserts in its ID token that this login used more than one factor."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(MFA_AMR & set(amr)) or (claims.get("acr") in aanbieder["mfa_acr"])


class OidcBackend(OIDCAuthenticationBackend):
    """An authentication backend that answers only an OIDC callback (oidc_aanbieder given). It is in
    AUTHENTICATION_BACKENDS so that a session it started finds its user again (get_user)."""

    def __init__(self, *args, **kwargs):
        # The library's constructor reads one provider from global settings; the provider is chosen
        # per login here (_configureer).
        self.UserModel = get_user_model()

    def _configureer(self, aanbieder: dict) -> None:
        self.OIDC_OP_TOKEN_ENDPOINT = aanbieder["token_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = aanbieder["jwks_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = None
        self.OIDC_RP_CLIENT_ID = aanbieder["client_id"]
        self.OIDC_RP_CLIENT_SECRET = aanbieder["client_secret"]
        self.OIDC_RP_SIGN_ALGO = aanbieder["sign_algo"]
        self.OIDC_RP_IDP_SIGN_KEY = None

    def retrieve_matching_jwk(self, token):
        """The provider's signing key for this token. The library insists on a key id (kid) in the
        token; a provider that signs with a single key may leave it out (RFC 7515), and then its one
        signing key of the token's algorithm is the key."""
        kopje = jwt.get_unverified_header(token)
        antwoord = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=self.get_settings("OIDC_TIMEOUT", 10))
        antwoord.raise_for_status()
        sleutels = [
            k for k in antwoord.json().get("keys", [])
            if k.get("use", "sig") == "sig" and k.get("alg", kopje.get("alg")) == kopje.get("alg")
        ]
        if "kid" in kopje:
            sleutels = [k for k in sleutels if k.get("kid") == kopje["kid"]]
        if len(sleutels) != 1:
            raise SuspiciousOperation("Geen eenduidige ondertekeningssleutel bij de aanbieder.")
        return jwt.PyJWK(sleutels[0])

    def claims(self, request, aanbieder: dict, nonce: str, code_verifier: str | None) -> dict:
        """Exchange the callback's code for tokens and return the checked ID token's claims."""
        self.request = request
        self._configureer(aanbieder)
        code = request.GET.get("code")
        if not code:
            raise Weigering(ONGELDIG, "geen_code")
        data = {
            "client_id": aanbieder["client_id"],
            "client_secret": aanbieder["client_secret"],
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": absolutify(request, reverse("oidc_terug")),
        }
        if code_verifier:
            data["code_verifier"] = code_verifier
        try:
            tokens = self.get_token(data)
            id_token = tokens.get("id_token")
            if not id_token:
                raise Weigering(ONGELDIG, "geen_id_token")
            claims = self.verify_token(id_token, nonce=nonce)
            # Kept only for the logout at the provider (id_token_hint), see oidc_views.Uitloggen.
            self.id_token = id_token
        except requests.HTTPError:
            raise Weigering(ONGELDIG, "code_geweigerd") from None
        except requests.RequestException:
            raise Weigering(ONBEREIKBAAR, "onbereikbaar") from None
        except (SuspiciousOperation, ValueError, KeyError, jwt.PyJWTError):
            # A bad signature, an expired token, a nonce that is not this session's.
            raise Weigering(ONGELDIG, "token_ongeldig") from None
        aud = claims.get("aud")
        if claims.get("iss") != aanbieder["issuer"]:
            raise Weigering(ONGELDIG, "verkeerde_issuer")
        if aanbieder["client_id"] not in (aud if isinstance(aud, list) else [aud]):
            raise Weigering(ONGELDIG, "verkeerde_aud")
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise Weigering(ONGELDIG, "geen_sub")
        return claims

    def authenticate(self, request, oidc_aanbieder=None, nonce=None, code_verifier=None, **kwargs):
        if oidc_aanbieder is None or request is None:
            return None
        gegevens = aanbieder(oidc_aanbieder)
        try:
            if gegevens is None:
                raise Weigering(ONGELDIG, "onbekende_aanbieder")
            claims = self.claims(request, gegevens, nonce, code_verifier)
            koppeling = koppeling_voor(gegevens, claims)
        except Weigering as w:
            logger.warning("OIDC-inlog geweigerd: aanbieder=%s reden=%s", oidc_aanbieder, w.reden)
            request.oidc_weigering = w
            return None
        request.oidc_koppeling = koppeling
        request.oidc_id_token = self.id_token
        request.oidc_mfa = heeft_mfa(gegevens, claims)
        return koppeling.user

    def get_user(self, user_id):
        return laad_gebruiker(user_id)


def uitlog_adres(request, sleutel: str, id_token: str | None) -> str | None:
    """Where the browser goes to end the session at the provider too (OpenID Connect RP-initiated
    logout), back to Schakel's login page afterwards; None when the provider offers no such endpoint."""
    gegevens = aanbieder(sleutel)
    if gegevens is None or not gegevens.get("end_session_endpoint"):
        return None
    params = {"client_id": gegevens["client_id"], "post_logout_redirect_uri": absolutify(request, reverse("inloggen"))}
    if id_token:
        params["id_token_hint"] = id_token
    adres = gegevens["end_session_endpoint"]
    return f"{adres}{'&' if '?' in adres else '?'}{urlencode(params)}"


def koppeling_voor(aanbieder: dict, claims: dict) -> Identiteitskoppeling:
    """The Schakel account this provider's user may log in to, or a Weigering saying why not."""
    koppeling = (
        Identiteitskoppeling.objects.select_related("user__organisatie")
        .filter(issuer=aanbieder["issuer"], sub=claims["sub"])
        .first()
    )
    if koppeling is None:
        raise Weigering(ONBEKEND, "onbekend")
    gebruiker = koppeling.user
    if not gebruiker.is_active:
        raise Weigering(UITGESCHAKELD, "uitgeschakeld")
    # Checked at every login, not only when linking: the trust list in the settings may have changed.
    if not gebruiker.organisatie_id or gebruiker.organisatie.code not in aanbieder["organisaties"]:
        raise Weigering(ANDERE_ORGANISATIE, "andere_organisatie")
    return koppeling


@transaction.atomic
def koppel(gebruiker, sleutel: str, claims: dict) -> Identiteitskoppeling:
    """The logged-in user links his own account at a provider his organisation trusts."""
    gegevens = aanbieder(sleutel)
    if gegevens is None or sleutel not in aanbieders_voor(gebruiker):
        raise ValidationError(ANDERE_ORGANISATIE)
    bestaand = Identiteitskoppeling.objects.filter(issuer=gegevens["issuer"], sub=claims["sub"]).first()
    if bestaand is not None:
        if bestaand.user_id == gebruiker.pk:
            return bestaand
        raise ValidationError("Dit organisatie-account is al aan een ander Schakel-account gekoppeld.")
    if Identiteitskoppeling.objects.filter(user=gebruiker, issuer=gegevens["issuer"]).exists():
        raise ValidationError("Uw Schakel-account is al aan een ander account bij deze organisatie gekoppeld.")
    try:
        with transaction.atomic():
            koppeling = Identiteitskoppeling.objects.create(
                user=gebruiker, name=f"Inloggen via {gegevens['naam']}"[:64], issuer=gegevens["issuer"], sub=claims["sub"]
            )
    except IntegrityError:
        raise ValidationError("Dit organisatie-account is al aan een ander Schakel-account gekoppeld.") from None
    # The FG sees it among the account changes, like a role change.
    log_mutatie(gebruiker, koppeling, None)
    return koppeling

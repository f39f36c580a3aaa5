"""Accounts, roles and API tokens. One transaction per action, and every action lands in Schakel's
change log (privacy.services.log_mutatie), where the FG sees it.

The rules (design §4): nobody changes their own roles; a role that sees case content takes effect only
after a second person confirms it; a beheerder never sets a password, the user gets a link to set one."""
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from schakel.privacy.services import log_mutatie, waarden

from .models import ApiToken, ApiTokenGebruik, Gebruiker, GebruikerRol, Rolvoorstel
from .rollen import BEOORDELAARS, VIER_OGEN_ROLLEN, Rol

EIGEN_ROLLEN = "U kunt uw eigen rollen niet wijzigen. Vraag een andere functioneel beheerder."
EIGEN_VOORSTEL = "U hebt dit voorstel zelf gedaan; een tweede persoon moet het beoordelen."
OVER_UZELF = "Dit voorstel gaat over uzelf; een ander moet het beoordelen."
# The account fields whose changes the FG sees; never the password hash.
ACCOUNTVELDEN = ("username", "first_name", "last_name", "email", "organisatie", "is_active")


def _vereis_beheerder(door) -> None:
    if not door.heeft_rol(Rol.FUNCTIONEEL_BEHEERDER):
        raise PermissionDenied


def _ken_toe(door, voorstel: Rolvoorstel) -> None:
    toekenning, nieuw = GebruikerRol.objects.get_or_create(gebruiker=voorstel.gebruiker, rol=voorstel.rol)
    if nieuw:
        log_mutatie(door, toekenning, None)


@transaction.atomic
def stel_rol_voor(*, door, gebruiker: Gebruiker, rol: str, toelichting: str = "") -> Rolvoorstel:
    """A beheerder proposes a role. Roles outside VIER_OGEN_ROLLEN take effect at once."""
    _vereis_beheerder(door)
    if gebruiker.pk == door.pk:
        raise ValidationError(EIGEN_ROLLEN)
    if rol not in Rol.values:
        raise ValidationError("Kies een rol uit de lijst.")
    if GebruikerRol.objects.filter(gebruiker=gebruiker, rol=rol).exists():
        raise ValidationError(f"{gebruiker} heeft de rol {Rol(rol).label} al.")
    if Rolvoorstel.objects.filter(gebruiker=gebruiker, rol=rol, status=Rolvoorstel.Status.OPEN).exists():
        raise ValidationError(f"Er wacht al een voorstel om {gebruiker} de rol {Rol(rol).label} te geven.")
    voorstel = Rolvoorstel.objects.create(gebruiker=gebruiker, rol=rol, toelichting=toelichting, voorgesteld_door=door)
    log_mutatie(door, voorstel, None)
    if rol not in VIER_OGEN_ROLLEN:
        oud = waarden(voorstel)
        voorstel.status = Rolvoorstel.Status.BEVESTIGD
        voorstel.beoordeeld_op = timezone.now()
        voorstel.save(update_fields=["status", "beoordeeld_op"])
        log_mutatie(door, voorstel, oud)
        _ken_toe(door, voorstel)
    return voorstel


def kan_beoordelen(user, voorstel: Rolvoorstel) -> bool:
    return (
        voorstel.status == Rolvoorstel.Status.OPEN
        and bool(user.rollen & BEOORDELAARS)
        and user.pk not in (voorstel.voorgesteld_door_id, voorstel.gebruiker_id)
    )


@transaction.atomic
def beoordeel_voorstel(*, door, voorstel: Rolvoorstel, bevestigen: bool, reden: str = "") -> Rolvoorstel:
    """The second person confirms (the role takes effect now) or rejects (nothing changes)."""
    voorstel = Rolvoorstel.objects.select_for_update().get(pk=voorstel.pk)
    if not door.rollen & BEOORDELAARS:
        raise PermissionDenied
    if voorstel.status != Rolvoorstel.Status.OPEN:
        raise ValidationError("Over dit voorstel is al besloten.")
    if door.pk == voorstel.voorgesteld_door_id:
        raise ValidationError(EIGEN_VOORSTEL)
    if door.pk == voorstel.gebruiker_id:
        raise ValidationError(OVER_UZELF)
    if not bevestigen and not reden.strip():
        raise ValidationError("Geef een reden waarom u het voorstel afwijst.")
    oud = waarden(voorstel)
    voorstel.status = Rolvoorstel.Status.BEVESTIGD if bevestigen else Rolvoorstel.Status.AFGEWEZEN
    voorstel.beoordeeld_door = door
    voorstel.beoordeeld_op = timezone.now()
    voorstel.reden = "" if bevestigen else reden.strip()
    voorstel.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op", "reden"])
    log_mutatie(door, voorstel, oud)
    if bevestigen:
        _ken_toe(door, voorstel)
    return voorstel


@transaction.atomic
def trek_rol_in(*, door, toekenning: GebruikerRol) -> Rolvoorstel:
    """Taking a role away needs no second person, but never one's own, and it is recorded."""
    _vereis_beheerder(door)
    if toekenning.gebruiker_id == door.pk:
        raise ValidationError(EIGEN_ROLLEN)
    nu = timezone.now()
    voorstel = Rolvoorstel.objects.create(
        gebruiker=toekenning.gebruiker, rol=toekenning.rol, soort=Rolvoorstel.Soort.INTREKKEN,
        status=Rolvoorstel.Status.BEVESTIGD, voorgesteld_door=door, voorgesteld_op=nu, beoordeeld_op=nu,
    )
    log_mutatie(door, voorstel, None)
    toekenning.delete()
    return voorstel


@transaction.atomic
def maak_account(*, door, gegevens: dict, rol: str | None = None, toelichting: str = "") -> Gebruiker:
    """A new account has no password (the user sets one through the link) and no role until a role
    proposal is confirmed."""
    _vereis_beheerder(door)
    contactgemeenten = gegevens.pop("contactgemeenten", None)
    gebruiker = Gebruiker(**gegevens)
    gebruiker.set_unusable_password()
    gebruiker.save()
    if contactgemeenten is not None:
        gebruiker.contactgemeenten.set(contactgemeenten)
    # Logged whole, as every new record is: the password is still unusable here ("!" and random
    # characters, no secret), and later changes log ACCOUNTVELDEN only.
    log_mutatie(door, gebruiker, None)
    if rol:
        stel_rol_voor(door=door, gebruiker=gebruiker, rol=rol, toelichting=toelichting)
    return gebruiker


def log_accountwijziging(door, gebruiker: Gebruiker, oud: dict) -> None:
    log_mutatie(door, gebruiker, oud)


def accountwaarden(gebruiker: Gebruiker) -> dict:
    return waarden(gebruiker, ACCOUNTVELDEN)


def herstel_url(gebruiker: Gebruiker) -> str:
    uid = urlsafe_base64_encode(force_bytes(gebruiker.pk))
    token = default_token_generator.make_token(gebruiker)
    return settings.SCHAKEL_URL.rstrip("/") + reverse("wachtwoord_herstellen", args=[uid, token])


@transaction.atomic
def stuur_herstellink(*, door, gebruiker: Gebruiker) -> None:
    """The user gets a link to set a password himself; the beheerder never sees or sets one."""
    _vereis_beheerder(door)
    if not gebruiker.email:
        raise ValidationError(f"{gebruiker} heeft geen e-mailadres; vul dat eerst in.")
    if not gebruiker.is_active:
        raise ValidationError(f"Het account van {gebruiker} is niet actief.")
    oud = waarden(gebruiker, ["herstellink_verstuurd_op"])
    gebruiker.herstellink_verstuurd_op = timezone.now()
    gebruiker.save(update_fields=["herstellink_verstuurd_op"])
    log_mutatie(door, gebruiker, oud)
    send_mail(
        "Schakel: stel uw wachtwoord in",
        "Goedendag,\n\nVia deze link stelt u zelf een nieuw wachtwoord in voor Schakel. De link werkt één keer "
        f"en vervalt na {settings.PASSWORD_RESET_TIMEOUT // 3600} uur:\n\n{herstel_url(gebruiker)}\n\n"
        f"Uw gebruikersnaam is {gebruiker.username}. Hebt u hier niet om gevraagd? Neem dan contact op met "
        "het Zorg- en Veiligheidshuis.\n",
        None,
        [gebruiker.email],
    )


# API tokens


def token_hash(sleutel: str) -> str:
    """A token is 256 random bits, so a plain SHA-256 is enough: there is nothing to guess."""
    return hashlib.sha256(sleutel.encode()).hexdigest()


@transaction.atomic
def maak_token(*, door, gebruiker: Gebruiker, naam: str, scopes: list[str], dagen: int | None = None) -> tuple[ApiToken, str]:
    """Returns the token and its value; the value is not stored and cannot be shown again."""
    _vereis_beheerder(door)
    dagen = dagen or settings.API_TOKEN_GELDIG_DAGEN
    if not 1 <= dagen <= settings.API_TOKEN_MAX_DAGEN:
        raise ValidationError(f"Een token is 1 tot {settings.API_TOKEN_MAX_DAGEN} dagen geldig.")
    if not scopes or set(scopes) - set(ApiToken.Scope.values):
        raise ValidationError("Kies minstens één deel van de API.")
    if not gebruiker.organisatie_id or not gebruiker.is_active:
        raise ValidationError("Een token hoort bij een systeem van een organisatie: kies een actief account met een organisatie.")
    sleutel = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        gebruiker=gebruiker, naam=naam, scopes=sorted(scopes), sleutel_hash=token_hash(sleutel),
        aangemaakt_door=door, verloopt_op=timezone.now() + timedelta(days=dagen),
    )
    log_mutatie(door, token, None)
    return token, sleutel


@transaction.atomic
def trek_token_in(*, door, token: ApiToken) -> None:
    _vereis_beheerder(door)
    if token.ingetrokken_op is not None:
        return
    oud = waarden(token, ["ingetrokken_op", "ingetrokken_door"])
    token.ingetrokken_op = timezone.now()
    token.ingetrokken_door = door
    token.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    log_mutatie(door, token, oud)


def registreer_tokengebruik(token: ApiToken, methode: str, endpoint: str) -> None:
    ApiTokenGebruik.objects.create(token=token, gebruiker_id=token.gebruiker_id, methode=methode[:10], endpoint=endpoint[:200])
    ApiToken.objects.filter(pk=token.pk).update(laatst_gebruikt_op=timezone.now())


def systeemaccount(username: str, voornaam: str, achternaam: str) -> Gebruiker:
    """The account a process writes as (an import, the daily feeds): one nobody can log in with."""
    gebruiker, nieuw = Gebruiker.objects.get_or_create(
        username=username, defaults={"first_name": voornaam, "last_name": achternaam, "is_active": False}
    )
    if nieuw:
        gebruiker.set_unusable_password()
        gebruiker.save(update_fields=["password"])
    return gebruiker

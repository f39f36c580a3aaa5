"""Writing to the access and change logs. Callers pass ids only; names and BSNs never reach a log line.

The access log, the change log and the status histories are keyed hash chains (privacy.keten): every
row carries the HMAC of its fields and the hash of the row before it, so editing or removing a row
afterwards shows up in `schakel verifieer_log` (see `canonieke_vorm`)."""
import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from schakel.core.uitvoer import formule_veilig

from . import keten, ketenaar, logschrijver
from .keten import GENESIS, Ketencontrole  # noqa: F401 (part of this module's interface)
from .models import Logketen, Mutatielog, Toegangslog


def _snapshot(user) -> dict:
    return {
        "organisatie": user.organisatie.naam if user.organisatie_id else "",
        "rollen": ",".join(sorted(user.rollen)),
    }


def canonieke_vorm(*, volgnummer, tijdstip, gebruiker_id, organisatie, rollen, actie, objecttype, object_id, persoon_id,
                   doel, vorige_hash) -> bytes:
    """The exact bytes that are hashed for one access-log row.

    A JSON array (UTF-8, `ensure_ascii=False`, separators "," and ":" without spaces), in this order:

        [volgnummer, tijdstip, gebruiker_id, organisatie, rollen, actie, objecttype, object_id,
         persoon_id, doel, vorige_hash]

    - volgnummer, gebruiker_id, object_id: JSON integers; persoon_id: integer or null;
    - tijdstip: UTC in ISO 8601 with microseconds, e.g. "2026-03-01T09:15:00.000000+00:00";
    - organisatie, rollen, actie, objecttype, doel: JSON strings as stored;
    - vorige_hash: the previous row's `hash` (64 lowercase hex digits), "0" * 64 for the first row.

    The row's database id is not part of it (it is assigned after hashing); `volgnummer` fixes the order.
    `hash` = lowercase hex HMAC-SHA256 of these bytes with the log key the row's `sleutel_id` names
    (settings.SCHAKEL_LOG_KEYS). The other chains use the same form over their own KETENVELDEN."""
    waarden = dict(volgnummer=volgnummer, tijdstip=tijdstip, gebruiker_id=gebruiker_id, organisatie=organisatie, rollen=rollen,
                   actie=actie, objecttype=objecttype, object_id=object_id, persoon_id=persoon_id, doel=doel, vorige_hash=vorige_hash)
    return keten.canonieke_vorm(Toegangslog, [waarden[k] for k in Toegangslog.KETENVELDEN])


def regel_hash(**velden) -> str:
    """The hash of an access-log row with the current log key."""
    return keten.teken(canonieke_vorm(**velden), keten.huidige_sleutel()[1])


def log_toegang(user, actie: str, objecttype: str, items: Iterable[tuple[int, Iterable[int]]], doel: str) -> int:
    """One row per (object, person shown), appended to the hash chain.

    `items` yields (object_id, person_ids); an object without persons still gets one row. Whatever the
    number of rows, a page costs one bulk INSERT in its own transaction and takes no lock: the rows are
    written sealed but unchained, and chained after the commit by whoever is not busy chaining
    already (privacy.ketenaar), so concurrent page views never wait for each other."""
    who = _snapshot(user)
    rows = []
    for object_id, persoon_ids in items:
        persoon_ids = list(persoon_ids) or [None]
        rows.extend((object_id, p) for p in persoon_ids)
    if not rows:
        return 0
    if user.pk is None:
        # As a model instance with an unsaved user would refuse to be saved.
        raise ValueError("Toegangslog: de gebruiker is niet opgeslagen.")
    # Written as values, not Toegangslog instances (privacy.ketenaar.schrijven): the same rows, seal
    # and transaction as Toegangslog.objects.bulk_create, at a fraction of the cost per row.
    vast = {"tijdstip": timezone.now(), "gebruiker_id": user.pk, **who, "actie": actie, "objecttype": objecttype, "doel": doel}
    using = router.db_for_write(Toegangslog)
    if logschrijver.kan_versturen(using):
        # Committed beside the page while it renders, and before it is answered (privacy.logschrijver).
        sql, params = ketenaar.insert_statement(Toegangslog, vast, ("object_id", "persoon_id"), rows, connections[using])
        logschrijver.verstuur(using, sql, params, _ketenen_na_commit if settings.SCHAKEL_LOG_KETENEN_NA_COMMIT else None)
        return len(rows)
    ketenaar.schrijven(Toegangslog, vast, ("object_id", "persoon_id"), rows, using=using)
    if settings.SCHAKEL_LOG_KETENEN_NA_COMMIT:
        transaction.on_commit(lambda: _ketenen_na_commit(using), using=using)
    return len(rows)


def _ketenen_na_commit(using: str) -> None:
    ketenaar.ketenen_na_commit(Toegangslog, using=using)


def verifieer_keten(chunk_size: int = 5000) -> Ketencontrole:
    """The access log's chain, against the key and the checkpoints (see keten.verifieer)."""
    return keten.verifieer(Toegangslog, chunk_size, keten.lees_controlepunten(), ketenen=True)


def controleer_keten(chunk_size: int = 5000, controlepunten=None) -> keten.Controle:
    """Verify every chain and keep each outcome on its head, for the privacy officer's page. Not one
    transaction around it all: the access log is chained first in a short transaction of its own, so
    pages go on being chained while the walk runs."""
    uitkomst = keten.verifieer_alles(chunk_size=chunk_size, map_=controlepunten)
    with transaction.atomic():
        _bewaar_uitkomst(uitkomst)
    return uitkomst


def _bewaar_uitkomst(uitkomst: keten.Controle) -> None:
    nu = timezone.now()
    fouten = "; ".join(uitkomst.controlepunten.fouten)
    for model, controle in zip(keten.geketende_modellen(), uitkomst.ketens):
        tekst = controle.melding if not fouten else f"{controle.melding}. Controlepunten: {fouten}"
        Logketen.objects.update_or_create(
            naam=keten.ketennaam(model),
            defaults={"gecontroleerd_op": nu, "controle_intact": controle.intact and not fouten, "controle_uitkomst": tekst[:300]},
        )


EXPORTKOLOMMEN = ("volgnummer", "id", "tijdstip", "gebruiker_id", "gebruiker", "organisatie", "rollen", "actie", "objecttype",
                  "object_id", "persoon_id", "doel", "vorige_hash", "hash")


@transaction.atomic
def registreer_export(user, formaat: str, filter_omschrijving: str, persoon_id: int | None) -> int:
    """Log the privacy officer's export (actie EXPORT, objecttype "toegangslog") and return the
    volgnummer up to which it reads: the export is the log as it stood then (its object-id), so the
    export's own row and anything logged while it streams stay out of it. What waits to be chained is
    chained first, so the export holds every view up to now."""
    ketenaar.ketenen(Toegangslog)
    grens = Logketen.objects.filter(naam=Logketen.TOEGANGSLOG).values_list("laatste_volgnummer", flat=True).first() or 0
    doel = f"Toegangslog exporteren ({formaat.upper()}); {filter_omschrijving}"[:200]
    log_toegang(user, Toegangslog.Actie.EXPORT, "toegangslog", [(grens, [persoon_id] if persoon_id else [])], doel)
    return grens


def _exportrijen(qs) -> Iterator[dict]:
    kolommen = [k if k != "gebruiker" else "gebruiker__username" for k in EXPORTKOLOMMEN]
    for waarden in qs.order_by("volgnummer").values_list(*kolommen).iterator(chunk_size=2000):
        rij = dict(zip(EXPORTKOLOMMEN, waarden))
        rij["tijdstip"] = rij["tijdstip"].astimezone(dt.UTC).isoformat(timespec="microseconds")
        yield rij


def export_csv(qs) -> Iterator[str]:
    buffer = io.StringIO()
    schrijver = csv.writer(buffer)
    schrijver.writerow(EXPORTKOLOMMEN)
    for rij in _exportrijen(qs):
        schrijver.writerow([formule_veilig(rij[k]) for k in EXPORTKOLOMMEN])
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_json(qs) -> Iterator[str]:
    yield "["
    eerste = True
    for rij in _exportrijen(qs):
        yield ("\n" if eerste else ",\n") + json.dumps(rij, ensure_ascii=False)
        eerste = False
    yield "\n]\n"


def _value(obj, field: models.Field):
    value = getattr(obj, field.attname)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, dt.datetime):
        # One instant, one text: a form's local time and the database's UTC must not look like a change.
        return value.astimezone(dt.timezone.utc).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def waarden(obj, velden: Iterable[str] | None = None) -> dict:
    """The loggable values of a model instance, keyed by field name (foreign keys by id)."""
    fields = [f for f in obj._meta.concrete_fields if not f.primary_key]
    if velden is not None:
        fields = [f for f in fields if f.name in set(velden)]
    return {f.name: _value(obj, f) for f in fields}


# Fields whose values identify or describe a person. The change log is append-only (a trigger on
# PostgreSQL), so retention and erasure could never reach a copy there: for these fields it records
# THAT they changed, and the record itself holds the value.
PERSOONLIJKE_VELDEN = {"melder_naam", "melder_contact", "gebied", "naam", "overdracht_contact", "vertrokken_voor_besluit",
                      "opgave"}
AFGESCHERMD = "[persoonsgegeven]"
# Registers about the house's own work, not about a person: their texts are logged in full.
ZONDER_PERSOONSGEGEVENS = {"knelpunt"}


# Identifiers the record itself needs in full (to match a login), but the change log must not hold:
# the log keeps a keyed hash (HMAC-SHA256 with the SECRET_KEY), which shows whether two rows are about
# the same identifier without giving the identifier away. A provider's `sub` is such an identifier.
GEHASHTE_VELDEN = {"identiteitskoppeling": {"sub"}}


def sleutelhash(waarde: str) -> str:
    return "hmac-sha256:" + salted_hmac("schakel.privacy.mutatielog", waarde, algorithm="sha256").hexdigest()[:32]


def _gehasht(obj, naam: str) -> bool:
    return naam in GEHASHTE_VELDEN.get(obj._meta.model_name, ())


def _persoonlijk(obj, naam: str) -> bool:
    model = obj._meta.model_name
    if model == "persoon":
        return True
    if model in ZONDER_PERSOONSGEGEVENS:
        return False
    return naam in PERSOONLIJKE_VELDEN or isinstance(obj._meta.get_field(naam), models.TextField)


def log_mutatie(user, obj, oud: dict | None) -> Mutatielog | None:
    """Record what changed; `oud` is `waarden(obj)` from before the change, or None for a new object."""
    nieuw = waarden(obj, oud.keys() if oud else None)
    if oud is None:
        wijzigingen = {k: [None, v] for k, v in nieuw.items()}
        actie = "aangemaakt"
    else:
        wijzigingen = {k: [oud[k], v] for k, v in nieuw.items() if oud[k] != v}
        actie = "gewijzigd"
        if not wijzigingen:
            return None
    wijzigingen = {
        k: [AFGESCHERMD if o not in (None, "") else o, AFGESCHERMD if n not in (None, "") else n] if _persoonlijk(obj, k)
        else [sleutelhash(o) if o else o, sleutelhash(n) if n else n] if _gehasht(obj, k)
        else [o, n]
        for k, (o, n) in wijzigingen.items()
    }
    return Mutatielog.objects.create(
        gebruiker=user, objecttype=obj._meta.model_name, object_id=obj.pk, actie=actie, wijzigingen=wijzigingen
    )


def log_casus_inzage(user, casus, doel: str) -> int:
    """A screen that shows a case shows its persons: one row per person (or one for the case)."""
    return log_toegang(user, Toegangslog.Actie.BEKEKEN, "casus", [(casus.pk, casus.personen.values_list("pk", flat=True))], doel)

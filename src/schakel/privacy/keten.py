"""One keyed hash chain per append-only table (core.models.AppendOnlyModel): the access log, the change
log and the status histories.

- Every row carries `hash` = HMAC-SHA256(key, canonical form of its KETENVELDEN, ending in the previous
  row's hash). The key lives outside the database (settings.SCHAKEL_LOG_KEYS, from the environment or
  a key file): whoever can only write the database cannot make a rewritten row fit again.
- The head of each chain (privacy.Logketen) is locked by writers, so a chain never forks. The access
  log is written unchained and chained afterwards by one writer in batches (privacy.ketenaar), so a
  page view never waits for that lock.
- A signed checkpoint (`schakel logcontrolepunt`, daily) writes every head to a file outside the
  database; `schakel verifieer_log` holds the chains against the key and against those checkpoints,
  so a wiped table with a reset head, or a head moved back, is noticed as well.
"""
import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, models, transaction
from django.utils import timezone

GENESIS = "0" * 64
CONTROLEPUNT_PATROON = "logcontrolepunt-*.json"


# --- the key -------------------------------------------------------------------------------------

def sleutel_id(sleutel: str) -> str:
    """A fingerprint that names a key in every row without revealing it."""
    return hashlib.sha256(b"schakel-logsleutel\0" + sleutel.encode("utf-8")).hexdigest()[:16]


def sleutels() -> dict[str, bytes]:
    """Every configured key by its id; the current one (used for writing) first."""
    return {sleutel_id(s): s.encode("utf-8") for s in settings.SCHAKEL_LOG_KEYS}


def huidige_sleutel() -> tuple[str, bytes]:
    return next(iter(sleutels().items()))


# --- the canonical form ----------------------------------------------------------------------------

def _omzetter(veld: models.Field):
    """How one field's value is written in the canonical form, whether it comes from the object
    being saved or back from the database (so "5" and 5, local and UTC time hash the same)."""
    doel = veld.target_field if veld.is_relation else veld
    if isinstance(doel, models.DateTimeField):
        return lambda w: None if w is None else w.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(doel, models.DateField):
        return lambda w: None if w is None else w.isoformat()
    if isinstance(doel, models.BooleanField):
        return lambda w: None if w is None else bool(w)
    if isinstance(doel, (models.IntegerField, models.AutoField)):
        return lambda w: None if w is None else int(w)
    if isinstance(doel, models.JSONField):
        return lambda w: w
    return lambda w: None if w is None else str(w)


def omzetters(model) -> list:
    opts = model._meta
    return [_omzetter(opts.get_field(naam)) for naam in model.KETENVELDEN]


def canonieke_vorm(model, waarden, omzet=None) -> bytes:
    """The bytes hashed for one row: a JSON array of the values of `model.KETENVELDEN` in that order
    (UTF-8, no spaces, keys of JSON objects sorted), see privacy.services.canonieke_vorm."""
    return vorm(omgezet(waarden, omzet or omzetters(model)))


def omgezet(waarden, omzet) -> list:
    """A row's values as the canonical form writes them (`omzetters`): what `vorm` encodes."""
    return [f(w) for f, w in zip(omzet, waarden)]


def vorm(omgezette_waarden: list) -> bytes:
    """The canonical form of values already converted by `omgezet`. The chaining writer converts a
    row once for its seal and its link, which differ only in volgnummer and vorige_hash."""
    return _KANONIEK.encode(omgezette_waarden).encode("utf-8")


# What json.dumps(…, ensure_ascii=False, separators=(",", ":"), sort_keys=True) uses, made once: every
# row sealed or verified goes through it.
_KANONIEK = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def kanoniek_element(waarde) -> str:
    """One value as the canonical form writes it. The ids that differ per row of a page (integers,
    or none) skip the JSON encoder: JSON writes an integer as Python does."""
    if waarde is None:
        return "null"
    if waarde.__class__ is int:
        return str(waarde)
    return _KANONIEK.encode(waarde)


def teken(inhoud: bytes, sleutel: bytes) -> str:
    # hmac.digest: the one-shot form of hmac.new(…).hexdigest(), without an HMAC object per row.
    return hmac.digest(sleutel, inhoud, hashlib.sha256).hex()


def tekenaar(begin: bytes, sleutel: bytes):
    """`teken` for texts that all start with `begin`: teken(begin + rest) == tekenaar(begin, …)(rest).
    The HMAC of the shared start is computed once and copied per text, as the hmac module offers for
    strings with a common initial substring (a page's log rows share most of their canonical form)."""
    basis = hmac.new(sleutel, begin, hashlib.sha256)

    def teken_rest(rest: bytes) -> str:
        h = basis.copy()
        h.update(rest)
        return h.hexdigest()

    return teken_rest


# --- the chains ---------------------------------------------------------------------------------

def ketennaam(model) -> str:
    return model._meta.model_name


def geketende_modellen() -> list:
    """Every append-only table is a chain; the access log first (it is what the privacy officer asks about)."""
    from schakel.core.models import AppendOnlyModel

    gevonden = [m for m in apps.get_models() if issubclass(m, AppendOnlyModel)]
    return sorted(gevonden, key=lambda m: (ketennaam(m) != "toegangslog", ketennaam(m)))


def label(model) -> str:
    naam = str(model._meta.verbose_name_plural)
    return naam[:1].upper() + naam[1:]


def _vergrendel_koppen(using: str, naam: str) -> tuple[int, str]:
    """Lock the heads of ALL chains and return (last sequence number, last hash) of `naam`'s.

    One statement: an upsert that creates missing heads (first use, after a test flush) and, on
    PostgreSQL, takes the same row locks as SELECT … FOR UPDATE until the transaction ends, always in
    the same order. A transaction that appends to two chains (a status change and its access-log
    row) therefore cannot deadlock with one that appends to them the other way round. SQLite has one
    writer at a time anyway."""
    from .models import Logketen

    # The chains filled later (privacy.ketenaar) are not among them: only their one writer locks those.
    namen = sorted({ketennaam(m) for m in geketende_modellen() if not m.LATER_KETENEN} | {naam})
    connection = connections[using]
    tabel = connection.ops.quote_name(Logketen._meta.db_table)
    waarden = ", ".join(["(%s, 0, %s, '')"] * len(namen))
    params = [p for n in namen for p in (n, GENESIS)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tabel} (naam, laatste_volgnummer, laatste_hash, controle_uitkomst) VALUES {waarden} "
            f"ON CONFLICT (naam) DO UPDATE SET naam = EXCLUDED.naam RETURNING naam, laatste_volgnummer, laatste_hash",
            params,
        )
        koppen = {n: (v, h) for n, v, h in cursor.fetchall()}
    return koppen[naam]


class Schakel:
    """Hands out the next links of one chain while its head is locked (see `aanvullen`)."""

    def __init__(self, model, volgnummer: int, vorige: str):
        self.model = model
        self.volgnummer, self.vorige = volgnummer, vorige
        self.sleutel_id, self.sleutel = huidige_sleutel()
        self.omzet = omzetters(model)
        self.i_volgnummer, self.i_vorige = model.KETENVELDEN.index("volgnummer"), model.KETENVELDEN.index("vorige_hash")

    def volgende(self, waarden: dict) -> tuple[int, str, str, str]:
        """(volgnummer, vorige_hash, hash, sleutel_id) for a row with these KETENVELDEN values
        (volgnummer and vorige_hash among them are filled in here)."""
        rij = [None if k in ("volgnummer", "vorige_hash") else waarden[k] for k in self.model.KETENVELDEN]
        return self.volgende_omgezet(omgezet(rij, self.omzet))

    def volgende_omgezet(self, waarden: list) -> tuple[int, str, str, str]:
        """`volgende` for a row's values converted by `omgezet`, in KETENVELDEN order; its volgnummer
        and vorige_hash are filled in, in the list itself."""
        self.volgnummer += 1
        vorige = self.vorige
        waarden[self.i_volgnummer], waarden[self.i_vorige] = self.volgnummer, vorige
        self.vorige = teken(vorm(waarden), self.sleutel)
        return self.volgnummer, vorige, self.vorige, self.sleutel_id

    def ketenen(self, obj) -> None:
        # As bulk_create and save do just before writing: a foreign key set as an object that was
        # saved after assignment gets its id now, so the hash covers the id that is stored.
        obj._prepare_related_fields_for_save(operation_name="ketenen")
        waarden = {k: getattr(obj, k) for k in self.model.KETENVELDEN}
        obj.volgnummer, obj.vorige_hash, obj.hash, obj.sleutel_id = self.volgende(waarden)


@contextmanager
def aanvullen(model, using: str = "default") -> Iterator[Schakel]:
    """Append to `model`'s chain: lock the heads, hand out links, and after the rows are written (in
    the `with` block, one INSERT) move the head, all in one transaction."""
    from .models import Logketen

    naam = ketennaam(model)
    with transaction.atomic(using=using):
        volgnummer, vorige = _vergrendel_koppen(using, naam)
        schakel = Schakel(model, volgnummer, vorige)
        yield schakel
        if schakel.volgnummer != volgnummer:
            Logketen.objects.using(using).filter(naam=naam).update(laatste_volgnummer=schakel.volgnummer, laatste_hash=schakel.vorige)


# --- checkpoints ---------------------------------------------------------------------------------

def _handtekening(inhoud: dict, sleutel: bytes) -> str:
    return teken(json.dumps(inhoud, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8"), sleutel)


def controlepunt_inhoud(nu: dt.datetime | None = None, using: str = "default", begin: dict | None = None) -> dict:
    """The heads of every chain as they stand now, signed with the current key. `begin` (chain name ->
    (volgnummer, previous hash)) records where a chain now starts, after old rows were removed by
    retention (privacy.partities): only a signed checkpoint may move a chain's start."""
    from .models import Logketen

    nu = nu or timezone.now()
    with transaction.atomic(using=using):
        koppen = dict(
            (n, (v, h)) for n, v, h in Logketen.objects.using(using).values_list("naam", "laatste_volgnummer", "laatste_hash")
        )
        if connections[using].vendor == "postgresql":
            # A write makes this commit a synchronous WAL flush, which also makes durable every head
            # read here that the chaining committed without waiting (privacy.ketenaar).
            Logketen.objects.using(using).filter(naam=Logketen.TOEGANGSLOG).update(naam=models.F("naam"))
    ketens = {}
    for model in geketende_modellen():
        volgnummer, laatste_hash = koppen.get(ketennaam(model), (0, GENESIS))
        ketens[ketennaam(model)] = {"volgnummer": volgnummer, "hash": laatste_hash}
    sid, sleutel = huidige_sleutel()
    inhoud = {"soort": "schakel-logcontrolepunt", "versie": 1, "tijdstip": nu.astimezone(dt.UTC).isoformat(timespec="seconds"),
              "sleutel_id": sid, "ketens": ketens}
    if begin:
        inhoud["begin"] = {n: {"volgnummer": v, "vorige_hash": h} for n, (v, h) in begin.items()}
    return {**inhoud, "handtekening": _handtekening(inhoud, sleutel)}


def schrijf_controlepunt(map_: Path | None = None, nu: dt.datetime | None = None, using: str = "default",
                        begin: dict | None = None) -> tuple[Path, dict]:
    """Write a new checkpoint file; never overwrites one (a second in the same second gets a suffix)."""
    map_ = Path(map_ or settings.SCHAKEL_LOG_CHECKPOINT_DIR)
    map_.mkdir(parents=True, exist_ok=True)
    inhoud = controlepunt_inhoud(nu, using, begin)
    stempel = dt.datetime.fromisoformat(inhoud["tijdstip"]).strftime("%Y%m%dT%H%M%SZ")
    tekst = json.dumps(inhoud, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    for n in range(1000):
        pad = map_ / f"logcontrolepunt-{stempel}{'' if n == 0 else f'-{n}'}.json"
        try:
            # O_EXCL: an existing checkpoint is evidence and stays as it is.
            fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(tekst)
        return pad, inhoud
    raise RuntimeError(f"Geen vrije bestandsnaam voor het controlepunt in {map_}.")


@dataclass
class Controlepunt:
    bestand: str
    tijdstip: str
    ketens: dict  # chain name -> (volgnummer, hash)
    begin: dict = field(default_factory=dict)  # chain name -> (volgnummer, previous hash) of its first kept row


@dataclass
class Controlepunten:
    punten: list[Controlepunt] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)
    map: str = ""


def lees_controlepunten(pad: Path | None = None) -> Controlepunten:
    """Every checkpoint in a directory (or one file), its signature checked. A file that does not
    verify is itself a finding: someone changed it, or it was made with a key no longer configured."""
    pad = Path(pad or settings.SCHAKEL_LOG_CHECKPOINT_DIR)
    uitkomst = Controlepunten(map=str(pad))
    if pad.is_file():
        bestanden = [pad]
    elif pad.is_dir():
        bestanden = sorted(pad.glob(CONTROLEPUNT_PATROON))
    else:
        return uitkomst
    bekend = sleutels()
    for bestand in bestanden:
        try:
            inhoud = json.loads(bestand.read_text(encoding="utf-8"))
            handtekening = inhoud.pop("handtekening")
            sid, tijdstip = inhoud["sleutel_id"], inhoud["tijdstip"]
            ketens = {n: (int(k["volgnummer"]), str(k["hash"])) for n, k in inhoud["ketens"].items()}
            begin = {n: (int(k["volgnummer"]), str(k["vorige_hash"])) for n, k in inhoud.get("begin", {}).items()}
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
            uitkomst.fouten.append(f"controlepunt {bestand.name} is onleesbaar of onvolledig")
            continue
        if sid not in bekend:
            uitkomst.fouten.append(
                f"controlepunt {bestand.name} is getekend met sleutel {sid}, die niet (meer) is ingesteld; "
                "zet de oude sleutel onder de huidige in SCHAKEL_LOG_KEY_FILE"
            )
            continue
        if not hmac.compare_digest(_handtekening(inhoud, bekend[sid]), str(handtekening)):
            uitkomst.fouten.append(f"controlepunt {bestand.name}: de handtekening klopt niet (het bestand is gewijzigd)")
            continue
        uitkomst.punten.append(Controlepunt(bestand.name, tijdstip, ketens, begin))
    return uitkomst


# --- verification --------------------------------------------------------------------------------

@dataclass
class Ketencontrole:
    keten: str
    intact: bool
    aantal: int
    laatste_hash: str = GENESIS
    regel_id: int | None = None
    tijdstip: dt.datetime | None = None
    reden: str = ""
    wachtend: int = 0  # rows written but not chained yet (privacy.ketenaar)
    begin: int = 1  # the first volgnummer kept (after retention, privacy.partities)

    @property
    def melding(self) -> str:
        if self.intact:
            wacht = f" ({self.wachtend} nog te ketenen)" if self.wachtend else ""
            if self.begin > 1:
                return f"{self.keten} intact: volgnummer {self.begin} tot en met {self.aantal}{wacht}"
            return f"{self.keten} intact: {self.aantal} regels{wacht}"
        waar = f"id {self.regel_id}" if self.regel_id is not None else "geen"
        wanneer = self.tijdstip.astimezone(dt.UTC).isoformat() if self.tijdstip else "onbekend"
        return f"{self.keten}: eerste gebroken regel: {waar}, tijdstip {wanneer}, reden: {self.reden}"


def verifieer(model, chunk_size: int = 5000, controlepunten: Controlepunten | None = None, using: str = "default",
              ketenen: bool = False) -> Ketencontrole:
    """Walk one chain in order, streaming, and stop at the first broken row.

    A row is broken when its volgnummer is not the next one or its vorige_hash is not the previous
    row's hash ("keten onderbroken": a row was removed or moved), when its key is unknown, or when its
    HMAC does not match its fields ("hash klopt niet": the row was edited, or recomputed without the
    key). The head is read first: rows logged while the walk runs may come after it, but the row at the
    head's number must carry the head's hash, and a chain that ends before the head has lost rows.
    Each checkpoint must still hold: its row carries its hash, and neither head nor chain end before it.
    A chain filled later (privacy.ketenaar) also has its waiting rows checked: each seal must hold and
    none may wait too long; with `ketenen` they are chained first, so the walk covers them."""
    from . import ketenaar
    from .models import Logketen

    naam, titel = ketennaam(model), label(model)
    wachtrij = None
    if model.LATER_KETENEN:
        # Checked before chaining: a row that waited too long is a fault even once it is chained.
        wachtrij = ketenaar.wachtrij_controleren(model, using)
        if ketenen:
            ketenaar.ketenen(model, using=using)
    kop = Logketen.objects.using(using).filter(naam=naam).values_list("laatste_volgnummer", "laatste_hash").first()
    kop_volgnummer, kop_hash = kop or (0, GENESIS)
    ijkpunten: dict[int, list[tuple[str, Controlepunt]]] = {}
    for punt in (controlepunten.punten if controlepunten else []):
        if naam in punt.ketens and punt.ketens[naam][0] > 0:
            volgnummer, punt_hash = punt.ketens[naam]
            ijkpunten.setdefault(volgnummer, []).append((punt_hash, punt))
    bekend = sleutels()
    omzet = omzetters(model)
    velden = model.KETENVELDEN
    i_volgnummer, i_vorige = velden.index("volgnummer"), velden.index("vorige_hash")
    i_tijdstip = velden.index("tijdstip") if "tijdstip" in velden else None
    # Where the chain starts: at 1, or where the latest signed checkpoint says retention moved it.
    verwacht, vorige = max([p.begin[naam] for p in (controlepunten.punten if controlepunten else []) if naam in p.begin],
                           default=(1, GENESIS))
    begin_volgnummer = verwacht
    laatste_id, laatste_tijdstip = None, None
    # Inside a transaction PostgreSQL streams through a server-side cursor (outside one it would
    # first copy the whole result for a WITH HOLD cursor).
    with transaction.atomic(using=using):
        rijen = (model.objects.using(using).filter(volgnummer__gte=begin_volgnummer).order_by("volgnummer")
                 .values_list("id", "hash", "sleutel_id", *velden))
        for regel_id, opgeslagen, sid, *waarden in rijen.iterator(chunk_size=chunk_size):
            volgnummer = waarden[i_volgnummer]
            kapot = None
            if volgnummer != verwacht:
                kapot = f"keten onderbroken (volgnummer {verwacht} ontbreekt)" if volgnummer > verwacht else "keten onderbroken"
            elif waarden[i_vorige] != vorige:
                kapot = "keten onderbroken (vorige hash klopt niet)"
            elif sid not in bekend:
                kapot = f"onbekende sleutel {sid or '(leeg)'}"
            elif not hmac.compare_digest(teken(canonieke_vorm(model, waarden, omzet), bekend[sid]), opgeslagen):
                kapot = "hash klopt niet"
            elif volgnummer == kop_volgnummer and opgeslagen != kop_hash:
                kapot = "keten onderbroken (wijkt af van de kop van de keten)"
            else:
                for punt_hash, punt in ijkpunten.get(volgnummer, ()):
                    if punt_hash != opgeslagen:
                        kapot = f"wijkt af van controlepunt {punt.bestand} ({punt.tijdstip}): daar heeft volgnummer {volgnummer} een andere hash"
                        break
            tijdstip = None if i_tijdstip is None else waarden[i_tijdstip]
            if kapot:
                return Ketencontrole(titel, False, verwacht - 1, vorige, regel_id, tijdstip, kapot)
            vorige, laatste_id, laatste_tijdstip = opgeslagen, regel_id, tijdstip
            verwacht += 1
    aantal = verwacht - 1
    if ijkpunten:
        hoogste = max(ijkpunten)
        punt = ijkpunten[hoogste][0][1]
        if kop_volgnummer < hoogste or aantal < hoogste:
            bron = f"controlepunt {punt.bestand} ({punt.tijdstip}) noemt volgnummer {hoogste}"
            if kop_volgnummer < hoogste:
                reden = f"kop van de keten teruggezet: {bron}, maar de kop staat op {kop_volgnummer} en de database heeft {aantal} regels"
            else:
                reden = f"keten ingekort: {bron}, maar de database eindigt bij volgnummer {aantal}"
            return Ketencontrole(titel, False, aantal, vorige, laatste_id, laatste_tijdstip, reden)
    if aantal < kop_volgnummer:
        reden = f"keten onderbroken (de regels na volgnummer {aantal} tot en met {kop_volgnummer} ontbreken)"
        return Ketencontrole(titel, False, aantal, vorige, laatste_id, laatste_tijdstip, reden)
    if wachtrij is None:
        return Ketencontrole(titel, True, aantal, vorige, begin=begin_volgnummer)
    if wachtrij.reden:
        return Ketencontrole(titel, False, aantal, vorige, wachtrij.regel_id, wachtrij.tijdstip, wachtrij.reden)
    wachtend = model.objects.using(using).filter(volgnummer__isnull=True).count() if ketenen else wachtrij.aantal
    return Ketencontrole(titel, True, aantal, vorige, wachtend=wachtend, begin=begin_volgnummer)


@dataclass
class Controle:
    """The outcome for every chain, plus what was found about the checkpoints themselves."""
    ketens: list[Ketencontrole]
    controlepunten: Controlepunten

    @property
    def intact(self) -> bool:
        return all(k.intact for k in self.ketens) and not self.controlepunten.fouten

    @property
    def regels(self) -> list[str]:
        regels = [k.melding for k in self.ketens]
        regels += [f"Controlepunten: {f[:1].upper()}{f[1:]}" for f in self.controlepunten.fouten]
        if not self.controlepunten.punten and not self.controlepunten.fouten:
            regels.append(f"Geen controlepunten gevonden in {self.controlepunten.map}: alleen de sleutel is gecontroleerd.")
        elif self.controlepunten.punten:
            laatste = max(self.controlepunten.punten, key=lambda p: p.tijdstip)
            regels.append(f"Gecontroleerd tegen {len(self.controlepunten.punten)} controlepunten, het laatste van {laatste.tijdstip}.")
        return regels

    @property
    def melding(self) -> str:
        return "\n".join(self.regels)


def verifieer_alles(chunk_size: int = 5000, map_: Path | None = None, using: str = "default", ketenen: bool = True) -> Controle:
    punten = lees_controlepunten(map_)
    return Controle([verifieer(m, chunk_size, punten, using, ketenen) for m in geketende_modellen()], punten)


def herbereken(model, using: str = "default", batch: int = 2000, volgorde: str = "id") -> tuple[int, str]:
    """Chain every existing row again with the current key, in `volgorde`. Only for the one-off
    upgrade migration (privacy 0011): afterwards the tables refuse UPDATE. `model` may be a
    historical model; the fields and their order come from the real model's KETENVELDEN."""
    velden = apps.get_model(model._meta.label).KETENVELDEN
    omzet = [_omzetter(model._meta.get_field(n)) for n in velden]
    sid, sleutel = huidige_sleutel()
    volgnummer, vorige, rijen = 0, GENESIS, []
    for regel in model.objects.using(using).order_by(volgorde).iterator(chunk_size=batch):
        volgnummer += 1
        regel.volgnummer, regel.vorige_hash, regel.sleutel_id = volgnummer, vorige, sid
        regel.hash = vorige = teken(canonieke_vorm(None, [getattr(regel, n) for n in velden], omzet), sleutel)
        rijen.append(regel)
        if len(rijen) == batch:
            model.objects.using(using).bulk_update(rijen, ["volgnummer", "vorige_hash", "hash", "sleutel_id"])
            rijen = []
    if rijen:
        model.objects.using(using).bulk_update(rijen, ["volgnummer", "vorige_hash", "hash", "sleutel_id"])
    return volgnummer, vorige

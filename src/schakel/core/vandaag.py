"""The start page "Vandaag": per role the work that is waiting, as counts that link to the list showing
exactly those rows.

Every count is the named queryset method the linked list applies too (`Casus.objects.te_heragenderen`,
`Melding.objects.niet_geagendeerd`, …), through the same `for_user`, so the number never reveals a row
the user could not open, and following it lands on that many rows. A block's counts go to the
database together, as one statement (`tel_samen`); nothing is loaded per row, so the page costs the
same with ten cases as with a million. A user with several roles gets each
role's block."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from django.db import connections
from django.db.models import Count, F, Min
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from schakel.avg.models import Verzoek, een_maand_na
from schakel.briefing.models import Briefing
from schakel.casussen.models import Casus
from schakel.core.vaste_query import VasteTelling
from schakel.gebruikers.rollen import Rol
from schakel.meldingen.models import Melding
from schakel.monitoring.services import afsluitgrens, open_contacten
from schakel.overleggen.models import Overleg
from schakel.plannen.models import Actie
from schakel.rapportage import indicatoren as ind
from schakel.uitvragen.models import InformatieUitvraag

# Open requests the municipal contact sees on the page itself, soonest due first; the rest is one click on.
UITVRAGEN_OP_START = 10


@dataclass
class Telling:
    label: str
    aantal: int
    url: str
    sleutel: str
    # Overdue work: the page says "te laat" in words next to the number, never by colour alone.
    te_laat: bool = False


@dataclass
class Blok:
    rol: str
    titel: str
    tellingen: list[Telling] = field(default_factory=list)
    # Role-specific context for the block's template (today's briefings, the key figures, …).
    extra: dict = field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"vandaag/_{self.rol}.html"


@lru_cache(maxsize=256)
def _pad(naam: str, prefix: str, urlconf) -> str:
    """A route without arguments, reversed once per script prefix and URLconf (a tenth of the start
    page's time went to reversing the same dozen routes on every visit)."""
    return reverse(naam, urlconf=urlconf)


def _url(naam: str, *args, **query) -> str:
    url = reverse(naam, args=args) if args else _pad(naam, get_script_prefix(), get_urlconf())
    return f"{url}?{urlencode(query)}" if query else url


def tel_samen(**querysets) -> dict[str, int]:
    """Each queryset's `.count()`, all in one statement: `SELECT (SELECT COUNT(*) FROM (…)), …`. One
    round trip and one query to build instead of one per count, on the page everyone opens first."""
    connection = connections[next(iter(querysets.values())).db]
    sql, params, namen = tel_sql(querysets, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(zip(namen, cursor.fetchone()))


def tel_sql(querysets: dict, connection) -> tuple[str, list, list[str]]:
    """`tel_samen`'s statement, its parameters and the names of its counts in order."""
    delen, params = [], []
    for qs in querysets.values():
        sql, p = qs.order_by().values("pk").query.get_compiler(connection=connection).as_sql()
        delen.append(f"(SELECT COUNT(*) FROM ({sql}) telling{len(delen)})")
        params.extend(p)
    return "SELECT " + ", ".join(delen), params, list(querysets)


def _procesteam_tellingen(vandaag: date, grens: date) -> dict:
    """The procesregisseur's counts for someone who may see every melding and case."""
    return dict(
        terugkoppeling=Melding.objects.all().terugkoppeling_open(),
        monitoring=open_contacten(vandaag),
        monitoring_te_laat=open_contacten(vandaag).filter(gepland_op__lt=vandaag),
        heragenderen=Casus.objects.all().te_heragenderen(),
        over_afsluittermijn=Casus.objects.all().over_afsluittermijn(vandaag, grens=grens),
    )


# Building and compiling these five querysets cost the procesregisseur's start page more than all of
# its SQL; for house staff their SQL is the same on every visit but for the two dates.
_PROCESTEAM_TELLINGEN = VasteTelling(_procesteam_tellingen, (date, date))


def informatiecoordinator(user, vandaag: date) -> Blok:
    volgende = Briefing.objects.filter(datum__gte=vandaag).order_by("datum").values_list("datum", flat=True).first()
    n = tel_samen(niet_geagendeerd=Melding.objects.for_user(user).niet_geagendeerd(),
                  uitvragen_open=InformatieUitvraag.objects.for_user(user).open())
    return Blok(Rol.INFORMATIECOORDINATOR, "Informatiecoördinator", [
        Telling("meldingen nog niet op een agenda", n["niet_geagendeerd"],
                _url("meldingen:lijst", status=Melding.Status.GEREGISTREERD), "niet_geagendeerd"),
        Telling("uitvragen nog niet beantwoord", n["uitvragen_open"],
                _url("uitvragen:lijst", status=InformatieUitvraag.Status.OPEN), "uitvragen_open"),
    ], {"volgende_briefing": volgende})


def procesregisseur(user, vandaag: date) -> Blok:
    # Today's briefings with what is on the agenda and what is weighed, as the briefing list counts them.
    briefings = list(
        Briefing.objects.filter(datum=vandaag)
        .annotate(aantal=Count("agendapunten", distinct=True), gewogen=Count("wegingen__melding", distinct=True))
        .order_by("pk")
    )
    for b in briefings:
        b.ongewogen = b.aantal - b.gewogen
    overleggen = Overleg.objects.komend(vandaag).aggregate(aantal=Count("pk"), eerste=Min("datum"))
    casussen, meldingen = Casus.objects.for_user(user), Melding.objects.for_user(user)
    grens = afsluitgrens(vandaag)
    if not casussen.query.has_filters() and not meldingen.query.has_filters():
        # for_user leaves every row to this user (house staff): the same counts for each of them, with
        # their SQL built once. Anyone for_user restricts gets his own.
        n = _PROCESTEAM_TELLINGEN.tel(vandaag, grens)
    else:
        n = tel_samen(
            terugkoppeling=meldingen.terugkoppeling_open(),
            monitoring=open_contacten(vandaag),
            monitoring_te_laat=open_contacten(vandaag).filter(gepland_op__lt=vandaag),
            heragenderen=casussen.te_heragenderen(),
            over_afsluittermijn=casussen.over_afsluittermijn(vandaag, grens=grens),
        )
    return Blok(Rol.PROCESREGISSEUR, "Procesregisseur", [
        Telling("meldingen wachten op terugkoppeling aan de melder", n["terugkoppeling"],
                _url("meldingen:terugkoppeling_open"), "terugkoppeling"),
        Telling("monitoringcontacten te doen", n["monitoring"], _url("monitoring:werklijst"), "monitoring"),
        Telling("daarvan over de geplande datum", n["monitoring_te_laat"],
                _url("monitoring:werklijst", achterstallig="on"), "monitoring_te_laat", te_laat=True),
        Telling("overleggen vandaag en gepland", overleggen["aantal"],
                _url("overleggen:lijst", periode="komend"), "overleggen"),
        Telling("casussen te heragenderen", n["heragenderen"],
                _url("casussen:lijst", werklijst="te_heragenderen"), "heragenderen"),
        Telling("casussen langer dan zes maanden in behandeling, zonder verlenging", n["over_afsluittermijn"],
                _url("casussen:lijst", werklijst="over_afsluittermijn"), "over_afsluittermijn"),
    ], {"briefings": briefings, "eerste_overleg": overleggen["eerste"]})


def partner(user, vandaag: date) -> Blok:
    acties = Actie.objects.for_user(user).open_van(user)
    casussen = Casus.objects.for_user(user)
    n = tel_samen(
        acties=acties, acties_te_laat=acties.filter(deadline__lt=vandaag),
        casushouder=casussen.actief().met_casushouder(user), nieuw=casussen.nieuw_sinds_bezoek(user),
    )
    return Blok(Rol.PARTNER, "Mijn werk", [
        Telling("open acties op mijn naam", n["acties"], _url("plannen:mijn_acties"), "acties"),
        Telling("daarvan over de uiterste datum", n["acties_te_laat"], _url("plannen:mijn_acties", te_laat="1"),
                "acties_te_laat", te_laat=True),
        Telling("lopende casussen waarvan ik casushouder ben", n["casushouder"],
                _url("casussen:lijst", werklijst="casushouder"), "casushouder"),
        Telling("casussen van mijn organisatie met nieuws sinds mijn laatste bezoek", n["nieuw"],
                _url("casussen:lijst", werklijst="nieuw"), "nieuw"),
    ])


def gemeente_contact(user, vandaag: date) -> Blok:
    open_ = InformatieUitvraag.objects.for_user(user).open()
    rijen = list(
        open_.met_uiterlijk(vandaag).select_related("gemeente")
        .order_by(F("uiterlijk").asc(nulls_last=True), "gevraagd_op", "pk")[:UITVRAGEN_OP_START]
    )
    return Blok(Rol.GEMEENTE_CONTACT, "Gemeentelijk contactpersoon", [
        Telling("open informatie-uitvragen", open_.count(), _url("uitvragen:lijst", status=InformatieUitvraag.Status.OPEN), "uitvragen"),
    ], {"uitvragen": rijen})


def ketenmanager(user, vandaag: date) -> Blok:
    """The key figures of the annual report for this year so far and the same days last year: the
    report's own populations (rapportage.indicatoren), counted in the database."""
    dit_jaar = ind.Periode(date(vandaag.year, 1, 1), vandaag)
    vorig_jaar = ind.Periode(date(vandaag.year - 1, 1, 1), ind._jaren_terug(vandaag, 1))
    cijfers = [
        ("Meldingen", ind.meldingen_in),
        ("Gewogen op de briefing", ind.wegingen_in),
        ("Casussen in behandeling", ind.casussen_in_behandeling),
        ("Afgesloten casussen", ind.afsluitingen_in),
        ("Opschalingen", ind.opschalingen_in),
    ]
    rijen = []
    for label, populatie in cijfers:
        nu, toen = populatie(dit_jaar).count(), populatie(vorig_jaar).count()
        rijen.append({"label": label, "nu": nu, "toen": toen, "verschil": nu - toen})
    return Blok(Rol.KETENMANAGER, "Ketenmanager", [], {
        "cijfers": rijen, "dit_jaar": dit_jaar, "vorig_jaar": vorig_jaar,
        # The annual-report page for this year so far shows the same span a year back beside it.
        "rapport": _url("rapportage:overzicht", van=dit_jaar.van.isoformat(), tot=dit_jaar.tot.isoformat()),
    })


def privacy_officer(user, vandaag: date) -> Blok:
    open_ = Verzoek.objects.open().aggregate(aantal=Count("pk"), eerste=Min("ontvangen_op"))
    eerste = een_maand_na(open_["eerste"]) if open_["eerste"] else None
    return Blok(Rol.PRIVACY_OFFICER, "Privacy officer (FG)", [
        Telling("open AVG-verzoeken", open_["aantal"], _url("avg:verzoeken"), "avg_open"),
        Telling("daarvan over de wettelijke termijn", Verzoek.objects.te_laat(vandaag).count(),
                _url("avg:verzoeken", te_laat="1"), "avg_te_laat", te_laat=True),
    ], {"eerste_termijn": eerste, "eerste_te_laat": eerste is not None and eerste < vandaag})


BLOKKEN = {
    Rol.INFORMATIECOORDINATOR: informatiecoordinator,
    Rol.PROCESREGISSEUR: procesregisseur,
    Rol.PARTNER: partner,
    Rol.GEMEENTE_CONTACT: gemeente_contact,
    Rol.KETENMANAGER: ketenmanager,
    Rol.PRIVACY_OFFICER: privacy_officer,
}


def blokken(user, vandaag: date | None = None) -> list[Blok]:
    """One block per role the user has, in the order of the role model."""
    vandaag = vandaag or timezone.localdate()
    return [maak(user, vandaag) for rol, maak in BLOKKEN.items() if rol in user.rollen]

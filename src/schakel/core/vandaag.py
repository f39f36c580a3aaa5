"""The start page "Vandaag": per role the work that is waiting, as counts that link to the list showing
exactly those rows.

Every count is the named queryset method the linked list applies too (`Casus.objects.te_heragenderen`,
`Melding.objects.niet_geagendeerd`, …), through the same `for_user`, so the number never reveals a row
the user could not open, and following it lands on that many rows. Each count is one query (a pair of
counts over the same rows, such as open and overdue actions, one aggregate); nothing is loaded per
row, so the page costs the same with ten cases as with a million. A user with several roles gets each
role's block."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, F, Min, Q
from django.urls import reverse
from django.utils import timezone

from schakel.avg.models import Verzoek, een_maand_na
from schakel.briefing.models import Briefing
from schakel.casussen.models import Casus
from schakel.gebruikers.rollen import Rol
from schakel.meldingen.models import Melding
from schakel.monitoring.services import open_contacten
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


def _url(naam: str, *args, **query) -> str:
    url = reverse(naam, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def informatiecoordinator(user, vandaag: date) -> Blok:
    volgende = Briefing.objects.filter(datum__gte=vandaag).order_by("datum").values_list("datum", flat=True).first()
    return Blok(Rol.INFORMATIECOORDINATOR, "Informatiecoördinator", [
        Telling("meldingen nog niet op een agenda", Melding.objects.for_user(user).niet_geagendeerd().count(),
                _url("meldingen:lijst", status=Melding.Status.GEREGISTREERD), "niet_geagendeerd"),
        Telling("uitvragen nog niet beantwoord", InformatieUitvraag.objects.for_user(user).open().count(),
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
    monitoring = open_contacten(vandaag).aggregate(totaal=Count("pk"), te_laat=Count("pk", filter=Q(gepland_op__lt=vandaag)))
    overleggen = Overleg.objects.komend(vandaag).aggregate(aantal=Count("pk"), eerste=Min("datum"))
    casussen = Casus.objects.for_user(user)
    return Blok(Rol.PROCESREGISSEUR, "Procesregisseur", [
        Telling("meldingen wachten op terugkoppeling aan de melder", Melding.objects.for_user(user).terugkoppeling_open().count(),
                _url("meldingen:terugkoppeling_open"), "terugkoppeling"),
        Telling("monitoringcontacten te doen", monitoring["totaal"], _url("monitoring:werklijst"), "monitoring"),
        Telling("daarvan over de geplande datum", monitoring["te_laat"],
                _url("monitoring:werklijst", achterstallig="on"), "monitoring_te_laat", te_laat=True),
        Telling("overleggen vandaag en gepland", overleggen["aantal"],
                _url("overleggen:lijst", periode="komend"), "overleggen"),
        Telling("casussen te heragenderen", casussen.te_heragenderen().count(),
                _url("casussen:lijst", werklijst="te_heragenderen"), "heragenderen"),
        Telling("casussen langer dan zes maanden in behandeling, zonder verlenging", casussen.over_afsluittermijn(vandaag).count(),
                _url("casussen:lijst", werklijst="over_afsluittermijn"), "over_afsluittermijn"),
    ], {"briefings": briefings, "eerste_overleg": overleggen["eerste"]})


def partner(user, vandaag: date) -> Blok:
    acties = Actie.objects.for_user(user).open_van(user).aggregate(
        open=Count("pk"), te_laat=Count("pk", filter=Q(deadline__lt=vandaag))
    )
    casussen = Casus.objects.for_user(user)
    return Blok(Rol.PARTNER, "Mijn werk", [
        Telling("open acties op mijn naam", acties["open"], _url("plannen:mijn_acties"), "acties"),
        Telling("daarvan over de uiterste datum", acties["te_laat"], _url("plannen:mijn_acties", te_laat="1"),
                "acties_te_laat", te_laat=True),
        Telling("lopende casussen waarvan ik casushouder ben", casussen.actief().met_casushouder(user).count(),
                _url("casussen:lijst", werklijst="casushouder"), "casushouder"),
        Telling("casussen van mijn organisatie met nieuws sinds mijn laatste bezoek", casussen.nieuw_sinds_bezoek(user).count(),
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

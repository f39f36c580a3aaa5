"""The start page "Vandaag": per role, every count equals the rows the user may see in the database and
the rows of the list it links to; a partner's count never includes a case he may not see; the page's
query count is fixed per role, whatever the amount of data."""
import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.avg.models import Verzoek, een_maand_na
from schakel.briefing.models import Briefing
from schakel.briefing.services import agendeer, maak_briefing
from schakel.casussen.models import Casus, CasusBezoek
from schakel.core import vandaag as vandaag_module
from schakel.gebruikers.models import GebruikerRol
from schakel.gebruikers.rollen import Rol
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding
from schakel.monitoring.models import Monitoringcontact
from schakel.overleggen.models import Overleg, Overlegtype
from schakel.plannen.models import Actie
from schakel.uitvragen.models import InformatieUitvraag
from schakel.uitvragen.services import beantwoord, vraag_uit

from .factories import PersoonFactory
from .queries import tel
from .scenario import nieuwe_melding, weeg_focus
from .test_werklijsten import casus_voor, plan_voor

pytestmark = pytest.mark.django_db


def tellingen(client):
    """{sleutel: aantal} and {sleutel: url} as the start page shows them."""
    html = client.get(reverse("start")).content.decode()
    aantallen, urls = {}, {}
    for sleutel, url, aantal in re.findall(
        r'<li data-telling="([^"]+)"><a href="([^"]+)"><span class="aantal">(\d+)</span>', html
    ):
        aantallen[sleutel], urls[sleutel] = int(aantal), url.replace("&amp;", "&")
    return aantallen, urls, html


def rijen(client, url) -> int:
    """Rows of the first list table on the page (the empty-list row, a single cell spanning all, not counted)."""
    response = client.get(url)
    assert response.status_code == 200, url
    body = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S).group(1)
    return sum(1 for rij in re.findall(r"<tr[ >].*?</tr>", body, re.S) if "colspan" not in rij)


def volg_alles(client, aantallen, urls):
    for sleutel, aantal in aantallen.items():
        assert rijen(client, urls[sleutel]) == aantal, sleutel


def uitvraag(melding, door, gemeente="leiden"):
    return vraag_uit(uitvraag=InformatieUitvraag(gemeente=Gemeente.objects.get(code=gemeente), vraag="Bekend bij W&I?"),
                     melding=melding, door=door)


def test_informatiecoordinator(client_for, users):
    los = [nieuwe_melding(users["ic"]), nieuwe_melding(users["ic"], melder="politie")]
    gewogen = casus_voor(users).meldingen.get()
    open_ = [uitvraag(los[0], users["ic"]), uitvraag(los[1], users["ic"], "gouda")]
    beantwoord(uitvraag=uitvraag(gewogen, users["ic"]), antwoord="Niet bekend.", door=users["contact"])
    volgende = maak_briefing(briefing=Briefing(datum=timezone.localdate() + timedelta(days=3)), weegploeg=[], door=users["pr"])

    client = client_for(users["ic"])
    aantallen, urls, html = tellingen(client)
    assert aantallen == {"niet_geagendeerd": 2, "uitvragen_open": 2}
    assert Melding.objects.filter(status=Melding.Status.GEREGISTREERD).count() == len(los)
    assert InformatieUitvraag.objects.filter(status="open").count() == len(open_)
    assert f"{volgende.datum:%Y}" in html and "De volgende briefing is op" in html
    volg_alles(client, aantallen, urls)


def test_procesregisseur(client_for, users):
    vandaag = timezone.localdate()
    pr = users["pr"]
    # Today's briefing: three on the agenda, one weighed.
    briefing = maak_briefing(briefing=Briefing(datum=vandaag), weegploeg=[], door=pr)
    meldingen = [nieuwe_melding(users["ic"], persoon=PersoonFactory()) for _ in range(3)]
    agendeer(briefing=briefing, meldingen=meldingen, door=pr)
    weeg_focus(briefing, meldingen[0], pr)
    # Monitoring: a plan of ten days ago has its one-week contact overdue; one of seven days ago is due today.
    te_laat, vandaag_te_doen = casus_voor(users), casus_voor(users)
    plan_voor(te_laat, users, vastgesteld_op=vandaag - timedelta(days=10))
    plan_voor(vandaag_te_doen, users, vastgesteld_op=vandaag - timedelta(days=7))
    # Past the closing term, and one to re-agenda.
    oud = casus_voor(users)
    plan_voor(oud, users, vastgesteld_op=vandaag - timedelta(days=200))
    Casus.objects.filter(pk=oud.pk).update(heragenderen_sinds=timezone.now())
    focus = Overlegtype.objects.get(code="focus")
    for dagen in (-3, 0, 5):
        Overleg.objects.create(overlegtype=focus, voorzitter=pr, datum=timezone.now() + timedelta(days=dagen, minutes=5))

    client = client_for(pr)
    aantallen, urls, html = tellingen(client)
    open_contacten = Monitoringcontact.objects.filter(uitgevoerd_op__isnull=True, gepland_op__lte=vandaag)
    assert aantallen == {
        "terugkoppeling": Melding.objects.filter(status=Melding.Status.GEWOGEN, terugkoppelingen__isnull=True).count(),
        "monitoring": open_contacten.count(),
        "monitoring_te_laat": open_contacten.filter(gepland_op__lt=vandaag).count(),
        "overleggen": 2,
        "heragenderen": 1,
        "over_afsluittermijn": 1,
    }
    # All four contacts of the 200-day-old plan are overdue, and the two one-week contacts are due.
    assert aantallen["monitoring"] == 4 + 2 and aantallen["monitoring_te_laat"] == 4 + 1
    assert re.search(rf'data-telling="briefing-{briefing.pk}">.*3 op de agenda, <strong class="ongewogen">2</strong> nog te wegen', html)
    detail = client.get(reverse("briefing:detail", args=[briefing.pk])).content.decode()
    assert detail.count(">Wegen</a>") == 2
    for sleutel in ("terugkoppeling", "heragenderen", "over_afsluittermijn"):
        assert rijen(client, urls[sleutel]) == aantallen[sleutel], sleutel


def test_procesregisseur_without_a_briefing_today(client_for, users):
    html = client_for(users["pr"]).get(reverse("start")).content.decode()
    assert "Vandaag is er geen briefing." in html


def test_partner_counts_only_what_he_may_see(client_for, users):
    vandaag = timezone.localdate()
    reclassering = users["reclassering"]
    eigen = casus_voor(users)  # brought in by reclassering
    plan_voor(eigen, users, casushouder="reclassering", eigenaar="reclassering", deadline=vandaag - timedelta(days=1))
    Actie.objects.create(plan=eigen.plan, organisatie=reclassering.organisatie, eigenaar=reclassering,
                         omschrijving="Huisbezoek", deadline=vandaag + timedelta(days=10))
    Actie.objects.create(plan=eigen.plan, organisatie=reclassering.organisatie, eigenaar=reclassering,
                         omschrijving="Gedaan", deadline=vandaag - timedelta(days=10), status=Actie.Status.GEDAAN)
    # A case of the police he may not see: an action on his name there (left from before) does not count.
    vreemd = casus_voor(users, melder="politie")
    plan_voor(vreemd, users, casushouder="politie", eigenaar="politie")
    Actie.objects.create(plan=vreemd.plan, organisatie=users["politie"].organisatie, eigenaar=reclassering,
                         omschrijving="Verdwaald", deadline=vandaag - timedelta(days=3))
    assert not Casus.objects.for_user(reclassering).filter(pk=vreemd.pk).exists()
    # A second case of his organisation, opened after his last visit to the first.
    client = client_for(reclassering)
    client.get(reverse("casussen:detail", args=[eigen.pk]))
    tweede = casus_voor(users)

    aantallen, urls, html = tellingen(client)
    assert aantallen == {"acties": 2, "acties_te_laat": 1, "casushouder": 1, "nieuw": 1}
    assert "te laat" in html
    volg_alles(client, aantallen, urls)
    lijst = client.get(urls["nieuw"]).content.decode()
    assert tweede.nummer in lijst and eigen.nummer not in lijst and vreemd.nummer not in lijst
    # The overdue action is marked in words on the list.
    assert "<strong>Te laat</strong>" in client.get(urls["acties"]).content.decode()
    # The police officer sees his own case's action, not reclassering's.
    aantallen_politie, _, _ = tellingen(client_for(users["politie"]))
    assert aantallen_politie["acties"] == Actie.objects.filter(eigenaar=users["politie"], status="open").count() == 1


def test_gemeente_contact_sees_his_municipality_with_due_dates(client_for, users):
    leiden = [uitvraag(nieuwe_melding(users["ic"]), users["ic"]) for _ in range(2)]
    uitvraag(nieuwe_melding(users["ic"]), users["ic"], "gouda")
    briefing = maak_briefing(briefing=Briefing(datum=timezone.localdate() + timedelta(days=2)), weegploeg=[], door=users["pr"])
    agendeer(briefing=briefing, meldingen=[leiden[0].melding], door=users["pr"])

    client = client_for(users["contact"])
    aantallen, urls, html = tellingen(client)
    assert aantallen == {"uitvragen": 2}
    assert InformatieUitvraag.objects.filter(gemeente__code="leiden", status="open").count() == 2
    volg_alles(client, aantallen, urls)
    assert all(u.nummer in html for u in leiden)
    assert f"de briefing van {briefing.datum:%d-%m-%Y}" in html
    assert tellingen(client_for(users["contact_gouda"]))[0] == {"uitvragen": 1}


def test_uiterlijk_prefers_the_agenda_then_the_next_briefing(users):
    vandaag = timezone.localdate()
    u1, u2 = (uitvraag(nieuwe_melding(users["ic"]), users["ic"]) for _ in range(2))
    assert InformatieUitvraag.objects.met_uiterlijk().get(pk=u1.pk).uiterlijk is None
    eerst = maak_briefing(briefing=Briefing(datum=vandaag + timedelta(days=1)), weegploeg=[], door=users["pr"])
    later = maak_briefing(briefing=Briefing(datum=vandaag + timedelta(days=8)), weegploeg=[], door=users["pr"])
    agendeer(briefing=later, meldingen=[u1.melding], door=users["pr"])
    uiterlijk = dict(InformatieUitvraag.objects.met_uiterlijk().values_list("pk", "uiterlijk"))
    assert uiterlijk == {u1.pk: later.datum, u2.pk: eerst.datum}


def test_ketenmanager_key_figures_against_last_year(client_for, users):
    vandaag = timezone.localdate()
    nieuwe_melding(users["ic"])
    vorig = nieuwe_melding(users["ic"])
    Melding.objects.filter(pk=vorig.pk).update(ontvangen_op=timezone.make_aware(datetime(vandaag.year - 1, 1, 1, 12)))
    blok = vandaag_module.ketenmanager(users["ketenmanager"], vandaag)
    cijfers = {c["label"]: (c["nu"], c["toen"]) for c in blok.extra["cijfers"]}
    begin = timezone.make_aware(timezone.datetime(vandaag.year, 1, 1))
    assert cijfers["Meldingen"] == (
        Melding.objects.filter(ontvangen_op__gte=begin).count(),
        Melding.objects.filter(ontvangen_op__lt=begin).count(),
    )
    html = client_for(users["ketenmanager"]).get(reverse("start")).content.decode()
    assert "Kerncijfers van" in html and f"van={vandaag.year}-01-01" in html


@pytest.mark.parametrize("dagen_geleden, te_laat", [(0, False), (27, False), (45, True)])
def test_privacy_officer_legal_term(client_for, users, dagen_geleden, te_laat):
    vandaag = timezone.localdate()
    persoon = PersoonFactory()
    verzoek = Verzoek.objects.create(persoon=persoon, soort=Verzoek.Soort.INZAGE, door=users["fg"],
                                     ontvangen_op=vandaag - timedelta(days=dagen_geleden))
    Verzoek.objects.create(persoon=persoon, soort=Verzoek.Soort.WISSING, door=users["fg"],
                           ontvangen_op=vandaag - timedelta(days=90), afgehandeld_op=vandaag - timedelta(days=60))
    client = client_for(users["fg"])
    aantallen, urls, html = tellingen(client)
    assert aantallen == {"avg_open": 1, "avg_te_laat": int(te_laat)}
    assert verzoek.uiterlijk_op == een_maand_na(verzoek.ontvangen_op) and verzoek.te_laat == te_laat
    assert f"{verzoek.uiterlijk_op:%Y}" in html
    volg_alles(client, aantallen, urls)
    assert ("<strong>Te laat</strong>" in client.get(urls["avg_open"]).content.decode()) == te_laat


def test_een_maand_na_and_te_laat_agree_at_month_ends(users):
    persoon = PersoonFactory()
    begin = date(2026, 1, 1)
    for i in range(70):
        Verzoek.objects.create(persoon=persoon, soort=Verzoek.Soort.INZAGE, door=users["fg"], ontvangen_op=begin + timedelta(days=i))
    assert een_maand_na(date(2026, 1, 31)) == date(2026, 2, 28) and een_maand_na(date(2024, 1, 31)) == date(2024, 2, 29)
    assert een_maand_na(date(2026, 12, 15)) == date(2027, 1, 15)
    for peildag in (date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 30), date(2026, 3, 31)):
        verwacht = {v.pk for v in Verzoek.objects.all() if een_maand_na(v.ontvangen_op) < peildag}
        assert set(Verzoek.objects.te_laat(peildag).values_list("pk", flat=True)) == verwacht, peildag


def test_several_roles_see_each_block(client_for, users):
    GebruikerRol.objects.create(gebruiker=users["pr"], rol=Rol.KETENMANAGER)
    html = client_for(users["pr"]).get(reverse("start")).content.decode()
    assert 'id="vandaag-procesregisseur"' in html and 'id="vandaag-ketenmanager"' in html
    assert 'id="vandaag-partner"' not in html


def test_roles_without_a_block(client_for, users):
    for naam in ("zsm", "beheerder", "zonder_rol"):
        html = client_for(users[naam]).get(reverse("start")).content.decode()
        assert 'class="vandaag"' not in html
    assert "ZSM-vraag stellen" in client_for(users["zsm"]).get(reverse("start")).content.decode()


# --- The query count: fixed per role, whatever the amount of data ------------------------------------

# Per role: session, user (with roles), TOTP device (the same for everyone), then the block's counts in one
# statement (core.vandaag.tel_samen) and what else it shows:
VERWACHT = {
    "ic": 2,             # the counts (meldingen, uitvragen), next briefing
    "pr": 4,             # today's briefings, meetings (count and first date), the longest monitoring term (for
                         # the closing term), the counts (feedback, monitoring and overdue, re-agenda, closing term)
    "reclassering": 1,   # the counts (actions and overdue, casushouder, news)
    "contact": 2,        # the first open requests, their count
    "ketenmanager": 10,  # five figures, two periods
    "fg": 2,             # open (with the nearest term), overdue
}


def vul(users, n):
    vandaag = timezone.localdate()
    for i in range(n):
        casus = casus_voor(users)
        plan_voor(casus, users, vastgesteld_op=vandaag - timedelta(days=10 + 100 * (i % 3)), deadline=vandaag - timedelta(days=i % 2))
        melding = nieuwe_melding(users["ic"])
        uitvraag(melding, users["ic"])
        Verzoek.objects.create(persoon=PersoonFactory(), soort=Verzoek.Soort.INZAGE, door=users["fg"],
                               ontvangen_op=vandaag - timedelta(days=20 * i))


@pytest.mark.parametrize("rol", list(VERWACHT))
def test_query_count_is_fixed_per_role(client_for, users, rol):
    client = client_for(users[rol])
    url = reverse("start")
    leeg = tel(client, url)
    vul(users, 2)
    klein = tel(client, url)
    vul(users, 6)
    groot = tel(client, url)
    basis = tel(client_for(users["zonder_rol"]), url)
    assert leeg == klein == groot == basis + VERWACHT[rol]


def test_visit_is_one_row_per_person_and_case(client_for, users):
    casus = casus_voor(users)
    client = client_for(users["reclassering"])
    for _ in range(3):
        client.get(reverse("casussen:detail", args=[casus.pk]))
    assert CasusBezoek.objects.filter(casus=casus).count() == 1


def test_avg_request_list_shows_only_open_requests_and_logs_them(client_for, users):
    from schakel.privacy.models import Toegangslog

    vandaag = timezone.localdate()
    open_, afgehandeld = PersoonFactory(achternaam="Openveld"), PersoonFactory(achternaam="Dichtbij")
    Verzoek.objects.create(persoon=open_, soort=Verzoek.Soort.INZAGE, door=users["fg"], ontvangen_op=vandaag)
    Verzoek.objects.create(persoon=afgehandeld, soort=Verzoek.Soort.INZAGE, door=users["fg"],
                           ontvangen_op=vandaag - timedelta(days=5), afgehandeld_op=vandaag)
    html = client_for(users["fg"]).get(reverse("avg:verzoeken")).content.decode()
    assert "Openveld" in html and "Dichtbij" not in html
    assert set(Toegangslog.objects.filter(gebruiker=users["fg"], actie="lijst").values_list("persoon_id", flat=True)) == {open_.pk}
    for naam in ("pr", "reclassering", "ketenmanager", "beheerder"):
        assert client_for(users[naam]).get(reverse("avg:verzoeken")).status_code == 403


def test_my_actions_show_only_mine_in_cases_i_may_see_and_are_logged(client_for, users):
    from schakel.privacy.models import Toegangslog

    eigen = casus_voor(users)
    plan_voor(eigen, users, eigenaar="reclassering")
    collega = casus_voor(users)
    plan_voor(collega, users, casushouder="ggz", eigenaar="ggz")
    html = client_for(users["reclassering"]).get(reverse("plannen:mijn_acties")).content.decode()
    assert eigen.nummer in html and collega.nummer not in html
    gelogd = Toegangslog.objects.filter(gebruiker=users["reclassering"], actie="lijst", objecttype="actie")
    assert set(gelogd.values_list("object_id", flat=True)) == set(eigen.plan.acties.values_list("pk", flat=True))
    assert set(gelogd.values_list("persoon_id", flat=True)) == set(eigen.personen.values_list("pk", flat=True))


def test_my_actions_is_in_the_menu_of_a_partner_only(client_for, users):
    link = f'href="{reverse("plannen:mijn_acties")}"'
    assert link in client_for(users["reclassering"]).get(reverse("casussen:lijst")).content.decode()
    assert link not in client_for(users["pr"]).get(reverse("casussen:lijst")).content.decode()


def test_counting_together_gives_each_querysets_own_count(users):
    """tel_samen is .count() for each queryset, whatever its joins, distinct or ordering."""
    from schakel.core.vandaag import tel_samen

    vul(users, 3)
    casussen = Casus.objects.for_user(users["reclassering"])
    sets = {
        "alle_meldingen": Melding.objects.all(),
        "eigen_casussen": casussen.order_by("-pk"),
        "nieuw": casussen.nieuw_sinds_bezoek(users["reclassering"]),
        "geen": Melding.objects.filter(pk__lt=0),
        "distinct": Casus.objects.filter(personen__isnull=False).distinct(),
    }
    verwacht = {naam: qs.count() for naam, qs in sets.items()}
    assert tel_samen(**sets) == verwacht
    assert verwacht["alle_meldingen"] > 0 and verwacht["distinct"] > 0


def test_house_staff_counts_built_once_are_the_counts_built_per_visit(users):
    """The procesregisseur's counts with their SQL built once (core.vaste_query.VasteTelling) equal the
    same querysets built and counted anew, on days before, on and after the plans' terms."""
    from schakel.monitoring.services import afsluitgrens

    vandaag = timezone.localdate()
    for dagen in (10, 7, 200, 400):
        plan_voor(casus_voor(users), users, vastgesteld_op=vandaag - timedelta(days=dagen))
    Casus.objects.filter(pk=casus_voor(users).pk).update(heragenderen_sinds=timezone.now())
    gezien = set()
    for dag in (vandaag, vandaag - timedelta(days=30), vandaag + timedelta(days=8), vandaag + timedelta(days=200)):
        grens = afsluitgrens(dag)
        per_bezoek = vandaag_module.tel_samen(**vandaag_module._procesteam_tellingen(dag, grens))
        assert vandaag_module._PROCESTEAM_TELLINGEN.tel(dag, grens) == per_bezoek
        gezien.add(tuple(per_bezoek.values()))
    # The days differ in what they count, so a date stuck in the SQL would have shown.
    assert len(gezien) > 1


def test_a_count_whose_sql_holds_more_than_its_arguments_is_refused(users):
    """A date worked out from an argument, or the moment of building, would stay in SQL built once."""
    from schakel.core.vaste_query import VasteTelling

    afgeleid = VasteTelling(lambda dag: {"x": Casus.objects.filter(plan__vastgesteld_op__lt=dag - timedelta(days=1))}, (date,))
    with pytest.raises(ValueError, match="eigen argument"):
        afgeleid.tel(timezone.localdate())
    nu = VasteTelling(lambda dag: {"x": Casus.objects.filter(plan__vastgesteld_op__lt=dag, geopend_op__lt=timezone.now())}, (date,))
    with pytest.raises(ValueError, match="eigen argument"):
        nu.tel(timezone.localdate())
    from schakel.monitoring.services import afsluitgrens

    leest = VasteTelling(lambda dag: {"x": Casus.objects.filter(plan__vastgesteld_op__lt=afsluitgrens(dag))}, (date,))
    with pytest.raises(ValueError, match="leest de database"):
        leest.tel(timezone.localdate())
    ongebruikt = VasteTelling(lambda dag: {"x": Casus.objects.all()}, (date,))
    with pytest.raises(ValueError, match="Niet elke waarde"):
        ongebruikt.tel(timezone.localdate())
    with pytest.raises(TypeError):
        VasteTelling(lambda dag: {"x": Casus.objects.filter(plan__vastgesteld_op__lt=dag)}, (date,)).tel(timezone.now())


def test_only_whom_for_user_leaves_every_row_gets_the_counts_built_once(users, monkeypatch):
    """Someone for_user restricts never gets the shared counts: his own querysets are counted."""
    vul(users, 3)
    gedeeld = []
    monkeypatch.setattr(vandaag_module._PROCESTEAM_TELLINGEN, "tel", lambda *a, **k: gedeeld.append(a) or {})
    partner = users["reclassering"]
    with pytest.raises(KeyError):
        # The shared counts (emptied here) are used for house staff ...
        vandaag_module.procesregisseur(users["pr"], timezone.localdate())
    assert len(gedeeld) == 1
    # ... and not for a partner, whose block counts only what he may see.
    blok = vandaag_module.procesregisseur(partner, timezone.localdate())
    assert len(gedeeld) == 1
    heragenderen = next(t for t in blok.tellingen if t.sleutel == "heragenderen")
    assert heragenderen.aantal == Casus.objects.for_user(partner).te_heragenderen().count()

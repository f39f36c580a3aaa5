"""The start page "Vandaag" in a real browser, per role: log in, land on Vandaag, follow every count to
its list, and the number of rows there (and the list's own total, where it shows one) equals the count
and the database."""
import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schakel.avg.models import Verzoek
from schakel.briefing.models import Briefing
from schakel.briefing.services import agendeer, maak_briefing
from schakel.casussen.models import Casus
from schakel.meldingen.models import Melding
from schakel.monitoring.models import Monitoringcontact
from schakel.overleggen.models import Overleg, Overlegtype
from schakel.plannen.models import Actie
from schakel.uitvragen.models import InformatieUitvraag

from ..factories import PersoonFactory
from ..scenario import nieuwe_melding, weeg_focus
from ..test_vandaag import uitvraag
from ..test_werklijsten import casus_voor, plan_voor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def landt_op_vandaag(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Vandaag")


def tellingen(page) -> dict[str, int]:
    uit = {}
    for li in page.locator("li[data-telling]").all():
        uit[li.get_attribute("data-telling")] = int(li.locator(".aantal").inner_text())
    return uit


def rijen_in_lijst(page) -> int:
    """Data rows of the list's first table; where the list prints its total ("12 casussen"), that too."""
    tabel = page.locator("table").first
    expect(tabel).to_be_visible()
    rijen = tabel.locator("tbody tr").all()
    aantal = sum(1 for r in rijen if r.locator("td[colspan]").count() == 0)
    totaal = page.locator(".paginering .telling")
    if totaal.count():
        assert int(re.match(r"\d+", totaal.first.inner_text()).group()) == aantal
    return aantal


def volg(page, sleutel) -> int:
    """Follow one count from Vandaag to its list; the rows there."""
    page.goto("/")
    page.locator(f"li[data-telling='{sleutel}'] a").click()
    page.wait_for_load_state()
    return rijen_in_lijst(page)


def volg_alle(page, verwacht: dict):
    landt_op_vandaag(page)
    assert tellingen(page) == verwacht
    for sleutel, aantal in verwacht.items():
        assert volg(page, sleutel) == aantal, sleutel
    page.goto("/")


def test_informatiecoordinator(login, users, screenshot):
    los = [nieuwe_melding(users["ic"]), nieuwe_melding(users["ic"], melder="politie")]
    uitvraag(los[0], users["ic"])
    casus_voor(users)
    maak_briefing(briefing=Briefing(datum=timezone.localdate() + timedelta(days=1)), weegploeg=[], door=users["pr"])
    page = login(users["ic"])
    volg_alle(page, {
        "niet_geagendeerd": Melding.objects.filter(status=Melding.Status.GEREGISTREERD).count(),
        "uitvragen_open": InformatieUitvraag.objects.filter(status=InformatieUitvraag.Status.OPEN).count(),
    })
    expect(page.get_by_text("De volgende briefing is op")).to_be_visible()
    screenshot(page, "vandaag-informatiecoordinator")


def test_procesregisseur(login, users, screenshot):
    vandaag = timezone.localdate()
    pr = users["pr"]
    briefing = maak_briefing(briefing=Briefing(datum=vandaag), weegploeg=[], door=pr)
    meldingen = [nieuwe_melding(users["ic"], persoon=PersoonFactory()) for _ in range(3)]
    agendeer(briefing=briefing, meldingen=meldingen, door=pr)
    weeg_focus(briefing, meldingen[0], pr)
    for dagen in (10, 7, 200):
        plan_voor(casus_voor(users), users, vastgesteld_op=vandaag - timedelta(days=dagen))
    Casus.objects.filter(pk=casus_voor(users).pk).update(heragenderen_sinds=timezone.now())
    focus = Overlegtype.objects.get(code="focus")
    for dagen in (-3, 0, 5):
        Overleg.objects.create(overlegtype=focus, voorzitter=pr, datum=timezone.now() + timedelta(days=dagen, minutes=5))
    open_contacten = Monitoringcontact.objects.filter(uitgevoerd_op__isnull=True, gepland_op__lte=vandaag)

    page = login(pr)
    volg_alle(page, {
        "terugkoppeling": Melding.objects.filter(status=Melding.Status.GEWOGEN, terugkoppelingen__isnull=True).count(),
        "monitoring": open_contacten.count(),
        "monitoring_te_laat": open_contacten.filter(gepland_op__lt=vandaag).count(),
        "overleggen": Overleg.objects.filter(datum__gte=timezone.now() - timedelta(hours=1)).count(),
        "heragenderen": Casus.objects.filter(heragenderen_sinds__isnull=False).count(),
        "over_afsluittermijn": 1,
    })
    screenshot(page, "vandaag-procesregisseur")
    # Today's briefing: the unweighed items are the ones with a "Wegen" link.
    regel = page.locator(f"[data-telling='briefing-{briefing.pk}']")
    expect(regel).to_contain_text("3 op de agenda")
    assert int(regel.locator(".ongewogen").inner_text()) == 2
    regel.get_by_role("link").click()
    expect(page.locator("table").first.get_by_role("link", name="Wegen", exact=True)).to_have_count(2)


def test_partner_and_casushouder(login, users, screenshot):
    vandaag = timezone.localdate()
    reclassering = users["reclassering"]
    eigen = casus_voor(users)
    plan_voor(eigen, users, deadline=vandaag - timedelta(days=2))
    Actie.objects.create(plan=eigen.plan, organisatie=reclassering.organisatie, eigenaar=reclassering,
                         omschrijving="Huisbezoek", deadline=vandaag + timedelta(days=10))
    vreemd = casus_voor(users, melder="politie")
    plan_voor(vreemd, users, casushouder="politie", eigenaar="politie")
    Actie.objects.create(plan=vreemd.plan, organisatie=users["politie"].organisatie, eigenaar=reclassering,
                         omschrijving="Niet de zijne", deadline=vandaag - timedelta(days=1))
    casus_voor(users)  # a second case of his organisation, never opened

    page = login(reclassering)
    zichtbaar = Casus.objects.for_user(reclassering)
    volg_alle(page, {
        "acties": Actie.objects.filter(eigenaar=reclassering, status="open", plan__casus__in=zichtbaar).count(),
        "acties_te_laat": Actie.objects.filter(eigenaar=reclassering, status="open", plan__casus__in=zichtbaar,
                                               deadline__lt=vandaag).count(),
        "casushouder": zichtbaar.filter(plan__casushouder=reclassering).count(),
        "nieuw": 2,
    })
    expect(page.locator("li[data-telling='acties_te_laat']")).to_contain_text("te laat")
    screenshot(page, "vandaag-partner")
    # Opening a case takes it off "new".
    page.goto(f"/casussen/{eigen.pk}/")
    page.goto("/")
    assert tellingen(page)["nieuw"] == 1
    page.locator("li[data-telling='acties'] a").click()
    expect(page.get_by_text("Te laat", exact=True)).to_have_count(1)
    screenshot(page, "vandaag-mijn-acties")


def test_gemeente_contact(login, users, screenshot):
    for gemeente in ("leiden", "leiden", "gouda"):
        uitvraag(nieuwe_melding(users["ic"]), users["ic"], gemeente)
    maak_briefing(briefing=Briefing(datum=timezone.localdate() + timedelta(days=2)), weegploeg=[], door=users["pr"])
    page = login(users["contact"])
    volg_alle(page, {"uitvragen": InformatieUitvraag.objects.filter(gemeente__code="leiden", status="open").count()})
    expect(page.get_by_role("table")).to_contain_text("de briefing van")
    screenshot(page, "vandaag-gemeente-contact")


def test_ketenmanager(login, users, screenshot):
    vandaag = timezone.localdate()
    casus_voor(users)
    nieuwe_melding(users["ic"])
    # Last year, within the same days: the report then shows last year's column beside this year's.
    vorig = nieuwe_melding(users["ic"])
    Melding.objects.filter(pk=vorig.pk).update(ontvangen_op=timezone.make_aware(datetime(vandaag.year - 1, 1, 1, 12)))
    page = login(users["ketenmanager"])
    landt_op_vandaag(page)
    op_vandaag = {}
    for rij in page.locator("tr[data-kerncijfer]").all():
        cellen = rij.locator("td").all_inner_texts()
        op_vandaag[rij.get_attribute("data-kerncijfer")] = (cellen[0], cellen[1])
    assert op_vandaag["Meldingen"] == ("2", "1")
    screenshot(page, "vandaag-ketenmanager")
    # The report of this year so far shows the same figures, last year's in the column before.
    # The report draws its charts on the server: under load that takes longer than a click waits.
    page.goto(page.get_by_role("link", name="Rapportage van dit jaar tot vandaag").get_attribute("href"), timeout=60_000)
    kern = page.get_by_role("table", name="Kerncijfers")
    expect(kern).to_be_visible()
    for label, (nu, toen) in op_vandaag.items():
        cellen = kern.locator("tbody tr", has=page.locator(f"th:text-is('{label}')")).locator("td").all_inner_texts()
        assert cellen[-2:] == [toen, nu], label


def test_privacy_officer(login, users, screenshot):
    vandaag = timezone.localdate()
    for dagen in (3, 40):
        Verzoek.objects.create(persoon=PersoonFactory(), soort=Verzoek.Soort.INZAGE, door=users["fg"],
                               ontvangen_op=vandaag - timedelta(days=dagen))
    page = login(users["fg"])
    volg_alle(page, {"avg_open": Verzoek.objects.open().count(), "avg_te_laat": 1})
    expect(page.locator("li[data-telling='avg_te_laat']")).to_contain_text("te laat")
    screenshot(page, "vandaag-fg")
    page.locator("li[data-telling='avg_open'] a").click()
    expect(page.get_by_text("Te laat", exact=True)).to_have_count(1)
    screenshot(page, "vandaag-avg-verzoeken")

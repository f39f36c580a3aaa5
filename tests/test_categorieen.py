"""Issue 9, hole 10: every free text that can carry special-category data has an information category,
decided once by its writer and checked once by `privacy.categorieen.toon_tekst` (the `{% toon_tekst %}`
tag). Tested by content: a canary text per field must be absent, and the shield notice present, for
whoever the covenant annex does not name."""
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schakel.casussen.models import CasusBetrokkenheid
from schakel.casussen.services import betrek_organisatie
from schakel.meldingen.models import Melding, Terugkoppeling
from schakel.monitoring.models import Monitoringcontact, Verlenging
from schakel.opschaling.models import Escalatieniveau, Opschaling
from schakel.overleggen.models import Bespreking, Overleg
from schakel.partners.models import Organisatie
from schakel.plannen.models import Actie, Doel, PlanVanAanpak
from schakel.privacy.categorieen import TEKSTEN, Afgeschermd, toon_tekst
from schakel.privacy.models import InformatieCategorie
from schakel.uitvragen.services import beantwoord
from schakel.zsm.models import ZsmAdvies

from .scenario import BSN_P1, bouw_scenario, nieuwe_melding

pytestmark = pytest.mark.django_db

AFGESCHERMD_ZORG = "Afgeschermd: Gezondheid en zorg (medisch, GGZ, verslaving) (alleen voor partijen die de convenantbijlage noemt)"


def org(code):
    return Organisatie.objects.get(code=code)


def zorg():
    return InformatieCategorie.objects.get(code="zorg")


def canary(naam):
    return f"KANARIE-{naam}-Urgente GGZ-opname"


@pytest.fixture
def s(users):
    return bouw_scenario(users)


@pytest.fixture
def gevuld(users, s):
    """A focus case in which every category-carrying text holds its own canary, all of category 'zorg'.
    In the focus annex 'zorg' is only for GGZ, GGD, reclassering, SVG and Veilig Thuis: the police are
    a party, but not for this category."""
    z = zorg()
    vandaag = timezone.localdate()
    casus = s.casus
    for code in ("politie", "ggz"):
        betrek_organisatie(casus=casus, organisatie=org(code), rol=CasusBetrokkenheid.Rol.ACTIEHOUDER)
    Melding.objects.filter(pk=s.melding.pk).update(omschrijving=canary("melding"), categorie=z)
    Terugkoppeling.objects.create(melding=s.melding, datum=vandaag, kanaal="mail", tekst=canary("terugkoppeling"),
                                  door=users["ic"], categorie=z)
    beantwoord(uitvraag=s.uitvraag, antwoord=canary("antwoord"), categorie=z, door=users["contact"])
    overleg = Overleg.objects.create(overlegtype=casus.overlegtype, voorzitter=users["pr"], datum=timezone.now() - timedelta(days=1))
    Bespreking.objects.create(overleg=overleg, casus=casus, notulen=canary("notulen"), besluiten=canary("besluiten"), categorie=z)
    plan = PlanVanAanpak.objects.create(casus=casus, type="zorg", casushouder=users["reclassering"], vastgesteld_op=vandaag,
                                        toelichting=canary("plantoelichting"), categorie=z)
    Doel.objects.create(plan=plan, leefgebied="zorg", omschrijving=canary("doel"), categorie=z)
    Actie.objects.create(plan=plan, organisatie=org("reclassering"), omschrijving=canary("actie"), deadline=vandaag,
                         status=Actie.Status.NIET_GEDAAN, reden_niet_gedaan=canary("redenniet"), categorie=z)
    Monitoringcontact.objects.create(casus=casus, termijn="Na 1 week", gepland_op=vandaag, uitgevoerd_op=vandaag,
                                     uitkomst="op_koers", toelichting=canary("monitoring"), door=users["pr"], categorie=z)
    Verlenging.objects.create(casus=casus, tot=vandaag + timedelta(days=30), reden=canary("verlenging"), door=users["pr"], categorie=z)
    opschaling = Opschaling.objects.create(
        casus=casus, niveau=Escalatieniveau.objects.get(code="ketenmanager"), reden=canary("reden"),
        gevraagd_besluit=canary("gevraagd"), genomen_besluit=canary("genomen"), besluit_op=vandaag, uitkomst=canary("uitkomst"),
        door=users["pr"], categorie=z,
    )
    ZsmAdvies.objects.create(casus=casus, schets=canary("schets"), gewenste_maatregelen=canary("maatregelen"),
                             geldig_tot=vandaag + timedelta(days=30), door=users["pr"], categorie=z)
    return {"casus": casus, "melding": s.melding, "uitvraag": s.uitvraag, "opschaling": opschaling, "plan": plan}


CASUS_KANARIES = ["notulen", "besluiten", "plantoelichting", "doel", "actie", "redenniet", "monitoring", "verlenging",
                  "reden", "gevraagd", "genomen", "uitkomst", "schets", "maatregelen"]
MELDING_KANARIES = ["melding", "terugkoppeling", "antwoord"]


def pagina(client_for, user, naam, *args):
    response = client_for(user).get(reverse(naam, args=args))
    return response.status_code, response.content.decode()


def _paginas(client_for, user, g):
    """Every page that shows one of these texts, as `user` reaches it (only the 200s count)."""
    adressen = [("casussen:detail", g["casus"].pk), ("casussen:tijdlijn", g["casus"].pk), ("meldingen:detail", g["melding"].pk),
                ("uitvragen:detail", g["uitvraag"].pk), ("opschaling:lijst",), ("opschaling:besluit", g["opschaling"].pk)]
    uit = {}
    for naam, *args in adressen:
        status, html = pagina(client_for, user, naam, *args)
        if status == 200:
            uit[naam] = html
    return uit


def test_police_at_the_table_sees_the_notice_and_no_care_text_anywhere(client_for, users, gevuld):
    paginas = _paginas(client_for, users["politie"], gevuld)
    assert {"casussen:detail", "casussen:tijdlijn", "meldingen:detail"} <= set(paginas)
    for naam, html in paginas.items():
        for k in CASUS_KANARIES + MELDING_KANARIES:
            assert canary(k) not in html, (naam, k)
    assert paginas["casussen:detail"].count(AFGESCHERMD_ZORG) >= 13
    assert AFGESCHERMD_ZORG in paginas["meldingen:detail"] and AFGESCHERMD_ZORG in paginas["casussen:tijdlijn"]


def test_ketenmanager_decides_on_an_escalation_without_reading_its_care_reason(client_for, users, gevuld):
    paginas = _paginas(client_for, users["ketenmanager"], gevuld)
    assert {"opschaling:lijst", "opschaling:besluit"} <= set(paginas)
    for naam, html in paginas.items():
        for k in CASUS_KANARIES + MELDING_KANARIES:
            assert canary(k) not in html, (naam, k)
        assert AFGESCHERMD_ZORG in html, naam
    # The decision form does not hand the old decision back in its fields either.
    assert canary("genomen") not in paginas["opschaling:besluit"]


@pytest.mark.parametrize("naam", ["ggz", "reclassering", "pr"])
def test_entitled_partners_and_house_staff_read_every_text(client_for, users, gevuld, naam):
    paginas = _paginas(client_for, users[naam], gevuld)
    casuspagina = paginas["casussen:detail"]
    for k in CASUS_KANARIES:
        assert canary(k) in casuspagina, k
    assert AFGESCHERMD_ZORG not in casuspagina
    assert canary("genomen") in paginas["casussen:tijdlijn"] and canary("verlenging") in paginas["casussen:tijdlijn"]
    # Municipal answers (and what was said back) are for the house; a partner's melding page shows what
    # was reported (hole 6). Where a text is shown, the category does not hide it from these readers.
    for k in MELDING_KANARIES if naam == "pr" else ["melding"]:
        assert canary(k) in paginas["meldingen:detail"], k
    assert AFGESCHERMD_ZORG not in paginas["meldingen:detail"]


def test_the_writer_reads_its_own_text_where_the_annex_would_not_let_it(client_for, users, gevuld):
    # GGZ Parnassia never signed; make the police the reporter and the municipality the answerer:
    # the police read their own melding back, the municipal contact his own answer.
    Melding.objects.filter(pk=gevuld["melding"].pk).update(melder_organisatie=org("politie"))
    status, html = pagina(client_for, users["politie"], "meldingen:detail", gevuld["melding"].pk)
    assert status == 200 and canary("melding") in html
    assert canary("antwoord") not in html  # written by the municipality, not by the police
    status, html = pagina(client_for, users["contact"], "uitvragen:detail", gevuld["uitvraag"].pk)
    assert status == 200 and canary("antwoord") in html


def test_zsm_desk_gets_the_notice_instead_of_care_advice(client_for, users, gevuld):
    response = client_for(users["zsm"]).post(reverse("zsm:vraag"), {"bsn": BSN_P1})
    html = response.content.decode()
    assert response.status_code == 200
    assert canary("schets") not in html and canary("maatregelen") not in html
    assert AFGESCHERMD_ZORG in html


def test_a_melding_without_a_case_is_read_by_its_writer_and_the_house_only(users):
    melding = nieuwe_melding(users["ggz"], melder="ggz", categorie=zorg())
    melding.omschrijving = canary("zonder-casus")
    assert melding.casus_id is None
    for naam in ("ggz", "ic", "pr"):
        assert toon_tekst(users[naam], melding, "omschrijving") == canary("zonder-casus"), naam
    for naam in ("politie", "reclassering", "ketenmanager", "fg", "gast"):
        tekst = toon_tekst(users[naam], melding, "omschrijving")
        assert isinstance(tekst, Afgeschermd) and tekst == AFGESCHERMD_ZORG, naam
    # Without a category the text is general information.
    melding.categorie = None
    assert toon_tekst(users["politie"], melding, "omschrijving") == canary("zonder-casus")


def test_a_care_organisation_reports_under_the_care_category_by_default(client_for, users):
    response = client_for(users["ggz"]).get(reverse("meldingen:nieuw"))
    assert response.status_code == 200
    veld = response.context["form"]["categorie"]
    assert veld.value() == zorg().pk
    response = client_for(users["politie"]).get(reverse("meldingen:nieuw"))
    assert not response.context["form"]["categorie"].value()


def test_the_escalation_form_lets_the_writer_mark_the_reason_as_care(client_for, users, s):
    response = client_for(users["pr"]).post(reverse("opschaling:nieuw", args=[s.casus.pk]), {
        "niveau": Escalatieniveau.objects.get(code="ketenmanager").pk, "reden": canary("reden"),
        "gevraagd_besluit": "Plaatsing regelen.", "categorie": zorg().pk, "opgeschaald_op": timezone.localdate().isoformat(),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Opschaling.objects.get(casus=s.casus).categorie == zorg()
    html = client_for(users["ketenmanager"]).get(reverse("opschaling:lijst")).content.decode()
    assert "Plaatsing regelen." not in html and AFGESCHERMD_ZORG in html


def test_case_page_query_count_does_not_grow_with_shielded_texts(client_for, users, gevuld):
    def tel():
        client = client_for(users["politie"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("casussen:detail", args=[gevuld["casus"].pk])).status_code == 200
        return len(ctx.captured_queries)

    klein = tel()
    z = zorg()
    casus = gevuld["casus"]
    for i in range(5):
        overleg = Overleg.objects.create(overlegtype=casus.overlegtype, voorzitter=users["pr"], datum=timezone.now() - timedelta(days=2 + i))
        Bespreking.objects.create(overleg=overleg, casus=casus, notulen=f"n{i}", besluiten=f"b{i}", categorie=z)
        Doel.objects.create(plan=gevuld["plan"], leefgebied="schulden", omschrijving=f"d{i}", categorie=z)
        Actie.objects.create(plan=gevuld["plan"], organisatie=org("reclassering"), omschrijving=f"a{i}",
                             deadline=timezone.localdate(), categorie=z)
        Verlenging.objects.create(casus=casus, tot=timezone.localdate() + timedelta(days=40 + i), reden=f"v{i}", door=users["pr"], categorie=z)
        Opschaling.objects.create(casus=casus, niveau=Escalatieniveau.objects.get(code="ketenmanager"), reden=f"r{i}",
                                  gevraagd_besluit=f"g{i}", door=users["pr"], categorie=z)
        ZsmAdvies.objects.create(casus=casus, schets=f"s{i}", gewenste_maatregelen=f"m{i}", geldig_tot=timezone.localdate(),
                                 door=users["pr"], categorie=z)
    assert tel() == klein


# --- the guard: no template shows a categorised field except through {% toon_tekst %} ------------------

# `{{ … }}` expressions that end in a registered field name but are not such a text: what they are.
NIET_GECATEGORISEERD = {
    "e.tekst": "a timeline event, built by casussen/tijdlijn.py through toon_tekst",
    "r.tekst": "a sentence of the melding history (meldingen/historie.py): the change log keeps no free text, only that it changed",
    "f.tekst": "an error message of a form field in the error summary",
    "c.tekst": "a cell of a report table (figures and labels)",
    "t.reden": "the reason of a duplicate-check hit (same BSN, same name and birth date)",
    "b.reden": "the legal reason of a retention hold (AVG screen)",
    "r.reden": "the reason of an erasure registration (AVG screen)",
    "v.toelichting": "the FG's note on an AVG request",
    "s.toelichting": "an automatic status-history note ('Geregistreerd', the briefing's name)",
    "k.omschrijving": "a structural bottleneck: the form forbids personal data",
    "k.besluit": "the stuurgroep's decision on a structural bottleneck",
    "oud.besluit": "the stuurgroep's decision on a structural bottleneck",
    "knelpunt.omschrijving": "a structural bottleneck: the form forbids personal data",
    "antwoord.advies.schets": "the ZSM answer, already filtered by zsm.services.beantwoord_vraag through toon_tekst",
    "antwoord.advies.gewenste_maatregelen": "the ZSM answer, already filtered by zsm.services.beantwoord_vraag",
    "voorstel.toelichting": "why a member of staff needs a role (role proposal, no client data)",
    "voorstel.reden": "why a role proposal was rejected (no client data)",
    "v.reden": "why a role proposal was rejected (no client data)",
    "form.reden": "the rejection reason field of a role proposal form",
}


def _template_mappen():
    mappen = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    mappen += list(Path(settings.BASE_DIR).glob("*/templates"))
    return {m.resolve() for m in mappen if m.exists()}


def test_no_template_renders_a_categorised_text_directly():
    velden = {veld for soort in TEKSTEN.values() for veld in soort.velden}
    patroon = re.compile(r"\{\{\s*([\w.]+?\.(" + "|".join(sorted(velden)) + r"))\s*(\||\}\})")
    bestanden = [p for map_ in _template_mappen() for p in map_.rglob("*.html")]
    assert len(bestanden) > 40
    fouten = []
    for pad in bestanden:
        for regelnummer, regel in enumerate(pad.read_text().splitlines(), start=1):
            for match in patroon.finditer(regel):
                if match.group(1) not in NIET_GECATEGORISEERD:
                    fouten.append(f"{pad.name}:{regelnummer}: {{{{ {match.group(1)} }}}}")
    assert not fouten, "Toon deze teksten met {% toon_tekst obj \"veld\" %}:\n" + "\n".join(fouten)


def test_every_registered_text_has_a_category_field():
    from django.apps import apps

    for label, soort in TEKSTEN.items():
        model = apps.get_model(label)
        veld = model._meta.get_field("categorie")
        assert veld.null and veld.related_model is InformatieCategorie, label
        for naam in soort.velden:
            model._meta.get_field(naam)

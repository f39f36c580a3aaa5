"""AVG rights: the FG sees a person only through a recorded request and every look-up is logged; the
inzage (PDF and JSON) is a readable document of the person's own data with others' data withheld;
requests, restriction and erasure where the law allows it."""
import datetime
import io
import json

import pytest
from pypdf import PdfReader
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from schakel.avg.document import MAANDEN, Afscherming
from schakel.avg.models import GEWIST, Beperking, Bewaarplicht, Verwijderingsregistratie, Verzoek
from schakel.avg.services import ZONDER_TREFFER, is_beperkt, wis_persoon
from schakel.briefing.models import Weging
from schakel.casussen.models import Casus
from schakel.meldingen.models import Melding, Terugkoppeling
from schakel.meldingen.services import koppel_persoon
from schakel.overleggen.models import Bespreking
from schakel.personen.models import Persoon
from schakel.privacy.models import Mutatielog, Toegangslog
from schakel.uitvragen.models import InformatieUitvraag
from schakel.uitvragen.services import beantwoord, vraag_uit

from .factories import PersoonFactory
from .scenario import BSN_P1, bouw_scenario, nieuwe_melding
from .test_retentie import gewogen_melding, sluit, vul_casus


def ids(rijen):
    return {r["id"] for r in rijen}


@pytest.fixture
def scenario(users, client_for):
    s = bouw_scenario(users)
    vul_casus(s.casus, users, "Inhoud")
    Terugkoppeling.objects.create(melding=s.melding, datum=timezone.localdate(), kanaal="mail", tekst="Teruggekoppeld", door=users["ic"])
    # A second melding about P1 without a case, and someone else's melding that must stay out.
    gewogen_melding(users, s.persoon)
    gewogen_melding(users, PersoonFactory(achternaam="Anders"))
    # Views by staff, so the access log has rows about P1.
    client_for(users["ic"]).get(reverse("personen:detail", args=[s.persoon.pk]))
    client_for(users["reclassering"]).get(reverse("casussen:detail", args=[s.casus.pk]))
    return s


def open_verzoek(persoon, users, soort=Verzoek.Soort.INZAGE):
    return Verzoek.objects.create(persoon=persoon, soort=soort, door=users["fg"])


def zoek(client, **data):
    return client.post(reverse("avg:inzage"), {"reden": "inzage", **data})


@pytest.mark.django_db
def test_fg_sees_no_person_without_an_open_request(client_for, users, scenario):
    """Hole 7: the person page, the export and the other actions answer 403 until a request of this
    person is recorded and open, and again once it is closed."""
    p = scenario.persoon
    client = client_for(users["fg"])
    pagina = client.get(reverse("avg:persoon", args=[p.pk]))
    html = pagina.content.decode()
    assert pagina.status_code == 403 and "Leg eerst een verzoek vast" in html
    assert "Jansen" not in html and "Inhoud: notulen" not in html
    assert client.post(reverse("avg:export", args=[p.pk]), {"formaat": "json"}).status_code == 403
    assert client.post(reverse("avg:beperking", args=[p.pk]), {"sinds": "2026-01-01", "reden": "x"}).status_code == 403
    assert client.post(reverse("avg:wissen", args=[p.pk]), {"reden": "x", "bevestig": "on"}).status_code == 403
    assert client.get(reverse("avg:verzoek", args=[p.pk])).status_code == 403  # not found by a search
    assert not Beperking.objects.exists() and not Toegangslog.objects.filter(gebruiker=users["fg"], persoon_id=p.pk).exists()

    verzoek = open_verzoek(p, users, Verzoek.Soort.RECTIFICATIE)
    pagina = client.get(reverse("avg:persoon", args=[p.pk]))
    assert pagina.status_code == 200 and "Inhoud: notulen" in pagina.content.decode()
    log = Toegangslog.objects.get(gebruiker=users["fg"], persoon_id=p.pk, actie="bekeken")
    assert log.doel == f"AVG-inzage (overzicht) bij verzoek {verzoek.pk}"
    # Rectification is no reason for an art. 15 export.
    assert client.post(reverse("avg:export", args=[p.pk]), {"formaat": "json"}).status_code == 403

    afhandelen = client.post(reverse("avg:verzoek_afhandelen", args=[verzoek.pk]),
                             {"besluit": "toegewezen", "afgehandeld_op": timezone.localdate().isoformat()})
    assert afhandelen.status_code == 302 and afhandelen["Location"] == reverse("avg:inzage")
    assert client.get(reverse("avg:persoon", args=[p.pk])).status_code == 403


@pytest.mark.django_db
def test_fg_search_is_logged_with_hits_and_without(client_for, users, scenario):
    """Hole 7: every look-up by BSN or by name and birth date goes to the access log with the persons
    found (never the BSN or name), and a look-up that finds nobody too. A hit shows name and birth date."""
    p = scenario.persoon
    client = client_for(users["fg"])
    response = zoek(client, bsn=BSN_P1)
    html = response.content.decode()
    assert response.status_code == 200 and "Karel Jan Jansen" in html and "01-05-1990" in html
    for inhoud in ("Herhaalde overlast", "Inhoud: notulen", "Leiden", BSN_P1):
        assert inhoud not in html.replace(f'value="{BSN_P1}"', ""), inhoud  # the typed BSN stays in its field only
    log = Toegangslog.objects.get(gebruiker=users["fg"], actie="zoektreffer", persoon_id=p.pk)
    assert log.doel == "AVG: zoeken op BSN voor een verzoek (Inzage (art. 15))"

    response = zoek(client, achternaam="JANSEN", geboortedatum="1990-05-01", reden="wissing")
    assert response.status_code == 200 and "Karel Jan Jansen" in response.content.decode()
    assert Toegangslog.objects.filter(persoon_id=p.pk, doel="AVG: zoeken op achternaam en geboortedatum voor een verzoek (Wissing (art. 17))").exists()

    voor = Toegangslog.objects.count()
    mis = zoek(client, bsn="123456782")
    assert mis.status_code == 200 and "geen persoon gevonden" in mis.content.decode()
    mis = zoek(client, achternaam="Pietersen", geboortedatum="1990-05-01")
    assert mis.status_code == 200 and "geen persoon gevonden" in mis.content.decode()
    nieuw = list(Toegangslog.objects.order_by("id")[voor:])
    assert [(r.objecttype, r.persoon_id, r.doel) for r in nieuw] == [
        (ZONDER_TREFFER, None, "AVG: zoeken op BSN voor een verzoek (Inzage (art. 15)): geen treffer"),
        (ZONDER_TREFFER, None, "AVG: zoeken op achternaam en geboortedatum voor een verzoek (Inzage (art. 15)): geen treffer"),
    ]
    # Neither the BSN nor the name searched for is in the log.
    assert not Toegangslog.objects.filter(doel__contains="123456782").exists()
    assert not Toegangslog.objects.filter(doel__icontains="jansen").exists()

    # Bad or incomplete searches: a Dutch message, nothing searched, nothing logged.
    voor = Toegangslog.objects.count()
    for data, fout in [
        ({"bsn": BSN_P1, "reden": ""}, "Dit veld is verplicht"),
        ({}, "Vul het BSN in, of de achternaam"),
        ({"achternaam": "Jansen"}, "Vul het BSN in, of de achternaam"),
        ({"geboortedatum": "1990-05-01"}, "Vul het BSN in, of de achternaam"),
        ({"bsn": BSN_P1, "achternaam": "Jansen", "geboortedatum": "1990-05-01"}, "niet op beide"),
        ({"bsn": "123"}, "geen geldig BSN"),
        ({"achternaam": "Jansen", "geboortedatum": "31-02-1990"}, "geldige datum"),
        ({"achternaam": "<b>Jansen</b>", "geboortedatum": "1990-05-01"}, ""),
    ]:
        response = zoek(client, **data)
        assert response.status_code == 400 and fout in response.content.decode(), data
    assert Toegangslog.objects.count() == voor


@pytest.mark.django_db
def test_request_only_for_a_person_found_by_a_search(client_for, users, scenario):
    """Hole 7: the FG cannot open a person by typing an id: a request is recorded for a person the
    search found, and only then does the person's page open."""
    p = scenario.persoon
    client = client_for(users["fg"])
    url = reverse("avg:verzoek", args=[p.pk])
    data = {"soort": "inzage", "ontvangen_op": "2026-01-05"}
    assert client.post(url, data).status_code == 403 and not Verzoek.objects.exists()
    zoek(client, bsn=BSN_P1)
    pagina = client.get(url + "?soort=wissing")
    assert pagina.status_code == 200 and "Karel Jan Jansen" in pagina.content.decode()
    assert 'value="wissing" selected' in pagina.content.decode()
    assert "Herhaalde overlast" not in pagina.content.decode()
    assert client.post(url, {"soort": "", "ontvangen_op": ""}).status_code == 400 and not Verzoek.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("avg:persoon", args=[p.pk])
    assert client.get(response["Location"]).status_code == 200
    # A search for someone else ends the permission to record for P1 (P1's request stays open).
    zoek(client, bsn="123456782")
    anders = PersoonFactory(achternaam="Anders2")
    assert client.post(reverse("avg:verzoek", args=[anders.pk]), data).status_code == 403


def pdf_tekst(inhoud: bytes) -> str:
    """What a reader of the PDF sees, with line breaks and hyphenation-free wrapping undone."""
    tekst = "\n".join(pagina.extract_text() for pagina in PdfReader(io.BytesIO(inhoud)).pages)
    return " ".join(tekst.split())


def json_tekst(inhoud: bytes) -> str:
    """Every string in the JSON export (keys included), joined; a line reads "subject: text" as in the PDF."""
    uit = []

    def loop(x):
        if isinstance(x, dict) and x.keys() == {"onderwerp", "tekst"}:
            uit.append(f"{x['onderwerp']}: {x['tekst']}" if x["onderwerp"] else x["tekst"])
        elif isinstance(x, dict):
            for k, v in x.items():
                uit.append(k)
                loop(v)
        elif isinstance(x, list):
            for v in x:
                loop(v)
        elif x is not None:
            uit.append(str(x))

    loop(json.loads(inhoud))
    return " ".join(" ".join(uit).split())


def exporteer(client, persoon, formaat):
    response = client.post(reverse("avg:export", args=[persoon.pk]), {"formaat": formaat})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return response


@pytest.mark.django_db
def test_export_holds_the_persons_own_records_in_plain_dutch(client_for, users, scenario):
    """The inzage document: every melding, decision, case, meeting, plan, action, check-up, escalation and
    ZSM advice about the person, their requests, and which organisations saw their data (NEN 7513)."""
    p = scenario.persoon
    verzoek = open_verzoek(p, users)
    client = client_for(users["fg"])
    response = exporteer(client, p, "json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    tekst = json_tekst(response.content)
    pdf = exporteer(client, p, "pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    pdf = pdf_tekst(pdf.content)

    koppen = [s["titel"] for s in data["secties"]]
    assert koppen == ["Uw persoonsgegevens", "Wie heeft u gemeld", "Welke meldingen", "Welke besluiten",
                      "Welke casussen en overleggen", "Politieregistraties en detentie", "Uw verzoeken over uw gegevens",
                      "Wie heeft uw gegevens ingezien"]
    meldingen = next(s for s in data["secties"] if s["titel"] == "Welke meldingen")
    assert len(meldingen["onderdelen"]) == 2  # P1's two meldingen, not the one about "Anders"
    vandaag = timezone.localdate()
    lang = f"{vandaag.day} {MAANDEN[vandaag.month - 1]} {vandaag.year}"
    for inhoud in [
        "Karel Jan Jansen", BSN_P1, "1 mei 1990", f"Melding van {lang}", "Herhaalde overlast en zorgen over schulden",
        "Is betrokkene bekend bij W&I?", "Bericht aan de melder", "Teruggekoppeld", "Besluit op de briefing",
        "Schulden, wonen, verslaving.", scenario.casus.nummer, "Verslag: Inhoud: notulen", "Afspraken: Inhoud: besluit",
        "Inhoud: plan", "Inhoud: doel", "Inhoud: actie", "Inhoud: contact", "Inhoud: reden", "Inhoud: schets",
        "Inzage (art. 15), ontvangen op", "Gegevens van anderen zijn weggelaten",
        # Who saw the data: the organisation of the reclassering user who opened the case, by day.
        f"{lang}: {users['reclassering'].organisatie.naam}, bekeken (detail) (casus)",
    ]:
        assert inhoud in tekst, inhoud
        assert inhoud in pdf, inhoud
    # A document, not a dump: no field names, no ISO dates, no colleague names.
    for veld in ["omschrijving", "melder_naam", "motivatie_a", "persoon_id", "gewogen_door", "geopend_op", vandaag.isoformat(),
                 users["reclassering"].username, users["pr"].last_name]:
        assert veld not in tekst and veld not in pdf, veld
    assert Toegangslog.objects.filter(gebruiker=users["fg"], actie="export", persoon_id=p.pk,
                                      doel=f"AVG-inzage (JSON) bij verzoek {verzoek.pk}").exists()
    assert Toegangslog.objects.filter(actie="export", persoon_id=p.pk, doel=f"AVG-inzage (PDF) bij verzoek {verzoek.pk}").exists()
    assert client.post(reverse("avg:export", args=[p.pk]), {"formaat": "xml"}).status_code == 400


@pytest.mark.django_db
def test_export_holds_the_persons_police_registrations_and_detention(client_for, users, scenario):
    """Registrations and detention periods kept for the effect measurement are the person's data too
    (art. 15): both the letter and the data overview list them, and nobody else's."""
    from schakel.avg import document, inzage

    from .effect_bouwer import EffectBouwer

    date = datetime.date
    p = scenario.persoon
    open_verzoek(p, users)
    bouwer = EffectBouwer()
    bouwer.registratie(p, date(2024, 3, 5), rol="verdachte")
    bouwer.registratie(p, date(2024, 6, 1), rol="slachtoffer", huiselijk_geweld=True)
    bouwer.detentie(p, date(2024, 7, 1), date(2024, 8, 15))
    bouwer.detentie(p, date(2025, 1, 10), None)
    ander = bouwer.personen(1)[0]
    bouwer.registratie(ander, date(2024, 4, 4))
    bouwer.opslaan()

    client = client_for(users["fg"])
    data = json.loads(exporteer(client, p, "json").content)
    sectie = next(s for s in data["secties"] if s["titel"] == "Politieregistraties en detentie")
    regels = sectie["tekst"][1:]
    assert regels == [
        "Registratie op 5 maart 2024 als verdachte.",
        "Registratie op 1 juni 2024 als slachtoffer, huiselijk geweld.",
        "In detentie vanaf 1 juli 2024, tot en met 15 augustus 2024.",
        "In detentie vanaf 10 januari 2025, nog niet beëindigd.",
    ]
    overzicht = inzage.verzamel(p)
    assert [r["datum"] for r in overzicht["politieregistraties"]] == ["2024-03-05", "2024-06-01"]
    assert len(overzicht["detentieperioden"]) == 2
    # Someone without registrations is told so, not shown an empty heading.
    geen = next(s for s in document.opstellen(bouwer.personen(1)[0]).als_dict()["secties"]
                if s["titel"] == "Politieregistraties en detentie")
    assert geen["tekst"] == ["Wij hebben geen registraties van de politie of perioden in detentie over u."]


@pytest.mark.django_db
def test_export_withholds_third_parties_and_the_reporter(client_for, users, scenario):
    """Hole 8 (art. 15(4) AVG): a melding about A also names B, with the municipality's answer about B;
    the reporter gave a name and a phone number. A's export holds A's data and says what was left out,
    and holds nothing of B, of the answer about B, or of who reported."""
    a = scenario.persoon
    b = Persoon.objects.create(bsn="123456782", voornamen="Bianca", achternaam="Visser", geboortedatum="1992-07-14",
                               aliassen="Bibi Visser")
    melding = nieuwe_melding(users["ic"], persoon=a)
    Melding.objects.filter(pk=melding.pk).update(
        melder_naam="Wijkagent Pieter Bakkerus", melder_contact="06-12345678",
        omschrijving="Karel slaapt in de auto; zijn zus Bianca Visser (14-07-1992) belt de melder op 06 1234 5678.",
    )
    koppel_persoon(melding=melding, persoon=b, door=users["ic"])
    uitvraag_b = vraag_uit(uitvraag=InformatieUitvraag(gemeente=melding.gemeente, persoon=b, vraag="Bekend bij schuldhulp?"),
                           melding=melding, door=users["ic"])
    beantwoord(uitvraag=uitvraag_b, antwoord="Ja: een betalingsregeling van 240 euro per maand.", door=users["contact"])
    Casus.personen.through.objects.create(casus=scenario.casus, persoon=b)
    open_verzoek(a, users)
    client = client_for(users["fg"])
    teksten = {"json": json_tekst(exporteer(client, a, "json").content), "pdf": pdf_tekst(exporteer(client, a, "pdf").content)}

    for formaat, tekst in teksten.items():
        # Nothing of B, of the answer about B, or of the reporter.
        for geheim in ["Bianca", "Visser", "Bibi", "123456782", "14-07-1992", "14 juli 1992", "Bekend bij schuldhulp",
                       "betalingsregeling", "240 euro", "Pieter", "Bakkerus", "J. de Vries", "06-12345678",
                       "06 1234 5678", "0612345678", "melder_contact"]:
            assert geheim.lower() not in tekst.lower(), (formaat, geheim)
        # A's own data, and A's part of the shared text.
        for inhoud in ["Karel Jan Jansen", BSN_P1, "Karel slaapt in de auto; zijn zus [weggelaten]",
                       "Gegevens van anderen zijn weggelaten",
                       "wie u heeft gemeld: de naam, de organisatie en de contactgegevens van de melder",
                       "andere personen die in dezelfde melding of casus voorkomen",
                       "wat de gemeente over andere personen heeft geantwoord",
                       "In deze melding komen ook andere personen voor. Hun gegevens zijn weggelaten.",
                       "Bij deze casus zijn ook andere personen betrokken. Hun gegevens zijn weggelaten."]:
            assert inhoud in tekst, (formaat, inhoud)

    # The answer about B is really stored: leaving it out is the export's doing, not an empty scenario.
    assert InformatieUitvraag.objects.filter(pk=uitvraag_b.pk, antwoord__contains="betalingsregeling").exists()


@pytest.mark.django_db
def test_withholding_keeps_the_persons_own_family_name():
    afscherming = Afscherming({"Karel", "Jan", "Jansen"})
    afscherming.persoon(Persoon(voornamen="Piet", achternaam="Jansen", bsn="123456782"))
    afscherming.naam("J. de Vries")
    afscherming.contact("071-5123456, vries@example.nl")
    assert afscherming.schoon("Karel Jansen en broer Piet Jansen (123456782); melder J. de Vries, 0715123456, vries@example.nl") == (
        "Karel Jansen en broer [weggelaten] ([weggelaten]); melder [weggelaten], [weggelaten], [weggelaten]"
    )
    assert afscherming.schoon("Familie Jansen; Piet belt.") == "Familie Jansen; [weggelaten] belt."
    # A word inside another word is no name.
    assert afscherming.schoon("Pieter en Vriesland") == "Pieter en Vriesland"


@pytest.mark.django_db
def test_request_recorded_and_decided(client_for, users, scenario):
    client = client_for(users["fg"])
    zoek(client, bsn=BSN_P1)
    url = reverse("avg:verzoek", args=[scenario.persoon.pk])
    assert client.post(url, {"soort": "vergeten", "ontvangen_op": "2026-01-05"}).status_code == 400
    assert not Verzoek.objects.exists()
    assert client.post(url, {"soort": "rectificatie", "ontvangen_op": "2026-01-05", "toelichting": "Geboortedatum klopt niet."}).status_code == 302
    verzoek = Verzoek.objects.get()
    assert (verzoek.soort, verzoek.door, verzoek.open) == ("rectificatie", users["fg"], True)
    assert Mutatielog.objects.filter(objecttype="verzoek", object_id=verzoek.pk, actie="aangemaakt").exists()

    afhandelen = reverse("avg:verzoek_afhandelen", args=[verzoek.pk])
    assert client.post(afhandelen, {"besluit": "toegewezen", "afgehandeld_op": "2026-01-01"}).status_code == 400  # before receipt
    assert client.post(afhandelen, {"besluit": "toegewezen", "afgehandeld_op": "2026-01-20", "toelichting": "Aangepast."}).status_code == 302
    verzoek.refresh_from_db()
    assert (verzoek.besluit, verzoek.afgehandeld_op) == ("toegewezen", datetime.date(2026, 1, 20))
    # Closed, and no other request open: no second decision, and no page with the person's data either.
    assert client.post(afhandelen, {"besluit": "afgewezen", "afgehandeld_op": "2026-01-21"}).status_code == 403
    verzoek.refresh_from_db()
    assert verzoek.besluit == "toegewezen"


@pytest.mark.django_db
def test_restriction(client_for, users, scenario):
    p = scenario.persoon
    client = client_for(users["fg"])
    url = reverse("avg:beperking", args=[p.pk])
    open_verzoek(p, users, Verzoek.Soort.BEPERKING)
    assert not is_beperkt(p)
    assert client.post(url, {"sinds": "2026-02-01", "tot": "2026-01-01", "reden": "x"}).status_code == 400
    assert not Beperking.objects.exists()
    vandaag = timezone.localdate()
    assert client.post(url, {"sinds": vandaag.isoformat(), "reden": "Betwist de juistheid."}).status_code == 302
    assert is_beperkt(p) and not is_beperkt(p, op=vandaag - datetime.timedelta(days=1))
    assert "verwerking van de gegevens van deze persoon is beperkt" in client.get(reverse("avg:persoon", args=[p.pk])).content.decode()
    Beperking.objects.update(tot=vandaag)
    assert not is_beperkt(p, op=vandaag + datetime.timedelta(days=1))


@pytest.mark.django_db
def test_erasure_refused_while_case_active_or_held(client_for, users, scenario):
    p = scenario.persoon
    open_verzoek(p, users, Verzoek.Soort.WISSING)
    client = client_for(users["fg"])
    response = client.post(reverse("avg:wissen", args=[p.pk]), {"reden": "Verzoek betrokkene", "bevestig": "on"})
    assert response.status_code == 400 and "lopende casus" in response.content.decode()
    p.refresh_from_db()
    assert p.bsn == BSN_P1 and not Verwijderingsregistratie.objects.exists()

    sluit(scenario.casus, users, timezone.localdate())
    Bewaarplicht.objects.create(casus=scenario.casus, reden="Klacht in behandeling", door=users["fg"])
    with pytest.raises(ValidationError, match="bewaarplicht"):
        wis_persoon(p, users["fg"], "Verzoek betrokkene")
    p.refresh_from_db()
    assert p.achternaam == "Jansen"


@pytest.mark.django_db
def test_erasure_anonymises_and_records_the_kind_not_the_data(client_for, users, scenario):
    p = scenario.persoon
    sluit(scenario.casus, users, timezone.localdate())
    anders = Melding.objects.get(koppelingen__persoon__achternaam="Anders")
    aantallen = (Melding.objects.count(), Casus.objects.count(), Persoon.objects.count(), Weging.objects.count())
    verzoek = Verzoek.objects.create(persoon=p, soort="wissing", door=users["fg"])
    client = client_for(users["fg"])
    assert client.post(reverse("avg:wissen", args=[p.pk]), {"reden": "Verzoek betrokkene"}).status_code == 400  # not confirmed
    response = client.post(reverse("avg:wissen", args=[p.pk]), {"reden": "Verzoek betrokkene", "bevestig": "on", "verzoek": verzoek.pk})
    assert response.status_code == 302

    p.refresh_from_db()
    assert (p.voornamen, p.achternaam, p.bsn, p.geboortedatum, p.aliassen) == ("", "Gewist", None, None, "")
    assert set(Melding.objects.filter(koppelingen__persoon=p).values_list("omschrijving", flat=True)) == {GEWIST}
    assert Melding.objects.get(pk=anders.pk).omschrijving != GEWIST
    assert Bespreking.objects.get(casus=scenario.casus).notulen == GEWIST  # a case about P1 alone
    assert (Melding.objects.count(), Casus.objects.count(), Persoon.objects.count(), Weging.objects.count()) == aantallen

    registraties = Verwijderingsregistratie.objects.filter(aanleiding="wissing")
    assert {r.objecttype for r in registraties} >= {"persoon", "melding", "bespreking"}
    assert all(r.door == users["fg"] and r.verzoek == verzoek and r.reden == "Verzoek betrokkene" for r in registraties)
    mutatie = Mutatielog.objects.get(objecttype="persoon", object_id=p.pk, actie="gewist")
    assert "Jansen" not in json.dumps(mutatie.wijzigingen) and BSN_P1 not in json.dumps(mutatie.wijzigingen)
    verzoek.refresh_from_db()
    assert verzoek.besluit == "toegewezen" and verzoek.afgehandeld_op == timezone.localdate()
    with pytest.raises(ValidationError, match="al gewist"):
        wis_persoon(p, users["fg"], "Nogmaals")


@pytest.mark.django_db
def test_erasure_refused_for_unweighed_melding(users):
    p = PersoonFactory()
    nieuwe_melding(users["ic"], persoon=p)
    with pytest.raises(ValidationError, match="nog niet gewogen"):
        wis_persoon(p, users["fg"], "Verzoek")


@pytest.mark.django_db
def test_restricted_person_shows_a_warning_to_whoever_opens_them(client_for, users):
    s = bouw_scenario(users)
    url = reverse("personen:detail", args=[s.persoon.pk])
    assert "Verwerking beperkt" not in client_for(users["reclassering"]).get(url).content.decode()
    Beperking.objects.create(persoon=s.persoon, reden="Betwist de juistheid van de melding.", door=users["fg"])
    assert "Verwerking beperkt" in client_for(users["reclassering"]).get(url).content.decode()


@pytest.mark.django_db
def test_fg_bsn_lookup_in_the_access_log_is_logged(client_for, users, scenario):
    """Hole 7: the FG's "who saw this person?" look-up by BSN is a look-up too: logged with the person
    found (or as a look-up without a hit), never with the BSN."""
    client = client_for(users["fg"])
    client.post(reverse("privacy:toegangslog"), {"bsn": BSN_P1})
    assert Toegangslog.objects.filter(gebruiker=users["fg"], actie="zoektreffer", persoon_id=scenario.persoon.pk,
                                      doel="Toegangslog: zoeken op BSN").exists()
    client.post(reverse("privacy:toegangslog"), {"bsn": "123456782"})
    laatste = Toegangslog.objects.order_by("-id").first()
    assert (laatste.objecttype, laatste.persoon_id, laatste.doel) == (ZONDER_TREFFER, None, "Toegangslog: zoeken op BSN: geen treffer")
    assert not Toegangslog.objects.filter(doel__contains=BSN_P1).exists()

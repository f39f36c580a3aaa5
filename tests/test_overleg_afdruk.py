"""Agenda and minutes of a meeting, printable and as a PDF: each reader gets only the agenda items whose
case he may see (Casus.objects.for_user), checked on the text a reader of the PDF actually sees."""
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from schakel.overleggen.models import Bespreking, Deelnemer
from schakel.privacy.models import InformatieCategorie, Toegangslog

from .queries import tel
from .test_uitnodigingen import NAAM_B, Opzet, org

pytestmark = pytest.mark.django_db

NOTULEN_A, NOTULEN_B = "KANARIE-A-notulen woonsituatie", "KANARIE-B-notulen schulden"
BESLUIT_B = "KANARIE-B-besluit intake"


def pdf_tekst(inhoud: bytes) -> str:
    tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages)
    return " ".join(tekst.split())


def opzet(users, **kwargs) -> Opzet:
    o = Opzet(users, **kwargs)
    Bespreking.objects.filter(pk=o.punt_a.pk).update(notulen=NOTULEN_A, besluiten="Plan opstellen.")
    Bespreking.objects.filter(pk=o.punt_b.pk).update(notulen=NOTULEN_B, besluiten=BESLUIT_B)
    return o


def pdf(client, overleg, soort):
    response = client.get(reverse(f"overleggen:{soort}_pdf", args=[overleg.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response, pdf_tekst(response.content)


def geheim_van_b(o):
    return [o.b.nummer, NAAM_B, "Berend", NOTULEN_B, BESLUIT_B]


@pytest.mark.parametrize("soort", ["agenda", "verslag"])
def test_partner_pdf_never_contains_a_case_he_may_not_see(client_for, users, soort):
    o = opzet(users)
    o.nodig_svg_uit(client_for, [o.punt_a])  # SVG is invited for case A only
    _, tekst = pdf(client_for(o.svg), o.overleg, soort)
    assert o.a.nummer in tekst and "Jansen" in tekst
    for geheim in geheim_van_b(o):
        assert geheim not in tekst, geheim
    if soort == "verslag":
        assert NOTULEN_A in tekst
    # The print page shows the same, and no more.
    html = client_for(o.svg).get(reverse(f"overleggen:{soort}_afdruk", args=[o.overleg.pk])).content.decode()
    assert o.a.nummer in html
    for geheim in geheim_van_b(o):
        assert geheim not in html, geheim


@pytest.mark.parametrize("soort", ["agenda", "verslag"])
def test_staff_pdf_holds_every_agenda_item(client_for, users, soort):
    o = opzet(users)
    _, tekst = pdf(client_for(users["pr"]), o.overleg, soort)
    assert o.a.nummer in tekst and o.b.nummer in tekst and NAAM_B in tekst
    assert (NOTULEN_B in tekst) is (soort == "verslag")


def test_guest_pdf_holds_only_the_item_with_a_signed_declaration(client_for, users):
    o = opzet(users)
    o.gast([o.punt_a, o.punt_b], getekend=[o.punt_a])
    _, tekst = pdf(client_for(users["gast"]), o.overleg, "verslag")
    assert o.a.nummer in tekst and NOTULEN_A in tekst
    for geheim in geheim_van_b(o):
        assert geheim not in tekst, geheim


def test_no_visible_item_means_no_agenda(client_for, users):
    o = opzet(users, uren=2)  # the meeting is still to come: an invitation opens nothing yet
    o.nodig_svg_uit(client_for, [o.punt_a])
    client = client_for(o.svg)
    for naam in ("agenda_afdruk", "agenda_pdf", "verslag_afdruk", "verslag_pdf"):
        assert client.get(reverse(f"overleggen:{naam}", args=[o.overleg.pk])).status_code == 403, naam
        assert client.get(reverse(f"overleggen:{naam}", args=[999999])).status_code == 404, naam
    assert not Toegangslog.objects.filter(gebruiker=o.svg).exists()
    # A partner never invited and not involved gets nothing either.
    assert client_for(users["ggz_ander"]).get(reverse("overleggen:agenda_pdf", args=[o.overleg.pk])).status_code == 403


def test_minutes_of_a_special_category_show_the_notice_to_a_party_not_allowed_it(client_for, users):
    o = opzet(users)
    zorg = InformatieCategorie.objects.get(code="zorg")
    Bespreking.objects.filter(pk=o.punt_a.pk).update(categorie=zorg)
    # The police sit at every item as a standing partner, but the focus annex gives them no care information.
    _, tekst = pdf(client_for(users["politie"]), o.overleg, "verslag")
    assert o.a.nummer in tekst and NOTULEN_A not in tekst and "Afgeschermd" in tekst
    html = client_for(users["politie"]).get(reverse("overleggen:verslag_afdruk", args=[o.overleg.pk])).content.decode()
    assert NOTULEN_A not in html and "Afgeschermd" in html
    o.nodig_svg_uit(client_for, [o.punt_a])
    _, tekst = pdf(client_for(o.svg), o.overleg, "verslag")
    assert NOTULEN_A in tekst


def test_participant_list_names_only_who_sat_at_the_items_the_reader_sees(client_for, users):
    o = opzet(users)
    o.nodig_svg_uit(client_for, [o.punt_a])
    o.gast([o.punt_b], getekend=[o.punt_b])  # a guest of Woningcorporatie, for case B only
    woningcorporatie = str(org("woningcorporatie"))
    _, tekst = pdf(client_for(o.svg), o.overleg, "agenda")
    assert str(org("svg")) in tekst and woningcorporatie not in tekst
    _, tekst = pdf(client_for(users["pr"]), o.overleg, "agenda")
    assert woningcorporatie in tekst


def test_every_case_and_person_shown_is_logged_and_the_pdf_as_an_export(client_for, users):
    o = opzet(users)
    o.nodig_svg_uit(client_for, [o.punt_a])
    client = client_for(o.svg)
    client.get(reverse("overleggen:verslag_afdruk", args=[o.overleg.pk]))
    client.get(reverse("overleggen:agenda_pdf", args=[o.overleg.pk]))
    rijen = list(Toegangslog.objects.filter(gebruiker=o.svg, objecttype="casus").values_list("actie", "object_id", "persoon_id"))
    assert sorted(rijen) == sorted([
        (Toegangslog.Actie.BEKEKEN, o.a.pk, o.s.persoon.pk), (Toegangslog.Actie.EXPORT, o.a.pk, o.s.persoon.pk),
    ])


def test_pdf_is_not_cached_and_its_file_name_holds_no_name(client_for, users):
    o = opzet(users)
    response, _ = pdf(client_for(users["pr"]), o.overleg, "verslag")
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == f'attachment; filename="verslag-overleg-{o.overleg.pk}.pdf"'


def test_print_page_has_a_fixed_query_count(client_for, users):
    o = opzet(users)
    client = client_for(users["pr"])
    urls = [reverse(f"overleggen:{n}", args=[o.overleg.pk]) for n in ("agenda_afdruk", "verslag_afdruk", "verslag_pdf")]
    voor = [tel(client, url) for url in urls]
    # Two more cases, each with a person, a participant at the table and minutes.
    from schakel.casussen.models import Casus
    from tests.factories import PersoonFactory

    for _ in range(2):
        c = Casus.objects.create(overlegtype=o.a.overlegtype, gemeente=o.a.gemeente, thema=o.a.thema, geopend_door=users["pr"])
        c.personen.set([PersoonFactory()])
        b = Bespreking.objects.create(overleg=o.overleg, casus=c, notulen="Besproken", volgorde=9)
        d = Deelnemer.objects.create(overleg=o.overleg, organisatie=org("ggd"), naam=f"Gast {c.pk}", soort="gast", aanwezig=True)
        d.uitnodigingen.create(bespreking=b)
    assert [tel(client, url) for url in urls] == voor


def test_minutes_print_page_marks_concept_and_done(client_for, users):
    o = opzet(users)
    Bespreking.objects.filter(pk=o.punt_a.pk).update(verslag_afgerond=True)
    _, tekst = pdf(client_for(users["pr"]), o.overleg, "verslag")
    assert f"1. Casus {o.a.nummer}" in tekst and "Status verslag: afgerond" in tekst and "Status verslag: concept" in tekst


def test_case_page_links_a_partner_to_agenda_and_minutes(client_for, users):
    o = opzet(users, dagen=-1)
    o.nodig_svg_uit(client_for, [o.punt_a])
    html = client_for(o.svg).get(reverse("casussen:detail", args=[o.a.pk])).content.decode()
    assert reverse("overleggen:verslag_afdruk", args=[o.overleg.pk]) in html
    assert reverse("overleggen:agenda_afdruk", args=[o.overleg.pk]) in html

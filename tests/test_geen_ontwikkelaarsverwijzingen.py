"""Screens, PDFs and exports speak to professionals: no references to the documents the system was
built from ("seed 001 §1.4", "design §2", "docs/indicators.md", an issue number). Every page is
visited as each role that works in the system (a crawl from the home page and every menu link,
plus every route with the ids of a real case), and the report and the art. 15 export are read as
files."""
import io
import re
from datetime import date

import pytest
from django.utils import timezone
from pypdf import PdfReader

from schakel.avg.models import Verzoek
from schakel.avg.services import exporteer as avg_export
from schakel.rapportage.indicatoren import Periode
from schakel.rapportage.uitvoer import exporteer

from .canary.crawl import als_tekst, crawl
from .scenario import bouw_scenario
from .test_retentie import vul_casus
from .test_tweede_factor_overal import alle_paden

VERWIJZING = re.compile(r"seed \d|docs/|\.md\b|§|\bdesign\.|\b(?:issue|probe) \d", re.IGNORECASE)
ROLLEN = ["ic", "pr", "reclassering", "contact", "zsm", "ketenmanager", "fg", "beheerder"]
BUDGET = 400


def zichtbaar(tekst: str) -> str:
    """What a reader sees or a link leads to: text and attribute values, not the page's own CSS or script."""
    return re.sub(r"<(style|script)\b.*?</\1>", " ", tekst, flags=re.DOTALL | re.IGNORECASE)


def verwijzingen(tekst: str) -> list[str]:
    tekst = zichtbaar(tekst)
    return [tekst[max(0, m.start() - 60):m.end() + 30].replace("\n", " ") for m in VERWIJZING.finditer(tekst)]


def test_the_check_recognises_a_reference():
    assert verwijzingen("<p>Dan onderneemt het huis geen eigen acties (seed 001 §1.4).</p>")
    assert verwijzingen('<p class="hulp">De definities staan in docs/indicators.md.</p>')
    assert verwijzingen("<p>Rol uit het rollenmodel (design §1).</p>")
    assert not verwijzingen("<style>a::after { content: '§'; }</style><p>Melding M-0000001 geregistreerd op 1-12-2026.</p>")


@pytest.mark.django_db
def test_no_page_shows_a_developer_reference_to_any_role(client_for, users):
    s = bouw_scenario(users)
    vul_casus(s.casus, users)
    ids = {"_": s.casus.pk, "pk": s.casus.pk, "melding_pk": s.melding.pk, "persoon_pk": s.persoon.pk}
    direct = [(pad, "URLconf") for naam, pad in sorted(set(alle_paden(ids)))
              if not naam.startswith("admin:") and naam not in {"uitloggen", "set_language"}]
    gevonden, bezocht = [], 0
    for rol in ROLLEN:
        resultaat = crawl(client_for(users[rol]), budget=BUDGET, direct=direct)
        assert not resultaat.fouten, resultaat.fouten
        for url, bezoek in resultaat.bezocht.items():
            if bezoek.status == 200:
                bezocht += 1
                gevonden += [f"{rol} {url}: …{v}…" for v in verwijzingen(bezoek.tekst)]
    assert bezocht > 200  # the crawl really read pages
    assert not gevonden, "Verwijzingen naar brondocumenten op het scherm:\n" + "\n".join(gevonden)


@pytest.mark.django_db
@pytest.mark.parametrize("formaat", ["pdf", "xlsx", "html"])
@pytest.mark.parametrize("gemeente", [False, True])
def test_report_files_hold_no_developer_reference(users, formaat, gemeente):
    s = bouw_scenario(users)
    vandaag = timezone.localdate()
    inhoud = exporteer(formaat, Periode(date(vandaag.year, 1, 1), vandaag), s.melding.gemeente if gemeente else None)
    tekst = als_tekst(_antwoord(inhoud))
    assert "Radicalisering" in tekst  # the explanation is read, so its references would be found
    assert not verwijzingen(tekst), verwijzingen(tekst)


@pytest.mark.django_db
def test_the_access_request_export_holds_no_developer_reference(users):
    s = bouw_scenario(users)
    s.persoon.refresh_from_db()  # the scenario built it with its birth date as text
    verzoek = Verzoek.objects.create(persoon=s.persoon, soort=Verzoek.Soort.INZAGE, door=users["fg"])
    inhoud, _, _ = avg_export(s.persoon, formaat="pdf", door=users["fg"], verzoek=verzoek)
    tekst = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(inhoud)).pages)
    assert "melding" in tekst and s.persoon.achternaam in tekst  # the document was read
    assert not verwijzingen(tekst), verwijzingen(tekst)


class _antwoord:
    """Enough of a response for the crawl's reader of files."""

    streaming = False

    def __init__(self, inhoud: bytes):
        self.content = inhoud

    def get(self, naam, standaard=""):
        return standaard

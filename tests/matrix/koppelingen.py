"""Daily feeds: the review queue for the informatiecoördinator only; the routed detention notices for
house staff and municipal contacts (each sees his own municipalities); the upload API for the
source's own organisation (the police partner for the police feed) and the informatiecoördinator."""
import tempfile
from pathlib import Path

from django.urls import reverse

from schakel.gemeenten.models import Gemeente
from schakel.koppelingen.feed import verwerk
from schakel.koppelingen.models import Koppelvoorstel
from schakel.personen.models import Persoon

from . import STAF

KOP = "bron_id,voornamen,achternaam,geboortedatum,gemeente,inrichting,begin\n"


def voorstel() -> Koppelvoorstel:
    """A detention notice for Katwijk (own aftercare) whose person is a near miss of a known one."""
    Persoon.objects.create(voornamen="Matrix", achternaam="Kandidaat", geboortedatum="1979-06-15",
                           gemeente=Gemeente.objects.get(code="katwijk"))
    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / "dji.csv"
        pad.write_text(KOP + "MATRIX-1,Matrix,Kandidaxt,1979-06-15,Katwijk,PI Matrix,2026-01-01\n", encoding="utf-8")
        verwerk("dji", pad)
    return Koppelvoorstel.objects.get(melding__feedrecord__bron_id="MATRIX-1")


def urls(s, users):
    v = voorstel()
    lijst, detail = reverse("koppelingen:voorstellen"), reverse("koppelingen:voorstel", args=[v.pk])
    gemeenten = STAF | {"contact", "contact_gouda"}
    return [
        ("koppelvoorstellen", lijst, "get", {"ic"}, 200),
        ("koppelvoorstellen fout filter", f"{lijst}?reden=raden", "get", {"ic"}, 400),
        ("koppelvoorstel", detail, "get", {"ic"}, 200),
        ("koppelvoorstel besluit leeg", detail, "post", {"ic"}, 400),
        ("eigen nazorg", reverse("koppelingen:doorgezet"), "get", gemeenten, 200),
        ("eigen nazorg fout filter", f"{reverse('koppelingen:doorgezet')}?van=morgen", "get", gemeenten, 400),
        ("feed api politie zonder bestand", reverse("api-feed", args=["politie"]), "post", {"ic", "politie"}, 400),
        ("feed api dji zonder bestand", reverse("api-feed", args=["dji"]), "post", {"ic"}, 400),
    ]

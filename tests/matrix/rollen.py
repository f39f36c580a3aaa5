"""Role changes with four eyes (issue 9 hole 1): beheerders propose, a beheerder or the FG confirms,
only the FG sees the account change log."""
from django.urls import reverse

from schakel.gebruikers.models import GebruikerRol, Rolvoorstel
from schakel.gebruikers.rollen import Rol

from ..factories import GebruikerFactory


def urls(s, users):
    voorstel, _ = Rolvoorstel.objects.get_or_create(
        gebruiker=users["zonder_rol"], rol=Rol.PARTNER, status=Rolvoorstel.Status.OPEN,
        defaults={"voorgesteld_door": users["beheerder"]},
    )
    # A role of an extra account: the beheerder's POST really revokes it, and it matters to no other row.
    extra = GebruikerFactory(username="matrix.extra", organisatie=users["ic"].organisatie, rollen=[Rol.KETENMANAGER])
    toekenning = GebruikerRol.objects.get(gebruiker=extra)
    return [
        ("rolvoorstellen", reverse("rollen:lijst"), "get", {"beheerder", "fg"}, 200),
        ("rol voorstellen", reverse("rollen:voorstellen"), "get", {"beheerder"}, 200),
        ("rol voorstellen leeg", reverse("rollen:voorstellen"), "post", {"beheerder"}, 400),
        ("rolvoorstel", reverse("rollen:beoordelen", args=[voorstel.pk]), "get", {"beheerder", "fg"}, 200),
        # The beheerder proposed it himself: he may look, not decide; an empty POST is 400 for both.
        ("rolvoorstel beoordelen", reverse("rollen:beoordelen", args=[voorstel.pk]), "post", {"beheerder", "fg"}, 400),
        ("rol intrekken", reverse("rollen:intrekken", args=[toekenning.pk]), "post", {"beheerder"}, 302),
        ("account- en rolwijzigingen", reverse("rollen:logboek"), "get", {"fg"}, 200),
    ]

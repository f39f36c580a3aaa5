"""URLs of the case conferences. Built beside the scenario's case, so no organisation becomes involved
in `s.casus` and the other modules' expectations stay as they are."""
from django.urls import reverse

from schakel.casussen.models import Casus, CasusBetrokkenheid
from schakel.overleggen.models import Bespreking, Deelnemer, Overleg

from . import STAF


def urls(s, users):
    casus = Casus.objects.create(
        overlegtype=s.casus.overlegtype, gemeente=s.casus.gemeente, thema=s.casus.thema, geopend_door=users["pr"]
    )
    overleg = Overleg.objects.create(overlegtype=s.casus.overlegtype, voorzitter=users["pr"])
    bespreking = Bespreking.objects.create(overleg=overleg, casus=casus)
    gast = Deelnemer.objects.create(
        overleg=overleg, organisatie=users["gast"].organisatie, naam="Gast zonder account", soort=Deelnemer.Soort.GAST
    )
    o = overleg.pk
    # A second meeting with a case Reclassering brought in: its agenda and minutes are for Reclassering
    # too (only that item); the first meeting holds nothing Reclassering may see.
    eigen = Casus.objects.create(
        overlegtype=s.casus.overlegtype, gemeente=s.casus.gemeente, thema=s.casus.thema, geopend_door=users["pr"]
    )
    CasusBetrokkenheid.objects.create(casus=eigen, organisatie=users["reclassering"].organisatie, rol=CasusBetrokkenheid.Rol.INBRENGER)
    tweede = Overleg.objects.create(overlegtype=s.casus.overlegtype, voorzitter=users["pr"])
    Bespreking.objects.create(overleg=tweede, casus=eigen)
    afdrukken = [
        (f"{soort} {wat}", reverse(f"overleggen:{soort}_{wat}", args=[pk]), "get", rollen, 200)
        for soort in ("agenda", "verslag") for wat in ("afdruk", "pdf")
        for pk, rollen in ((o, STAF), (tweede.pk, STAF | {"reclassering"}))
    ]
    return afdrukken + [
        ("overleggen", reverse("overleggen:lijst"), "get", STAF, 200),
        ("overleg nieuw", reverse("overleggen:nieuw"), "get", STAF, 200),
        ("overleg detail", reverse("overleggen:detail", args=[o]), "get", STAF, 200),
        ("overleg agenderen", reverse("overleggen:agenderen", args=[o]), "get", STAF, 200),
        ("overleg deelnemer", reverse("overleggen:deelnemer", args=[o]), "post", STAF, 400),
        ("overleg aanwezigheid", reverse("overleggen:aanwezigheid", args=[o]), "post", STAF, 400),
        ("geheimhouding", reverse("overleggen:geheimhouding", args=[gast.pk]), "post", STAF, 400),
        ("bespreking", reverse("overleggen:bespreking", args=[bespreking.pk]), "get", STAF, 200),
    ]

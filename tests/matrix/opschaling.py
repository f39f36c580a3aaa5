"""Escalation and the bottleneck register: house staff and the ketenmanager (who decides)."""
from django.urls import reverse

from schakel.opschaling.models import Escalatieniveau, Knelpunt, Opschaling

from . import STAF

STAF_EN_KETENMANAGER = STAF | {"ketenmanager"}


def urls(s, users):
    opschaling = Opschaling.objects.create(
        casus=s.casus, niveau=Escalatieniveau.objects.order_by("volgorde").first(), reden="Geen passende woonvorm.",
        gevraagd_besluit="Doorbraak op huisvesting.", door=users["pr"],
    )
    knelpunt = Knelpunt.objects.create(omschrijving="Geen zorg voor personen met RNI-status.", door=users["pr"])
    c, o, k = s.casus.pk, opschaling.pk, knelpunt.pk
    return [
        ("opschalingen", reverse("opschaling:lijst"), "get", STAF_EN_KETENMANAGER, 200),
        ("opschalen", reverse("opschaling:nieuw", args=[c]), "get", STAF, 200),
        ("opschalen opslaan", reverse("opschaling:nieuw", args=[c]), "post", STAF, 400),
        ("opschaling besluit", reverse("opschaling:besluit", args=[o]), "get", STAF_EN_KETENMANAGER, 200),
        ("opschaling besluit opslaan", reverse("opschaling:besluit", args=[o]), "post", STAF_EN_KETENMANAGER, 400),
        ("knelpunten", reverse("opschaling:knelpunten"), "get", STAF_EN_KETENMANAGER, 200),
        ("knelpunt toevoegen", reverse("opschaling:knelpunten"), "post", STAF_EN_KETENMANAGER, 400),
        ("knelpunt", reverse("opschaling:knelpunt", args=[k]), "get", STAF_EN_KETENMANAGER, 200),
        ("knelpunt bijwerken", reverse("opschaling:knelpunt", args=[k]), "post", STAF_EN_KETENMANAGER, 400),
    ]

"""AVG rights and retention: the privacy officer (FG) only."""
from django.urls import reverse

from schakel.avg.models import Verzoek


def urls(s, users):
    p = s.persoon.pk
    verzoek, _ = Verzoek.objects.get_or_create(persoon=s.persoon, soort=Verzoek.Soort.INZAGE, defaults={"door": users["fg"]})
    return [
        ("avg inzage", reverse("avg:inzage"), "get", {"fg"}, 200),
        ("avg open verzoeken", reverse("avg:verzoeken"), "get", {"fg"}, 200),
        ("avg inzage zoeken", reverse("avg:inzage"), "post", {"fg"}, 400),
        ("avg persoon", reverse("avg:persoon", args=[p]), "get", {"fg"}, 200),
        ("avg export", reverse("avg:export", args=[p]), "post", {"fg"}, 400),
        ("avg verzoek vastleggen", reverse("avg:verzoek", args=[p]), "get", {"fg"}, 200),
        ("avg verzoek", reverse("avg:verzoek", args=[p]), "post", {"fg"}, 400),
        ("avg verzoek afhandelen", reverse("avg:verzoek_afhandelen", args=[verzoek.pk]), "post", {"fg"}, 400),
        ("avg beperking", reverse("avg:beperking", args=[p]), "post", {"fg"}, 400),
        ("avg wissen", reverse("avg:wissen", args=[p]), "post", {"fg"}, 400),
        ("avg bewaartermijnen", reverse("avg:bewaartermijnen"), "get", {"fg"}, 200),
        ("avg bewaarplicht", reverse("avg:bewaarplicht"), "post", {"fg"}, 400),
    ]

"""The cost inputs of the effect measurement, in beheer: the functioneel beheerder only."""
from django.urls import reverse

from schakel.effectmeting.models import Kosteninvoer


def urls(s, users):
    invoer, _ = Kosteninvoer.objects.get_or_create(jaar=2015, defaults={"budget": 700000, "minuten": {"focus": 240}})
    return [
        ("kosteninvoer", reverse("beheer:effectmeting_kosteninvoer_changelist"), "get", {"beheerder"}, 200),
        ("kosteninvoer nieuw", reverse("beheer:effectmeting_kosteninvoer_add"), "get", {"beheerder"}, 200),
        ("kosteninvoer nieuw leeg", reverse("beheer:effectmeting_kosteninvoer_add"), "post", {"beheerder"}, 400),
        ("kosteninvoer jaar", reverse("beheer:effectmeting_kosteninvoer_change", args=[invoer.pk]), "get", {"beheerder"}, 200),
    ]

"""ZSM: the question (page and API) for the ZSM role only; the advice for house staff."""
from django.urls import reverse

from . import STAF


def urls(s, users):
    c = s.casus.pk
    return [
        ("zsm vraag", reverse("zsm:vraag"), "get", {"zsm"}, 200),
        ("zsm vraag stellen", reverse("zsm:vraag"), "post", {"zsm"}, 400),
        ("zsm api vraag", reverse("api-zsm-vraag"), "post", {"zsm"}, 400),
        ("zsm advies", reverse("zsm:advies", args=[c]), "get", STAF, 200),
        ("zsm advies opslaan", reverse("zsm:advies", args=[c]), "post", STAF, 400),
    ]

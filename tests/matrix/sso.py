"""Single sign-on: the page where a user links his own organisation account is his own business,
open to every logged-in user (it lists only his organisation's providers)."""
from django.urls import reverse


def urls(s, users):
    return [
        ("organisatie-account koppelen", reverse("oidc_koppelen"), "get", set(users), 200),
    ]

"""URLs of the foundation (issue 2). Each module in tests/matrix/ lists its app's URLs the same way."""
from django.urls import reverse

from . import PARTNERS, STAF


def urls(s, users):
    m, p, b, c, u = s.melding.pk, s.persoon.pk, s.briefing.pk, s.casus.pk, s.uitvraag.pk
    return [
        ("start", reverse("start"), "get", set(users), 200),
        ("meldingen", reverse("meldingen:lijst"), "get", STAF | PARTNERS, 200),
        ("melding nieuw", reverse("meldingen:nieuw"), "get", STAF | PARTNERS, 200),
        ("melding detail", reverse("meldingen:detail", args=[m]), "get", STAF | {"reclassering"}, 200),
        ("melding wijzigen", reverse("meldingen:wijzigen", args=[m]), "get", STAF, 200),
        ("terugkoppeling", reverse("meldingen:terugkoppeling", args=[m]), "post", STAF, 400),
        ("terugkoppeling open", reverse("meldingen:terugkoppeling_open"), "get", STAF, 200),
        ("persoon toevoegen", reverse("meldingen:persoon_toevoegen", args=[m]), "get", STAF, 200),
        ("persoon koppelen", reverse("meldingen:koppelen", args=[m, s.melding.koppelingen.get().pk]), "get", STAF, 200),
        ("zoeken", reverse("personen:zoeken"), "get", STAF | PARTNERS, 200),
        ("persoon detail", reverse("personen:detail", args=[p]), "get", STAF | {"reclassering"}, 200),
        ("uitvragen", reverse("uitvragen:lijst"), "get", STAF | {"contact", "contact_gouda"}, 200),
        ("uitvraag nieuw", reverse("uitvragen:nieuw", args=[m]), "get", STAF, 200),
        ("uitvraag detail", reverse("uitvragen:detail", args=[u]), "get", STAF | {"contact"}, 200),
        ("briefings", reverse("briefing:lijst"), "get", STAF, 200),
        ("briefing nieuw", reverse("briefing:nieuw"), "get", STAF, 200),
        ("briefing detail", reverse("briefing:detail", args=[b]), "get", STAF, 200),
        ("agenderen", reverse("briefing:agenderen", args=[b]), "get", STAF, 200),
        ("wegen", reverse("briefing:wegen", args=[b, m]), "get", STAF, 200),
        ("casussen", reverse("casussen:lijst"), "get", STAF | PARTNERS, 200),
        ("casus detail", reverse("casussen:detail", args=[c]), "get", STAF | {"reclassering"}, 200),
        ("casus tijdlijn", reverse("casussen:tijdlijn", args=[c]), "get", STAF | {"reclassering"}, 200),
        ("toegangslog", reverse("privacy:toegangslog"), "get", {"fg"}, 200),
        ("api-schema", reverse("api-schema"), "get", set(users), 200),
        ("beheer", reverse("beheer:index"), "get", {"beheerder"}, 200),
        ("beheer besluiten", reverse("beheer:briefing_besluitoptie_changelist"), "get", {"beheerder"}, 200),
        ("beheer gebruikers", reverse("beheer:gebruikers_gebruiker_changelist"), "get", {"beheerder"}, 200),
    ]

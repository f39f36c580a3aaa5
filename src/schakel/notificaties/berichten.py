"""What each notification says. A mail leaves Schakel over ordinary e-mail, so it names nothing: no
person, BSN, case number, municipality, theme or text from the file; only that there is something for
the reader and a link to the page, which asks for the password and the second factor."""
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Notificatie

Soort = Notificatie.Soort

SLOT = (
    "\n\nDit bericht bevat bewust geen gegevens over personen of casussen; die staan alleen in Schakel.\n"
    "Dit is een automatisch bericht; u kunt er niet op antwoorden.\n"
)


def link(pad: str) -> str:
    return settings.SCHAKEL_URL.rstrip("/") + pad


def _pad(notificatie: Notificatie) -> str:
    if notificatie.soort == Soort.UITVRAAG:
        return reverse("uitvragen:detail", args=[notificatie.object_id])
    if notificatie.soort in (Soort.ACTIE_TOEGEWEZEN, Soort.ACTIE_VERLOPEN):
        from schakel.plannen.models import Actie

        # The action sits on its case page; an action that has since gone leads to the start page.
        casus_id = Actie.objects.filter(pk=notificatie.object_id).values_list("plan__casus_id", flat=True).first()
        return reverse("casussen:detail", args=[casus_id]) if casus_id else reverse("start")
    # An invitation opens its agenda items only from the start of the meeting, and the meeting page
    # is for house staff: the start page is the one page every invitee can open.
    return reverse("start")


def _overleg_moment(object_id) -> str:
    from schakel.overleggen.models import Overleg

    datum = Overleg.objects.filter(pk=object_id).values_list("datum", flat=True).first()
    if datum is None:
        return ""
    return f" op {timezone.localtime(datum):%d-%m-%Y} om {timezone.localtime(datum):%H:%M}"


def opstellen(notificatie: Notificatie) -> tuple[str, str]:
    """(subject, body) of the mail."""
    url = link(_pad(notificatie))
    if notificatie.soort == Soort.UITVRAAG:
        onderwerp = "Schakel: nieuwe informatie-uitvraag voor uw gemeente"
        tekst = f"Er staat in Schakel een nieuwe informatie-uitvraag voor uw gemeente klaar.\n\nBekijk en beantwoord de uitvraag na inloggen:\n{url}"
    elif notificatie.soort == Soort.ACTIE_TOEGEWEZEN:
        onderwerp = "Schakel: er is een actie aan u toegewezen"
        tekst = f"In Schakel is een actie uit een plan van aanpak aan u toegewezen.\n\nBekijk de actie na inloggen:\n{url}"
    elif notificatie.soort == Soort.ACTIE_VERLOPEN:
        onderwerp = "Schakel: de termijn van een actie is verstreken"
        tekst = (
            "De termijn van een actie die aan u is toegewezen, is verstreken en de actie staat nog open.\n\n"
            f"Leg na inloggen vast of de actie is gedaan:\n{url}"
        )
    else:
        onderwerp = "Schakel: uitnodiging voor een casusoverleg"
        tekst = (
            f"U bent (namens uw organisatie) uitgenodigd voor een casusoverleg{_overleg_moment(notificatie.object_id)}.\n\n"
            "Vanaf het begin van het overleg staan de agendapunten waarvoor u bent uitgenodigd voor u klaar in Schakel:\n"
            f"{url}"
        )
    return onderwerp, tekst + SLOT

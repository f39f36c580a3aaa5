"""The main menu: which screens each role reaches from the top of every page.

Rendered once per combination of roles and kept (the menu is the same for everyone with the same
roles), instead of reversing twenty URLs through the template engine on every page."""
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join

from schakel.gebruikers.rollen import Rol

IC, PR, PARTNER = Rol.INFORMATIECOORDINATOR, Rol.PROCESREGISSEUR, Rol.PARTNER

# (label, URL name, roles that see it), in menu order.
MENU = (
    ("Meldingen", "meldingen:lijst", {IC, PR, PARTNER}),
    ("Nieuwe melding", "meldingen:nieuw", {IC, PR, PARTNER}),
    ("Zoeken", "personen:zoeken", {IC, PR, PARTNER}),
    ("Casussen", "casussen:lijst", {IC, PR, PARTNER}),
    ("Mijn acties", "plannen:mijn_acties", {PARTNER}),
    ("Briefings", "briefing:lijst", {IC, PR}),
    ("Terugkoppeling open", "meldingen:terugkoppeling_open", {IC, PR}),
    ("Overleggen", "overleggen:lijst", {IC, PR}),
    ("Monitoring", "monitoring:werklijst", {IC, PR}),
    ("Opschalingen", "opschaling:lijst", {IC, PR, Rol.KETENMANAGER}),
    ("Rapportage", "rapportage:overzicht", {IC, PR, Rol.KETENMANAGER}),
    ("Effectmeting", "effectmeting:overzicht", {IC, PR, Rol.KETENMANAGER}),
    ("ZSM-vraag", "zsm:vraag", {Rol.ZSM}),
    ("Uitvragen", "uitvragen:lijst", {IC, PR, Rol.GEMEENTE_CONTACT}),
    ("Eigen nazorg", "koppelingen:doorgezet", {IC, PR, Rol.GEMEENTE_CONTACT}),
    ("Koppelvoorstellen", "koppelingen:voorstellen", {IC}),
    ("Rolvoorstellen", "rollen:lijst", {Rol.FUNCTIONEEL_BEHEERDER, Rol.PRIVACY_OFFICER}),
    ("Beheer", "beheer:index", {Rol.FUNCTIONEEL_BEHEERDER}),
    ("Account- en rolwijzigingen", "rollen:logboek", {Rol.PRIVACY_OFFICER}),
    ("Toegangslog", "privacy:toegangslog", {Rol.PRIVACY_OFFICER}),
    ("AVG-rechten", "avg:inzage", {Rol.PRIVACY_OFFICER}),
)


def menu_items(rollen) -> list[tuple[str, str]]:
    return [(label, reverse(naam)) for label, naam, voor in MENU if voor & rollen]


def hoofdmenu_html(rollen: frozenset[str]) -> str:
    return _hoofdmenu(frozenset(rollen), get_script_prefix())


@lru_cache(maxsize=256)
def _hoofdmenu(rollen: frozenset[str], _prefix: str) -> str:
    items = menu_items(rollen)
    if not items:
        return ""  # no empty navigation landmark for a role without screens of its own
    lijst = format_html_join("\n      ", '<li><a href="{}">{}</a></li>', ((url, label) for label, url in items))
    return format_html('<nav aria-label="Hoofdmenu">\n    <ul>\n      {}\n    </ul>\n  </nav>', lijst)

"""`{% toon_tekst obj "veld" %}`: the only way a template shows a text that can carry a special category.

It renders the text (escaped, line breaks kept) when the viewer may read it, otherwise the notice in a
span with class `afgeschermd`. Options: `kort=200` truncates, `leeg="…"` is shown for an empty text,
`regels=False` keeps everything on one line, `soort=True` names the category after a shown text. `{% tekst_van obj "veld" as t %}` stores the plain text
or notice (`t.afgeschermd` tells which) for use in a condition."""
from django import template
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.utils.html import conditional_escape, format_html

from schakel.privacy.categorieen import categorie_naam, toon_tekst as _toon_tekst

register = template.Library()


def _casus_uit(context):
    casus = context.get("casus")
    return casus if getattr(casus, "overlegtype_id", None) is not None or casus is None else None


@register.simple_tag(takes_context=True)
def toon_tekst(context, obj, veld, kort=None, leeg="", regels=True, soort=False):
    user = context.get("request").user
    tekst = _toon_tekst(user, obj, veld, casus=_casus_uit(context))
    if getattr(tekst, "afgeschermd", False):
        return format_html('<span class="afgeschermd hulp">{}</span>', tekst)
    if not tekst:
        return leeg
    if kort:
        tekst = truncatechars(tekst, int(kort))
    html = linebreaksbr(conditional_escape(tekst)) if regels else conditional_escape(tekst)
    if soort and obj.categorie_id:
        html = format_html('{} <span class="hulp">({})</span>', html, categorie_naam(user, obj.categorie_id))
    return html


@register.simple_tag(takes_context=True)
def tekst_van(context, obj, veld):
    """The plain text or the `Afgeschermd` notice, for `{% tekst_van obj "veld" as t %}` in a condition."""
    return _toon_tekst(context.get("request").user, obj, veld, casus=_casus_uit(context))

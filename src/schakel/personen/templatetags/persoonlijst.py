"""The rows of the person search's results, written in Python as the meldingen and case lists are
(meldingen/templatetags/meldinglijst.py); tests/test_lijstweergave.py keeps the row template as the
reference."""
from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from schakel.core.templatetags.lijstweergave import datum, pk_url

register = template.Library()


@register.simple_tag
def persoonrijen(personen) -> str:
    tz = timezone.get_current_timezone()
    uit = []
    for p in personen:
        meldingen = ", ".join(f'<a href="{pk_url("meldingen:detail", m.pk)}">{m.nummer}</a>' for m in p.zichtbare_meldingen)
        gemeente = escape(p.gemeente) if p.gemeente_id else "—"
        uit.append(
            f'<tr><td><a href="{pk_url("personen:detail", p.pk)}">{escape(p.volledige_naam)}</a></td>'
            f'<td>{datum(p.geboortedatum, tz) or "onbekend"}</td><td>{gemeente}</td><td>{meldingen}</td></tr>'
        )
    return mark_safe("\n".join(uit))

"""The rows of the case list, written in Python rather than through the template engine (see
meldingen/templatetags/meldinglijst.py); tests/test_lijstweergave.py keeps the row template as the
reference."""
from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from schakel.casussen.models import Casus
from schakel.core.templatetags.lijstweergave import datum, keuzelabel, personen_kort, pk_url

register = template.Library()


@register.simple_tag
def casusrijen(rijen) -> str:
    tz = timezone.get_current_timezone()
    statuslabel = keuzelabel(Casus, "status")
    uit = []
    for c in rijen:
        status = escape(statuslabel(c.status))
        if c.heragenderen_sinds and c.status != "afgesloten":
            status += ' · <span class="status">te heragenderen</span>'
        regisseur = escape(c.procesregisseur) if c.procesregisseur_id else "—"
        uit.append(
            f'<tr><td><a href="{pk_url("casussen:detail", c.pk)}">{c.nummer}</a></td><td>{datum(c.geopend_op, tz)}</td>'
            f"<td>{personen_kort(c.getoonde_personen)}</td><td>{escape(c.overlegtype)}</td><td>{escape(c.gemeente)}</td>"
            f"<td>{status}</td><td>{regisseur}</td></tr>"
        )
    return mark_safe("\n".join(uit))

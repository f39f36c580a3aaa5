"""The rows of the meldingen list, written in Python: fifty rows of eight cells through the template
engine cost more than every query of the page together (docs/performance.md). The output is the row
template's (tests/test_lijstweergave.py keeps it as the reference), with every value escaped."""
from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from schakel.core.templatetags.lijstweergave import datumtijd, keuzelabel, personen_kort, pk_url
from schakel.gebruikers.rollen import PROCESSTAF
from schakel.meldingen.models import Melding

register = template.Library()


@register.simple_tag
def meldingrijen(rijen, rollen) -> str:
    staf = bool(PROCESSTAF & set(rollen))
    tz = timezone.get_current_timezone()
    kanaal, status = keuzelabel(Melding, "kanaal"), keuzelabel(Melding, "status")
    uit = []
    for m in rijen:
        url = pk_url("meldingen:detail", m.pk)
        if m.onderwerp == "gebied":
            wie = escape(m.gebied)
        elif m.anoniem:
            wie = "Anoniem"
        else:
            wie = personen_kort(m.getoonde_personen)
        if m.te_koppelen:
            wie += (f' <a href="{url}#koppelen-kop" class="status">mogelijke dubbele persoon: koppelen</a>' if staf
                    else ' <span class="status">bekend bij het huis</span>')
        melder = escape(m.melder_organisatie) if m.melder_organisatie_id else "—"
        uit.append(
            f'<tr><td><a href="{url}">{m.nummer}</a></td><td>{datumtijd(m.ontvangen_op, tz)}</td><td>{wie}</td>'
            f"<td>{escape(m.gemeente)}</td><td>{escape(m.thema)}</td><td>{escape(kanaal(m.kanaal))}</td>"
            f"<td>{melder}</td><td>{escape(status(m.status))}</td></tr>"
        )
    return mark_safe("\n".join(uit))

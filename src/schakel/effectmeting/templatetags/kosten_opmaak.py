"""Dutch notation for the cost figures on pages: € 183.745, € 3.329.985,33, 1,27 %."""
from django import template

from schakel.effectmeting.kosten import euro, getal, procent

register = template.Library()


@register.filter
def euro_heel(waarde):
    return "—" if waarde is None else euro(waarde)


@register.filter
def euro_cent(waarde):
    return "—" if waarde is None else euro(waarde, cent=True)


@register.filter
def nl_getal(waarde):
    return "—" if waarde is None else getal(waarde)


@register.filter
def nl_procent(waarde):
    return "—" if waarde is None else procent(waarde, 2)

"""Cheap building blocks for the rows of the long lists (fifty rows, forty times a day). Django's
`{% url %}` resolves the route anew for every row (~80 µs) and the `date` filter goes through the
localisation machinery (~90 µs); on a list page that was a quarter of the time outside the database
(docs/performance.md). These give the same output for the fixed Dutch formats the lists use."""
from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

_PLAATSHOUDER = 987654321
_routes: dict[tuple[str, str], tuple[str, str]] = {}


@register.simple_tag
def pk_url(naam: str, pk) -> str:
    """`{% pk_url "meldingen:detail" m.pk %}` = `{% url "meldingen:detail" m.pk %}` for a route with one
    integer argument: reversed once per route (and script prefix), then filled in."""
    sleutel = (naam, get_script_prefix())
    delen = _routes.get(sleutel)
    if delen is None:
        delen = _routes[sleutel] = tuple(reverse(naam, args=[_PLAATSHOUDER]).split(str(_PLAATSHOUDER)))
    return f"{delen[0]}{int(pk)}{delen[1]}"


@register.filter
def datum(waarde) -> str:
    """dd-mm-jjjj, a datetime in the local time zone (as `|date:"d-m-Y"`)."""
    if not waarde:
        return ""
    if hasattr(waarde, "hour") and timezone.is_aware(waarde):
        waarde = timezone.localtime(waarde)
    return waarde.strftime("%d-%m-%Y")


@register.filter
def datumtijd(waarde) -> str:
    """dd-mm-jjjj uu:mm in the local time zone (as `|date:"d-m-Y H:i"`)."""
    if not waarde:
        return ""
    if timezone.is_aware(waarde):
        waarde = timezone.localtime(waarde)
    return waarde.strftime("%d-%m-%Y %H:%M")


@register.filter
def personen_kort(personen) -> str:
    """"J. Jansen (1984); A. de Vries" as includes/personen_kort.html, escaped, "—" for none."""
    personen = list(personen)
    if not personen:
        return "—"
    return format_html_join("; ", "{}{}", ((p.minimale_naam, f" ({p.geboortedatum.year})" if p.geboortedatum else "")
                                          for p in personen))


_SORTEERPIJL = {"ascending": ' <span aria-hidden="true">▲</span>', "descending": ' <span aria-hidden="true">▼</span>'}


@register.simple_tag
def kolomkop(kop, label: str) -> str:
    """A sortable column header (`kop`: a header of core.lijsten, with `href` and `aria_sort`): the
    sort state and what a click does are spoken, the arrow is only shown."""
    richting = kop["aria_sort"]
    if richting:
        uitleg = f", gesorteerd {'oplopend' if richting == 'ascending' else 'aflopend'}; klik om om te draaien"
        return format_html('<th scope="col" aria-sort="{}"><a href="{}" class="sorteer">{}{}<span class="sr-only">{}</span></a></th>',
                           richting, kop["href"], label, mark_safe(_SORTEERPIJL.get(richting, "")), uitleg)
    return format_html('<th scope="col"><a href="{}" class="sorteer">{}<span class="sr-only">, klik om hierop te sorteren</span></a></th>',
                       kop["href"], label)

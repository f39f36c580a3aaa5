"""Cheap building blocks for the rows of the long lists (fifty rows, forty times a day). Django's
`{% url %}` resolves the route anew for every row (~80 µs) and the `date` filter goes through the
localisation machinery (~90 µs); on a list page that was a quarter of the time outside the database
(docs/performance.md). These give the same output for the fixed Dutch formats the lists use."""
from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
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


def _lokaal(waarde, tz):
    if hasattr(waarde, "hour") and timezone.is_aware(waarde):
        return waarde.astimezone(tz or timezone.get_current_timezone())
    return waarde


@register.filter
def datum(waarde, tz=None) -> str:
    """dd-mm-jjjj, a datetime in the local time zone (as `|date:"d-m-Y"`). A row tag passes `tz`, the
    current time zone looked up once for all its rows."""
    if not waarde:
        return ""
    return _lokaal(waarde, tz).strftime("%d-%m-%Y")


@register.filter
def datumtijd(waarde, tz=None) -> str:
    """dd-mm-jjjj uu:mm in the local time zone (as `|date:"d-m-Y H:i"`)."""
    if not waarde:
        return ""
    return _lokaal(waarde, tz).strftime("%d-%m-%Y %H:%M")


@register.filter
def personen_kort(personen) -> str:
    """"J. Jansen (1984); A. de Vries" as includes/personen_kort.html, escaped, "—" for none."""
    delen = [escape(p.minimale_naam) + (f" ({p.geboortedatum.year})" if p.geboortedatum else "") for p in personen]
    return mark_safe("; ".join(delen)) if delen else "—"


_labels: dict = {}


def keuzelabel(model, veld: str):
    """`obj.get_<veld>_display()` for a row tag: the field's choices looked up once per process instead of
    flattened and made hashable for every row. A value outside the choices shows as itself, as there."""
    sleutel = (model, veld)
    if sleutel not in _labels:
        labels = {k: str(v) for k, v in model._meta.get_field(veld).flatchoices}
        _labels[sleutel] = lambda waarde: labels.get(waarde, waarde)
    return _labels[sleutel]


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


@register.simple_tag(takes_context=True)
def paginering(context, enkelvoud: str = "", meervoud: str = "", query: str | None = None) -> str:
    """The page navigation under a list (`pagina`, and `query` unless given, from the context): with the
    total and page numbers for a counted page, only previous/next for a page without a count."""
    pagina = context["pagina"]
    query = (context.get("query") if query is None else query) or ""
    basis = f"?{escape(query)}&amp;pagina=" if query else "?pagina="
    vorige = (f'<a href="{basis}{pagina.number - 1}" rel="prev">« Vorige<span class="sr-only"> pagina</span></a>'
              if pagina.has_previous else "")
    volgende = (f'<a href="{basis}{pagina.number + 1}" rel="next">Volgende<span class="sr-only"> pagina</span> »</a>'
                if pagina.has_next else "")
    if not getattr(pagina, "num_pages", None):
        return mark_safe(f'<nav class="paginering" aria-label="Paginering">{vorige}'
                         f'<span aria-current="page">Pagina {pagina.number}</span>{volgende}</nav>')
    meervoud_e = escape(meervoud)
    if pagina.exact:
        telling = f"{pagina.total} {escape(enkelvoud) if pagina.total == 1 else meervoud_e}"
        if pagina.num_pages > 1:
            telling += f", pagina {pagina.number} van {pagina.num_pages}"
    else:
        telling = (f"Meer dan {pagina.total} {meervoud_e}, pagina {pagina.number}; verfijn met de filters om het "
                   "precieze aantal te zien")
    delen = [f'<nav class="paginering" aria-label="Paginering {meervoud_e}"><p class="telling">{telling}</p>']
    if pagina.num_pages > 1 or pagina.has_next or pagina.has_previous:
        delen.append("<ul>")
        if vorige:
            delen.append(f"<li>{vorige}</li>")
        for n in pagina.links():
            if n is None:
                delen.append('<li aria-hidden="true">…</li>')
            else:
                huidig = ' aria-current="page"' if n == pagina.number else ""
                delen.append(f'<li><a href="{basis}{n}"{huidig}><span class="sr-only">Pagina </span>{n}</a></li>')
        if volgende:
            delen.append(f"<li>{volgende}</li>")
        delen.append("</ul>")
    delen.append("</nav>")
    return mark_safe("".join(delen))

"""The cheap list filters give exactly what Django's own tags give for the formats the lists use."""
import datetime as dt

from django.template import engines
from django.utils import timezone

from schakel.personen.models import Persoon


def _render(bron, **context):
    return engines["django"].from_string("{% load lijstweergave %}" + bron).render(context)


def test_pk_url_is_the_url_tag():
    for pk in (1, 42, 1234567):
        assert _render("{% pk_url 'meldingen:detail' pk %}", pk=pk) == _render("{% url 'meldingen:detail' pk %}", pk=pk)
        assert _render("{% pk_url 'casussen:detail' pk %}", pk=pk) == _render("{% url 'casussen:detail' pk %}", pk=pk)


def test_dates_are_local_time_as_the_date_filter_in_summer_winter_and_around_midnight():
    for moment in (dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.UTC), dt.datetime(2026, 1, 15, 23, 5, tzinfo=dt.UTC),
                   dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC), timezone.now()):
        assert _render("{{ t|datumtijd }}", t=moment) == _render('{{ t|date:"d-m-Y H:i" }}', t=moment)
        assert _render("{{ t|datum }}", t=moment) == _render('{{ t|date:"d-m-Y" }}', t=moment)
    assert _render("{{ d|datum }}", d=dt.date(2026, 2, 3)) == "03-02-2026"
    assert _render("{{ t|datumtijd }}{{ t|datum }}", t=None) == ""


def test_persons_are_short_escaped_and_a_dash_for_none():
    personen = [Persoon(voornamen="Jan Piet", tussenvoegsel="de", achternaam="<b>Vries</b>", geboortedatum=dt.date(1984, 5, 1)),
                Persoon(voornamen="", achternaam="Bakker")]
    assert _render("{{ p|personen_kort }}", p=personen) == "J.P. de &lt;b&gt;Vries&lt;/b&gt; (1984); Bakker"
    assert _render("{{ p|personen_kort }}", p=[]) == "—"


# The include the kolomkop tag replaced, kept here as the reference its output must equal.
KOLOMKOP_SJABLOON = (
    '<th scope="col"{% if kop.aria_sort %} aria-sort="{{ kop.aria_sort }}"{% endif %}><a href="{{ kop.href }}" '
    'class="sorteer">{{ label }}{% if kop.aria_sort == "ascending" %} <span aria-hidden="true">▲</span>{% elif '
    'kop.aria_sort == "descending" %} <span aria-hidden="true">▼</span>{% endif %}<span class="sr-only">{% if '
    'kop.aria_sort %}, gesorteerd {% if kop.aria_sort == "ascending" %}oplopend{% else %}aflopend{% endif %}; klik '
    'om om te draaien{% else %}, klik om hierop te sorteren{% endif %}</span></a></th>'
)


def test_column_header_is_the_former_include_in_every_sort_state_and_escapes():
    for aria in ("", "ascending", "descending"):
        kop = {"href": "?status=open&sortering=-nummer&q=<x>", "aria_sort": aria}
        for label in ("Nummer", "Melder & <organisatie>"):
            nieuw = _render("{% kolomkop kop label %}", kop=kop, label=label)
            assert nieuw == _render(KOLOMKOP_SJABLOON, kop=kop, label=label)
            assert "<x>" not in nieuw and "&lt;organisatie&gt;" in nieuw or label == "Nummer"


# The include the paginering tag replaced, kept here as the reference its output must equal.
PAGINERING_SJABLOON = """{% if pagina.num_pages %}
<nav class="paginering" aria-label="Paginering {{ meervoud|default:'' }}">
  {% if pagina.exact %}
  <p class="telling">{{ pagina.total }} {% if pagina.total == 1 %}{{ enkelvoud }}{% else %}{{ meervoud }}{% endif %}{% if pagina.num_pages > 1 %}, pagina {{ pagina.number }} van {{ pagina.num_pages }}{% endif %}</p>
  {% else %}
  <p class="telling">Meer dan {{ pagina.total }} {{ meervoud }}, pagina {{ pagina.number }}; verfijn met de filters om het precieze aantal te zien</p>
  {% endif %}
  {% if pagina.num_pages > 1 or pagina.has_next or pagina.has_previous %}
  <ul>
    {% if pagina.has_previous %}<li><a href="?{% if query %}{{ query }}&amp;{% endif %}pagina={{ pagina.number|add:-1 }}" rel="prev">« Vorige<span class="sr-only"> pagina</span></a></li>{% endif %}
    {% for n in pagina.links %}
      {% if n is None %}<li aria-hidden="true">…</li>
      {% elif n == pagina.number %}<li><a href="?{% if query %}{{ query }}&amp;{% endif %}pagina={{ n }}" aria-current="page"><span class="sr-only">Pagina </span>{{ n }}</a></li>
      {% else %}<li><a href="?{% if query %}{{ query }}&amp;{% endif %}pagina={{ n }}"><span class="sr-only">Pagina </span>{{ n }}</a></li>{% endif %}
    {% endfor %}
    {% if pagina.has_next %}<li><a href="?{% if query %}{{ query }}&amp;{% endif %}pagina={{ pagina.number|add:1 }}" rel="next">Volgende<span class="sr-only"> pagina</span> »</a></li>{% endif %}
  </ul>
  {% endif %}
</nav>
{% else %}
<nav class="paginering" aria-label="Paginering">
  {% if pagina.has_previous %}<a href="?{% if query %}{{ query }}&amp;{% endif %}pagina={{ pagina.number|add:-1 }}" rel="prev">« Vorige<span class="sr-only"> pagina</span></a>{% endif %}
  <span aria-current="page">Pagina {{ pagina.number }}</span>
  {% if pagina.has_next %}<a href="?{% if query %}{{ query }}&amp;{% endif %}pagina={{ pagina.number|add:1 }}" rel="next">Volgende<span class="sr-only"> pagina</span> »</a>{% endif %}
</nav>
{% endif %}
"""


def _zonder_witruimte(html: str) -> str:
    import re

    return re.sub(r">\s+<", "><", html.strip())


def test_pagination_is_the_former_include_for_every_kind_of_page():
    from schakel.core.pagination import CountedPage, Page

    paginas = [Page(rows=[], number=1, has_next=False), Page(rows=[], number=3, has_next=True)]
    for total, num_pages, number in ((0, 0, 1), (1, 1, 1), (7, 1, 1), (120, 3, 2), (5000, 100, 1), (5000, 100, 50),
                                     (5000, 100, 100)):
        paginas.append(CountedPage(rows=[], number=number, has_next=number < num_pages, total=total, num_pages=num_pages))
    paginas.append(CountedPage(rows=[], number=4, has_next=True, total=100000, num_pages=2000, exact=False))
    for pagina in paginas:
        for query in ("", "status=open&q=<b>x</b>"):
            for woorden in ({"enkelvoud": "melding", "meervoud": "meldingen"}, {}):
                context = {"pagina": pagina, "query": query, **woorden}
                args = " ".join(f'{k}="{v}"' for k, v in woorden.items())
                nieuw = _render("{% paginering " + args + " %}", **context)
                assert _zonder_witruimte(nieuw) == _zonder_witruimte(_render(PAGINERING_SJABLOON, **context)), (pagina, query)
                assert "<b>" not in nieuw
    # A query given in the template wins over the page's own.
    pagina = CountedPage(rows=[], number=1, has_next=True, total=120, num_pages=3)
    assert 'href="?te_laat=1&amp;pagina=2"' in _render('{% paginering query="te_laat=1" %}', pagina=pagina, query="x=1")

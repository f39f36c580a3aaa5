"""The cheap list filters give exactly what Django's own tags give for the formats the lists use."""
import datetime as dt

import pytest
from django.template import engines
from django.urls import reverse
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


# The row templates the Python row tags replaced, kept as the reference their output must equal (the
# meldingen row with "—" for a melding without reporting organisation, where it used to print "None").
MELDINGRIJ = """{% load lijstweergave %}{% for m in rijen %}
    <tr>
      <td><a href="{% pk_url 'meldingen:detail' m.pk %}">{{ m.nummer }}</a></td>
      <td>{{ m.ontvangen_op|datumtijd }}</td>
      <td>{% if m.onderwerp == "gebied" %}{{ m.gebied }}{% elif m.anoniem %}Anoniem{% else %}{{ m.getoonde_personen|personen_kort }}{% endif %}{% if m.te_koppelen %}{% if "informatiecoordinator" in rollen or "procesregisseur" in rollen %} <a href="{% pk_url 'meldingen:detail' m.pk %}#koppelen-kop" class="status">mogelijke dubbele persoon: koppelen</a>{% else %} <span class="status">bekend bij het huis</span>{% endif %}{% endif %}</td>
      <td>{{ m.gemeente }}</td>
      <td>{{ m.thema }}</td>
      <td>{{ m.get_kanaal_display }}</td>
      <td>{{ m.melder_organisatie|default:"—" }}</td>
      <td>{{ m.get_status_display }}</td>
    </tr>
  {% endfor %}"""
CASUSRIJ = """{% load lijstweergave %}{% for c in rijen %}
  <tr><td><a href="{% pk_url 'casussen:detail' c.pk %}">{{ c.nummer }}</a></td><td>{{ c.geopend_op|datum }}</td><td>{{ c.personen.all|personen_kort }}</td>
    <td>{{ c.overlegtype }}</td><td>{{ c.gemeente }}</td><td>{{ c.get_status_display }}{% if c.heragenderen_sinds and c.status != "afgesloten" %} · <span class="status">te heragenderen</span>{% endif %}</td><td>{{ c.procesregisseur|default:"—" }}</td></tr>
  {% endfor %}"""


def _rijen_gelijk(tag: str, sjabloon: str, **context):
    nieuw = engines["django"].from_string(tag).render(context)
    oud = engines["django"].from_string(sjabloon).render(context)
    assert _zonder_witruimte(nieuw) == _zonder_witruimte(oud)
    return nieuw


@pytest.mark.django_db
def test_meldingen_rows_are_the_former_row_template_for_every_kind_of_row(users):
    from schakel.gebruikers.rollen import Rol
    from schakel.meldingen.models import Melding

    from .factories import MeldingFactory, PersoonFactory

    persoon = PersoonFactory(voornamen="<Jan>", achternaam="O'Brien & Zn")
    MeldingFactory(geregistreerd_door=users["ic"], personen=[persoon])
    MeldingFactory(geregistreerd_door=users["ic"], personen=[])
    gebied = MeldingFactory(geregistreerd_door=users["ic"], personen=[])
    Melding.objects.filter(pk=gebied.pk).update(onderwerp="gebied", gebied="<b>Stationsplein</b>", melder_organisatie=None)
    rijen = list(Melding.objects.select_related("gemeente", "thema", "melder_organisatie").order_by("pk"))
    assert any(m.melder_organisatie_id is None for m in rijen)
    for i, m in enumerate(rijen):
        m.getoonde_personen = [persoon] if i == 0 else []
        m.te_koppelen = i != 1
        m.anoniem = i == 1 or m.anoniem
    for rollen in ({Rol.PROCESREGISSEUR}, {Rol.PARTNER}):
        nieuw = _rijen_gelijk("{% load meldinglijst %}{% meldingrijen rijen rollen %}", MELDINGRIJ,
                              rijen=rijen, rollen=rollen)
        assert "<b>" not in nieuw and "<Jan>" not in nieuw and "O&#x27;Brien &amp; Zn" in nieuw
        assert ("mogelijke dubbele persoon: koppelen" in nieuw) == (Rol.PROCESREGISSEUR in rollen)


@pytest.mark.django_db
def test_case_rows_are_the_former_row_template(users):
    from schakel.casussen.models import Casus

    from .test_werklijsten import casus_voor

    casus_voor(users)
    tweede = casus_voor(users)
    Casus.objects.filter(pk=tweede.pk).update(procesregisseur=None, heragenderen_sinds=timezone.now())
    from schakel.casussen.views import personen_per_casus

    rijen = list(Casus.objects.select_related("overlegtype", "gemeente", "procesregisseur").order_by("pk"))
    assert len(rijen) == 2
    # The persons the list fetches for its rows, against the reference's own `c.personen.all`.
    personen = personen_per_casus([c.pk for c in rijen])
    for c in rijen:
        c.getoonde_personen = personen[c.pk]
    assert [p.pk for p in rijen[0].getoonde_personen] == list(rijen[0].personen.order_by("pk").values_list("pk", flat=True))
    assert rijen[0].getoonde_personen
    nieuw = _rijen_gelijk("{% load casuslijst %}{% casusrijen rijen %}", CASUSRIJ, rijen=rijen)
    assert "te heragenderen" in nieuw and "—" in nieuw


PERSOONRIJ = """{% load lijstweergave %}{% for p in personen %}
  <tr><td><a href="{% pk_url 'personen:detail' p.pk %}">{{ p.volledige_naam }}</a></td><td>{{ p.geboortedatum|datum|default:"onbekend" }}</td><td>{{ p.gemeente|default:"—" }}</td>
    <td>{% for m in p.zichtbare_meldingen %}<a href="{% pk_url 'meldingen:detail' m.pk %}">{{ m.nummer }}</a>{% if not forloop.last %}, {% endif %}{% endfor %}</td></tr>
  {% endfor %}"""


@pytest.mark.django_db
def test_person_search_rows_are_the_former_row_template(users):
    from schakel.gemeenten.models import Gemeente
    from schakel.personen.models import Persoon

    from .factories import MeldingFactory, PersoonFactory

    met = PersoonFactory(voornamen="<Jan>", achternaam="O'Brien & Zn", gemeente=Gemeente.objects.first())
    zonder = PersoonFactory(voornamen="", achternaam="Bakker", geboortedatum=None, gemeente=None)
    MeldingFactory(geregistreerd_door=users["ic"], personen=[met])
    MeldingFactory(geregistreerd_door=users["ic"], personen=[met])
    personen = list(Persoon.objects.filter(pk__in=[met.pk, zonder.pk]).select_related("gemeente").order_by("pk"))
    for p in personen:
        p.zichtbare_meldingen = list(p.meldingen.order_by("-ontvangen_op"))
    assert len(personen[0].zichtbare_meldingen) == 2 and personen[1].geboortedatum is None and personen[1].gemeente is None
    nieuw = _rijen_gelijk("{% load persoonlijst %}{% persoonrijen personen %}", PERSOONRIJ, personen=personen)
    assert "<Jan>" not in nieuw and "onbekend" in nieuw and "—" in nieuw and nieuw.count("/meldingen/") == 2


@pytest.mark.django_db
def test_the_case_list_shows_and_logs_every_person_of_each_case_once(client_for, users):
    from schakel.casussen.models import Casus
    from schakel.privacy.models import Toegangslog

    from .factories import PersoonFactory
    from .test_werklijsten import casus_voor

    twee = casus_voor(users)
    tweede_persoon = PersoonFactory(voornamen="Anna", achternaam="Zwart")
    twee.personen.add(tweede_persoon)
    geen = casus_voor(users)
    Casus.personen.through.objects.filter(casus=geen).delete()
    response = client_for(users["pr"]).get(reverse("casussen:lijst"))
    inhoud = response.content.decode()
    for p in twee.personen.all():
        assert p.minimale_naam in inhoud
    gelogd = set(Toegangslog.objects.filter(doel="Casussenlijst").values_list("object_id", "persoon_id"))
    assert gelogd == {(twee.pk, p.pk) for p in twee.personen.all()} | {(geen.pk, None)}

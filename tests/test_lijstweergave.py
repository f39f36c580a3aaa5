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

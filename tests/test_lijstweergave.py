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

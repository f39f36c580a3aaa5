"""Lists that scale: newest or upcoming first, counted pages, filters, a number-only search and sortable
columns, with a query count that does not depend on the page, the sort or the filter."""
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.briefing.models import Briefing
from schakel.briefing.services import maak_briefing
from schakel.casussen.models import Casus, CasusBetrokkenheid
from schakel.casussen.zichtbaarheid import herbereken
from schakel.core import pagination
from schakel.gemeenten.models import Gemeente
from schakel.overleggen.models import Overleg
from schakel.partners.models import Organisatie
from schakel.plannen.models import PlanVanAanpak

from .queries import tel
from .scenario import bouw_scenario

STATUSSEN = [Casus.Status.AANGEMELD, Casus.Status.IN_BEHANDELING, Casus.Status.AFGESLOTEN]


def maak_casussen(s, users, n):
    """n cases like the scenario's, spread over status, municipality, time; Reclassering brought each in."""
    basis = s.casus
    gemeenten = list(Gemeente.objects.filter(code__in=["leiden", "gouda"]))
    nu = timezone.now()
    casussen = Casus.objects.bulk_create([
        Casus(overlegtype=basis.overlegtype, gemeente=gemeenten[i % 2], thema=basis.thema, status=STATUSSEN[i % 3],
              geopend_door=users["pr"], procesregisseur=users["pr"], geopend_op=nu - timedelta(days=i + 1),
              heragenderen_sinds=nu if i % 4 == 0 else None)
        for i in range(n)
    ])
    Casus.personen.through.objects.bulk_create([Casus.personen.through(casus=c, persoon=s.persoon) for c in casussen])
    reclassering = Organisatie.objects.get(code="reclassering")
    CasusBetrokkenheid.objects.bulk_create(
        [CasusBetrokkenheid(casus=c, organisatie=reclassering, rol=CasusBetrokkenheid.Rol.INBRENGER) for c in casussen]
    )
    herbereken(c.pk for c in casussen)  # bulk_create passes no signals
    PlanVanAanpak.objects.bulk_create([
        PlanVanAanpak(casus=c, type=PlanVanAanpak.Type.INTEGRAAL, casushouder=users["reclassering"], vastgesteld_op=nu.date())
        for c in casussen[::2]
    ])
    return casussen


def casus_filters(users, s, casushouder):
    leiden = Gemeente.objects.get(code="leiden").pk
    return [
        {"status": Casus.Status.IN_BEHANDELING}, {"gemeente": leiden}, {"overlegtype": s.casus.overlegtype_id},
        {"casushouder": casushouder}, {"werklijst": "te_heragenderen"}, {"van": "2000-01-01", "tot": "2100-12-31"},
        {"zoek": s.casus.nummer}, {"zoek": s.melding.nummer}, {"sortering": "nummer"}, {"sortering": "-gemeente"},
        {"sortering": "status", "status": Casus.Status.AANGEMELD, "gemeente": leiden, "pagina": 2},
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["pr", "reclassering"])
def test_case_list_query_count_is_the_same_for_every_page_sort_and_filter(client_for, users, rol, monkeypatch):
    monkeypatch.setattr(pagination, "PAGE_SIZE", 3)
    s = bouw_scenario(users)
    maak_casussen(s, users, 30)
    client = client_for(users[rol])
    url = reverse("casussen:lijst")
    # Every filter finds rows (an empty page has nothing to prefetch or log, so it costs less).
    if rol == "pr":
        filters = casus_filters(users, s, users["reclassering"].pk) + [{"procesregisseur": users["pr"].pk}]
    else:
        filters = casus_filters(users, s, "ik")
    tellingen = {str(f): tel(client, url, f) for f in [{}, {"pagina": 3}, *filters]}
    assert len(set(tellingen.values())) == 1, tellingen


@pytest.mark.django_db
def test_other_lists_query_counts_do_not_depend_on_page_sort_or_filter(client_for, users, monkeypatch):
    monkeypatch.setattr(pagination, "PAGE_SIZE", 1)
    s = bouw_scenario(users)
    maak_casussen(s, users, 4)
    for i in range(4):
        maak_briefing(briefing=Briefing(datum=timezone.localdate() - timedelta(days=7 * i + 1)), weegploeg=[], door=users["pr"])
        Overleg.objects.create(overlegtype=s.casus.overlegtype, datum=timezone.now() + timedelta(days=i - 2), voorzitter=users["pr"])
    client = client_for(users["pr"])
    lijsten = {
        "briefing:lijst": [{"van": "2000-01-01"}, {"sortering": "-datum"}, {"zoek": s.melding.nummer}],
        "overleggen:lijst": [{"overlegtype": s.casus.overlegtype_id}, {"sortering": "overlegtype"}, {"tot": "2100-01-01"},
                             {"periode": "komend"}, {"periode": "eerder"}],
        "meldingen:lijst": [{"status": "gewogen"}, {"sortering": "-gemeente"}, {"zoek": s.melding.nummer}],
        "uitvragen:lijst": [{"status": ""}, {"sortering": "gemeente"}, {"zoek": s.uitvraag.nummer}],
    }
    for naam, filters in lijsten.items():
        url = reverse(naam)
        tellingen = {str(f): tel(client, url, f) for f in [{}, *filters]}
        assert len(set(tellingen.values())) == 1, (naam, tellingen)


def rijnummers(html):
    return re.findall(r'href="/casussen/(\d+)/"', html)


@pytest.mark.django_db
def test_case_list_is_newest_first_counted_and_paged(client_for, users, monkeypatch):
    monkeypatch.setattr(pagination, "PAGE_SIZE", 10)
    s = bouw_scenario(users)
    casussen = maak_casussen(s, users, 24)
    client = client_for(users["pr"])
    html = client.get(reverse("casussen:lijst")).content.decode()
    # The scenario's case was opened just now, the others 1..24 days ago.
    assert rijnummers(html)[:3] == [str(s.casus.pk), str(casussen[0].pk), str(casussen[1].pk)]
    assert "25 casussen, pagina 1 van 3" in html
    assert 'aria-current="page"' in html and 'aria-sort="descending"' in html
    derde = client.get(reverse("casussen:lijst"), {"pagina": 3}).content.decode()
    assert "25 casussen, pagina 3 van 3" in derde
    assert rijnummers(derde) == [str(c.pk) for c in casussen[19:]]
    # Past the end: the last page, not an empty one.
    assert "pagina 3 van 3" in client.get(reverse("casussen:lijst"), {"pagina": 99}).content.decode()


@pytest.mark.django_db
def test_case_list_filters_search_and_sort(client_for, users):
    s = bouw_scenario(users)
    casussen = maak_casussen(s, users, 12)
    client = client_for(users["pr"])
    url = reverse("casussen:lijst")

    def nummers(**params):
        response = client.get(url, params)
        assert response.status_code == 200, response.content.decode()
        return {int(n) for n in rijnummers(response.content.decode())}

    gouda = Gemeente.objects.get(code="gouda")
    assert nummers(gemeente=gouda.pk) == {c.pk for c in casussen if c.gemeente_id == gouda.pk}
    assert nummers(status="afgesloten") == {c.pk for c in casussen if c.status == "afgesloten"}
    # Te heragenderen: stalled and still running.
    assert nummers(werklijst="te_heragenderen") == {c.pk for c in casussen if c.heragenderen_sinds and c.status != "afgesloten"}
    assert nummers(casushouder=users["reclassering"].pk) == {c.pk for c in casussen[::2]}
    tien_dagen = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert nummers(van=tien_dagen, tot=tien_dagen) == {casussen[9].pk}
    assert nummers(zoek=casussen[5].nummer) == {casussen[5].pk}
    assert nummers(zoek=str(casussen[5].pk)) == {casussen[5].pk}
    assert nummers(zoek=s.melding.nummer) == {s.casus.pk}
    oplopend = client.get(url, {"sortering": "geopend"}).content.decode()
    assert rijnummers(oplopend)[0] == str(casussen[-1].pk)
    assert 'aria-sort="ascending"' in oplopend


@pytest.mark.django_db
def test_partner_filters_only_within_what_he_may_see(client_for, users):
    s = bouw_scenario(users)
    verborgen = maak_casussen(s, users, 2)
    CasusBetrokkenheid.objects.filter(casus__in=verborgen).delete()
    client = client_for(users["politie"])
    for params in ({}, {"zoek": verborgen[0].nummer}, {"status": verborgen[0].status}):
        assert not set(rijnummers(client.get(reverse("casussen:lijst"), params).content.decode())) & {str(c.pk) for c in verborgen}
    # A partner gets no list of every case's professionals to filter on, and the total counts only his.
    html = client.get(reverse("casussen:lijst")).content.decode()
    assert "0 casussen" in html
    assert 'name="procesregisseur"' not in html
    assert users["pr"].get_full_name() not in html
    # Reclassering brought in the scenario's case and three more; the two hidden ones are not counted.
    maak_casussen(s, users, 3)
    assert "4 casussen" in client_for(users["reclassering"]).get(reverse("casussen:lijst")).content.decode()


BAD = [
    ({"status": "weg"}, "Selecteer een geldige keuze"),
    ({"werklijst": "bestaat-niet"}, "Selecteer een geldige keuze"),
    ({"periode": "ooit"}, "Selecteer een geldige keuze"),
    ({"gemeente": "abc"}, "Selecteer een geldige keuze"),
    ({"gemeente": "999999"}, "Selecteer een geldige keuze"),
    ({"van": "2024-13-45"}, "geldige datum"),
    ({"van": "2025-02-01", "tot": "2025-01-01"}, "De einddatum ligt vóór de begindatum."),
    ({"sortering": "personen"}, "Op deze kolom kan niet worden gesorteerd"),
    ({"pagina": "drie"}, "Het paginanummer moet een geheel getal"),
    ({"pagina": "-1"}, "Het paginanummer moet een geheel getal"),
    ({"zoek": "Jansen"}, "Zoek hier alleen op een nummer"),
    ({"zoek": "111222333"}, "Zoek hier alleen op een nummer"),
    ({"zoek": "x" * 5000}, "Zoek hier alleen op een nummer"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("params,melding", BAD)
def test_bad_filter_values_get_a_dutch_message_never_a_500(client_for, users, params, melding):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    for naam in ("casussen:lijst", "meldingen:lijst", "uitvragen:lijst", "opschaling:lijst", "briefing:lijst",
                 "overleggen:lijst", "monitoring:werklijst"):
        response = client.get(reverse(naam), params)
        html = response.content.decode()
        if not all(f'name="{k}"' in html for k in set(params) - {"sortering", "pagina"}):
            continue  # this list has no such filter: nothing to refuse
        assert response.status_code == 400, (naam, params)
        assert melding in html, (naam, params)
        assert "Een filter met een fout is niet toegepast" in html or set(params) <= {"sortering", "pagina"}, naam
    # The refused filter is not applied: the case is still listed.
    assert s.casus.nummer in client.get(reverse("casussen:lijst"), params).content.decode()


@pytest.mark.django_db
def test_search_box_keeps_names_and_bsn_out_of_the_address_bar(client_for, users):
    bouw_scenario(users)
    html = client_for(users["pr"]).get(reverse("casussen:lijst")).content.decode()
    veld = re.search(r'<input[^>]*name="zoek"[^>]*>', html).group(0)
    patroon = re.search(r'pattern="([^"]*)"', veld).group(1)
    # The browser does not send a value the pattern refuses (anchored as HTML does).
    assert re.fullmatch(patroon, "C-0000123") and re.fullmatch(patroon, "m-12") and re.fullmatch(patroon, "1234567")
    assert not re.fullmatch(patroon, "Jansen") and not re.fullmatch(patroon, "111222333")
    assert 'method="get"' in html


@pytest.mark.django_db
def test_meetings_upcoming_first_from_today_then_past_newest_first(client_for, users):
    s = bouw_scenario(users)
    nu = timezone.now()
    type_ = s.casus.overlegtype
    maak = lambda dagen: Overleg.objects.create(overlegtype=type_, datum=nu + timedelta(days=dagen), voorzitter=users["pr"])
    ver, gisteren, volgend, vorige_maand, daarna = maak(60), maak(-1), maak(2), maak(-30), maak(9)
    html = client_for(users["pr"]).get(reverse("overleggen:lijst")).content.decode()
    volgorde = re.findall(r'href="/overleggen/(\d+)/"', html)
    assert volgorde == [str(o.pk) for o in (volgend, daarna, ver, gisteren, vorige_maand)]
    # Clicking the date column gives the plain order, newest first.
    html = client_for(users["pr"]).get(reverse("overleggen:lijst"), {"sortering": "-datum"}).content.decode()
    assert re.findall(r'href="/overleggen/(\d+)/"', html)[0] == str(ver.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("naam", ["briefing:lijst", "overleggen:lijst"])
def test_demo_data_today_briefing_and_next_meeting_on_first_page(client, settings, naam):
    """Acceptance: at the size of `schakel seed --demo` today's briefing and the next meeting open their lists."""
    from django.core.management import call_command

    from schakel.gebruikers.models import Gebruiker

    settings.DEBUG = True
    call_command("seed", "--demo", verbosity=0, stdout=io.StringIO())
    pr = Gebruiker.objects.get(username="pr.demo")
    client.force_login(pr)
    if naam == "briefing:lijst":
        assert Briefing.objects.count() > pagination.PAGE_SIZE
        Briefing.objects.filter(datum=timezone.localdate()).delete()
        vandaag = maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=pr)
        doel = reverse("briefing:detail", args=[vandaag.pk])
    else:
        volgende = Overleg.objects.filter(datum__gte=timezone.now()).order_by("datum").first()
        assert volgende is not None and Overleg.objects.count() > pagination.PAGE_SIZE
        doel = reverse("overleggen:detail", args=[volgende.pk])
    html = client.get(reverse(naam)).content.decode()
    eerste = re.search(r'<tbody>.*?href="([^"]+)"', html, re.S).group(1)
    assert eerste == doel


@pytest.mark.django_db
def test_count_stops_at_the_cap_and_paging_goes_on(client_for, users, monkeypatch):
    monkeypatch.setattr(pagination, "PAGE_SIZE", 2)
    monkeypatch.setattr(pagination, "MAX_TOTAL", 5)
    s = bouw_scenario(users)
    maak_casussen(s, users, 8)
    client = client_for(users["pr"])
    html = client.get(reverse("casussen:lijst")).content.decode()
    assert "Meer dan 5 casussen, pagina 1" in html
    assert 'rel="next"' in html
    # Beyond the counted pages the list still pages on, up to the last row.
    html = client.get(reverse("casussen:lijst"), {"pagina": 5}).content.decode()
    assert len(rijnummers(html)) == 1 and 'rel="next"' not in html


@pytest.mark.django_db
def test_meetings_split_upcoming_and_earlier(client_for, users):
    s = bouw_scenario(users)
    nu = timezone.now()
    komend = Overleg.objects.create(overlegtype=s.casus.overlegtype, datum=nu + timedelta(days=1), voorzitter=users["pr"])
    eerder = Overleg.objects.create(overlegtype=s.casus.overlegtype, datum=nu - timedelta(days=1), voorzitter=users["pr"])
    client = client_for(users["pr"])

    def ids(periode):
        html = client.get(reverse("overleggen:lijst"), {"periode": periode}).content.decode()
        return re.findall(r'href="/overleggen/(\d+)/"', html)

    assert ids("komend") == [str(komend.pk)] and ids("eerder") == [str(eerder.pk)]


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["pr", "reclassering"])
def test_the_count_is_the_statement_django_sends(client_for, users, rol, monkeypatch):
    """counted_page_of counts with the statement QuerySet.count() sends (pagination._tel), on every
    list, filtered, searched, sorted, and with a search that selects nothing (no statement at all)."""
    from django.db import connection
    from django.db.models import QuerySet
    from django.test.utils import CaptureQueriesContext

    from schakel.meldingen.models import Melding

    s = bouw_scenario(users)
    maak_casussen(s, users, 3)
    echte, vergeleken, via_django = pagination._tel, [], []
    django_count = QuerySet.count

    def vergelijk(ids):
        with CaptureQueriesContext(connection) as django_ctx:
            verwacht = ids._chain().count()
        monkeypatch.setattr(QuerySet, "count", lambda qs: via_django.append(qs.model) or django_count(qs))
        with CaptureQueriesContext(connection) as ctx:
            kreeg = echte(ids._chain())
        monkeypatch.setattr(QuerySet, "count", django_count)
        assert kreeg == verwacht
        assert [q["sql"] for q in ctx.captured_queries] == [q["sql"] for q in django_ctx.captured_queries]
        vergeleken.append((ids.model, verwacht, len(ctx.captured_queries)))
        return kreeg

    monkeypatch.setattr(pagination, "_tel", vergelijk)
    client = client_for(users[rol])
    leiden = Gemeente.objects.get(code="leiden").pk
    meldingfilters = [{}, {"gemeente": leiden}, {"zoek": s.melding.nummer}, {"zoek": "U-0000001"}, {"van": "2000-01-01", "tot": "2100-12-31"},
                      {"status": Melding.Status.GEREGISTREERD, "sortering": "gemeente", "pagina": 2}, {"van": "gisteren"}]
    for params in meldingfilters:
        assert client.get(reverse("meldingen:lijst"), params).status_code in (200, 400)
    for params in [{}, *casus_filters(users, s, "ik")]:
        assert client.get(reverse("casussen:lijst"), params).status_code in (200, 400)
    for lijst in ("overleggen:lijst", "opschaling:lijst", "uitvragen:lijst", "briefing:lijst"):
        client.get(reverse(lijst))
    modellen = {model for model, _, _ in vergeleken}
    assert {Melding, Casus} <= modellen
    # Something was counted, and the search for a number of another kind asked the database nothing.
    assert any(aantal for model, aantal, _ in vergeleken if model is Melding)
    assert (Melding, 0, 0) in vergeleken
    # The lists' own querysets take the short way; none of them needed Django's count.
    assert Melding not in via_django and Casus not in via_django

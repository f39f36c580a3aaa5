"""The filter forms of the lists render in Python (core/filterweergave.py) exactly as the templates
would (includes/form.html, includes/veld.html, the widget and label templates): every filter form, empty,
with chosen values and with wrong ones, for a procesregisseur and a partner, compared as text with only
the whitespace normalised."""
import difflib
import re
from datetime import date

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from schakel.core import filterweergave
from schakel.core.filterweergave import FILTER_RENDERER, FilterRenderer, filtervelden
from schakel.core.lijsten import DatumVeld, KeuzeVeld, LijstFilter, ZoekVeld
from schakel.gemeenten.models import Gemeente

# Every filter form of a list: imported, so LijstFilter knows its subclasses.
from schakel.briefing.filters import BriefingFilter
from schakel.casussen.filters import CasusFilter
from schakel.koppelingen.filters import DoorgezetFilter, VoorstelFilter
from schakel.meldingen.forms import MeldingFilterForm
from schakel.monitoring.filters import WerklijstFilter
from schakel.opschaling.filters import OpschalingFilter
from schakel.overleggen.filters import OverlegFilter
from schakel.plannen.filters import ActieFilter, PlanFilter
from schakel.uitvragen.filters import UitvraagFilter

FILTERS = [BriefingFilter, CasusFilter, DoorgezetFilter, VoorstelFilter, MeldingFilterForm, WerklijstFilter,
           OpschalingFilter, OverlegFilter, ActieFilter, PlanFilter, UitvraagFilter]
EXTRA = {WerklijstFilter: {"vandaag": date(2026, 3, 1)}}
# Option labels come from the database: they must come out escaped.
VIJANDIG = '<script>alert("x")</script> & \'Oud\' <b>'


def _alle_subklassen(klasse):
    for sub in klasse.__subclasses__():
        yield sub
        yield from _alle_subklassen(sub)


def test_elke_lijstfilter_wordt_vergeleken():
    """A new filter form must be added to FILTERS, so that its rendering is compared too."""
    import schakel.api_urls  # noqa: F401 (every view, so every filter form of a list, imported)
    import schakel.urls  # noqa: F401

    bekend = {k for k in _alle_subklassen(LijstFilter) if k.__module__.startswith("schakel.")}
    assert bekend <= set(FILTERS) | {Proef}


def _normaal(html) -> str:
    return " ".join(str(html).split())


def _vergelijk(form):
    """The form through the templates with Django's TemplatesSetting, then through the fast path."""
    form.renderer = TemplatesSetting()
    verwacht = _normaal(render_to_string("includes/form.html", {"form": form, "zonder_algemene_fouten": True}))
    form.renderer = FILTER_RENDERER
    kreeg = _normaal(filtervelden(form))
    if kreeg != verwacht:
        split = lambda s: re.sub(r">\s*<", ">\n<", s).splitlines()  # noqa: E731
        verschil = "\n".join(difflib.unified_diff(split(verwacht), split(kreeg), "templates", "filterweergave", lineterm=""))
        pytest.fail(f"{type(form).__name__}: de snelle weergave wijkt af:\n{verschil}")
    return kreeg


def _vijandige_keuze(form):
    """Every dropdown gets an option with a hostile label, the one _waarden chooses."""
    for veld in form.fields.values():
        if isinstance(veld, forms.ChoiceField):
            veld.choices = [*veld.choices, ("999999", VIJANDIG)]


def _nieuw(klasse, data, gebruiker):
    return klasse(QueryDict(data), gebruiker=gebruiker, **EXTRA.get(klasse, {}))


def _maak(klasse, data, gebruiker):
    form = _nieuw(klasse, data, gebruiker)
    _vijandige_keuze(form)
    return form


def _waarden(form, fout: bool) -> str:
    """A value for every field: a valid one, or (fout) one the field refuses."""
    data = QueryDict(mutable=True)
    for naam, veld in form.fields.items():
        if isinstance(veld, ZoekVeld):
            data[naam] = "Jansen" if fout else "C-0000123"
        elif isinstance(veld, forms.DateField):
            data[naam] = "31-31-2026" if fout else "2026-02-03"
        elif isinstance(veld, forms.BooleanField):
            data[naam] = "on"
        elif isinstance(veld, forms.ChoiceField):
            data[naam] = "<niet>" if fout else "999999"
        else:
            data[naam] = '"><b>'
    if fout:
        data["sortering"] = "<x>"
        data["pagina"] = "nul"
    return data.urlencode()


@pytest.mark.parametrize("klasse", FILTERS, ids=lambda k: k.__name__)
@pytest.mark.parametrize("wie", ["pr", "politie"])
def test_zelfde_html_als_de_templates(users, klasse, wie):
    gebruiker = users[wie]
    leeg = _maak(klasse, "", gebruiker)
    assert not leeg.errors
    _vergelijk(leeg)

    gekozen = _maak(klasse, _waarden(leeg, fout=False), gebruiker)
    html = _vergelijk(gekozen)
    assert not gekozen.errors, gekozen.errors
    if any(isinstance(v, forms.ChoiceField) for v in gekozen.fields.values()):
        assert '<option value="999999" selected>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Oud&#x27; &lt;b&gt;</option>' in html
    assert "<script>" not in html

    fout = _maak(klasse, _waarden(leeg, fout=True), gebruiker)
    html = _vergelijk(fout)
    assert fout.errors
    velden_met_fout = [n for n in fout.fields if n in fout.errors]
    for naam in velden_met_fout:
        bf = fout[naam]
        assert f'id="{bf.auto_id}_error"' in html and 'aria-invalid="true"' in html
    assert "<script>" not in html and "<niet>" not in html


class Proef(LijstFilter):
    """Widgets no list filter has today: the fast path must fall back to their templates."""

    zoek = ZoekVeld()
    van = DatumVeld("Vanaf")
    soort = KeuzeVeld("Soort", "Alle soorten")
    keuze = forms.ChoiceField(label="Eén", choices=[("a", "A <1>"), ("b", "B")], widget=forms.RadioSelect, required=False)
    meer = forms.MultipleChoiceField(label="Meer", choices=[("a", "A"), ("b", "B & C")], required=False)
    vakjes = forms.MultipleChoiceField(label="Vakjes", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False)
    tekst = forms.CharField(label="Tekst", widget=forms.Textarea, required=True, help_text="Een <hulp>")
    getal = forms.IntegerField(label="Getal?", required=True, min_value=1)
    verborgen = forms.CharField(widget=forms.HiddenInput, required=False)
    groepen = forms.ChoiceField(label="Groepen", required=False, choices=[("", "Alle"), ("Groep <1>", [("x", "X"), ("y", "Y")])])
    ja = forms.BooleanField(label="Ja", required=True, help_text="Vink aan")


@pytest.mark.parametrize("data", [
    "",
    "keuze=b&meer=a&meer=b&vakjes=b&tekst=t%3Cx%3E&getal=3&verborgen=%22%3E&groepen=y&ja=on&soort=",
    "keuze=z&meer=z&tekst=&getal=nul&soort=7&ja=",
])
def test_terugval_voor_andere_widgets(db, data):
    form = Proef(QueryDict(data))
    form.is_valid()
    html = _vergelijk(form)
    assert "<hulp>" not in html and "<x>" not in html


def test_eigen_template_wint(tmp_path, settings):
    """A widget template the project overrides keeps its own markup: the fast path copies Django's."""
    eigen = tmp_path / "django" / "forms" / "widgets"
    eigen.mkdir(parents=True)
    (eigen / "text.html").write_text('<input class="eigen" name="{{ widget.name }}">')
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    with override_settings(TEMPLATES=templates):
        form = Proef(QueryDict(""))
        form.renderer = FilterRenderer()
        assert '<input class="eigen" name="zoek">' in str(form["zoek"])
        # The date input still takes the fast path, with Django's markup.
        assert str(form["van"]).startswith('<input type="date" name="van"')


def test_snelle_weergave_is_in_gebruik(users):
    """The fast path renders the known templates itself: a regression to the template engine shows here."""
    renderer = FilterRenderer()
    form = MeldingFilterForm(QueryDict(""), gebruiker=users["pr"])
    form.renderer = renderer
    filtervelden(form)
    snel = {naam for naam, f in renderer._snel.items() if f is not None}
    assert snel == {"django/forms/widgets/text.html", "django/forms/widgets/date.html",
                    "django/forms/widgets/select.html", "django/forms/label.html"}
    assert filterweergave._select in renderer._snel.values()


def test_lijstpagina_met_fout_in_filter(users, client_for):
    """The page: the summary above the filter, the field's error bound to it, a hostile name escaped."""
    Gemeente.objects.create(code="vijandig", naam=VIJANDIG)
    client = client_for(users["pr"])
    r = client.get(reverse("meldingen:lijst"), {"van": "gisteren", "gemeente": Gemeente.objects.get(code="vijandig").pk})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Niet alle filters zijn toegepast." in html
    assert '<a href="#id_van">Ontvangen vanaf: Voer een geldige datum in.</a>' in html
    assert 'aria-describedby="id_van_error" aria-invalid="true"' in html or 'aria-invalid="true" aria-describedby="id_van_error"' in html
    assert '<div class="foutmelding" id="id_van_error">' in html
    assert '<label for="id_gemeente">Gemeente:</label>' in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "<script>alert" not in html
    assert re.search(r'<option value="\d+" selected>&lt;script&gt;', html)


def _oude_keuzes(self, veld, rijen):
    """LijstFilter.keuzes as it was: a list, which the field and its widget each normalise."""
    self.fields[veld].choices = [("", self.fields[veld].leeg), *((str(pk), naam) for pk, naam in rijen)]


def _geladen_keuzewaarden(form) -> dict:
    """Per dropdown the database loaded: its first real option."""
    return {naam: next(k for k, _ in veld.choices if k) for naam, veld in form.fields.items()
            if isinstance(veld, KeuzeVeld) and any(k for k, _ in veld.choices)}


@pytest.mark.parametrize("klasse", FILTERS, ids=lambda k: k.__name__)
@pytest.mark.parametrize("wie", ["pr", "politie"])
def test_keuzes_zonder_normaliseren_zelfde_formulier(users, klasse, wie, monkeypatch):
    """The dropdowns' choices as a ready iterator (core.lijsten._Keuzes) give the same form as the list
    Django normalised: same options, same validation, same HTML, for no, a valid and a refused choice."""
    from schakel.core import lijsten

    gebruiker = users[wie]
    waarden = _geladen_keuzewaarden(klasse(QueryDict(""), gebruiker=gebruiker, **EXTRA.get(klasse, {})))
    gezien = []
    for data in ["", "&".join(f"{k}={v}" for k, v in waarden.items()), "&".join(f"{k}=999999999" for k in waarden)]:
        def maak():
            form = klasse(QueryDict(data), gebruiker=gebruiker, **EXTRA.get(klasse, {}))
            form.is_valid()
            keuzes = {n: list(v.choices) for n, v in form.fields.items() if isinstance(v, forms.ChoiceField)}
            return keuzes, dict(form.errors), form.cleaned_data, str(filtervelden(form))

        nieuw = maak()
        with monkeypatch.context() as m:
            m.setattr(lijsten.LijstFilter, "keuzes", _oude_keuzes)
            oud = maak()
        assert nieuw == oud, data
        gezien.append(nieuw)
    if waarden:
        assert not gezien[1][1] and all(gezien[1][2][n] == int(v) for n, v in waarden.items())
        assert set(waarden) <= set(gezien[2][1])
        assert any(isinstance(v.choices, lijsten._Keuzes) for v in klasse(QueryDict(""), gebruiker=gebruiker, **EXTRA.get(klasse, {})).fields.values()
                   if isinstance(v, forms.ChoiceField))


def test_een_select_zonder_djangos_widgetcontext(users, monkeypatch):
    """A filter's plain selects are written from the bound field (filterweergave._select_van), not from
    the option dicts Django builds; a regression to that path shows here."""
    form = MeldingFilterForm(QueryDict(""), gebruiker=users["pr"])
    verwacht = filtervelden(form)

    def niet(*args, **kwargs):
        raise AssertionError("Select.get_context aangeroepen")

    monkeypatch.setattr(forms.Select, "get_context", niet)
    form.renderer = FilterRenderer()  # nothing kept: written again
    assert filtervelden(form) == verwacht and '<select name="gemeente" id="id_gemeente">' in verwacht
    assert len(form.renderer._velden) == 1


# The markup kept per form (filterweergave.filtervelden) ---------------------------------------------

def _vers(klasse, data, gebruiker, renderer, aanpassen=None):
    form = _nieuw(klasse, data, gebruiker)
    if aanpassen:
        aanpassen(form)
    form.renderer = renderer
    form.is_valid()
    return form


@pytest.mark.parametrize("klasse", FILTERS, ids=lambda k: k.__name__)
@pytest.mark.parametrize("wie", ["pr", "politie"])
def test_bewaarde_velden_zijn_de_geschreven_velden(users, klasse, wie):
    """The second request with the same form gets the markup kept from the first, which is what
    writing it again gives; a form with errors is written every time and not kept."""
    gebruiker, renderer = users[wie], FilterRenderer()
    leeg = _maak(klasse, "", gebruiker)
    # Chosen values, without typed text (never kept: test_getypte_tekst_wordt_niet_bewaard).
    waarden = QueryDict(_waarden(leeg, fout=False), mutable=True)
    for naam, veld in leeg.fields.items():
        if isinstance(veld, forms.CharField):
            waarden.pop(naam)
    waarden = waarden.urlencode()
    for data in ["", waarden]:
        eerste = filtervelden(_vers(klasse, data, gebruiker, renderer, _vijandige_keuze))
        tweede_form = _vers(klasse, data, gebruiker, renderer, _vijandige_keuze)
        tweede = filtervelden(tweede_form)
        assert tweede is eerste, data  # kept, not written again
        assert tweede == filterweergave._filtervelden(tweede_form)
    assert len(renderer._velden) == 2 - (waarden == "")
    fout = _vers(klasse, _waarden(_maak(klasse, "", gebruiker), fout=True), gebruiker, renderer)
    assert fout.errors and filtervelden(fout) == filterweergave._filtervelden(fout)
    assert len(renderer._velden) == 2 - (waarden == "")


def _ander_label(form):
    form.fields["gemeente"].label = "Woonplaats"


def _andere_hulp(form):
    form.fields["zoek"].help_text = "Alleen meldingnummers."


def _extra_keuze(form):
    form.fields["thema"].choices = [*form.fields["thema"].choices, ("424242", "Nieuw thema")]


def _ander_attribuut(form):
    form.fields["zoek"].widget.attrs["placeholder"] = "M-0000456"


def _ander_invoertype(form):
    form.fields["van"].widget.input_type = "text"


def _verplicht(form):
    form.fields["status"].required = True


def _ander_voorvoegsel(form):
    form.prefix = "f"


def _ander_id(form):
    form.auto_id = "veld_%s"


def _ander_achtervoegsel(form):
    form.label_suffix = " ="


@pytest.mark.parametrize("aanpassen", [
    _ander_label, _andere_hulp, _extra_keuze, _ander_attribuut, _ander_invoertype, _verplicht, _ander_voorvoegsel,
    _ander_id, _ander_achtervoegsel,
], ids=lambda f: f.__name__)
def test_een_ander_formulier_krijgt_niet_de_bewaarde_velden(users, aanpassen):
    """Whatever of a form changes its markup (what another role or a new dropdown row would change)
    gives its own markup, not the one kept for the form as it was."""
    renderer = FilterRenderer()
    gewoon = filtervelden(_vers(MeldingFilterForm, "", users["pr"], renderer))
    anders = _vers(MeldingFilterForm, "", users["pr"], renderer, aanpassen)
    html = filtervelden(anders)
    assert html != gewoon
    assert html == filterweergave._filtervelden(anders)


def test_andere_waarden_krijgen_niet_de_bewaarde_velden(users):
    renderer = FilterRenderer()
    gewoon = filtervelden(_vers(MeldingFilterForm, "", users["pr"], renderer))
    gekozen = filtervelden(_vers(MeldingFilterForm, "status=geregistreerd&van=2026-01-02", users["pr"], renderer))
    assert gekozen != gewoon and 'value="2026-01-02"' in gekozen and 'value="2026-01-02"' not in gewoon


def test_getypte_tekst_wordt_niet_bewaard(users):
    """A searched number is not kept: a faster second page would tell that someone else searched it."""
    renderer = FilterRenderer()
    for _ in range(2):
        form = _vers(MeldingFilterForm, "zoek=M-0000456&status=geregistreerd", users["pr"], renderer)
        assert 'value="M-0000456"' in filtervelden(form)
    assert renderer._velden == {}
    filtervelden(_vers(MeldingFilterForm, "status=geregistreerd", users["pr"], renderer))
    assert len(renderer._velden) == 1


def test_onhashbaar_formulier_wordt_geschreven_en_niet_bewaard(users):
    """An attribute that cannot be part of a key (a list) leaves the form as it was: written each time."""
    renderer = FilterRenderer()

    def lijst(form):
        form.fields["zoek"].widget.attrs["data-x"] = ["a"]

    form = _vers(MeldingFilterForm, "", users["pr"], renderer, lijst)
    assert filtervelden(form) == filterweergave._filtervelden(form)
    assert renderer._velden == {}


def test_uitgeschakeld_veld_wordt_niet_bewaard(users):
    """A disabled field shows its initial value, which may be computed per request."""
    renderer = FilterRenderer()

    def uit(form):
        form.fields["zoek"].disabled = True

    filtervelden(_vers(MeldingFilterForm, "", users["pr"], renderer, uit))
    assert renderer._velden == {}


def test_bewaren_is_begrensd(users, monkeypatch):
    renderer = FilterRenderer()
    monkeypatch.setattr(renderer, "MAX_BEWAARD", 3)
    for n in range(1, 8):
        form = _vers(MeldingFilterForm, f"pagina={n}", users["pr"], renderer)
        assert filtervelden(form) == filterweergave._filtervelden(form)
        assert len(renderer._velden) <= 3

"""Filter, search, sort and page a list, the same way on every list.

A list view hands its authorised queryset (`for_user`) and a `LijstFilter` subclass to `lijst()`; the
template includes `includes/lijstfilter.html`, `{% kolomkop %}` per sortable column and `{% paginering %}`
(core/templatetags/lijstweergave.py). The query count of a page does not depend on the page, the sort or
the filter: the dropdowns are loaded once when the form is made and validated against that list, not with
a query per chosen value.

The search box takes numbers and references only (C-0000123, M-0000456, U-0000789 or the digits): the
list is a GET form, and a name or a BSN must never end up in an address bar, a browser history or a
server log. A person is found by name through the person search, which posts (personen:zoeken)."""
import re
from datetime import timedelta
from functools import cache
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.choices import BaseChoiceIterator

from .filterweergave import FILTER_RENDERER
from .pagination import counted_page_of, paginanummer
from .tijd import dagbegin
from .vaste_query import VasteQuery

# Seven digits at most: every reference in Schakel has seven, a BSN has nine.
NUMMER = re.compile(r"^\s*(?:([CMU])\s*-?\s*)?0*(\d{1,7})\s*$", re.IGNORECASE)
NUMMER_PATROON = r"\s*([CcMmUu]\s*-?\s*)?[0-9]{1,7}\s*"


@cache
def vaste_keuzes(model, *volgorde: str) -> VasteQuery:
    """A dropdown of every row of `model`, (pk, naam) in this order, for LijstFilter.keuzes with
    `.rijen()`: building the queryset cost more than the database needs to answer it. Only the SQL
    is kept, not the rows."""
    return VasteQuery(lambda: model.objects.order_by(*volgorde).values_list("pk", "naam"), ())


class Zoekterm(NamedTuple):
    soort: str | None  # "C", "M", "U" or None for bare digits
    pk: int


class ZoekVeld(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Zoek op nummer")
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "Casus-, melding- of uitvraagnummer, bijvoorbeeld C-0000123. Een persoon zoekt u via Zoeken.")
        super().__init__(**kwargs)
        # The browser refuses to send anything else, so a name typed here never leaves the screen.
        self.widget.attrs.update({"pattern": NUMMER_PATROON, "autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        gevonden = NUMMER.match(value)
        if not gevonden:
            raise ValidationError(
                "Zoek hier alleen op een nummer, zoals C-0000123 of M-0000456. Een persoon zoekt u via Zoeken: "
                "een naam of BSN hoort niet in de adresbalk.",
                code="geen_nummer",
            )
        return Zoekterm((gevonden.group(1) or "").upper() or None, int(gevonden.group(2)))


class DatumVeld(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, label, **kwargs):
        super().__init__(label=label, required=False, **kwargs)


class _Keuzes(BaseChoiceIterator):
    """Choices already as Django normalises them, (value, label) pairs: a ChoiceField and its widget
    each walked a list of every municipality again to normalise it, on every list page. Django
    leaves a choice iterator as it is; this one always yields the same pairs."""

    def __init__(self, keuzes):
        self._keuzes = tuple(keuzes)

    def __iter__(self):
        return iter(self._keuzes)


class KeuzeVeld(forms.TypedChoiceField):
    """A dropdown of database rows whose choices the form loads once (see LijstFilter.keuzes)."""

    def __init__(self, label, leeg, **kwargs):
        super().__init__(label=label, required=False, coerce=int, empty_value=None, choices=[("", leeg)], **kwargs)
        self.leeg = leeg


class LijstFilter(forms.Form):
    """Subclasses declare their fields, `sorteringen` (key -> the order of the ascending sort: field
    names or expressions, or a callable taking `aflopend`), `standaard` ("-key" for descending) and
    `filteren(qs, data)`. Fields with a wrong value are left out of the filter and say why."""

    sorteringen: dict = {}
    standaard = ""
    # Columns whose first click sorts descending (dates: the newest is what one looks for).
    aflopend_eerst: set = set()
    # Values used when the parameter is absent (not when it is empty: "Alle" stays "Alle").
    standaardwaarden: dict = {}
    # Where the count stops (None: pagination.MAX_TOTAL).
    max_totaal: int | None = None
    # The filter's widgets and labels in Python (core.filterweergave): every list page renders this form.
    default_renderer = FILTER_RENDERER

    def __init__(self, data=None, *, gebruiker=None):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for naam, waarde in self.standaardwaarden.items():
            if naam not in data:
                data[naam] = waarde
        self.gebruiker = gebruiker
        self.sortering = self.standaard
        super().__init__(data)

    def keuzes(self, veld: str, rijen) -> None:
        """One query per dropdown, when the form is made; validating a choice costs nothing more. `rijen`
        are (key, label) pairs with a text label, no groups."""
        self.fields[veld].choices = _Keuzes([("", self.fields[veld].leeg), *((str(pk), naam) for pk, naam in rijen)])

    def clean(self):
        cleaned = super().clean()
        van, tot = cleaned.get("van"), cleaned.get("tot")
        if van and tot and van > tot:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        waarde = self.data.get("sortering") or self.standaard
        if waarde.removeprefix("-") in self.sorteringen:
            self.sortering = waarde
        else:
            self.add_error(None, "Op deze kolom kan niet worden gesorteerd; de lijst staat in de standaardvolgorde.")
        if "pagina" in self.data and paginanummer(self.data["pagina"]) is None:
            self.add_error(None, "Het paginanummer moet een geheel getal vanaf 1 zijn; u ziet de eerste pagina.")
        if any(veld in self.errors for veld in self.fields):
            self.add_error(None, "Een filter met een fout is niet toegepast; de lijst toont het resultaat zonder dat filter.")
        return cleaned

    def filteren(self, qs, data):
        return qs

    def periode(self, qs, veld: str, data, *, datetime: bool = True):
        """Van/tot on a date or timestamp column; timestamps as day bounds so the column's index serves the range."""
        if data.get("van"):
            qs = qs.filter(**{f"{veld}__gte": dagbegin(data["van"]) if datetime else data["van"]})
        if data.get("tot"):
            volgende = data["tot"] + timedelta(days=1)
            qs = qs.filter(**{f"{veld}__lt": dagbegin(volgende) if datetime else volgende})
        return qs

    def toepassen(self, qs):
        self.is_valid()
        return self.filteren(qs, self.cleaned_data).order_by(*self.volgorde())

    def volgorde(self) -> list:
        aflopend = self.sortering.startswith("-")
        velden = self.sorteringen[self.sortering.removeprefix("-")]
        if callable(velden):
            return list(velden(aflopend))
        return [
            (f"-{v}" if aflopend else v) if isinstance(v, str) else (v.desc() if aflopend else v.asc())
            for v in velden
        ]

    def _basis(self) -> QueryDict:
        """The request's own parameters (not the defaults filled in), without the page."""
        basis = self.data.copy()
        for naam, waarde in self.standaardwaarden.items():
            if basis.get(naam) == waarde:
                basis.pop(naam)
        basis.pop("pagina", None)
        return basis

    def query(self) -> str:
        basis = self._basis()
        if basis.get("sortering") and basis["sortering"] != self.sortering:
            basis.pop("sortering")
        return basis.urlencode()

    def koppen(self) -> dict:
        """Per sortable column: the link that sorts by it (the other way round if it is the active
        column) and, for the active column, its aria-sort."""
        actief, aflopend = self.sortering.removeprefix("-"), self.sortering.startswith("-")
        uit = {}
        for sleutel in self.sorteringen:
            if sleutel == actief:
                nieuw, aria = (sleutel if aflopend else f"-{sleutel}"), ("descending" if aflopend else "ascending")
            else:
                nieuw, aria = (f"-{sleutel}" if sleutel in self.aflopend_eerst else sleutel), ""
            basis = self._basis()
            basis["sortering"] = nieuw
            uit[sleutel] = {"href": f"?{basis.urlencode()}", "aria_sort": aria}
        return uit


def lijst(request, queryset, filterklasse, **kwargs):
    """The filtered, sorted and counted page; the status is 400 when a filter value was refused."""
    filters = filterklasse(request.GET, gebruiker=request.user, **kwargs)
    pagina = counted_page_of(filters.toepassen(queryset), request.GET.get("pagina"), max_total=filters.max_totaal)
    context = {"filters": filters, "pagina": pagina, "koppen": filters.koppen(), "query": filters.query()}
    return context, 400 if filters.errors else 200


def komende_eerst(veld: str, vanaf):
    """Meetings and briefings: from `vanaf` on the nearest first, then the earlier ones newest first,
    so today's and the next one open the list whatever the number of planned ones."""
    from django.db.models import Case, F, Value, When

    komend = When(**{f"{veld}__gte": vanaf}, then=Value(0))
    return [
        Case(komend, default=Value(1)).asc(),
        Case(When(**{f"{veld}__gte": vanaf}, then=F(veld))).asc(),
        F(veld).desc(),
        F("id").desc(),
    ]

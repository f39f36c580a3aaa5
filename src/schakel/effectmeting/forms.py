"""The questions of an effect measurement: the cohort period, the window, the calendar years of the
old method and the observation end. One form for the page and for `schakel effect`, so a value the
page refuses is refused on the command line with the same Dutch sentence."""
from datetime import date

from django import forms
from django.utils import timezone

from schakel.rapportage.forms import DATUM_FOUT, RapportForm

from .effect import MAX_VENSTER as VENSTER_MAX
from .effect import MIN_VENSTER as VENSTER_MIN
from .effect import STANDAARD_VENSTER as VENSTER_STANDAARD
from .uitvoer import FORMATEN

JAREN_MAX = 10


def standaard_cohort() -> dict:
    """The year before last: the latest cohort whose after-window of a year can be complete."""
    jaar = timezone.localdate().year - 2
    return {"van": date(jaar, 1, 1).isoformat(), "tot": date(jaar, 12, 31).isoformat(), "venster": VENSTER_STANDAARD}


class EffectForm(RapportForm):
    """Sent as GET: the address carries only dates and numbers, no personal data."""

    gemeente = None  # the effect is measured for the whole house
    venster = forms.IntegerField(
        label="Venster (dagen)", min_value=VENSTER_MIN, max_value=VENSTER_MAX, required=False,
        help_text=f"Dagen vóór en na de start die per cliënt worden vergeleken; standaard {VENSTER_STANDAARD}.",
        error_messages={
            "invalid": "Vul een heel aantal dagen in, bijvoorbeeld 365.",
            "min_value": f"Kies een venster van minstens {VENSTER_MIN} dagen.",
            "max_value": f"Kies een venster van hoogstens {VENSTER_MAX} dagen.",
        },
    )
    peildatum = forms.DateField(
        label="Peildatum", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Tot wanneer de registraties compleet zijn; leeg: de datum van de laatst geïmporteerde registratie.",
        error_messages={"invalid": DATUM_FOUT},
    )
    jaren = forms.CharField(
        label="Kalenderjaren (oude methode)", required=False, max_length=60,
        help_text="Jaren met komma's ertussen, bijvoorbeeld 2007,2008,2009: de telling per kalenderjaar zoals jaarverslagen die maken.",
    )

    def clean_venster(self):
        return self.cleaned_data["venster"] or VENSTER_STANDAARD

    def clean_jaren(self) -> list[int] | None:
        tekst = self.cleaned_data["jaren"].replace(" ", "")
        if not tekst:
            return None
        delen = tekst.split(",")
        if not all(d.isdigit() and len(d) == 4 for d in delen):
            raise forms.ValidationError("Schrijf de jaren als 2007,2008,2009: jaartallen van vier cijfers met komma's ertussen.")
        jaren = [int(d) for d in delen]
        if len(jaren) < 2:
            raise forms.ValidationError("Kies minstens twee jaren: het verschil gaat van het eerste naar het laatste jaar.")
        if len(jaren) > JAREN_MAX:
            raise forms.ValidationError(f"Kies hoogstens {JAREN_MAX} jaren.")
        if jaren != sorted(set(jaren)):
            raise forms.ValidationError("Zet de jaren oplopend en noem elk jaar één keer.")
        if jaren[0] < 1900 or jaren[-1] > 2999:
            raise forms.ValidationError("Kies jaren tussen 1900 en 2999.")
        return jaren

    def clean(self):
        data = super().clean()
        van, peildatum = data.get("van"), data.get("peildatum")
        # A peildatum inside the period is allowed: whoever started after it is 'nog te kort gevolgd'.
        if peildatum and van and peildatum < van:
            self.add_error("peildatum", "De peildatum ligt vóór het begin van de cohortperiode; kies een latere datum of laat het veld leeg.")
        return data

    @property
    def parameters(self) -> dict:
        """The keyword arguments of effect.bereken."""
        d = self.cleaned_data
        return {"van": d["van"], "tot": d["tot"], "venster": d["venster"], "jaren": d.get("jaren"), "peildatum": d["peildatum"]}


class EigenForm(EffectForm):
    """The per-client list: the same cohort and window; calendar years do not apply to one client."""

    jaren = None


class DownloadForm(EffectForm):
    formaat = forms.ChoiceField(
        choices=[(f, f.upper()) for f in FORMATEN], label="Formaat",
        error_messages={"required": "Kies een formaat.", "invalid_choice": f"Kies een formaat: {', '.join(FORMATEN)}."},
    )


def fouten_als_tekst(form) -> str:
    """A refused form as one line per option, for the command line ('--venster: Kies ...')."""
    optie = {"formaat": "format"}
    return "\n".join(f"--{optie.get(veld, veld)}: {f}" if veld != "__all__" else f for veld, fouten in form.errors.items() for f in fouten)

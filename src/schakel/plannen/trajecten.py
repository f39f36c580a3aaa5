"""Recording and correcting a voluntary programme (Motie Van der Staaij) of a case's person.

Only the house's process staff record them: the programme is paid from the house's funds, and its
help questions (care among them) are not shared with the partners at the table. There is no delete:
a wrong entry is corrected, and every change is in the change log, old and new value side by side."""
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from schakel.casussen.models import Casus
from schakel.effectmeting.kosten_formulier import GetalVeld
from schakel.personen.models import Persoon
from schakel.privacy.models import Mutatielog
from schakel.privacy.services import log_mutatie, waarden

from .models import Hulpvraag, Leefgebied, VrijwilligTraject
from .services import casus_begin

TRAJECT_VELDEN = ["persoon", "aanbieder", "soort", "gestart_op", "kosten"]
# The five domains of aftercare: the help questions a programme for an (ex-)prisoner works on.
NAZORG_LEEFGEBIEDEN = [Leefgebied.IDENTITEIT, Leefgebied.HUISVESTING, Leefgebied.INKOMEN_WERK, Leefgebied.SCHULDEN, Leefgebied.ZORG]
_KOSTEN = VrijwilligTraject._meta.get_field("kosten")
MAX_KOSTEN = Decimal(10) ** (_KOSTEN.max_digits - _KOSTEN.decimal_places) - Decimal("0.01")


class TrajectForm(forms.ModelForm):
    kosten = GetalVeld(
        label="Kosten (euro)", min_value=0, max_value=MAX_KOSTEN, decimal_places=_KOSTEN.decimal_places,
        help_text="Wat het traject kostte uit de middelen van de Motie Van der Staaij, bijvoorbeeld 12.845,35.",
        error_messages={
            "required": "Vul de kosten in (0 als het traject niets kostte).",
            "invalid": "Vul een bedrag in, zoals 12.845,35.",
            "min_value": "De kosten kunnen niet negatief zijn.",
            "max_value": "Dit bedrag is te hoog voor één traject; controleer het.",
            "max_decimal_places": "Vul een bedrag in met hoogstens twee cijfers achter de komma.",
            "max_digits": "Dit bedrag is te hoog voor één traject; controleer het.",
            "max_whole_digits": "Dit bedrag is te hoog voor één traject; controleer het.",
        },
    )
    hulpvragen = forms.MultipleChoiceField(
        label="Hulpvragen", choices=[(g.value, g.label) for g in NAZORG_LEEFGEBIEDEN], widget=forms.CheckboxSelectMultiple,
        help_text="De leefgebieden waarop het traject helpt; de rapportage verdeelt de kosten over deze hulpvragen.",
        error_messages={"required": "Kies minstens één hulpvraag.", "invalid_choice": "Kies hulpvragen uit de lijst."},
    )

    class Meta:
        model = VrijwilligTraject
        fields = ["persoon", "aanbieder", "soort", "gestart_op", "kosten"]
        widgets = {"gestart_op": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "soort": forms.RadioSelect}

    def __init__(self, *args, casus: Casus, **kwargs):
        super().__init__(*args, **kwargs)
        self.casus = casus
        f = self.fields
        f["persoon"].queryset = Persoon.objects.filter(casussen=casus).order_by("pk")
        f["persoon"].label_from_instance = lambda p: p.volledige_naam or f"Persoon {p.pk} (naam onbekend)"
        f["persoon"].empty_label = None if f["persoon"].queryset.count() == 1 else "Kies een persoon"
        f["persoon"].help_text = "De persoon van deze casus die het traject volgt."
        f["persoon"].error_messages.update(
            required="Kies de persoon die het traject volgt.", invalid_choice="Kies een persoon van deze casus."
        )
        f["aanbieder"].error_messages["required"] = "Vul de aanbieder van het traject in."
        f["aanbieder"].error_messages["max_length"] = "De naam van de aanbieder is te lang (hoogstens 200 tekens)."
        f["soort"].error_messages.update(required="Kies de soort traject.", invalid_choice="Kies een soort uit de lijst.")
        f["gestart_op"].error_messages.update(required="Vul de startdatum van het traject in.", invalid="Vul een geldige datum in.")
        if self.instance.pk is None:
            f["gestart_op"].initial = timezone.localdate
        else:
            f["hulpvragen"].initial = list(self.instance.hulpvragen.values_list("leefgebied", flat=True))

    def clean_aanbieder(self):
        aanbieder = " ".join(self.cleaned_data["aanbieder"].split())
        if not aanbieder:
            raise forms.ValidationError("Vul de aanbieder van het traject in.")
        return aanbieder

    def clean_kosten(self):
        # Always in cents, so the change log compares 9500.00 with 9500.00, not with 9500.
        return self.cleaned_data["kosten"].quantize(Decimal("0.01"))

    def clean_gestart_op(self):
        datum = self.cleaned_data["gestart_op"]
        if datum > timezone.localdate():
            raise forms.ValidationError("De startdatum kan niet in de toekomst liggen.")
        # A date kept as it was stays valid history (an imported programme may predate the case record).
        if self.instance.pk is None or "gestart_op" in self.changed_data:
            begin = casus_begin(self.casus)
            if datum < begin:
                raise forms.ValidationError(f"De startdatum ligt vóór de start van de casus ({begin:%d-%m-%Y}).")
        return datum


def _controleer(casus: Casus, traject: VrijwilligTraject, hulpvragen: list[str]) -> None:
    # The form says all this on its fields; this stops a forged or stale post.
    if not casus.personen.filter(pk=traject.persoon_id).exists():
        raise ValidationError("Deze persoon hoort niet bij de casus. Er is niets opgeslagen.")
    if not hulpvragen or set(hulpvragen) - {g.value for g in NAZORG_LEEFGEBIEDEN}:
        raise ValidationError("Kies minstens één hulpvraag uit de lijst. Er is niets opgeslagen.")
    if traject.kosten is None or traject.kosten < 0:
        raise ValidationError("De kosten kunnen niet negatief zijn. Er is niets opgeslagen.")
    if traject.gestart_op > timezone.localdate():
        raise ValidationError("De startdatum kan niet in de toekomst liggen. Er is niets opgeslagen.")


def _verwijder_hulpvragen(hulpvragen, door) -> None:
    for h in hulpvragen:
        Mutatielog.objects.create(
            gebruiker=door, objecttype=h._meta.model_name, object_id=h.pk, actie="verwijderd",
            wijzigingen={k: [v, None] for k, v in waarden(h, ["traject", "leefgebied"]).items()},
        )
        h.delete()


def _nieuwe_hulpvragen(traject, leefgebieden, door) -> None:
    for leefgebied in leefgebieden:
        log_mutatie(door, Hulpvraag.objects.create(traject=traject, leefgebied=leefgebied), None)


@transaction.atomic
def leg_traject_vast(*, casus: Casus, traject: VrijwilligTraject, hulpvragen: list[str], door) -> VrijwilligTraject:
    """`traject` is the unsaved instance from the form; `hulpvragen` the chosen domains."""
    _controleer(casus, traject, hulpvragen)
    traject.casus = casus
    traject.save()
    log_mutatie(door, traject, None)
    _nieuwe_hulpvragen(traject, sorted(set(hulpvragen)), door)
    return traject


@transaction.atomic
def wijzig_traject(*, traject: VrijwilligTraject, hulpvragen: list[str], door) -> VrijwilligTraject:
    """`traject` carries the new values (form applied, not saved); its help questions become `hulpvragen`."""
    # The case is an outer join (a programme may have none); PostgreSQL locks only the programme's row.
    oud = VrijwilligTraject.objects.select_for_update(of=("self",)).select_related("casus").get(pk=traject.pk)
    _controleer(oud.casus, traject, hulpvragen)
    oude_waarden = waarden(oud, TRAJECT_VELDEN)
    traject.save()
    log_mutatie(door, traject, oude_waarden)
    bestaand = {h.leefgebied: h for h in Hulpvraag.objects.filter(traject=traject)}
    _verwijder_hulpvragen([h for g, h in bestaand.items() if g not in hulpvragen], door)
    _nieuwe_hulpvragen(traject, sorted(set(hulpvragen) - set(bestaand)), door)
    return traject

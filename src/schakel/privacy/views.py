from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils import timezone

from schakel.core.access import rol_vereist
from schakel.core.forms import ingediend
from schakel.gebruikers.rollen import Rol
from schakel.personen.models import Persoon, bsn_geldig

from .models import Toegangslog

MAX_REGELS = 500


class ToegangslogFilter(forms.Form):
    gebruiker = forms.ModelChoiceField(get_user_model().objects.order_by("username"), required=False, empty_label="Alle gebruikers")
    bsn = forms.CharField(
        label="BSN van de persoon", required=False, max_length=9, validators=[bsn_geldig],
        help_text="Wie heeft de gegevens van deze persoon gezien? (Wordt per formulier verstuurd, niet in de adresbalk.)",
    )
    van = forms.DateField(label="Vanaf", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data


@rol_vereist(Rol.PRIVACY_OFFICER)
def toegangslog(request):
    """The privacy officer's view: who saw what, filtered by user, person and period. POST keeps a BSN
    out of the URL."""
    form = ToegangslogFilter(ingediend(request))
    regels, persoon_onbekend = [], False
    if form.is_valid():
        qs = Toegangslog.objects.select_related("gebruiker")
        d = form.cleaned_data
        if d.get("gebruiker"):
            qs = qs.filter(gebruiker=d["gebruiker"])
        if d.get("bsn"):
            persoon_id = Persoon.objects.filter(bsn=d["bsn"]).values_list("pk", flat=True).first()
            persoon_onbekend = persoon_id is None
            qs = qs.filter(persoon_id=persoon_id)
        if d.get("van"):
            qs = qs.filter(tijdstip__gte=timezone.make_aware(datetime.combine(d["van"], time.min)))
        if d.get("tot"):
            qs = qs.filter(tijdstip__lt=timezone.make_aware(datetime.combine(d["tot"] + timedelta(days=1), time.min)))
        regels = list(qs[:MAX_REGELS])
    elif request.method != "POST":
        regels = list(Toegangslog.objects.select_related("gebruiker")[:MAX_REGELS])
    return render(
        request,
        "privacy/toegangslog.html",
        {"form": form, "regels": regels, "max_regels": MAX_REGELS, "persoon_onbekend": persoon_onbekend},
        status=400 if form.errors else 200,
    )

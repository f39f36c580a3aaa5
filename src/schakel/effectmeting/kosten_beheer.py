"""Kosteninvoer in beheer: the functioneel beheerder keeps the cost inputs per year, and sees at once
what they give with that year's weighings (counts only: nothing here names a person)."""
from django.contrib import admin
from django.template.loader import render_to_string

from schakel.beheer.admin import BeheerModelAdmin, beheer_site

from .kosten import bereken_kosten, euro
from .kostenweergave import kosten_onderdeel
from .kosten_formulier import KosteninvoerForm
from .models import Kosteninvoer


@admin.register(Kosteninvoer, site=beheer_site)
class KosteninvoerAdmin(BeheerModelAdmin):
    form = KosteninvoerForm
    list_display = ["jaar", "budget_euro", "gewijzigd_op"]
    readonly_fields = ["berekening"]

    class Media:
        css = {"all": ["effectmeting/kosteninvoer.css"]}

    @admin.display(description="budget", ordering="budget")
    def budget_euro(self, obj):
        return euro(obj.budget)

    def get_form(self, request, obj=None, **kwargs):
        # The per-decision fields are made by the form itself; the admin only knows the model fields.
        kwargs["fields"] = KosteninvoerForm.Meta.fields
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        form = KosteninvoerForm(instance=obj or Kosteninvoer())
        sets = [
            ("Budget en tijd per besluit", {
                "fields": ["jaar", "budget", *form.velden_minuten],
                "description": "Het budget wordt over de besluiten verdeeld naar minuten per casus × aantal gewogen "
                               "meldingen in het jaar. Bedragen mogen als 700.000 of 202,65.",
            }),
            ("Trajectkosten per overlegtype", {
                "fields": form.velden_trajectkosten,
                "description": "Gemiddelde kosten van het hele traject per casus per jaar, voor het percentage "
                               "dat de kosten van het huis daarvan zijn.",
            }),
            ("Besparing door nazorg", {
                "fields": ["dagprijs_detentie", "gemiddelde_detentiedagen", "landelijke_recidive_pct",
                           "eigen_recidive_pct", "unieke_personen"],
                "description": "Besparing = dagprijs × gemiddelde detentieduur × (landelijke − eigen recidive) × "
                               "unieke personen.",
            }),
            ("Eerder gerapporteerd (ter vergelijking)", {
                "fields": form.velden_eerder,
                "classes": ["collapse"],
                "description": "Cijfers die het huis eerder zelf publiceerde. Schakel rekent ze niet over, maar "
                               "toont het verschil met de berekening.",
            }),
        ]
        if obj is not None:
            sets.append(("Berekening met deze invoer", {"fields": ["berekening"]}))
        return sets

    @admin.display(description="uitkomst")
    def berekening(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        # The same part the effect page shows, so both read the same figures the same way.
        onderdeel = kosten_onderdeel({"kosten": bereken_kosten(obj)})
        return render_to_string("effectmeting/_onderdeel.html", {"o": onderdeel, "sectieniveau": 3, "kanniveau": 4})

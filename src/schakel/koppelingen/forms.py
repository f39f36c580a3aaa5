from django import forms


class BesluitForm(forms.Form):
    KOPPELEN = "koppelen"
    AFWIJZEN = "afwijzen"

    besluit = forms.ChoiceField(
        label="Besluit", widget=forms.RadioSelect,
        choices=[(KOPPELEN, "Ja, dezelfde persoon: koppel de melding aan de bekende persoon"),
                 (AFWIJZEN, "Nee, een andere persoon: maak een nieuwe persoon van de gegevens uit de feed")],
        error_messages={"required": "Kies of dit dezelfde persoon is.", "invalid_choice": "Kies een van de twee mogelijkheden."},
    )

"""The form side of information categories: the 'Soort informatie' select every writing form shows."""
from .models import InformatieCategorie

# Organisations whose words are by nature special-category data; their texts start out shielded.
_STANDAARD_PER_ORGANISATIE = {"veilig-thuis": "veilig-thuis"}


def soort_informatie(veld) -> None:
    """Fill a ModelChoiceField `categorie` with the categories, 'general' as the empty choice."""
    veld.queryset = InformatieCategorie.objects.order_by("naam")
    veld.empty_label = "Algemeen (geen bijzondere categorie)"
    veld.label = "Soort informatie"
    veld.error_messages["invalid_choice"] = "Kies een bestaande soort informatie."


def standaard_categorie(organisatie):
    """The category a text written by `organisatie` starts with: Veilig Thuis for Veilig Thuis, care for
    an organisation of the care chain (GGZ, GGD, …); general otherwise. The writer can change it."""
    if organisatie is None:
        return None
    code = _STANDAARD_PER_ORGANISATIE.get(organisatie.code) or ("zorg" if organisatie.keten == "zorg" else None)
    return InformatieCategorie.objects.filter(code=code).first() if code else None

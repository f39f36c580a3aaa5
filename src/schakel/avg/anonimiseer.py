"""Removing personal data while every row, status, date and key stays, so every count survives.

Shared by retention (retentie.py) and erasure (services.wis_persoon). Each function returns, per
object kind, how many objects lost data; the caller records that in Verwijderingsregistratie.

The police registrations and detention periods of the effect measurement are the exception: they
are rows about the person and nothing else, so they are deleted with the person's data."""
from django.db.models import Q

from schakel.briefing.models import Weging
from schakel.casussen.models import Afsluiting
from schakel.effectmeting.models import Detentie, Mutatie
from schakel.koppelingen.models import Detentiegegevens
from schakel.meldingen.models import Melding, Terugkoppeling
from schakel.monitoring.models import Monitoringcontact, Verlenging
from schakel.opschaling.models import Opschaling
from schakel.overleggen.models import Bespreking
from schakel.personen.models import Persoon
from schakel.plannen.models import Actie, Doel, PlanVanAanpak
from schakel.uitvragen.models import InformatieUitvraag
from schakel.zsm.models import ZsmAdvies

from .models import GEWIST

# (model, filter on the melding ids, text fields, what kind of data that is, in words)
MELDING_DELEN = [
    (Melding, "pk__in", ["omschrijving", "melder_naam", "melder_contact"], "omschrijving en naam en contactgegevens van de melder"),
    (Weging, "melding_id__in", ["motivatie_a", "motivatie_b", "motivatie_c", "motivatie_d", "motivatie_buiten_kader", "toelichting"],
     "motivaties en toelichting van de weging"),
    (Terugkoppeling, "melding_id__in", ["tekst"], "tekst van de terugkoppeling"),
    (InformatieUitvraag, "melding_id__in", ["vraag", "antwoord", "afdelingen"], "vraag en antwoord van de informatie-uitvraag"),
    (Opschaling, "melding_id__in", ["reden", "gevraagd_besluit", "genomen_besluit", "uitkomst"],
     "reden, besluit en uitkomst van de opschaling vanuit de briefing"),
    (Detentiegegevens, "melding_id__in", ["inrichting"], "inrichting van de detentiemelding"),
]
# The same for the work on a case, filtered on the case ids.
CASUS_DELEN = [
    (Bespreking, "casus_id__in", ["notulen", "besluiten", "vertrokken_voor_besluit"], "notulen en besluiten van de bespreking"),
    (PlanVanAanpak, "casus_id__in", ["toelichting"], "toelichting van het plan van aanpak"),
    (Doel, "plan__casus_id__in", ["omschrijving"], "omschrijving van het doel"),
    (Actie, "plan__casus_id__in", ["omschrijving", "reden_niet_gedaan"], "omschrijving van de actie en reden niet gedaan"),
    (Monitoringcontact, "casus_id__in", ["toelichting"], "toelichting van het monitoringcontact"),
    (Verlenging, "casus_id__in", ["reden"], "reden van de verlenging"),
    (Opschaling, "casus_id__in", ["reden", "gevraagd_besluit", "genomen_besluit", "uitkomst"], "reden, besluit en uitkomst van de opschaling"),
    (ZsmAdvies, "casus_id__in", ["schets", "gewenste_maatregelen"], "schets en gewenste maatregelen van het ZSM-advies"),
    (Afsluiting, "casus_id__in", ["toelichting", "overdracht_contact"], "toelichting en contactpersoon van de afsluiting"),
]

PERSOON_GEGEVENS = "naam, BSN, aliassen en geboortedatum"
PERSOON_GEGEVENS_RETENTIE = "naam, BSN, aliassen en geboortedag en -maand (geboortejaar, geslacht en gemeente blijven voor de telling)"


def _met_tekst(model, filter_, ids, velden):
    niet_leeg = Q()
    for veld in velden:
        niet_leeg |= ~Q(**{veld: ""}) & ~Q(**{veld: GEWIST})
    return model._default_manager.filter(**{filter_: ids}).filter(niet_leeg)


def tel(delen, ids) -> list[tuple[str, str, int]]:
    """(object kind, data in words, number of objects that still hold such data)."""
    if not ids:
        return []
    uit = []
    for model, filter_, velden, woorden in delen:
        aantal = _met_tekst(model, filter_, ids, velden).count()
        if aantal:
            uit.append((model._meta.model_name, woorden, aantal))
    return uit


def wis(delen, ids) -> list[tuple[str, str, int]]:
    """Overwrite the text fields with '[gewist]' (empty ones stay empty) with one UPDATE per field."""
    telling = tel(delen, ids)
    for model, filter_, velden, _ in delen:
        qs = model._default_manager.filter(**{filter_: ids})
        for veld in velden:
            qs.exclude(**{veld: ""}).exclude(**{veld: GEWIST}).update(**{veld: GEWIST})
    return telling


def wis_personen(ids, *, geboortejaar_houden: bool) -> int:
    """Names, BSN and aliases go. Retention keeps the birth year (1 January) for age bands; erasure
    removes the birth date entirely. Gender and municipality stay: they are counted, not identifying."""
    personen = list(Persoon.objects.filter(pk__in=ids))
    for p in personen:
        p.voornamen = ""
        p.tussenvoegsel = ""
        p.achternaam = "Gewist"
        p.zoeknaam = "gewist"
        p.aliassen = ""
        p.bsn = None
        if p.geboortedatum is not None:
            p.geboortedatum = p.geboortedatum.replace(month=1, day=1) if geboortejaar_houden else None
    Persoon.objects.bulk_update(
        personen, ["voornamen", "tussenvoegsel", "achternaam", "zoeknaam", "aliassen", "bsn", "geboortedatum"], batch_size=500
    )
    # The reporters' copies of the same identity go with it.
    from schakel.meldingen.models import MeldingPersoon

    MeldingPersoon.objects.filter(persoon_id__in=ids).exclude(opgave=None).update(opgave=None)
    return len(personen)


# (model with a `persoon`, what went, in words)
REGISTRATIES = [
    (Mutatie, "politieregistratie (nummer, datum, rol, delict), verwijderd"),
    (Detentie, "detentieperiode (nummer, begin en einde), verwijderd"),
]


def tel_registraties(persoon_ids) -> list[tuple[str, str, int]]:
    """The effect measurement's rows about these persons, per kind."""
    if not persoon_ids:
        return []
    uit = []
    for model, woorden in REGISTRATIES:
        aantal = model.objects.filter(persoon_id__in=persoon_ids).count()
        if aantal:
            uit.append((model._meta.model_name, woorden, aantal))
    return uit


def verwijder_registraties(persoon_ids) -> list[tuple[str, str, int]]:
    telling = tel_registraties(persoon_ids)
    for model, _ in REGISTRATIES:
        model.objects.filter(persoon_id__in=persoon_ids).delete()
    return telling

"""Art. 15 AVG: every record the database holds about one person, as plain data (JSON-ready)."""
import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from schakel.briefing.models import Weging
from schakel.casussen.models import Afsluiting, Casus, CasusStatus
from schakel.gebruikers.models import Gebruiker
from schakel.effectmeting.models import Detentie, Mutatie
from schakel.koppelingen.models import Detentiegegevens, Feedrecord, Koppelvoorstel
from schakel.meldingen.models import Melding, MeldingStatus, Terugkoppeling
from schakel.monitoring.models import Monitoringcontact, Verlenging
from schakel.opschaling.models import Opschaling
from schakel.overleggen.models import Bespreking
from schakel.plannen.models import Actie, Doel, Hulpvraag, PlanVanAanpak, VrijwilligTraject
from schakel.privacy.models import Mutatielog, Toegangslog
from schakel.uitvragen.models import InformatieUitvraag
from schakel.zsm.models import ZsmAdvies

from .models import Beperking, Verzoek

# Sections in the order of the process; (key, title). The key is also the JSON key.
SECTIES = [
    ("persoon", "Persoon"),
    ("meldingen", "Meldingen"),
    ("melding_statussen", "Statushistorie meldingen"),
    ("uitvragen", "Informatie-uitvragen"),
    ("wegingen", "Wegingen op de briefing"),
    ("terugkoppelingen", "Terugkoppelingen aan de melder"),
    ("casussen", "Casussen"),
    ("casus_statussen", "Statushistorie casussen"),
    ("besprekingen", "Besprekingen in casusoverleggen"),
    ("plannen", "Plannen van aanpak"),
    ("doelen", "Doelen"),
    ("acties", "Acties"),
    ("monitoringcontacten", "Monitoringcontacten"),
    ("verlengingen", "Verlengingen"),
    ("opschalingen", "Opschalingen"),
    ("zsm_adviezen", "ZSM-adviezen"),
    ("afsluitingen", "Afsluitingen"),
    ("verzoeken", "AVG-verzoeken"),
    ("beperkingen", "Beperkingen van de verwerking"),
    ("politieregistraties", "Politieregistraties (effectmeting)"),
    ("detentieperioden", "Detentieperioden (effectmeting)"),
    ("feedrecords", "Meldingen uit de dagelijkse feeds: bron en bronnummer"),
    ("detentiegegevens", "Detentiegegevens uit de feed van DJI"),
    ("koppelvoorstellen", "Koppelvoorstellen uit de dagelijkse feeds"),
    ("vrijwillige_trajecten", "Vrijwillige trajecten (Motie Van der Staaij)"),
    ("hulpvragen", "Hulpvragen van de vrijwillige trajecten"),
    ("mutatielog", "Wijzigingen (mutatielog)"),
    ("toegangslog", "Wie de gegevens zag (toegangslog)"),
]

# Foreign keys to these models are shown by id: they are records in this overview themselves.
_ALS_ID = {"melding", "casus", "planvanaanpak", "doel", "persoon", "overleg", "briefing", "deelnemer", "verzoek", "vrijwilligtraject"}


def _waarde(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class _Rijen:
    """Turns model instances into dicts: choices as their label, users as their organisation (the
    recipient the AVG asks for, not the colleague's name), reference data by name, records by id."""

    def __init__(self):
        self._organisaties = {}

    def organisatie(self, user_id):
        if user_id is None:
            return None
        if user_id not in self._organisaties:
            self._organisaties[user_id] = (
                Gebruiker.objects.filter(pk=user_id).values_list("organisatie__naam", flat=True).first() or ""
            )
        return self._organisaties[user_id]

    def rij(self, obj, weglaten=()) -> dict:
        uit = {"id": obj.pk}
        for f in obj._meta.concrete_fields:
            if f.primary_key or f.name in weglaten:
                continue
            value = getattr(obj, f.attname)
            if isinstance(f, models.ForeignKey):
                rel = f.related_model
                if rel is Gebruiker:
                    uit[f"{f.name}_organisatie"] = self.organisatie(value)
                elif rel._meta.model_name in _ALS_ID:
                    uit[f.attname] = value
                else:
                    uit[f.name] = str(getattr(obj, f.name)) if value is not None else None
            elif f.choices and value not in (None, ""):
                uit[f.name] = str(dict(f.flatchoices).get(value, value))
            else:
                uit[f.name] = _waarde(value)
        return uit

    def rijen(self, qs, weglaten=()) -> list[dict]:
        return [self.rij(o, weglaten) for o in qs]


def verzamel(persoon) -> dict:
    """Every record about `persoon`, grouped per kind (see SECTIES), each row with its id."""
    r = _Rijen()
    melding_ids = set(
        Melding.objects.filter(Q(koppelingen__persoon=persoon) | Q(uitvragen__persoon=persoon)).values_list("pk", flat=True)
    )
    casus_ids = set(
        Casus.objects.filter(Q(personen=persoon) | Q(meldingen__pk__in=melding_ids) | Q(wegingen__melding_id__in=melding_ids))
        .values_list("pk", flat=True)
    )
    plan_ids = set(PlanVanAanpak.objects.filter(casus_id__in=casus_ids).values_list("pk", flat=True))

    meldingen = Melding.objects.filter(pk__in=melding_ids).order_by("ontvangen_op", "pk")
    uitvragen = InformatieUitvraag.objects.filter(Q(melding_id__in=melding_ids) | Q(persoon=persoon)).order_by("gevraagd_op", "pk")
    wegingen = Weging.objects.filter(melding_id__in=melding_ids).order_by("gewogen_op", "pk")
    terugkoppelingen = Terugkoppeling.objects.filter(melding_id__in=melding_ids).order_by("datum", "pk")
    casussen = Casus.objects.filter(pk__in=casus_ids).order_by("geopend_op", "pk")
    besprekingen = Bespreking.objects.filter(casus_id__in=casus_ids).select_related("overleg__overlegtype").order_by("overleg__datum", "pk")
    plannen = PlanVanAanpak.objects.filter(pk__in=plan_ids).order_by("pk")
    doelen = Doel.objects.filter(plan_id__in=plan_ids).order_by("pk")
    acties = Actie.objects.filter(plan_id__in=plan_ids).order_by("deadline", "pk")
    monitoring = Monitoringcontact.objects.filter(casus_id__in=casus_ids).order_by("gepland_op", "pk")
    verlengingen = Verlenging.objects.filter(casus_id__in=casus_ids).order_by("pk")
    opschalingen = Opschaling.objects.filter(Q(casus_id__in=casus_ids) | Q(melding_id__in=melding_ids)).order_by(
        "opgeschaald_op", "pk"
    )
    zsm = ZsmAdvies.objects.filter(casus_id__in=casus_ids).order_by("pk")
    afsluitingen = Afsluiting.objects.filter(casus_id__in=casus_ids).order_by("pk")
    trajecten = VrijwilligTraject.objects.filter(persoon=persoon).order_by("gestart_op", "pk")
    hulpvragen = Hulpvraag.objects.filter(traject__persoon=persoon).order_by("traject__gestart_op", "traject_id", "pk")

    data = {
        "persoon": [r.rij(persoon, weglaten=("zoeknaam",))],
        "meldingen": r.rijen(meldingen),
        "melding_statussen": r.rijen(MeldingStatus.objects.filter(melding_id__in=melding_ids).order_by("tijdstip", "pk")),
        "uitvragen": r.rijen(uitvragen),
        "wegingen": r.rijen(wegingen),
        "terugkoppelingen": r.rijen(terugkoppelingen),
        "casussen": [
            {**r.rij(c), "nummer": c.nummer, "personen": sorted(c.personen.values_list("pk", flat=True))} for c in casussen
        ],
        "casus_statussen": r.rijen(CasusStatus.objects.filter(casus_id__in=casus_ids).order_by("tijdstip", "pk")),
        "besprekingen": [
            {**r.rij(b), "overlegtype": str(b.overleg.overlegtype), "overleg_datum": _waarde(b.overleg.datum)} for b in besprekingen
        ],
        "plannen": r.rijen(plannen),
        "doelen": r.rijen(doelen),
        "acties": r.rijen(acties),
        "monitoringcontacten": r.rijen(monitoring),
        "verlengingen": r.rijen(verlengingen),
        "opschalingen": r.rijen(opschalingen),
        "zsm_adviezen": r.rijen(zsm),
        "afsluitingen": [
            {**r.rij(a), "uitkomsten": [str(u) for u in a.uitkomsten.all()]} for a in afsluitingen
        ],
        "verzoeken": r.rijen(Verzoek.objects.filter(persoon=persoon).order_by("ontvangen_op", "pk")),
        "beperkingen": r.rijen(Beperking.objects.filter(persoon=persoon).order_by("sinds", "pk")),
        "politieregistraties": r.rijen(Mutatie.objects.filter(persoon=persoon).order_by("datum", "pk")),
        "detentieperioden": r.rijen(Detentie.objects.filter(persoon=persoon).order_by("begin", "pk")),
        "feedrecords": r.rijen(Feedrecord.objects.filter(melding_id__in=melding_ids).order_by("pk"), weglaten=("levering",)),
        "detentiegegevens": r.rijen(Detentiegegevens.objects.filter(melding_id__in=melding_ids).order_by("pk")),
        # Where the person was the candidate, or the proposal was about his melding.
        "koppelvoorstellen": r.rijen(
            Koppelvoorstel.objects.filter(Q(kandidaat=persoon) | Q(melding_id__in=melding_ids)).order_by("pk"), weglaten=("koppeling",)
        ),
        "vrijwillige_trajecten": r.rijen(trajecten),
        "hulpvragen": r.rijen(hulpvragen),
    }

    # The change log of every object above, found by (model name, id) as log_mutatie writes it.
    objecten = {"persoon": {persoon.pk}}
    for key, qs in [
        ("meldingen", meldingen), ("uitvragen", uitvragen), ("wegingen", wegingen), ("terugkoppelingen", terugkoppelingen),
        ("casussen", casussen), ("besprekingen", besprekingen), ("plannen", plannen), ("doelen", doelen), ("acties", acties),
        ("monitoringcontacten", monitoring), ("verlengingen", verlengingen), ("opschalingen", opschalingen),
        ("zsm_adviezen", zsm), ("afsluitingen", afsluitingen), ("vrijwillige_trajecten", trajecten), ("hulpvragen", hulpvragen),
    ]:
        objecten.setdefault(qs.model._meta.model_name, set()).update(row["id"] for row in data[key])
    filter_ = Q(pk__in=[])
    for objecttype, ids in objecten.items():
        if ids:
            filter_ |= Q(objecttype=objecttype, object_id__in=ids)
    data["mutatielog"] = [
        {"id": m.pk, "tijdstip": _waarde(m.tijdstip), "organisatie": r.organisatie(m.gebruiker_id), "objecttype": m.objecttype,
         "object_id": m.object_id, "actie": m.actie, "wijzigingen": m.wijzigingen}
        for m in Mutatielog.objects.filter(filter_).order_by("tijdstip", "pk")
    ]
    # Who saw the data: organisation and roles at that moment, when, what and why (NEN 7513).
    data["toegangslog"] = [
        {"id": t.pk, "tijdstip": _waarde(t.tijdstip), "organisatie": t.organisatie, "rollen": t.rollen,
         "actie": t.get_actie_display(), "objecttype": t.objecttype, "object_id": t.object_id, "doel": t.doel}
        for t in Toegangslog.objects.filter(persoon_id=persoon.pk).order_by("tijdstip", "pk")
    ]
    return data

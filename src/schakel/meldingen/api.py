"""Meldingen through the API: a partner system submits a melding and reads back only what its
organisation may see of it (the screens' rules: weergave.inzage and personen_per_melding); house
staff read every melding. Registration goes through the screen's forms and service, so the checks,
the duplicate safeguard and the history are the same."""
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from schakel.core.api_fouten import TeVeel, formfouten
from schakel.core.api_lijst import LijstView, ObjectView, invoer
from schakel.core.api_velden import NaamVeld, PersoonSerializer, TekstVeld
from schakel.gebruikers.rollen import MELDERS, PROCESSTAF, Rol
from schakel.personen.models import Persoon
from schakel.personen.services import BEKEND_BIJ_HUIS, TeVeelControles
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from . import services
from .forms import MeldingFilterForm, MeldingForm, PersoonForm, beperk_melder_organisatie
from .models import OMSCHRIJVING_MAX, Melding, Terugkoppeling
from .weergave import getoonde_persoon_ids, inzage, opgave_uit_formulier, personen_per_melding

LIJST_ROLLEN = PROCESSTAF | {Rol.PARTNER}


class MeldingSerializer(serializers.ModelSerializer):
    """A row of the list: what the list screen shows."""

    gemeente = NaamVeld()
    thema = NaamVeld()
    melder_organisatie = NaamVeld(allow_null=True)
    personen = PersoonSerializer(many=True, source="getoonde_personen", read_only=True)
    bekend_bij_huis = serializers.SerializerMethodField(
        help_text="Waar: de opgegeven persoon is mogelijk al bekend; het huis koppelt de melding aan de juiste persoon."
    )

    class Meta:
        model = Melding
        fields = [
            "id", "nummer", "ontvangen_op", "kanaal", "soort", "anoniem", "onderwerp", "gebied", "urgentie",
            "gemeente", "thema", "melder_organisatie", "status", "personen", "bekend_bij_huis",
        ]

    def get_bekend_bij_huis(self, obj) -> bool:
        return bool(getattr(obj, "te_koppelen", False))


class TerugkoppelingSerializer(serializers.ModelSerializer):
    tekst = TekstVeld()

    class Meta:
        model = Terugkoppeling
        fields = ["datum", "kanaal", "tekst"]


class MeldingDetailSerializer(MeldingSerializer):
    """The melding page: the reporter's own data, the description through its category, the case
    number only to whom may see the case, the status and the house's feedback only while the
    reporter's covenant holds (or to whom sees the case). Never the municipal answers or the
    weighing: those are the house's."""

    omschrijving = TekstVeld()
    status = serializers.SerializerMethodField(help_text="Leeg als uw organisatie de voortgang niet meer mag zien.")
    casus = serializers.SerializerMethodField(help_text="Het casusnummer, alleen als u de casus mag zien.")
    terugkoppelingen = serializers.SerializerMethodField()

    class Meta(MeldingSerializer.Meta):
        fields = [
            *MeldingSerializer.Meta.fields, "melder_naam", "melder_contact", "omschrijving", "lopend_bij_veilig_thuis",
            "lopend_bij_zsm", "casus", "terugkoppelingen",
        ]

    def get_status(self, obj) -> str | None:
        return obj.status if obj.inzage.status else None

    def get_casus(self, obj) -> str | None:
        return obj.casus.nummer if obj.inzage.casus and obj.casus_id else None

    @extend_schema_field(TerugkoppelingSerializer(many=True))
    def get_terugkoppelingen(self, obj):
        if not obj.inzage.terugkoppeling:
            return []
        return TerugkoppelingSerializer(obj.terugkoppelingen.select_related("melding__casus"), many=True, context=self.context).data


class PersoonInvoerSerializer(serializers.Serializer):
    bsn = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=11)
    voornamen = serializers.CharField(required=False, allow_blank=True, max_length=200)
    tussenvoegsel = serializers.CharField(required=False, allow_blank=True, max_length=50)
    achternaam = serializers.CharField(required=False, allow_blank=True, max_length=200)
    geboortedatum = serializers.DateField(required=False, allow_null=True)
    geslacht = serializers.ChoiceField(Persoon.Geslacht.choices, required=False)
    gemeente = serializers.IntegerField(required=False, allow_null=True, help_text="Id van de gemeente.")


class MeldingInvoerSerializer(serializers.Serializer):
    """The types of a new melding; the screen's form (MeldingForm, PersoonForm) decides the rest."""

    ontvangen_op = serializers.DateTimeField(required=False, help_text="Standaard: nu.")
    kanaal = serializers.ChoiceField(Melding.Kanaal.choices)
    soort = serializers.ChoiceField(Melding.Soort.choices, required=False)
    anoniem = serializers.BooleanField(required=False, default=False)
    urgentie = serializers.ChoiceField(Melding.Urgentie.choices, required=False)
    melder_organisatie = serializers.IntegerField(required=False, help_text="Standaard: de organisatie van het token.")
    melder_naam = serializers.CharField(max_length=200)
    melder_contact = serializers.CharField(required=False, allow_blank=True, max_length=200)
    onderwerp = serializers.ChoiceField(Melding.Onderwerp.choices, required=False)
    gebied = serializers.CharField(required=False, allow_blank=True, max_length=200)
    gemeente = serializers.IntegerField(help_text="Id van de gemeente.")
    thema = serializers.IntegerField(help_text="Id van het thema.")
    omschrijving = serializers.CharField(max_length=OMSCHRIJVING_MAX)
    categorie = serializers.IntegerField(required=False, allow_null=True, help_text="Id van de soort informatie; leeg: algemeen.")
    lopend_bij_veilig_thuis = serializers.BooleanField(required=False, default=False)
    lopend_bij_zsm = serializers.BooleanField(required=False, default=False)
    persoon = PersoonInvoerSerializer(required=False, allow_null=True)


class MeldingIngediendSerializer(serializers.Serializer):
    melding = MeldingDetailSerializer()
    bericht = serializers.CharField(help_text="Bijvoorbeeld dat de persoon al bekend is bij het huis.")


def _standaarden(data: dict, model, formulier) -> None:
    """A field the JSON leaves out gets the model's default, as the screen's form posts it preselected."""
    for naam in formulier._meta.fields:
        veld = model._meta.get_field(naam)
        if naam not in data and veld.has_default() and not callable(veld.default):
            data[naam] = veld.default


def _formulierdata(d: dict, user) -> tuple[dict, dict]:
    """The API's JSON as the screen's forms read a POST."""
    data = {k: v for k, v in d.items() if k not in ("persoon", "ontvangen_op") and v is not None}
    data.setdefault("melder_organisatie", user.organisatie_id)
    _standaarden(data, Melding, MeldingForm)
    if d.get("categorie") is None and "categorie" in d:
        data["categorie"] = ""  # explicitly general information
    ontvangen = d.get("ontvangen_op") or timezone.now()
    data["ontvangen_op"] = timezone.localtime(ontvangen).strftime("%Y-%m-%dT%H:%M")
    persoon = {k: ("" if v is None else v) for k, v in (d.get("persoon") or {}).items()}
    if persoon:
        _standaarden(persoon, Persoon, PersoonForm)
    persoon = {f"persoon-{k}": v for k, v in persoon.items()}
    if "persoon-geboortedatum" in persoon and persoon["persoon-geboortedatum"]:
        persoon["persoon-geboortedatum"] = persoon["persoon-geboortedatum"].isoformat()
    return data, persoon


def _detail_basis():
    return Melding.objects.select_related("gemeente", "thema", "melder_organisatie", "casus__overlegtype", "categorie")


def _voor_weergave(user, melding):
    melding.getoonde_personen = personen_per_melding(user, [melding])[melding.pk]
    melding.inzage = inzage(user, melding)
    return melding


@extend_schema_view(get=extend_schema(operation_id="meldingen_lijst", summary="Meldingen die u mag inzien", tags=["meldingen"]))
class MeldingenView(LijstView):
    token_scope = "meldingen"
    rollen = LIJST_ROLLEN
    rollen_post = frozenset({Rol.PARTNER})
    serializer_class = MeldingSerializer
    filterklasse = MeldingFilterForm

    def basis(self):
        return Melding.objects.for_user(self.request.user).select_related("gemeente", "thema", "melder_organisatie")

    def verrijk(self, rows):
        te_koppelen = set()
        personen = personen_per_melding(self.request.user, rows, te_koppelen)
        for m in rows:
            m.getoonde_personen = personen[m.pk]
            m.te_koppelen = m.pk in te_koppelen and not self.request.user.is_processtaf

    def log_pagina(self, rows):
        log_toegang(
            self.request.user, Toegangslog.Actie.LIJST, "melding",
            [(m.pk, getoonde_persoon_ids(m.getoonde_personen)) for m in rows], "Meldingenlijst (API)",
        )

    @extend_schema(
        operation_id="melding_indienen", summary="Een melding indienen (partner)",
        description=(
            "Alleen voor een partner. Dezelfde controles als het meldformulier. Is de opgegeven persoon mogelijk al "
            "bekend, dan registreert het huis de melding en koppelt het zelf de juiste persoon; u krijgt dan alleen "
            "het bericht dat de persoon bekend is, nooit wie het is."
        ),
        request=MeldingInvoerSerializer, responses={201: MeldingIngediendSerializer}, tags=["meldingen"],
    )
    def post(self, request):
        user = request.user
        d = invoer(MeldingInvoerSerializer, request)
        data, persoon_data = _formulierdata(d, user)
        form = MeldingForm(data)
        beperk_melder_organisatie(form, user)
        verplicht = data.get("onderwerp", Melding.Onderwerp.PERSOON) == Melding.Onderwerp.PERSOON and not data.get("anoniem")
        persoon_form = PersoonForm(persoon_data, verplicht=verplicht)
        geldig = [form.is_valid(), persoon_form.is_valid()]
        if not all(geldig):
            fouten = dict(formfouten(form).detail) if form.errors else {}
            fouten.update({f"persoon.{k}": v for k, v in formfouten(persoon_form).detail.items()} if persoon_form.errors else {})
            raise serializers.ValidationError(fouten)
        leeg = persoon_form.leeg
        try:
            melding, bekend = services.registreer_als_partner(
                door=user, melding=form.save(commit=False), persoon=None if leeg else persoon_form.save(commit=False),
                opgave=None if leeg else opgave_uit_formulier(persoon_form.cleaned_data),
            )
        except TeVeelControles as e:
            raise TeVeel(e.boodschap)
        melding = _voor_weergave(user, _detail_basis().get(pk=melding.pk))
        log_toegang(
            user, Toegangslog.Actie.BEKEKEN, "melding", [(melding.pk, getoonde_persoon_ids(melding.getoonde_personen))],
            "Melding ingediend (API)",
        )
        bericht = f"Melding {melding.nummer} is geregistreerd." + (f" {BEKEND_BIJ_HUIS}" if bekend else "")
        uit = MeldingIngediendSerializer({"melding": melding, "bericht": bericht}, context=self.get_serializer_context())
        return Response(uit.data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(operation_id="melding", summary="Een melding, zoals u die mag zien", tags=["meldingen"]))
class MeldingView(ObjectView):
    token_scope = "meldingen"
    rollen = MELDERS
    serializer_class = MeldingDetailSerializer

    def basis(self):
        return _detail_basis()

    def verrijk(self, melding):
        _voor_weergave(self.request.user, melding)

    def log_object(self, melding):
        log_toegang(
            self.request.user, Toegangslog.Actie.BEKEKEN, "melding",
            [(melding.pk, getoonde_persoon_ids(melding.getoonde_personen))], "Melding bekijken (API)",
        )

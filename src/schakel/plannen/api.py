"""Actions and plans through the API. A partner system lists its organisation's actions in the cases
it may see and sets their status with the screen's form and service (a reason when not done, the
same holder check); house staff read every action and plan. Texts only through their category."""
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response

from schakel.core.api import TokenScope
from schakel.core.api_lijst import HeeftRol, LijstView, ObjectView, controleer_formulier, invoer
from schakel.core.api_velden import NaamVeld, TekstVeld
from schakel.gebruikers.rollen import PROCESSTAF, Rol
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from . import services
from .filters import ActieFilter, PlanFilter
from .forms import ActieStatusForm
from .models import Actie, Doel, PlanVanAanpak

ACTIE_ROLLEN = PROCESSTAF | {Rol.PARTNER}


class CasusVerwijzingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nummer = serializers.CharField()


class ActieSerializer(serializers.ModelSerializer):
    casus = CasusVerwijzingSerializer(source="plan.casus", read_only=True)
    organisatie = NaamVeld()
    omschrijving = TekstVeld()
    reden_niet_gedaan = TekstVeld()
    mag_wijzigen = serializers.SerializerMethodField(help_text="Waar: u mag de status van deze actie zetten.")

    class Meta:
        model = Actie
        fields = ["id", "casus", "organisatie", "omschrijving", "deadline", "status", "reden_niet_gedaan", "mag_wijzigen"]

    def get_mag_wijzigen(self, obj) -> bool:
        return services.mag_actie_wijzigen(self.context["request"].user, obj)


class ActieStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(Actie.Status.choices)
    reden_niet_gedaan = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                              help_text="Verplicht bij 'niet_gedaan'.")


def _personen_van_casus():
    return Prefetch("plan__casus__personen", queryset=Persoon.objects.order_by("pk").only("pk"))


def _log_acties(user, acties, actie, doel):
    log_toegang(user, actie, "actie", [(a.pk, [p.pk for p in a.plan.casus.personen.all()]) for a in acties], doel)


@extend_schema_view(get=extend_schema(operation_id="acties_lijst", summary="Acties: van uw organisatie (partner) of alle (huis)", tags=["acties"]))
class ActiesView(LijstView):
    token_scope = "acties"
    rollen = ACTIE_ROLLEN
    serializer_class = ActieSerializer
    filterklasse = ActieFilter

    def basis(self):
        user = self.request.user
        qs = Actie.objects.for_user(user).select_related("plan__casus", "organisatie").prefetch_related(_personen_van_casus())
        # A partner's list is its organisation's actions ("mijn acties" of the whole organisation).
        return qs if user.is_processtaf else qs.filter(organisatie_id=user.organisatie_id)

    def log_pagina(self, rows):
        _log_acties(self.request.user, rows, Toegangslog.Actie.LIJST, "Acties (API)")


@extend_schema_view(get=extend_schema(operation_id="actie", summary="Een actie", tags=["acties"]))
class ActieView(ObjectView):
    token_scope = "acties"
    rollen = ACTIE_ROLLEN
    serializer_class = ActieSerializer

    def basis(self):
        return Actie.objects.select_related("plan__casus", "organisatie").prefetch_related(_personen_van_casus())

    def log_object(self, actie):
        _log_acties(self.request.user, [actie], Toegangslog.Actie.BEKEKEN, "Actie bekijken (API)")


class ActieStatusView(generics.GenericAPIView):
    token_scope = "acties"
    rollen = ACTIE_ROLLEN
    permission_classes = [permissions.IsAuthenticated, HeeftRol, TokenScope]
    serializer_class = ActieStatusSerializer

    @extend_schema(
        operation_id="actie_status", summary="De status van een actie zetten",
        description=(
            "Voor het huis en voor de organisatie die de actie houdt, zolang zij de casus mag zien. Bij 'niet_gedaan' "
            "is een reden verplicht. Dezelfde controles als op het scherm."
        ),
        request=ActieStatusSerializer, responses={200: ActieSerializer}, tags=["acties"],
    )
    def post(self, request, pk):
        from django.http import Http404

        actie = Actie.objects.select_related("plan__casus", "organisatie").filter(pk=pk).first()
        if actie is None:
            raise Http404
        services.controleer_actie_wijzigen(request.user, actie)
        d = invoer(ActieStatusSerializer, request)
        cleaned = controleer_formulier(ActieStatusForm({"status": d["status"], "reden_niet_gedaan": d.get("reden_niet_gedaan", "")}))
        actie = services.zet_actie_status(
            actie=actie, status=cleaned["status"], reden=cleaned["reden_niet_gedaan"], door=request.user
        )
        actie = ActieView().basis().get(pk=actie.pk)
        _log_acties(request.user, [actie], Toegangslog.Actie.BEKEKEN, "Status actie gewijzigd (API)")
        return Response(ActieSerializer(actie, context=self.get_serializer_context()).data)


class DoelSerializer(serializers.ModelSerializer):
    omschrijving = TekstVeld()

    class Meta:
        model = Doel
        fields = ["id", "leefgebied", "omschrijving"]


class PlanSerializer(serializers.ModelSerializer):
    casus = CasusVerwijzingSerializer(read_only=True)
    toelichting = TekstVeld()

    class Meta:
        model = PlanVanAanpak
        fields = ["id", "casus", "type", "vastgesteld_op", "client_akkoord", "toelichting"]


class PlanDetailSerializer(PlanSerializer):
    doelen = DoelSerializer(many=True, read_only=True)
    acties = ActieSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "doelen", "acties"]


def _log_plannen(user, plannen, actie, doel):
    log_toegang(user, actie, "plan", [(p.pk, [x.pk for x in p.casus.personen.all()]) for p in plannen], doel)


@extend_schema_view(get=extend_schema(operation_id="plannen_lijst", summary="Plannen van aanpak (huis)", tags=["plannen"]))
class PlannenView(LijstView):
    token_scope = "plannen"
    rollen = PROCESSTAF
    serializer_class = PlanSerializer
    filterklasse = PlanFilter

    def basis(self):
        return PlanVanAanpak.objects.for_user(self.request.user).select_related("casus").prefetch_related(
            Prefetch("casus__personen", queryset=Persoon.objects.order_by("pk").only("pk"))
        )

    def log_pagina(self, rows):
        _log_plannen(self.request.user, rows, Toegangslog.Actie.LIJST, "Plannen van aanpak (API)")


@extend_schema_view(get=extend_schema(operation_id="plan", summary="Een plan van aanpak met doelen en acties (huis)", tags=["plannen"]))
class PlanView(ObjectView):
    token_scope = "plannen"
    rollen = PROCESSTAF
    serializer_class = PlanDetailSerializer

    def basis(self):
        return PlanVanAanpak.objects.select_related("casus").prefetch_related(
            Prefetch("casus__personen", queryset=Persoon.objects.order_by("pk").only("pk")),
            Prefetch("doelen", queryset=Doel.objects.select_related("plan__casus").order_by("pk")),
            Prefetch("acties", queryset=Actie.objects.select_related("plan__casus", "organisatie").prefetch_related(_personen_van_casus()).order_by("deadline", "pk")),
        )

    def log_object(self, plan):
        _log_plannen(self.request.user, [plan], Toegangslog.Actie.BEKEKEN, "Plan van aanpak bekijken (API)")

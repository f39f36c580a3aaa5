"""Information requests through the API: a municipal contact lists the requests for its
municipalities and answers them with the screen's form and service; house staff read them all.
The answer is shown only through its category (toon_tekst)."""
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response

from schakel.core.access import get_for_user_or_403
from schakel.core.api import TokenScope
from schakel.core.api_lijst import HeeftRol, LijstView, ObjectView, controleer_formulier, invoer
from schakel.core.api_velden import NaamVeld, PersoonSerializer, TekstVeld
from schakel.gebruikers.rollen import PROCESSTAF, Rol
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from . import services
from .filters import UitvraagFilter
from .forms import AntwoordForm
from .models import InformatieUitvraag

ROLLEN = PROCESSTAF | {Rol.GEMEENTE_CONTACT}


class UitvraagSerializer(serializers.ModelSerializer):
    melding = serializers.CharField(source="melding.nummer", read_only=True, help_text="Het meldingnummer.")
    gemeente = NaamVeld()
    persoon = PersoonSerializer(read_only=True, allow_null=True)
    antwoord = TekstVeld()

    class Meta:
        model = InformatieUitvraag
        fields = ["id", "nummer", "melding", "gemeente", "persoon", "vraag", "afdelingen", "status", "gevraagd_op",
                  "antwoord", "beantwoord_op"]


class AntwoordSerializer(serializers.Serializer):
    antwoord = serializers.CharField(max_length=10_000)
    categorie = serializers.IntegerField(required=False, allow_null=True,
                                         help_text="Id van de soort informatie in het antwoord; leeg: algemeen.")


def _basis():
    return InformatieUitvraag.objects.select_related("gemeente", "persoon__gemeente", "melding__casus", "beantwoord_door")


def _log(user, uitvragen, actie, doel):
    log_toegang(user, actie, "uitvraag", [(u.pk, [u.persoon_id] if u.persoon_id else []) for u in uitvragen], doel)


@extend_schema_view(get=extend_schema(operation_id="uitvragen_lijst", summary="Informatie-uitvragen voor uw gemeenten (standaard: de open)", tags=["uitvragen"]))
class UitvragenView(LijstView):
    token_scope = "uitvragen"
    rollen = ROLLEN
    serializer_class = UitvraagSerializer
    filterklasse = UitvraagFilter

    def basis(self):
        return _basis().for_user(self.request.user)

    def log_pagina(self, rows):
        _log(self.request.user, rows, Toegangslog.Actie.LIJST, "Lijst informatie-uitvragen (API)")


@extend_schema_view(get=extend_schema(operation_id="uitvraag", summary="Een informatie-uitvraag", tags=["uitvragen"]))
class UitvraagView(ObjectView):
    token_scope = "uitvragen"
    rollen = ROLLEN
    serializer_class = UitvraagSerializer

    def basis(self):
        return _basis()

    def log_object(self, uitvraag):
        _log(self.request.user, [uitvraag], Toegangslog.Actie.BEKEKEN, "Informatie-uitvraag (API)")


class AntwoordView(generics.GenericAPIView):
    token_scope = "uitvragen"
    # Only the municipal contact answers; house staff read the answer.
    rollen = frozenset({Rol.GEMEENTE_CONTACT})
    permission_classes = [permissions.IsAuthenticated, HeeftRol, TokenScope]
    serializer_class = AntwoordSerializer

    @extend_schema(
        operation_id="uitvraag_beantwoorden", summary="Een informatie-uitvraag beantwoorden (gemeentelijk contactpersoon)",
        request=AntwoordSerializer, responses={200: UitvraagSerializer}, tags=["uitvragen"],
    )
    def post(self, request, pk):
        uitvraag = get_for_user_or_403(_basis(), request.user, pk)
        d = invoer(AntwoordSerializer, request)
        data = {"antwoord": d["antwoord"], "categorie": "" if d.get("categorie") is None else d["categorie"]}
        cleaned = controleer_formulier(AntwoordForm(data))
        services.beantwoord(uitvraag=uitvraag, antwoord=cleaned["antwoord"], categorie=cleaned["categorie"], door=request.user)
        uitvraag = _basis().get(pk=uitvraag.pk)
        _log(request.user, [uitvraag], Toegangslog.Actie.BEKEKEN, "Informatie-uitvraag beantwoord (API)")
        return Response(UitvraagSerializer(uitvraag, context=self.get_serializer_context()).data)

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from schakel.core.api import ApiTokenAuthentication, TokenScope, VerifiedSessionAuthentication
from schakel.gebruikers.rollen import Rol

from . import services
from .serializers import ZsmAntwoordSerializer, ZsmVraagSerializer


class IsZsm(permissions.BasePermission):
    message = "Alleen de ZSM-rol mag deze vraag stellen."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.heeft_rol(Rol.ZSM))


@method_decorator(never_cache, name="dispatch")
class ZsmVraagView(APIView):
    # Token first: DRF takes the WWW-Authenticate header from the first class, so an anonymous
    # caller gets 401 rather than 403. A browser session counts only after the second factor.
    authentication_classes = [ApiTokenAuthentication, VerifiedSessionAuthentication]
    permission_classes = [IsZsm, TokenScope]
    token_scope = "zsm"

    @extend_schema(
        operation_id="zsm_vraag",
        summary="De ZSM-vraag: is deze persoon bekend, loopt er een casus, is er een ZSM-advies, wie is het contact?",
        description=(
            "Alleen voor de ZSM-rol. Zoekt op BSN, of op achternaam en geboortedatum. Het antwoord bevat precies "
            "vier gegevens en nooit een naam, casusnummer of meldinginhoud. Elke vraag wordt in de toegangslog vastgelegd."
        ),
        request=ZsmVraagSerializer,
        responses={
            200: ZsmAntwoordSerializer,
            400: OpenApiResponse(description="Ongeldige invoer (bijv. BSN voldoet niet aan de elfproef)."),
            401: OpenApiResponse(description="Niet aangemeld."),
            403: OpenApiResponse(description="Geen ZSM-rol."),
        },
        tags=["zsm"],
    )
    def post(self, request):
        vraag = ZsmVraagSerializer(data=request.data)
        vraag.is_valid(raise_exception=True)
        d = vraag.validated_data
        antwoord = services.beantwoord_vraag(
            request.user, bsn=d.get("bsn"), achternaam=d.get("achternaam") or "", geboortedatum=d.get("geboortedatum"),
            kanaal="API",
        )
        return Response(ZsmAntwoordSerializer(antwoord.als_dict()).data)

"""Delivering a feed file through the API: `POST /api/feeds/politie/` or `/api/feeds/dji/` with the
file as `bestand` (multipart). The same rules as the drop folder: all or nothing, a second delivery
adds nothing. The answer holds counts and row errors only: the uploading system never learns whom
Schakel linked a row to, nor whether a person was known."""
import re
import tempfile
from pathlib import Path

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from schakel.core.api import ApiTokenAuthentication, TokenScope, VerifiedSessionAuthentication
from schakel.core.bestanden import BestandFout, RegelFouten
from schakel.gebruikers.rollen import Rol

from .feed import ORGANISATIE, verwerk
from .models import Bron, Feedlevering

MAX_FOUTEN = 1_000


class MagAanleveren(permissions.BasePermission):
    """The source's own organisation delivers its feed (or the informatiecoördinator, by hand)."""

    message = "Alleen de bron zelf (politie of DJI) of de informatiecoördinator levert deze feed aan."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if user.heeft_rol(Rol.INFORMATIECOORDINATOR):
            return True
        bron = view.kwargs.get("bron")
        return bool(user.organisatie_id and bron in ORGANISATIE and user.organisatie.code == ORGANISATIE[bron])


def probleem(status: int, titel: str, detail: str, fouten: list[str] | None = None) -> Response:
    """A Dutch problem-details answer (RFC 9457)."""
    inhoud = {"type": "about:blank", "title": titel, "status": status, "detail": detail}
    if fouten is not None:
        inhoud["fouten"] = fouten[:MAX_FOUTEN]
        inhoud["aantal_fouten"] = len(fouten)
    return Response(inhoud, status=status, content_type="application/problem+json")


Tellingen = inline_serializer("FeedTellingen", {
    "bestand": serializers.CharField(), "regels": serializers.IntegerField(), "nieuw": serializers.IntegerField(),
    "al_ontvangen": serializers.IntegerField(), "dubbel": serializers.IntegerField(),
})


@method_decorator(never_cache, name="dispatch")
class FeedUploadView(APIView):
    authentication_classes = [ApiTokenAuthentication, VerifiedSessionAuthentication]
    permission_classes = [MagAanleveren, TokenScope]
    parser_classes = [MultiPartParser]
    token_scope = "feeds"

    @extend_schema(
        operation_id="feed_aanleveren",
        summary="Een dagelijkse feed aanleveren (politiemutaties of detentiemeldingen).",
        description=(
            "Het bestand (CSV UTF-8 of XLSX) in het veld 'bestand'. Alles of niets: bij een foute regel wordt niets "
            "ingelezen en staat elke fout als 'Regel N: reden' in het antwoord. Een bronnummer dat al eerder binnenkwam "
            "wordt overgeslagen. Het antwoord bevat alleen aantallen, nooit welke persoon bij een regel hoort."
        ),
        parameters=[OpenApiParameter("bron", str, OpenApiParameter.PATH, enum=Bron.values, description="politie of dji")],
        request={"multipart/form-data": inline_serializer("FeedBestand", {"bestand": serializers.FileField()})},
        responses={
            201: Tellingen,
            400: OpenApiResponse(description="Het bestand of een regel is fout; er is niets ingelezen (problem details)."),
            401: OpenApiResponse(description="Niet aangemeld."),
            403: OpenApiResponse(description="Geen toegang tot deze feed."),
        },
        tags=["feeds"],
    )
    def post(self, request, bron):
        if bron not in Bron.values:
            return probleem(404, "Onbekende feed", "Kies politie of dji.")
        bestand = request.FILES.get("bestand")
        if bestand is None:
            return probleem(400, "Geen bestand", "Stuur het bestand mee in het veld 'bestand' (multipart/form-data).")
        # Only the name's safe characters: it becomes a file name here and is stored with the delivery.
        naam = re.sub(r"[^\w.\-]", "_", Path(bestand.name or "").name).strip(".")[:100] or "feed.csv"
        with tempfile.TemporaryDirectory() as map_:
            pad = Path(map_) / naam
            with open(pad, "wb") as f:
                for stuk in bestand.chunks():
                    f.write(stuk)
            try:
                uitkomst = verwerk(bron, pad, door=request.user, route=Feedlevering.Route.API)
            except RegelFouten as fout:
                return probleem(400, "Niets ingelezen", str(fout), fout.fouten)
            except BestandFout as fout:
                return probleem(400, "Niets ingelezen", str(fout))
        return Response({"bestand": naam, **uitkomst.tellingen()}, status=201)

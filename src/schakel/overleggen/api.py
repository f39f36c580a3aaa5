"""Meetings through the API, for house staff (as the meeting screens): the list, and a meeting with
its agenda (the cases, their persons, minutes and decisions through their category)."""
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import get_object_or_404

from schakel.core.api_lijst import LijstView, ObjectView
from schakel.core.api_velden import NaamVeld, PersoonSerializer, TekstVeld
from schakel.gebruikers.rollen import PROCESSTAF
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .filters import OverlegFilter
from .models import Bespreking, Overleg


class OverlegSerializer(serializers.ModelSerializer):
    overlegtype = NaamVeld()

    class Meta:
        model = Overleg
        fields = ["id", "overlegtype", "datum", "locatie"]


class CasusMetPersonenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nummer = serializers.CharField()
    personen = PersoonSerializer(many=True, read_only=True)


class BesprekingSerializer(serializers.ModelSerializer):
    # Declared: the model field's range differs per database, and the document must not.
    volgorde = serializers.IntegerField(read_only=True, help_text="Plaats op de agenda.")
    casus = CasusMetPersonenSerializer(read_only=True)
    notulen = TekstVeld()
    besluiten = TekstVeld()

    class Meta:
        model = Bespreking
        fields = ["id", "volgorde", "reden", "casus", "notulen", "besluiten"]


class OverlegDetailSerializer(OverlegSerializer):
    agenda = BesprekingSerializer(many=True, read_only=True, source="besprekingen")

    class Meta(OverlegSerializer.Meta):
        fields = [*OverlegSerializer.Meta.fields, "agenda"]


@extend_schema_view(get=extend_schema(operation_id="overleggen_lijst", summary="Overleggen (huis)", tags=["overleggen"]))
class OverleggenView(LijstView):
    token_scope = "overleggen"
    rollen = PROCESSTAF
    serializer_class = OverlegSerializer
    filterklasse = OverlegFilter

    def basis(self):
        return Overleg.objects.select_related("overlegtype")

    def log_pagina(self, rows):
        pass  # the meeting list shows no person (as the screen, which logs nothing)


@extend_schema_view(get=extend_schema(operation_id="overleg", summary="Een overleg met zijn agenda (huis)", tags=["overleggen"]))
class OverlegView(ObjectView):
    token_scope = "overleggen"
    rollen = PROCESSTAF

    serializer_class = OverlegDetailSerializer

    def basis(self):
        return Overleg.objects.select_related("overlegtype").prefetch_related(
            Prefetch(
                "besprekingen",
                queryset=Bespreking.objects.select_related("casus").prefetch_related(
                    Prefetch("casus__personen", queryset=Persoon.objects.select_related("gemeente").order_by("pk"))
                ).order_by("volgorde", "pk"),
            )
        )

    def get_object(self):
        # Meetings have no need-to-know of their own: the screens are for house staff (the role check).
        return get_object_or_404(self.basis(), pk=self.kwargs["pk"])

    def log_object(self, overleg):
        log_toegang(
            self.request.user, Toegangslog.Actie.LIJST, "casus",
            [(b.casus_id, [p.pk for p in b.casus.personen.all()]) for b in overleg.besprekingen.all()], f"Agenda {overleg} (API)",
        )

"""Cases through the API: the list and the case as the case screens show them to this user
(Casus.objects.for_user: house staff all, a partner its involved cases under a covenant in force)."""
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from schakel.core.api_lijst import LijstView, ObjectView
from schakel.core.api_velden import NaamVeld, PersoonSerializer
from schakel.gebruikers.rollen import PROCESSTAF, Rol
from schakel.meldingen.models import Melding
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .filters import CasusFilter
from .models import Casus

ROLLEN = PROCESSTAF | {Rol.PARTNER}


def _personen():
    return Prefetch("personen", queryset=Persoon.objects.select_related("gemeente").order_by("pk"))


class CasusSerializer(serializers.ModelSerializer):
    overlegtype = NaamVeld()
    gemeente = NaamVeld()
    thema = NaamVeld()
    personen = PersoonSerializer(many=True, read_only=True)

    class Meta:
        model = Casus
        fields = ["id", "nummer", "status", "onderwerp", "overlegtype", "gemeente", "thema", "geopend_op", "personen"]


class MeldingVerwijzingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Melding
        fields = ["id", "nummer"]


class CasusDetailSerializer(CasusSerializer):
    meldingen = serializers.SerializerMethodField(help_text="De meldingen van de casus die u mag inzien.")

    class Meta(CasusSerializer.Meta):
        fields = [*CasusSerializer.Meta.fields, "meldingen"]

    @extend_schema_field(MeldingVerwijzingSerializer(many=True))
    def get_meldingen(self, obj):
        return MeldingVerwijzingSerializer(obj.zichtbare_meldingen, many=True).data


@extend_schema_view(get=extend_schema(operation_id="casussen_lijst", summary="Casussen die u mag inzien", tags=["casussen"]))
class CasussenView(LijstView):
    token_scope = "casussen"
    rollen = ROLLEN
    serializer_class = CasusSerializer
    filterklasse = CasusFilter

    def basis(self):
        return Casus.objects.for_user(self.request.user).select_related("overlegtype", "gemeente", "thema").prefetch_related(_personen())

    def log_pagina(self, rows):
        log_toegang(
            self.request.user, Toegangslog.Actie.LIJST, "casus", [(c.pk, [p.pk for p in c.personen.all()]) for c in rows],
            "Casussenlijst (API)",
        )


@extend_schema_view(get=extend_schema(operation_id="casus", summary="Een casus", tags=["casussen"]))
class CasusView(ObjectView):
    token_scope = "casussen"
    rollen = ROLLEN
    serializer_class = CasusDetailSerializer

    def basis(self):
        return Casus.objects.select_related("overlegtype", "gemeente", "thema").prefetch_related(_personen())

    def verrijk(self, casus):
        casus.zichtbare_meldingen = list(Melding.objects.for_user(self.request.user).filter(casus=casus).order_by("pk"))

    def log_object(self, casus):
        log_toegang(
            self.request.user, Toegangslog.Actie.BEKEKEN, "casus", [(casus.pk, [p.pk for p in casus.personen.all()])],
            "Casus bekijken (API)",
        )

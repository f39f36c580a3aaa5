"""Fields the API's serializers share: a category-carrying text shown only through `toon_tekst`, and a
person as the screens show it (a Persoon record, or the reporter's own copy without a record)."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.STR)
class TekstVeld(serializers.Field):
    """The text itself, or the notice 'Afgeschermd: …' when this user may not read its category
    (privacy.categorieen.toon_tekst, the one decision the screens use). The serializer's context may
    carry `casus`, the case the answer is about."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj):
        from schakel.privacy.categorieen import toon_tekst

        return str(toon_tekst(self.context["request"].user, obj, self.field_name, casus=self.context.get("casus")))


class PersoonSerializer(serializers.Serializer):
    naam = serializers.CharField(source="volledige_naam", help_text="Voornamen, tussenvoegsel en achternaam.")
    geboortedatum = serializers.DateField(allow_null=True)
    gemeente = serializers.StringRelatedField(allow_null=True)
    zoals_opgegeven = serializers.SerializerMethodField(
        help_text="Waar: de persoon zoals uw organisatie hem opgaf (geen persoonsrecord van het huis)."
    )
    in_behandeling = serializers.SerializerMethodField(
        help_text="Waar: het huis beoordeelt nog of dit een al bekende persoon is."
    )

    def get_zoals_opgegeven(self, obj) -> bool:
        return obj.pk is None

    def get_in_behandeling(self, obj) -> bool:
        return bool(getattr(obj, "in_behandeling", False))


class NaamVeld(serializers.StringRelatedField):
    """A reference row (municipality, theme, organisation) by its name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

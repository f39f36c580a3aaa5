from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from schakel.core.validators import geen_html, niet_in_toekomst

from .services import controleer_vraag, normaliseer_bsn


def _django_validator(validator):
    def run(value):
        try:
            validator(value)
        except DjangoValidationError as e:
            raise serializers.ValidationError(e.messages)

    return run


class ZsmVraagSerializer(serializers.Serializer):
    bsn = serializers.CharField(required=False, allow_blank=True, max_length=11, help_text="BSN (elfproef), of leeg.")
    achternaam = serializers.CharField(
        required=False, allow_blank=True, max_length=200, validators=[_django_validator(geen_html)],
        help_text="Achternaam; alleen samen met de geboortedatum.",
    )
    geboortedatum = serializers.DateField(
        required=False, allow_null=True, validators=[_django_validator(niet_in_toekomst)], help_text="JJJJ-MM-DD"
    )

    def validate_bsn(self, value):
        try:
            return normaliseer_bsn(value)
        except DjangoValidationError as e:
            raise serializers.ValidationError(e.messages)

    def validate(self, data):
        try:
            controleer_vraag(bsn=data.get("bsn"), achternaam=data.get("achternaam"), geboortedatum=data.get("geboortedatum"))
        except DjangoValidationError as e:
            raise serializers.ValidationError({"non_field_errors": e.messages})
        return data


class ZsmAdviesAntwoordSerializer(serializers.Serializer):
    schets = serializers.CharField()
    gewenste_maatregelen = serializers.CharField()
    geldig_tot = serializers.DateField()


class BekendHuisSerializer(serializers.Serializer):
    huis = serializers.CharField(help_text="Naam van het andere Zorg- en Veiligheidshuis.")
    contactpunt = serializers.CharField(help_text="Het contactpunt van dat huis (geen casusgegevens).")


class EldersSerializer(serializers.Serializer):
    bereikbaar = serializers.BooleanField(help_text="Antwoordde de bekendheidscheck (middenvelder) op tijd?")
    bekend_bij = BekendHuisSerializer(many=True, help_text="Andere huizen die de persoon in een actieve casus kennen.")
    melding = serializers.CharField(
        allow_blank=True, help_text="In een zin: 'Ook bekend bij …, contactpunt …', 'niet bereikbaar', of leeg.")


class ZsmAntwoordSerializer(serializers.Serializer):
    bekend = serializers.BooleanField(help_text="Is de persoon bekend bij het Zorg- en Veiligheidshuis?")
    actieve_casus = serializers.BooleanField(help_text="Loopt er nu een casus?")
    advies = ZsmAdviesAntwoordSerializer(allow_null=True, help_text="Het geldige ZSM-advies, of null.")
    contact = serializers.CharField(help_text="Met wie ZSM contact opneemt.")
    elders = EldersSerializer(
        allow_null=True, required=False,
        help_text="Bekendheidscheck bij andere huizen; null als er niet gevraagd is (geen middenvelder ingesteld of geen BSN).",
    )

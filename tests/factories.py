import factory
from faker import Faker
from django.utils import timezone

from schakel.gebruikers.models import Gebruiker, GebruikerRol
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, Thema
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon


# The scenario's persons are called Karel Jan Jansen and Anders; tests check that pages do not show
# them. A professional's generated name must not contain them ("Senn Karels", "Jansen"), or such a
# check fails now and then on a colleague's name instead of a leak.
_NAMEN_VAN_PERSONEN = ("karel", "jan", "anders")
_faker = Faker("nl_NL")


def _naam_van_professional(soort: str) -> str:
    while True:
        naam = getattr(_faker, soort)()
        if not any(deel in naam.lower() for deel in _NAMEN_VAN_PERSONEN):
            return naam


class GebruikerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gebruiker
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.LazyFunction(lambda: _naam_van_professional("first_name"))
    last_name = factory.LazyFunction(lambda: _naam_van_professional("last_name"))
    password = factory.django.Password("Schakel-test-2026")

    @factory.post_generation
    def rollen(self, create, extracted, **kwargs):
        for rol in extracted or []:
            GebruikerRol.objects.create(gebruiker=self, rol=rol)


class PersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persoon

    voornamen = factory.Faker("first_name", locale="nl_NL")
    achternaam = factory.Faker("last_name", locale="nl_NL")
    geboortedatum = factory.Faker("date_of_birth", minimum_age=16, maximum_age=70)
    geslacht = Persoon.Geslacht.MAN
    gemeente = factory.LazyFunction(lambda: Gemeente.objects.get(code="leiden"))


class MeldingFactory(factory.django.DjangoModelFactory):
    """Builds a registered melding directly (tests of the registration service use the service)."""

    class Meta:
        model = Melding
        skip_postgeneration_save = True

    ontvangen_op = factory.LazyFunction(timezone.now)
    kanaal = Melding.Kanaal.MAIL
    melder_organisatie = factory.LazyFunction(lambda: Organisatie.objects.get(code="reclassering"))
    melder_naam = factory.Faker("name", locale="nl_NL")
    gemeente = factory.LazyFunction(lambda: Gemeente.objects.get(code="leiden"))
    thema = factory.LazyFunction(lambda: Thema.objects.get(code="overlast"))
    omschrijving = "Zorgen over escalerend gedrag in de wijk."
    geregistreerd_door = factory.SubFactory(GebruikerFactory)

    @factory.post_generation
    def personen(self, create, extracted, **kwargs):
        for p in extracted or []:
            self.personen.add(p)

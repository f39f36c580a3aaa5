"""The table of visible cases per organisation (casussen.ZichtbareCasus) against the rule it stores
(for_user_volgens_regel): for every partner user, at the moments where the rule changes its mind
(around each meeting's window, a covenant's last day, a party's signing day), the table-based
for_user of Casus, Melding and Persoon returns exactly what the rule returns. Plus random changes
through the services and the admin-like saves, checked after each step, and the ops command."""
import random
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from schakel.casussen.models import Casus, CasusBetrokkenheid, ZichtbareCasus
from schakel.casussen.services import betrek_organisatie
from schakel.casussen.zichtbaarheid import herbereken_alles, verschillen
from schakel.gebruikers.rollen import Rol
from schakel.meldingen.models import Melding
from schakel.overleggen import services as overleg_services
from schakel.overleggen.models import Deelnemer, Overleg, Overlegtype
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon
from schakel.privacy.models import Convenant, ConvenantBijlage, ConvenantPartij

from .canary.wereld import bouw_wereld
from .scenario import bouw_scenario

pytestmark = pytest.mark.django_db

MODELLEN = (Casus, Melding, Persoon)


@pytest.fixture
def s(users):
    return bouw_scenario(users)


def _partners():
    from schakel.gebruikers.models import Gebruiker

    return [u for u in Gebruiker.objects.filter(organisatie__isnull=False).order_by("pk") if u.heeft_rol(Rol.PARTNER)]


def _vergelijk(moment, gebruikers):
    """Table and rule agree for every user and model at `moment`; returns how many sets were compared
    that were not empty (so the test can show it compared something)."""
    gevuld = 0
    with time_machine.travel(moment, tick=False):
        for user in gebruikers:
            for model in MODELLEN:
                tabel = set(model.objects.for_user(user).values_list("pk", flat=True))
                regel = set(model.objects.for_user_volgens_regel(user).values_list("pk", flat=True))
                assert tabel == regel, (moment, user.username, model.__name__, tabel ^ regel)
                gevuld += bool(regel)
        assert verschillen() == []
    return gevuld


def _grenzen():
    """The moments around which visibility flips: each meeting's window and each covenant's and
    party's first and last day (local midnight)."""
    dagen = settings.SCHAKEL_UITNODIGING_DAGEN
    seconde = timedelta(seconds=1)
    momenten = set()
    for datum in Overleg.objects.values_list("datum", flat=True):
        eind = datum + timedelta(days=dagen)
        momenten |= {datum - seconde, datum, datum + seconde, eind, eind + timedelta(microseconds=1), eind + seconde}

    def middernacht(d: date):
        return timezone.make_aware(datetime.combine(d, time.min))

    for van, tot in Convenant.objects.values_list("geldig_van", "geldig_tot"):
        momenten |= {middernacht(van) - seconde, middernacht(van)}
        if tot is not None:
            einde = middernacht(tot + timedelta(days=1))
            momenten |= {einde - seconde, einde}
    for d in ConvenantPartij.objects.values_list("ondertekend_op", flat=True):
        momenten |= {middernacht(d) - seconde, middernacht(d)}
    return sorted(momenten)


def test_canary_world_table_agrees_with_the_rule_at_every_boundary():
    w = bouw_wereld()
    # A party that signs later: named in the annex, signing only in five days.
    partij = ConvenantPartij.objects.filter(organisatie__code="politie").order_by("-convenant__geldig_van").first()
    partij.ondertekend_op = timezone.localdate() + timedelta(days=5)
    partij.save()
    gebruikers = [u for u in _partners() if u.username in {n.username for n in w.users.values()}]
    assert len(gebruikers) >= 5
    momenten = [m for m in _grenzen() if abs(m - timezone.now()) < timedelta(days=400)]
    assert len(momenten) >= 10
    gevuld = sum(_vergelijk(m, gebruikers) for m in momenten)
    assert gevuld > len(momenten)  # the sets were not all empty


def test_scenario_table_agrees_with_the_rule(users, s):
    overleg = overleg_services.maak_overleg(
        overleg=Overleg(overlegtype=s.casus.overlegtype, voorzitter=users["pr"], datum=timezone.now() - timedelta(days=2)), door=users["pr"]
    )
    overleg_services.agendeer(overleg=overleg, casussen=[s.casus], door=users["pr"])  # invites the fixed partners
    gebruikers = _partners()
    assert Casus.objects.for_user(users["politie"]).filter(pk=s.casus.pk).exists()
    for moment in _grenzen():
        if abs(moment - timezone.now()) < timedelta(days=400):
            _vergelijk(moment, gebruikers)


def _stap(rnd, users, casussen, organisaties, overleggen):
    """One random change through a service or a save as the admin does it."""
    keuze = rnd.randrange(9)
    casus = rnd.choice(casussen)
    organisatie = rnd.choice(organisaties)
    if keuze == 0:
        betrek_organisatie(casus=casus, organisatie=organisatie, rol=rnd.choice(CasusBetrokkenheid.Rol.values))
    elif keuze == 1:
        betrokkenheid = CasusBetrokkenheid.objects.order_by("?").first()
        if betrokkenheid:
            betrokkenheid.delete()
    elif keuze == 2:
        overleg = rnd.choice(overleggen)
        deelnemer = overleg.deelnemers.filter(organisatie=organisatie).first() or Deelnemer(overleg=overleg, organisatie=organisatie)
        try:
            if not overleg.besprekingen.filter(casus=casus).exists():
                overleg_services.agendeer(overleg=overleg, casussen=[casus], door=users["pr"])
            overleg_services.voeg_deelnemer_toe(deelnemer=deelnemer, besprekingen=overleg.besprekingen.all(), door=users["pr"])
        except ValidationError:
            pass  # not allowed on this agenda, a fixed partner or one without covenant: nothing changes
    elif keuze == 3:
        overleg = Overleg.objects.get(pk=rnd.choice(overleggen).pk)
        overleg.datum = timezone.now() + timedelta(days=rnd.randint(-50, 10), hours=rnd.randint(0, 23))
        overleg.save()
    elif keuze == 4:
        casus = Casus.objects.get(pk=casus.pk)
        casus.overlegtype = rnd.choice(list(Overlegtype.objects.all()))
        casus.save()
    elif keuze == 5:
        convenant = Convenant.objects.order_by("?").first()
        convenant.geldig_tot = rnd.choice([None, timezone.localdate() + timedelta(days=rnd.randint(-20, 20))])
        if convenant.geldig_tot and convenant.geldig_tot < convenant.geldig_van:
            convenant.geldig_tot = convenant.geldig_van
        convenant.save()
    elif keuze == 6:
        partij = ConvenantPartij.objects.order_by("?").first()
        partij.ondertekend_op = timezone.localdate() + timedelta(days=rnd.randint(-20, 20))
        partij.save()
    elif keuze == 7:
        bijlage = ConvenantBijlage.objects.order_by("?").first()
        if rnd.random() < 0.5:
            bijlage.partijen.remove(organisatie)
        else:
            bijlage.partijen.add(organisatie)
    else:
        Deelnemer.objects.filter(organisatie=organisatie, overleg=rnd.choice(overleggen)).delete()


@pytest.mark.parametrize("zaad", [1, 2])
def test_random_changes_keep_the_table_equal_to_the_rule(users, s, zaad):
    rnd = random.Random(zaad)
    casussen = [s.casus] + [
        Casus.objects.create(overlegtype=s.casus.overlegtype, gemeente=s.casus.gemeente, thema=s.casus.thema, geopend_door=users["pr"])
        for _ in range(3)
    ]
    for c in casussen[1:]:
        c.personen.add(s.persoon)
    organisaties = [users[n].organisatie for n in ("politie", "reclassering", "ggz")] + [Organisatie.objects.get(code="svg")]
    overleggen = [
        overleg_services.maak_overleg(
            overleg=Overleg(overlegtype=s.casus.overlegtype, voorzitter=users["pr"], datum=timezone.now() - timedelta(days=d)),
            door=users["pr"],
        )
        for d in (40, 5, -3)
    ]
    gebruikers = _partners()
    momenten = [timezone.now() + timedelta(days=d) for d in (-10, 0, 3, 28)]
    zichtbaar = 0
    for _ in range(30):
        _stap(rnd, users, casussen, organisaties, overleggen)
        for moment in momenten:
            assert verschillen(moment, organisaties) == [], moment
        zichtbaar += ZichtbareCasus.objects.count()
    _vergelijk(timezone.now(), gebruikers)
    assert zichtbaar  # rows were written along the way


def test_the_command_finds_a_difference_and_repairs_it(users, s, capsys):
    call_command("zichtbaarheid", "--controleer")
    assert "klopt" in capsys.readouterr().out
    rij = ZichtbareCasus.objects.first()
    assert rij is not None
    rij.delete()
    with pytest.raises(CommandError) as fout:
        call_command("zichtbaarheid", "--controleer")
    assert fout.value.returncode == 1
    assert "ontbreken" in capsys.readouterr().out
    call_command("zichtbaarheid", "--herbereken")
    call_command("zichtbaarheid", "--controleer")
    assert herbereken_alles() == ZichtbareCasus.objects.count()

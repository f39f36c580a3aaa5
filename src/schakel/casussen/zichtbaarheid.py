"""The visible cases per organisation (casussen.ZichtbareCasus): computing, maintaining, checking.

The rule (Casus.objects.for_user_volgens_regel, without the personal guest route): an organisation sees
a case while a covenant annex for the case's conference type names it, the covenant is in force and
the organisation has signed it, and the organisation is involved in the case for good (inbrenger,
actiehouder, casushouder) or is invited for its agenda item of a meeting that started at most
SCHAKEL_UITNODIGING_DAGEN days ago. All of that is time-dependent, so every row carries its validity:

- a lasting involvement: from the first day of the covenant (or the party's signing day, if later)
  until the start of the day after the covenant ends (local time, as the rule counts days);
- an invitation: from the start of the meeting until SCHAKEL_UITNODIGING_DAGEN days later (inclusive,
  so `tot` is one microsecond after that), intersected with the covenant's validity.

Rows are never stale when time passes: a query asks `van <= now < tot`. They change only when the
data the rule reads changes. The receivers at the bottom catch every save and delete of that data
(services, admin, tests, seeds alike); the bulk paths that bypass signals (beheer.bulk, beheer.demo,
queryset updates) call herbereken_alles() themselves. Each recomputation is one transaction: delete
the rows of the cases or organisations concerned, read the involvement, invitations and covenant
intervals in three queries, write the rows with one bulk insert."""
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.apps import apps as globale_apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.utils import timezone

from schakel.core.vaste_query import VasteQuery

BATCH = 5000


def _model(apps, app, naam):
    return (apps or globale_apps).get_model(app, naam)


def _begin_van_dag(dag: date) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time.min))


def convenant_intervallen(apps=None, organisatie_ids=None) -> dict[tuple[int, int], list[tuple[datetime, datetime | None]]]:
    """Per (organisation, conference type): the moments its people may see cases of that type under
    some covenant (convenant_overlegtypen per day, as half-open datetime intervals)."""
    Partij = _model(apps, "privacy", "ConvenantPartij")
    Bijlage = _model(apps, "privacy", "ConvenantBijlage")
    partijen = Partij.objects.all()
    genoemd = Bijlage.partijen.through.objects.all()
    if organisatie_ids is not None:
        partijen = partijen.filter(organisatie_id__in=organisatie_ids)
        genoemd = genoemd.filter(organisatie_id__in=organisatie_ids)
    getekend = {(c, o): d for c, o, d in partijen.values_list("convenant_id", "organisatie_id", "ondertekend_op")}
    intervallen = defaultdict(list)
    for organisatie_id, convenant_id, overlegtype_id, geldig_van, geldig_tot in genoemd.values_list(
        "organisatie_id", "convenantbijlage__convenant_id", "convenantbijlage__overlegtype_id",
        "convenantbijlage__convenant__geldig_van", "convenantbijlage__convenant__geldig_tot",
    ):
        ondertekend = getekend.get((convenant_id, organisatie_id))
        if ondertekend is None:
            continue
        eerste = max(geldig_van, ondertekend)
        if geldig_tot is not None and geldig_tot < eerste:
            continue
        tot = None if geldig_tot is None or geldig_tot >= date.max - timedelta(days=1) else _begin_van_dag(geldig_tot + timedelta(days=1))
        intervallen[(organisatie_id, overlegtype_id)].append((_begin_van_dag(eerste), tot))
    return intervallen


def _doorsnede(a_van, a_tot, b_van, b_tot):
    van = max(a_van, b_van)
    tot = b_tot if a_tot is None else a_tot if b_tot is None else min(a_tot, b_tot)
    return (van, tot) if tot is None or van < tot else None


def bereken(apps=None, casus_ids=None, organisatie_ids=None) -> set[tuple[int, int, datetime, datetime | None]]:
    """The rows (organisatie_id, casus_id, van, tot) the rule gives, for some cases, some
    organisations or all."""
    Betrokkenheid = _model(apps, "casussen", "CasusBetrokkenheid")
    Uitnodiging = _model(apps, "overleggen", "Uitnodiging")
    from schakel.casussen.models import CasusBetrokkenheid

    intervallen = convenant_intervallen(apps, organisatie_ids)
    betrokken = Betrokkenheid.objects.filter(rol__in=CasusBetrokkenheid.BLIJVEND)
    uitnodigingen = Uitnodiging.objects.all()
    if casus_ids is not None:
        betrokken = betrokken.filter(casus_id__in=casus_ids)
        uitnodigingen = uitnodigingen.filter(bespreking__casus_id__in=casus_ids)
    if organisatie_ids is not None:
        betrokken = betrokken.filter(organisatie_id__in=organisatie_ids)
        uitnodigingen = uitnodigingen.filter(deelnemer__organisatie_id__in=organisatie_ids)

    rijen = set()
    for casus_id, organisatie_id, overlegtype_id in betrokken.values_list(
        "casus_id", "organisatie_id", "casus__overlegtype_id"
    ).distinct():
        for van, tot in intervallen.get((organisatie_id, overlegtype_id), ()):
            rijen.add((organisatie_id, casus_id, van, tot))

    venster = timedelta(days=settings.SCHAKEL_UITNODIGING_DAGEN, microseconds=1)
    for casus_id, organisatie_id, overlegtype_id, datum in uitnodigingen.values_list(
        "bespreking__casus_id", "deelnemer__organisatie_id", "bespreking__casus__overlegtype_id", "bespreking__overleg__datum"
    ).distinct():
        for van, tot in intervallen.get((organisatie_id, overlegtype_id), ()):
            deel = _doorsnede(datum, datum + venster, van, tot)
            if deel is not None:
                rijen.add((organisatie_id, casus_id, *deel))
    return rijen


def _schrijf(apps, rijen) -> int:
    Zichtbaar = _model(apps, "casussen", "ZichtbareCasus")
    objecten = [Zichtbaar(organisatie_id=o, casus_id=c, van=van, tot=tot) for o, c, van, tot in rijen]
    Zichtbaar.objects.bulk_create(objecten, batch_size=BATCH)
    return len(objecten)


def _herbereken(apps, veld, ids) -> int:
    ids = sorted({i for i in ids if i is not None})
    if not ids:
        return 0
    with transaction.atomic():
        _model(apps, "casussen", "ZichtbareCasus").objects.filter(**{f"{veld}_id__in": ids}).delete()
        return _schrijf(apps, bereken(apps, **{f"{veld}_ids": ids}))


def herbereken(casus_ids, apps=None) -> int:
    """Recompute the rows of these cases (after their involvement, invitations, meetings or conference
    type changed). Returns the number of rows written."""
    return _herbereken(apps, "casus", casus_ids)


def herbereken_organisatie(organisatie_ids, apps=None) -> int:
    """Recompute the rows of these organisations (after a covenant party or annex naming them changed)."""
    return _herbereken(apps, "organisatie", organisatie_ids)


def herbereken_alles(apps=None) -> int:
    """Rebuild the whole table (bulk paths, the data migration, `schakel zichtbaarheid --herbereken`)."""
    with transaction.atomic():
        _model(apps, "casussen", "ZichtbareCasus").objects.all().delete()
        return _schrijf(apps, bereken(apps))


# Reading ---------------------------------------------------------------------------------------


def _zichtbaar(organisatie_id, begonnen_voor, eindigt_na):
    from schakel.casussen.models import ZichtbareCasus

    return (
        ZichtbareCasus.objects.filter(organisatie_id=organisatie_id, van__lte=begonnen_voor)
        .filter(models.Q(tot__isnull=True) | models.Q(tot__gt=eindigt_na))
        .values("casus_id")
    )


def zichtbare_casus_ids(organisatie_id, nu=None):
    """Subquery of the ids of the cases this organisation may see now (guest route excluded)."""
    nu = nu or timezone.now()
    return _zichtbaar(organisatie_id, nu, nu)


# Building that subquery cost a partner's melding list a fifth of a millisecond on every page; the SQL
# does not change, only the organisation and the moment.
_ZICHTBAAR = VasteQuery(_zichtbaar, (int, datetime, datetime))


def zichtbare_casus_ids_vast(organisatie_id: int, nu=None) -> RawSQL:
    """zichtbare_casus_ids as SQL built once per process, to filter on (`casus_id__in_array=…`);
    tests/test_zichtbaarheid.py holds both against the rule."""
    nu = nu or timezone.now()
    return _ZICHTBAAR.subquery(organisatie_id, nu, nu)


def verschillen(nu=None, organisaties=None) -> list[tuple[object, set[int], set[int]]]:
    """Per organisation (all, or these): the cases the rule gives but the table misses, and the cases
    the table gives but the rule does not. Empty when they agree."""
    from schakel.casussen.models import Casus
    from schakel.partners.models import Organisatie

    nu = nu or timezone.now()
    uitkomst = []
    for organisatie in organisaties or Organisatie.objects.order_by("pk"):
        tabel = set(Casus.objects.filter(pk__in=zichtbare_casus_ids(organisatie.pk, nu)).values_list("pk", flat=True))
        regel = set(Casus.objects.volgens_regel(organisatie.pk, nu).values_list("pk", flat=True))
        if tabel != regel:
            uitkomst.append((organisatie, regel - tabel, tabel - regel))
    return uitkomst


# Maintenance on every change of what the rule reads --------------------------------------------
# Safety net for every writer (services, the admin, tests, fixtures): a save or delete of one of these
# rows recomputes the rows of the cases or organisations it concerns, in the same transaction.
# Queryset .update()/.delete() of these fields and bulk_create bypass signals: the bulk paths call
# herbereken_alles() themselves.

_BEWAAKT = {  # model label: the fields whose change matters
    "casussen.Casus": ("overlegtype_id",),
    "overleggen.Overleg": ("datum",),
    "overleggen.Bespreking": ("casus_id", "overleg_id"),
    "overleggen.Deelnemer": ("organisatie_id", "overleg_id"),
}


def _onthoud(sender, instance, **kwargs):
    # Only what was loaded: a deferred field is not fetched here.
    instance._zichtbaarheid_was = tuple(instance.__dict__.get(v) for v in _BEWAAKT[sender._meta.label])


def _gewijzigd(sender, instance, update_fields):
    velden = _BEWAAKT[sender._meta.label]
    if update_fields is not None and not {v.removesuffix("_id") for v in velden} & {v.removesuffix("_id") for v in update_fields}:
        return False
    return getattr(instance, "_zichtbaarheid_was", None) != tuple(instance.__dict__.get(v) for v in velden)


def _casussen_van(sender, instance):
    label = sender._meta.label
    if label == "casussen.Casus":
        return [instance.pk]
    if label in ("casussen.CasusBetrokkenheid",):
        return [instance.casus_id]
    if label == "overleggen.Uitnodiging":
        if type(instance).bespreking.is_cached(instance):
            return [instance.bespreking.casus_id]
        Bespreking = _model(None, "overleggen", "Bespreking")
        return list(Bespreking.objects.filter(pk=instance.bespreking_id).values_list("casus_id", flat=True))
    if label == "overleggen.Bespreking":
        return [instance.casus_id, *(getattr(instance, "_zichtbaarheid_was", None) or (None,))[:1]]
    if label == "overleggen.Overleg":
        Bespreking = _model(None, "overleggen", "Bespreking")
        return list(Bespreking.objects.filter(overleg_id=instance.pk).values_list("casus_id", flat=True))
    if label == "overleggen.Deelnemer":
        Bespreking = _model(None, "overleggen", "Bespreking")
        return list(Bespreking.objects.filter(uitnodigingen__deelnemer_id=instance.pk).values_list("casus_id", flat=True))
    return []


def _na_opslaan(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if sender._meta.label in _BEWAAKT:
        gewijzigd = not created and _gewijzigd(sender, instance, update_fields)
        casus_ids = _casussen_van(sender, instance) if gewijzigd else []  # before forgetting the old values
        _onthoud(sender, instance)
        herbereken(casus_ids)  # a new row: nothing points at it yet
        return
    if sender._meta.label == "casussen.CasusBetrokkenheid" and instance.rol not in _blijvend() and created:
        return
    herbereken(_casussen_van(sender, instance))


def _na_verwijderen(sender, instance, **kwargs):
    herbereken(_casussen_van(sender, instance))


def _blijvend():
    from schakel.casussen.models import CasusBetrokkenheid

    return CasusBetrokkenheid.BLIJVEND


def _convenant_gewijzigd(sender, instance, raw=False, **kwargs):
    if raw:
        return
    Partij = _model(None, "privacy", "ConvenantPartij")
    Bijlage = _model(None, "privacy", "ConvenantBijlage")
    label = sender._meta.label
    if label == "privacy.ConvenantPartij":
        organisaties = [instance.organisatie_id, getattr(instance, "_zichtbaarheid_org", None)]
    else:
        convenant_id = instance.pk if label == "privacy.Convenant" else instance.convenant_id
        organisaties = list(Partij.objects.filter(convenant_id=convenant_id).values_list("organisatie_id", flat=True))
        organisaties += list(Bijlage.partijen.through.objects.filter(
            convenantbijlage__convenant_id=convenant_id).values_list("organisatie_id", flat=True))
    herbereken_organisatie(organisaties)


def _partijen_gewijzigd(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    Bijlage = _model(None, "privacy", "ConvenantBijlage")
    if action == "pre_clear":
        # The ids are gone after the clear: remember them.
        if reverse:
            instance._zichtbaarheid_clear = [instance.pk]
        else:
            instance._zichtbaarheid_clear = list(
                Bijlage.partijen.through.objects.filter(convenantbijlage_id=instance.pk).values_list("organisatie_id", flat=True))
        return
    if action == "post_clear":
        organisaties = getattr(instance, "_zichtbaarheid_clear", [])
    elif reverse:  # organisatie.convenantbijlagen.add(...)
        organisaties = [instance.pk]
    else:
        organisaties = list(pk_set or ())
    herbereken_organisatie(organisaties)


def _partij_onthoud(sender, instance, **kwargs):
    instance._zichtbaarheid_org = instance.__dict__.get("organisatie_id")


def _instelling_gewijzigd(setting, **kwargs):
    # The window length is part of every invitation row. In production a changed setting needs
    # `schakel zichtbaarheid --herbereken` after the restart; tests that change it get it here.
    if setting == "SCHAKEL_UITNODIGING_DAGEN":
        herbereken_alles()


def verbind():
    from django.core.signals import setting_changed

    from schakel.casussen.models import Casus, CasusBetrokkenheid
    from schakel.overleggen.models import Bespreking, Deelnemer, Overleg, Uitnodiging
    from schakel.privacy.models import Convenant, ConvenantBijlage, ConvenantPartij

    for model in (Casus, Overleg, Bespreking, Deelnemer):
        post_init.connect(_onthoud, sender=model, dispatch_uid=f"zichtbaarheid-init-{model._meta.label}")
    for model in (Casus, Overleg, Bespreking, Deelnemer, CasusBetrokkenheid, Uitnodiging):
        post_save.connect(_na_opslaan, sender=model, dispatch_uid=f"zichtbaarheid-save-{model._meta.label}")
    for model in (CasusBetrokkenheid, Uitnodiging, Bespreking, Deelnemer):
        post_delete.connect(_na_verwijderen, sender=model, dispatch_uid=f"zichtbaarheid-delete-{model._meta.label}")
    post_init.connect(_partij_onthoud, sender=ConvenantPartij, dispatch_uid="zichtbaarheid-init-partij")
    for model in (Convenant, ConvenantPartij, ConvenantBijlage):
        post_save.connect(_convenant_gewijzigd, sender=model, dispatch_uid=f"zichtbaarheid-save-{model._meta.label}")
        post_delete.connect(_convenant_gewijzigd, sender=model, dispatch_uid=f"zichtbaarheid-delete-{model._meta.label}")
    setting_changed.connect(_instelling_gewijzigd, dispatch_uid="zichtbaarheid-instelling")
    m2m_changed.connect(_partijen_gewijzigd, sender=ConvenantBijlage.partijen.through, dispatch_uid="zichtbaarheid-partijen")

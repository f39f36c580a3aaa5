"""Writing to the access and change logs. Callers pass ids only; names and BSNs never reach a log line."""
from collections.abc import Iterable

from django.db import models

from .models import Mutatielog, Toegangslog


def _snapshot(user) -> dict:
    return {
        "gebruiker": user,
        "organisatie": user.organisatie.naam if user.organisatie_id else "",
        "rollen": ",".join(sorted(user.rollen)),
    }


def log_toegang(user, actie: str, objecttype: str, items: Iterable[tuple[int, Iterable[int]]], doel: str) -> int:
    """One row per (object, person shown), in one INSERT, so a list page costs one query to log.

    `items` yields (object_id, person_ids); an object without persons still gets one row."""
    who = _snapshot(user)
    rows = []
    for object_id, persoon_ids in items:
        persoon_ids = list(persoon_ids) or [None]
        rows.extend(
            Toegangslog(actie=actie, objecttype=objecttype, object_id=object_id, persoon_id=p, doel=doel, **who)
            for p in persoon_ids
        )
    if rows:
        Toegangslog.objects.bulk_create(rows)
    return len(rows)


def _value(obj, field: models.Field):
    value = getattr(obj, field.attname)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def waarden(obj, velden: Iterable[str] | None = None) -> dict:
    """The loggable values of a model instance, keyed by field name (foreign keys by id)."""
    fields = [f for f in obj._meta.concrete_fields if not f.primary_key]
    if velden is not None:
        fields = [f for f in fields if f.name in set(velden)]
    return {f.name: _value(obj, f) for f in fields}


def log_mutatie(user, obj, oud: dict | None) -> Mutatielog | None:
    """Record what changed; `oud` is `waarden(obj)` from before the change, or None for a new object."""
    nieuw = waarden(obj, oud.keys() if oud else None)
    if oud is None:
        wijzigingen = {k: [None, v] for k, v in nieuw.items()}
        actie = "aangemaakt"
    else:
        wijzigingen = {k: [oud[k], v] for k, v in nieuw.items() if oud[k] != v}
        actie = "gewijzigd"
        if not wijzigingen:
            return None
    return Mutatielog.objects.create(
        gebruiker=user, objecttype=obj._meta.model_name, object_id=obj.pk, actie=actie, wijzigingen=wijzigingen
    )


def log_casus_inzage(user, casus, doel: str) -> int:
    """A screen that shows a case shows its persons: one row per person (or one for the case)."""
    return log_toegang(user, Toegangslog.Actie.BEKEKEN, "casus", [(casus.pk, casus.personen.values_list("pk", flat=True))], doel)

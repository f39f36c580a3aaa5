"""The sections of the case page, one per app that hangs work off a case.

Each such app has `<app>/casus.py` with `onderdeel(request, casus) -> dict | None` (the context for
`<app>/_casus.html`, or None for no section) and may declare `AANWEZIG`: per kind of row it shows, a
function from a reference to the case's id to the rows of that kind (`lambda casus: Bespreking.objects
.filter(casus=casus)`). The case page asks once, in one query built once per process, which of those
kinds the case has at all (`inhoud`), and a section skips the query for a kind the case has none of
(`heeft`): a new case has nearly all of its eight sections empty, and asked eight queries to show that.
"""
from importlib import import_module

from django.db.models import Exists, OuterRef

from schakel.core.vaste_query import VasteQuery

ONDERDELEN = ["overleggen", "plannen", "monitoring", "opschaling", "zsm", "casussen"]


def _modules():
    modules = []
    for app in ONDERDELEN:
        try:
            modules.append((app, import_module(f"schakel.{app}.casus")))
        except ModuleNotFoundError:
            continue
    return modules


_inhoud: VasteQuery | None = None


def _inhoud_query() -> VasteQuery:
    global _inhoud
    if _inhoud is None:
        from .models import Casus

        soorten = {naam: rijen for _, module in _modules() for naam, rijen in getattr(module, "AANWEZIG", {}).items()}
        _inhoud = VasteQuery(
            lambda pk: Casus.objects.filter(pk=pk).only("pk").annotate(
                **{f"heeft_{naam}": Exists(rijen(OuterRef("pk"))) for naam, rijen in soorten.items()}),
            (int,),
        )
        _inhoud.soorten = list(soorten)
    return _inhoud


def inhoud(casus) -> dict[str, bool]:
    """Per kind of row a section shows: whether the case has any."""
    query = _inhoud_query()
    rij = query.eerste(casus.pk)
    return {naam: bool(getattr(rij, f"heeft_{naam}")) for naam in query.soorten} if rij is not None else {}


def heeft(casus, naam: str) -> bool:
    """False only when the case page found that the case has no rows of this kind; a section used
    without that count (or for a kind it does not know) asks its own query as before."""
    return getattr(casus, "inhoud", {}).get(naam, True)


def secties(request, casus) -> list[dict]:
    casus.inhoud = inhoud(casus)
    uit = []
    for app, module in _modules():
        context = module.onderdeel(request, casus)
        if context is not None:
            uit.append({"template": f"{app}/_casus.html", "context": context})
    return uit

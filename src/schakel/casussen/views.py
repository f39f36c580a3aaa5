from django.db import transaction
from django.db.models import F
from django.shortcuts import render

from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.lijsten import lijst as lijst_context
from schakel.gebruikers.rollen import PROCESSTAF, Rol
from schakel.meldingen.models import Melding
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .filters import CasusFilter
from .models import Casus
from .onderdelen import secties
from .services import registreer_bezoek
from .tijdlijn import tijdlijn as casus_tijdlijn

ROLLEN = PROCESSTAF | {Rol.PARTNER}


def personen_per_casus(casus_ids: list[int]) -> dict[int, list[Persoon]]:
    """The persons of each case on a page, with only what a list row shows, in one query and without
    the prefetch machinery (a manager and a queryset per case). Each case's
    persons in the order of their id, as `casus.personen.order_by("pk")`."""
    uit: dict[int, list[Persoon]] = {pk: [] for pk in casus_ids}
    if casus_ids:
        for p in (Persoon.objects.filter(casussen__in=casus_ids).annotate(_casus_id=F("casussen__id"))
                  .only("voornamen", "tussenvoegsel", "achternaam", "geboortedatum").order_by("pk")):
            uit[p._casus_id].append(p)
    return uit


@rol_vereist(*ROLLEN)
def lijst(request):
    qs = (
        Casus.objects.for_user(request.user)
        .select_related("overlegtype", "gemeente", "procesregisseur")
        # Only the columns the list shows (not, for one, the procesregisseur's password hash).
        .only("geopend_op", "status", "heragenderen_sinds", "overlegtype__naam", "gemeente__naam",
              "procesregisseur__first_name", "procesregisseur__last_name", "procesregisseur__username")
    )
    context, status = lijst_context(request, qs, CasusFilter)
    pagina = context["pagina"]
    personen = personen_per_casus([c.pk for c in pagina.rows])
    for c in pagina.rows:
        c.getoonde_personen = personen[c.pk]
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "casus", [(c.pk, [p.pk for p in c.getoonde_personen]) for c in pagina.rows], "Casussenlijst"
    )
    return render(request, "casussen/lijst.html", context, status=status)


@rol_vereist(*ROLLEN)
def detail(request, pk):
    casus = get_for_user_or_403(Casus.objects.select_related("overlegtype", "gemeente", "thema", "procesregisseur"), request.user, pk)
    personen = list(casus.personen.select_related("gemeente").order_by("pk"))
    casus.__dict__["persoon_ids"] = [p.pk for p in personen]  # the sections log them too; asked once
    # One commit (one flush of the write-ahead log) for the access log and the visit: both or neither.
    with transaction.atomic():
        log_toegang(request.user, Toegangslog.Actie.BEKEKEN, "casus", [(casus.pk, [p.pk for p in personen])], "Casus bekijken")
        registreer_bezoek(gebruiker=request.user, casus=casus)
    return render(
        request,
        "casussen/detail.html",
        {
            "casus": casus,
            "personen": personen,
            "betrokkenheden": casus.betrokkenheden.select_related("organisatie", "gebruiker"),
            "meldingen": Melding.objects.for_user(request.user).filter(casus=casus).select_related("thema"),
            "statushistorie": casus.statushistorie.select_related("door"),
            "onderdelen": secties(request, casus),
        },
    )


@rol_vereist(*ROLLEN)
def tijdlijn(request, pk):
    casus = get_for_user_or_403(Casus.objects.select_related("overlegtype"), request.user, pk)
    persoon_ids = list(casus.personen.values_list("pk", flat=True))
    log_toegang(request.user, Toegangslog.Actie.BEKEKEN, "casus", [(casus.pk, persoon_ids)], "Tijdlijn casus")
    return render(request, "casussen/tijdlijn.html", {"casus": casus, "gebeurtenissen": casus_tijdlijn(casus, request.user)})

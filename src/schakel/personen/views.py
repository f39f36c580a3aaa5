import re
from contextlib import nullcontext

from django import forms
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import render

from schakel.casussen.models import Casus
from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.forms import ingediend
from schakel.gebruikers.rollen import PROCESSTAF, Rol
from schakel.meldingen.models import Melding
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .models import Persoon, zoeknaam

MAX_TREFFERS = 50
_MELDINGNUMMER = re.compile(r"^\s*M-?0*(\d+)\s*$", re.IGNORECASE)


class ZoekForm(forms.Form):
    q = forms.CharField(
        label="Zoek op BSN, achternaam of meldingnummer",
        min_length=2,
        max_length=100,
        error_messages={"min_length": "Geef minstens 2 tekens op.", "required": "Vul een zoekterm in."},
    )


@rol_vereist(*PROCESSTAF, Rol.PARTNER)
def zoeken(request):
    """POST only for the search term: names and BSNs must never appear in a URL or a server log."""
    form = ZoekForm(ingediend(request))
    personen, meldingen = [], []
    if request.method == "POST" and form.is_valid():
        q = form.cleaned_data["q"].strip()
        zichtbare_meldingen = Melding.objects.for_user(request.user)
        nummer = _MELDINGNUMMER.match(q)
        if nummer:
            meldingen = list(zichtbare_meldingen.filter(pk=int(nummer.group(1))).select_related("gemeente"))
        else:
            # Only what the result table shows: not the BSN, addresses or aliases of fifty persons.
            qs = Persoon.objects.for_user(request.user).select_related("gemeente").only(
                "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "gemeente__naam")
            compact = q.replace(" ", "")
            qs = qs.filter(bsn=compact) if compact.isdigit() else qs.filter(zoeknaam__startswith=zoeknaam(q))
            personen = list(
                qs.order_by("zoeknaam", "geboortedatum", "pk").prefetch_related(
                    Prefetch("meldingen", queryset=zichtbare_meldingen.only("pk").order_by("-ontvangen_op"),
                             to_attr="zichtbare_meldingen")
                )[:MAX_TREFFERS]
            )
            if not request.user.is_processtaf and request.user.organisatie_id:
                # A reporter finds its own meldingen by the person as it typed it, not through the
                # house's person record (which it may not be entitled to).
                opgave = (Q(koppelingen__opgave__bsn=compact) if compact.isdigit()
                          else Q(koppelingen__opgave__zoeknaam__startswith=zoeknaam(q)))
                meldingen = list(
                    Melding.objects.filter(opgave, melder_organisatie_id=request.user.organisatie_id)
                    .exclude(koppelingen__opgave__isnull=True).distinct().select_related("gemeente")
                    .order_by("-ontvangen_op")[:MAX_TREFFERS]
                )
        # Both kinds of hits in one commit; a single write commits by itself.
        with transaction.atomic() if personen and meldingen else nullcontext():
            log_toegang(
                request.user, Toegangslog.Actie.ZOEKTREFFER, "persoon", [(p.pk, [p.pk]) for p in personen], "Zoeken"
            )
            log_toegang(request.user, Toegangslog.Actie.ZOEKTREFFER, "melding", [(m.pk, []) for m in meldingen], "Zoeken")
    return render(
        request,
        "personen/zoeken.html",
        {"form": form, "personen": personen, "meldingen": meldingen, "gezocht": request.method == "POST" and form.is_valid(),
         "max_treffers": MAX_TREFFERS},
        status=400 if form.errors else 200,
    )


def detail(request, pk):
    persoon = get_for_user_or_403(Persoon.objects.select_related("gemeente"), request.user, pk)
    meldingen = list(
        Melding.objects.for_user(request.user).filter(personen=persoon).select_related("gemeente", "thema", "melder_organisatie")
    )
    casussen = list(Casus.objects.for_user(request.user).filter(personen=persoon).select_related("overlegtype"))
    log_toegang(request.user, Toegangslog.Actie.BEKEKEN, "persoon", [(persoon.pk, [persoon.pk])], "Persoon bekijken")
    from schakel.avg.services import is_beperkt

    return render(
        request, "personen/detail.html",
        {"persoon": persoon, "meldingen": meldingen, "casussen": casussen, "beperkt": is_beperkt(persoon)},
    )

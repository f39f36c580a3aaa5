"""Information categories on the data itself (design §4: medical, Veilig Thuis, police and justice
details only to the parties the covenant annex names).

Every free text that can carry special-category data has a `categorie` (see `TEKSTEN`), chosen once by
whoever writes it, and is shown only through `toon_tekst` (template tag `{% toon_tekst obj "veld" %}`),
which asks the one decision `mag_categorie_zien`. Who may read a text with a category:
- house staff (informatiecoördinator, procesregisseur) always;
- the organisation that wrote it (the reporter of a melding, the municipality that answered an uitvraag,
  the organisation that holds an action), as long as the user works there as a professional;
- within a case: a partner, ZSM or municipal professional whose organisation a valid annex for the
  case's conference type allows that category;
- nobody else: outside a case there is no annex to allow it, and the management roles (ketenmanager,
  FG, functioneel beheerder) read no case content (design §1), so they see the notice instead.

The allowed set is computed once per user, conference type and day and kept on the user object, so a
page asks the database once, however many rows it shows."""
from dataclasses import dataclass
from functools import reduce

from django.utils import timezone

from schakel.gebruikers.rollen import Rol

AFGESCHERMD = "Afgeschermd: {categorie} (alleen voor partijen die de convenantbijlage noemt)"

# Roles that work on cases; the other roles (ketenmanager, FG, beheerder) never read category text.
_WERKROLLEN = frozenset({Rol.PARTNER, Rol.ZSM, Rol.GEMEENTE_CONTACT})


@dataclass(frozen=True)
class Tekstsoort:
    """Where a record keeps its category-carrying texts, its case and the organisation that wrote them."""

    velden: tuple[str, ...]
    casus: str = "casus"  # dotted path to the case ('' when the record never belongs to one)
    schrijver: str = ""  # dotted path to the id of the organisation that wrote the text


# The register: every free text that can carry special-category data. The guard test
# (tests/test_categorieen.py) fails when a template shows one of these fields without `toon_tekst`.
TEKSTEN: dict[str, Tekstsoort] = {
    "meldingen.melding": Tekstsoort(("omschrijving",), schrijver="melder_organisatie_id"),
    "meldingen.terugkoppeling": Tekstsoort(("tekst",), casus="melding.casus", schrijver="melding.melder_organisatie_id"),
    "briefing.weging": Tekstsoort(("motivatie_a", "motivatie_b", "motivatie_c", "motivatie_d", "motivatie_buiten_kader", "toelichting")),
    "uitvragen.informatieuitvraag": Tekstsoort(("antwoord",), casus="melding.casus", schrijver="beantwoord_door.organisatie_id"),
    "overleggen.bespreking": Tekstsoort(("notulen", "besluiten")),
    "plannen.planvanaanpak": Tekstsoort(("toelichting",)),
    "plannen.doel": Tekstsoort(("omschrijving",), casus="plan.casus"),
    "plannen.actie": Tekstsoort(("omschrijving", "reden_niet_gedaan"), casus="plan.casus", schrijver="organisatie_id"),
    "monitoring.monitoringcontact": Tekstsoort(("toelichting",)),
    "monitoring.verlenging": Tekstsoort(("reden",)),
    "opschaling.opschaling": Tekstsoort(("reden", "gevraagd_besluit", "genomen_besluit", "uitkomst")),
    "zsm.zsmadvies": Tekstsoort(("schets", "gewenste_maatregelen")),
    "casussen.afsluiting": Tekstsoort(("toelichting",)),
}


class Afgeschermd(str):
    """The notice shown in place of a text the viewer may not read; a str so it fits anywhere a text does."""

    afgeschermd = True


def _toegestane_ids(user, overlegtype_id) -> frozenset[int]:
    from .models import toegestane_categorie_rijen

    dag = timezone.localdate()
    cache = getattr(user, "_schakel_categorieen", None)
    if cache is None:
        cache = user._schakel_categorieen = {}
    sleutel = (overlegtype_id, dag)
    if sleutel not in cache:
        if user.organisatie_id is None or overlegtype_id is None:
            cache[sleutel] = frozenset()
        else:
            # A guest's organisation is no party of any annex, so a guest gets the empty set: he only
            # reads rows without a special category.
            cache[sleutel] = frozenset(
                toegestane_categorie_rijen(user.organisatie_id, overlegtype_id, dag).values_list("categorie_id", flat=True)
            )
    return cache[sleutel]


def _werkt_aan_casussen(user) -> bool:
    return bool(user.rollen & _WERKROLLEN)


def mag_categorie_zien(user, casus, categorie_id, *, houder_organisatie_id=None) -> bool:
    """May `user` read a text of category `categorie_id` (None: general information) in `casus`
    (None: a melding or weighing that belongs to no case)? `houder_organisatie_id` is the organisation
    that wrote the text (or holds the action): it always reads its own words back."""
    if categorie_id is None or user.is_processtaf:
        return True
    if not _werkt_aan_casussen(user):
        return False
    if houder_organisatie_id is not None and houder_organisatie_id == user.organisatie_id:
        return True
    if casus is None:
        return False
    return categorie_id in _toegestane_ids(user, casus.overlegtype_id)


def categorie_naam(user, categorie_id) -> str:
    from .models import InformatieCategorie

    namen = getattr(user, "_schakel_categorienamen", None)
    if namen is None:
        namen = user._schakel_categorienamen = dict(InformatieCategorie.objects.values_list("pk", "naam"))
    return namen.get(categorie_id, "bijzondere informatie")


def melding_afgeschermd(user, categorie_id) -> Afgeschermd:
    return Afgeschermd(AFGESCHERMD.format(categorie=categorie_naam(user, categorie_id)))


def afscherming(user, casus, categorie, *, houder_organisatie_id=None) -> str:
    """'' when the text may be shown, otherwise the Dutch notice shown in its place."""
    if categorie is None or mag_categorie_zien(user, casus, categorie.pk, houder_organisatie_id=houder_organisatie_id):
        return ""
    return AFGESCHERMD.format(categorie=categorie.naam)


def tekstsoort(obj) -> Tekstsoort | None:
    return TEKSTEN.get(obj._meta.label_lower)


def _volg(obj, pad: str):
    return reduce(lambda o, deel: None if o is None else getattr(o, deel), pad.split("."), obj)


def _casus_van(obj, soort: Tekstsoort, bekende_casus):
    """The record's case, without a query when the page already holds it (the case page passes it)."""
    if not soort.casus:
        return None
    *ouders, laatste = soort.casus.split(".")
    houder = _volg(obj, ".".join(ouders)) if ouders else obj
    if houder is None:
        return None
    casus_id = getattr(houder, f"{laatste}_id")
    if casus_id is None:
        return None
    if bekende_casus is not None and bekende_casus.pk == casus_id:
        return bekende_casus
    return getattr(houder, laatste)


def mag_tekst_zien(user, obj, *, casus=None) -> bool:
    """May `user` read the category-carrying texts of record `obj`? `casus`: the case the page shows."""
    soort = tekstsoort(obj)
    if soort is None:
        raise LookupError(f"{obj._meta.label} staat niet in privacy.categorieen.TEKSTEN")
    categorie_id = obj.categorie_id
    if categorie_id is None or user.is_processtaf:
        return True
    schrijver = _volg(obj, soort.schrijver) if soort.schrijver else None
    return mag_categorie_zien(user, _casus_van(obj, soort, casus), categorie_id, houder_organisatie_id=schrijver)


def toon_tekst(user, obj, veld: str, *, casus=None) -> str:
    """The one way to show a category-carrying text: the text itself, or an `Afgeschermd` notice."""
    soort = tekstsoort(obj)
    if soort is None or veld not in soort.velden:
        raise LookupError(f"{obj._meta.label}.{veld} staat niet in privacy.categorieen.TEKSTEN")
    tekst = getattr(obj, veld) or ""
    if not tekst or mag_tekst_zien(user, obj, casus=casus):
        return tekst
    return melding_afgeschermd(user, obj.categorie_id)

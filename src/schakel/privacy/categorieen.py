"""Information categories on the data itself: who may read minutes or an action description that
carries a special category (design §4: medical and Veilig Thuis details only to the parties the
covenant annex names).

The single decision is `mag_categorie_zien`. The allowed set is computed once per user, case and day
and kept on the user object, so a page asks the database once, however many rows it shows."""
from django.utils import timezone

from .models import toegestane_categorie_rijen

AFGESCHERMD = "Afgeschermd: {categorie} (alleen voor partijen die de convenantbijlage noemt)"


def _toegestane_ids(user, casus) -> frozenset[int]:
    dag = timezone.localdate()
    cache = getattr(user, "_schakel_categorieen", None)
    if cache is None:
        cache = user._schakel_categorieen = {}
    sleutel = (casus.overlegtype_id, dag)
    if sleutel not in cache:
        if user.organisatie_id is None:
            cache[sleutel] = frozenset()
        else:
            # A guest's organisation is no party of any annex, so a guest gets the empty set: he only
            # reads rows without a special category.
            cache[sleutel] = frozenset(
                toegestane_categorie_rijen(user.organisatie_id, casus.overlegtype_id, dag).values_list("categorie_id", flat=True)
            )
    return cache[sleutel]


def mag_categorie_zien(user, casus, categorie_id, *, houder_organisatie_id=None) -> bool:
    """May `user` read a text of category `categorie_id` (None: general information) in `casus`?

    House staff always; a partner when a valid annex for the case's conference type allows his
    organisation that category; the organisation that holds an action always reads its own action."""
    if categorie_id is None or user.is_processtaf:
        return True
    if houder_organisatie_id is not None and houder_organisatie_id == user.organisatie_id:
        return True
    return categorie_id in _toegestane_ids(user, casus)


def afscherming(user, casus, categorie, *, houder_organisatie_id=None) -> str:
    """'' when the text may be shown, otherwise the Dutch notice shown in its place."""
    if categorie is None or mag_categorie_zien(user, casus, categorie.pk, houder_organisatie_id=houder_organisatie_id):
        return ""
    return AFGESCHERMD.format(categorie=categorie.naam)

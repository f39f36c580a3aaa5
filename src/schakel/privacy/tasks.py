"""The daily checkpoint of the log chains (django-q2 schedule registered in apps.py, or `schakel logcontrolepunt`)."""
import json
import logging

from django.conf import settings
from django.core.mail import send_mail

TAAK = "schakel.privacy.tasks.dagelijks_controlepunt"

logger = logging.getLogger(__name__)


def controlepunt_maken(map_=None):
    """Write a checkpoint, mail it if configured, and return (path, content, warnings). A head behind an
    earlier checkpoint is a warning: the new checkpoint records it, the earlier ones keep the proof."""
    from . import keten

    eerder = keten.lees_controlepunten(map_)
    pad, inhoud = keten.schrijf_controlepunt(map_)
    waarschuwingen = list(eerder.fouten)
    for naam, kop in inhoud["ketens"].items():
        for punt in eerder.punten:
            if naam in punt.ketens and punt.ketens[naam][0] > kop["volgnummer"]:
                waarschuwingen.append(
                    f"{naam}: de kop staat op volgnummer {kop['volgnummer']}, maar controlepunt {punt.bestand} "
                    f"({punt.tijdstip}) noemde al {punt.ketens[naam][0]}: de keten is ingekort of teruggezet."
                )
                break
    if settings.SCHAKEL_LOG_CHECKPOINT_MAIL:
        send_mail(
            f"Schakel: controlepunt logketens {inhoud['tijdstip']}",
            "Bewaar dit controlepunt buiten Schakel. Controleren: schakel verifieer_log --controlepunten <map met dit bestand>.\n\n"
            + json.dumps(inhoud, ensure_ascii=False, indent=2, sort_keys=True),
            settings.DEFAULT_FROM_EMAIL, settings.SCHAKEL_LOG_CHECKPOINT_MAIL,
        )
    return pad, inhoud, waarschuwingen


def dagelijks_controlepunt() -> str:
    from . import partities

    pad, _, waarschuwingen = controlepunt_maken()
    # The months ahead, and the months past the retention term (PostgreSQL; nothing on SQLite).
    partities.maak_partities()
    verwijderd = []
    try:
        verwijderd = partities.opruimen()
    except ValueError as e:
        waarschuwingen.append(str(e))
    for w in waarschuwingen:
        logger.error("%s", w)
    return (f"{pad}" + (f" ({len(waarschuwingen)} waarschuwingen)" if waarschuwingen else "")
            + (f"; verwijderd: {', '.join(verwijderd)}" if verwijderd else ""))

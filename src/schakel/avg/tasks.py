"""The daily retention run (django-q2 schedule registered in apps.py, or `schakel bewaartermijnen`)."""
import logging

TAAK = "schakel.avg.tasks.verwerk_bewaartermijnen"

logger = logging.getLogger(__name__)


def verwerk_bewaartermijnen() -> str:
    from .retentie import verwerk

    rapport = verwerk()
    logger.info("%s", rapport)
    return str(rapport)

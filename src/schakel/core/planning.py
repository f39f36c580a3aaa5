"""Daily background jobs as django-q2 schedules, registered after migrate."""
from datetime import datetime, time, timedelta

from django.utils import timezone


def dagelijkse_taak(*, using: str, naam: str, func: str, om: time) -> None:
    """Create the schedule once, first run tomorrow at `om`; later edits in beheer are kept."""
    from django_q.models import Schedule

    if Schedule.objects.using(using).filter(func=func).exists():
        return
    morgen = timezone.localdate() + timedelta(days=1)
    Schedule.objects.using(using).create(
        name=naam, func=func, schedule_type=Schedule.DAILY, repeats=-1,
        next_run=timezone.make_aware(datetime.combine(morgen, om)),
    )

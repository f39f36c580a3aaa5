"""Dates as the house means them: a day runs from Dutch local midnight to the next."""
from datetime import date, datetime, time

from django.utils import timezone


def dagbegin(dag: date) -> datetime:
    """The first moment of `dag` in local time, so filtering a datetime on it follows the Dutch date."""
    return timezone.make_aware(datetime.combine(dag, time.min))

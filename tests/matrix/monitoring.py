"""URLs of monitoring: house staff only (the procesregisseur runs the monitoring)."""
from django.urls import reverse
from django.utils import timezone

from schakel.monitoring.models import Monitoringcontact

from . import STAF
from .plannen import eigen_casus


def urls(s, users):
    casus = eigen_casus(s, users)
    contact = Monitoringcontact.objects.create(casus=casus, termijn="Na 1 week", gepland_op=timezone.localdate())
    return [
        ("monitoring werklijst", reverse("monitoring:werklijst"), "get", STAF, 200),
        ("monitoring contact", reverse("monitoring:contact", args=[contact.pk]), "get", STAF, 200),
        ("monitoring contact post", reverse("monitoring:contact", args=[contact.pk]), "post", STAF, 400),
        ("verlengen", reverse("monitoring:verlengen", args=[casus.pk]), "get", STAF, 200),
        ("verlengen post", reverse("monitoring:verlengen", args=[casus.pk]), "post", STAF, 400),
    ]

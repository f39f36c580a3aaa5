"""News on a case: the moment something new happened to it, for the start page's "new since my last
visit" (Casus.objects.nieuw_sinds_bezoek).

New is: a status change, a new agenda item (bespreking), a plan, an action, or a melding joining the
case. Each of those is created by a different app's services; the receivers below catch them all in
one place, so no path that creates one (a service, the demo seed, a later feature) can forget to mark
the case. One UPDATE of one indexed row per event; reading the mark costs the start page a single
comparison per case instead of a probe into five tables (three of which carry no timestamp)."""
from django.db.models.signals import post_save
from django.utils import timezone


def markeer_nieuws(**filters) -> None:
    from .models import Casus

    Casus.objects.filter(**filters).update(laatste_nieuws_op=timezone.now())


def _nieuw_object(sender, instance, created, **kwargs):
    if created and not kwargs.get("raw"):
        markeer_nieuws(pk=instance.casus_id)


def _nieuwe_actie(sender, instance, created, **kwargs):
    if created and not kwargs.get("raw"):
        markeer_nieuws(plan__pk=instance.plan_id)


def _melding_gekoppeld(sender, instance, created, update_fields=None, **kwargs):
    # A melding joins a case when its `casus` is set (casussen.services.open_of_koppel_casus); other
    # edits of a melding already in a case are not news about the case.
    if instance.casus_id and not kwargs.get("raw") and (created or (update_fields and "casus" in update_fields)):
        markeer_nieuws(pk=instance.casus_id)


def verbind():
    from schakel.meldingen.models import Melding
    from schakel.overleggen.models import Bespreking
    from schakel.plannen.models import Actie, PlanVanAanpak

    from .models import CasusStatus

    for model in (CasusStatus, Bespreking, PlanVanAanpak):
        post_save.connect(_nieuw_object, sender=model, dispatch_uid=f"casusnieuws-{model._meta.label}")
    post_save.connect(_nieuwe_actie, sender=Actie, dispatch_uid="casusnieuws-actie")
    post_save.connect(_melding_gekoppeld, sender=Melding, dispatch_uid="casusnieuws-melding")

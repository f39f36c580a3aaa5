"""The shape every "do something to this case" screen shares (escalate, ZSM advice, close, extend):
the case through need-to-know, a form, one service call whose ValidationError lands on the form,
a message and a redirect on success, and a logged view of the case otherwise."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from schakel.privacy.services import log_casus_inzage


def casus_formulier(request, casus, form, *, opslaan, bericht, template, doel, terug=None, extra=None):
    """`opslaan(form)` calls the service and returns its result; `bericht(result)` is the success text;
    `terug` is a URL name to go to afterwards (default: the case page)."""
    if request.method == "POST" and form.is_valid():
        try:
            resultaat = opslaan(form)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, bericht(resultaat))
            return redirect(terug) if terug else redirect("casussen:detail", pk=casus.pk)
    log_casus_inzage(request.user, casus, doel)
    context = {"casus": casus, "form": form, **(extra or {})}
    return render(request, template, context, status=400 if form.errors else 200)

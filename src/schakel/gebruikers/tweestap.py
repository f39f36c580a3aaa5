"""The second factor (TOTP, django-otp). Every user sees or guards personal data, so every session
must be verified before any screen other than these two; the middleware sends unverified sessions
here. Wrong codes are throttled by django-otp itself (growing delay per failure)."""
from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.core.forms import ingediend

from .models import Identiteitskoppeling


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code uit uw authenticator-app",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": "Vul de code van 6 cijfers in.", "min_length": "De code heeft 6 cijfers."},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("De code bestaat alleen uit cijfers.")
        return code


def heeft_apparaat(user) -> bool:
    """django_otp.user_has_device stops its generator at the first device and so leaves a database
    cursor open until garbage collection; on SQLite that open read blocks other connections' writes
    ("database table is locked"). Reading the devices to the end closes it. A link with an identity
    provider is a device too (gebruikers/oidc.py) but takes no code, so it does not count here."""
    return any(not isinstance(d, Identiteitskoppeling) for d in list(devices_for_user(user, confirmed=True)))


def _volgende(request) -> str:
    doel = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(doel, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return doel
    return "/"


def tweede_stap(request):
    if not request.user.is_authenticated:
        return redirect("inloggen")
    if request.user.is_verified():
        return redirect(_volgende(request))
    if not heeft_apparaat(request.user):
        return redirect(f"{reverse('tweestap_instellen')}?{urlencode({'next': _volgende(request)})}")
    form = CodeForm(ingediend(request))
    if form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_volgende(request))
        form.add_error("code", "Deze code klopt niet of is verlopen. Probeer de volgende code.")
    return render(request, "gebruikers/tweede_stap.html", {"form": form, "next": _volgende(request)},
                  status=400 if form.errors else 200)


def instellen(request):
    """First login: link an authenticator app. Only while the user has no confirmed device yet."""
    if not request.user.is_authenticated:
        return redirect("inloggen")
    if heeft_apparaat(request.user):
        return redirect("tweede_stap")
    device, _ = TOTPDevice.objects.get_or_create(user=request.user, confirmed=False, defaults={"name": "Authenticator-app"})
    form = CodeForm(ingediend(request))
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "Tweestapsverificatie is ingesteld.")
            return redirect(_volgende(request))
        form.add_error("code", "Deze code klopt niet. Controleer of de klok van uw telefoon goed staat.")
    context = {
        "form": form,
        "next": _volgende(request),
        "geheim": b32encode(device.bin_key).decode(),
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000000"),
    }
    return render(request, "gebruikers/instellen.html", context, status=400 if form.errors else 200)

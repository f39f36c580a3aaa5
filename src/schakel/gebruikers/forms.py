import math
from datetime import timedelta

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.utils import timezone

from .models import ApiToken, Gebruiker
from .rollen import Rol


def wachttijd(failures: int) -> int:
    """Seconds a pair of account and address waits after its n-th failure: 2, 4, 8 … up to the maximum."""
    if failures < settings.LOGIN_VERTRAGING_VANAF:
        return 0
    return min(2 ** (failures - settings.LOGIN_VERTRAGING_VANAF + 1), settings.LOGIN_VERTRAGING_MAX)


class InlogForm(AuthenticationForm):
    """Before the password is even checked: slow a pair of account and address down after repeated
    failures, and refuse an address that has failed on many accounts. Neither touches the account for
    anyone at another address, so nobody can lock the ZSM desk out by guessing its password."""

    tempo_fout = ""

    def clean(self):
        if self.request is not None:
            try:
                self._controleer_tempo(self.cleaned_data.get("username") or "")
            except forms.ValidationError as e:
                self.tempo_fout = e.messages[0]
                raise
        return super().clean()

    def _controleer_tempo(self, username: str) -> None:
        ip = get_client_ip_address(self.request)
        sinds = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
        recent = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=sinds)
        # Refused single sign-on logins (recorded as "oidc:<provider>") are no password guesses: the
        # provider checked the password. They must not lock out the password form of a whole office.
        if (recent.exclude(username__startswith="oidc:").aggregate(n=Sum("failures_since_start"))["n"] or 0) >= settings.LOGIN_IP_LIMIET:
            raise forms.ValidationError(
                "Vanaf dit adres is te vaak verkeerd ingelogd. Probeer het later opnieuw.", code="ip_limiet"
            )
        poging = recent.filter(username=username).order_by("-attempt_time").first()
        if poging is None:
            return
        wacht = wachttijd(poging.failures_since_start)
        resterend = (poging.attempt_time + timedelta(seconds=wacht) - timezone.now()).total_seconds()
        if resterend > 0:
            raise forms.ValidationError(
                "Te veel mislukte pogingen. Wacht %(seconden)s seconden en probeer het dan opnieuw.",
                code="vertraagd", params={"seconden": math.ceil(resterend)},
            )


class RolvoorstelForm(forms.Form):
    gebruiker = forms.ModelChoiceField(
        Gebruiker.objects.order_by("username"), label="Gebruiker",
        error_messages={"required": "Kies een gebruiker.", "invalid_choice": "Kies een gebruiker uit de lijst."},
    )
    rol = forms.ChoiceField(choices=[("", "---------"), *Rol.choices], label="Rol",
                            error_messages={"required": "Kies een rol.", "invalid_choice": "Kies een rol uit de lijst."})
    toelichting = forms.CharField(
        label="Toelichting", max_length=300, required=False, help_text="Waarom heeft deze persoon de rol nodig?",
        widget=forms.TextInput(),
    )

    def __init__(self, *args, door=None, **kwargs):
        super().__init__(*args, **kwargs)
        if door is not None:
            # Nobody proposes a role for himself: he is not even offered.
            self.fields["gebruiker"].queryset = Gebruiker.objects.exclude(pk=door.pk).order_by("username")


class BeoordelingForm(forms.Form):
    # Radio buttons without a default: confirming is a deliberate choice.
    besluit = forms.ChoiceField(choices=[("bevestigen", "Bevestigen"), ("afwijzen", "Afwijzen")], widget=forms.RadioSelect,
                                error_messages={"required": "Kies bevestigen of afwijzen."})
    reden = forms.CharField(label="Reden (bij afwijzen)", max_length=300, required=False)


class AccountForm(forms.ModelForm):
    """A new account: no password (the user sets one via the link), and a role only by proposal."""

    rol = forms.ChoiceField(
        choices=[("", "Nog geen rol"), *Rol.choices], required=False, label="Voor te stellen rol",
        help_text="Een rol die casusinhoud ziet, gaat pas in als een tweede beheerder of de FG het voorstel bevestigt.",
    )
    toelichting = forms.CharField(label="Toelichting bij de rol", max_length=300, required=False)

    class Meta:
        model = Gebruiker
        fields = ["username", "first_name", "last_name", "email", "organisatie", "contactgemeenten"]


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple, label="Delen van de API",
        error_messages={"required": "Kies minstens één deel van de API."},
    )
    dagen = forms.IntegerField(
        label="Geldig (dagen)", min_value=1, max_value=settings.API_TOKEN_MAX_DAGEN, initial=settings.API_TOKEN_GELDIG_DAGEN,
        help_text=f"Standaard {settings.API_TOKEN_GELDIG_DAGEN} dagen, hoogstens {settings.API_TOKEN_MAX_DAGEN}.",
    )

    class Meta:
        model = ApiToken
        fields = ["gebruiker", "naam"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A token belongs to a system of an organisation: an active account of that organisation.
        self.fields["gebruiker"].queryset = Gebruiker.objects.filter(is_active=True, organisatie__isnull=False).order_by("username")
        self.fields["gebruiker"].help_text = (
            "Het account van het systeem, in de organisatie van dat systeem. Het token meldt zich aan als dit account en "
            "geeft geen rol: het systeem mag alleen wat de rol van het account mag (bijvoorbeeld partner of ZSM-medewerker)."
        )



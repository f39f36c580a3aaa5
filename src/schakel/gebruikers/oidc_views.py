"""The screens of single sign-on: off to the provider, back from it, and linking one's own account.

The state, nonce and PKCE verifier are kept in the session the way mozilla-django-oidc keeps them
(oidc_states), plus which provider and whether this is a login or a link. A callback whose state is
not in this session is refused before anything is sent to the provider."""
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from django_otp import login as otp_login
from mozilla_django_oidc.utils import absolutify, add_state_and_verifier_and_nonce_to_session, generate_code_challenge
from mozilla_django_oidc.views import get_next_url

from . import oidc


SESSIE = "oidc_sessie"

NIET_BIJ_AANBIEDER_UITGELOGD = (
    "U bent uitgelogd bij Schakel. De inlogdienst van uw organisatie kan niet vanuit Schakel worden "
    "uitgelogd: sluit uw browser om ook daar uit te loggen."
)


class Inloggen(auth_views.LoginView):
    """The password login, with a button per configured provider."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "oidc_aanbieders": oidc.aanbieders()}


class Uitloggen(auth_views.LogoutView):
    """Ends the Schakel session; after a login through a provider that offers it, also the session at
    the provider (RP-initiated logout: the browser goes there with the ID token as hint and comes
    back to the login page)."""

    def post(self, request, *args, **kwargs):
        sessie = request.session.get(SESSIE)
        response = super().post(request, *args, **kwargs)
        if isinstance(sessie, dict) and "aanbieder" in sessie:
            adres = oidc.uitlog_adres(request, sessie["aanbieder"], sessie.get("id_token"))
            if adres:
                return redirect(adres)
            messages.info(request, NIET_BIJ_AANBIEDER_UITGELOGD)
        return response


def _naar_aanbieder(request, sleutel: str, koppelen: bool):
    gegevens = oidc.aanbieder(sleutel)
    if gegevens is None:
        raise Http404
    state = get_random_string(32)
    verifier = get_random_string(64)
    params = {
        "response_type": "code",
        "scope": gegevens["scopes"],
        "client_id": gegevens["client_id"],
        "redirect_uri": absolutify(request, reverse("oidc_terug")),
        "state": state,
        "nonce": get_random_string(32),
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    }
    add_state_and_verifier_and_nonce_to_session(request, state, params, verifier)
    request.session["oidc_states"][state].update(
        aanbieder=sleutel, koppelen_voor=request.user.pk if koppelen else None
    )
    request.session["oidc_login_next"] = get_next_url(request, "next")
    return redirect(f"{gegevens['authorization_endpoint']}?{urlencode(params)}")


@require_GET
def inloggen(request, sleutel):
    return _naar_aanbieder(request, sleutel, koppelen=False)


@require_GET
def koppelen_starten(request, sleutel):
    """A link, not a form: a form's redirect to another site is blocked by the form-action policy.
    A forged link can only send the user to his own provider to link his own identity (the state
    ties the answer to this session)."""
    # The middleware has already asked for password and code: this path is outside /inloggen/.
    if oidc.aanbieder(sleutel) is None:
        raise Http404
    if sleutel not in oidc.aanbieders_voor(request.user):
        raise PermissionDenied
    return _naar_aanbieder(request, sleutel, koppelen=True)


def koppelen(request):
    """For a logged-in user: his organisation's providers and whether he has linked them."""
    gekoppeld = set(request.user.identiteitskoppeling_set.values_list("issuer", flat=True))
    return render(request, "gebruikers/oidc_koppelen.html", {
        "aanbieders": [(k, a, a["issuer"] in gekoppeld) for k, a in oidc.aanbieders_voor(request.user).items()],
    })


def _geweigerd(request, bericht: str, koppelen: bool = False):
    return render(request, "gebruikers/oidc_geweigerd.html", {"bericht": bericht, "koppelen": koppelen}, status=403)


@require_GET
def terug(request):
    states = request.session.get("oidc_states")
    state = request.GET.get("state")
    if not isinstance(states, dict) or state not in states:
        # Not a flow this browser started (or one already used): never ask the provider about it.
        return render(request, "gebruikers/oidc_geweigerd.html", {"bericht": oidc.ONGELDIG}, status=400)
    flow = states.pop(state)
    request.session.modified = True
    if request.GET.get("error"):
        return _geweigerd(request, "Het inloggen bij uw organisatie is afgebroken of geweigerd.")
    if flow.get("koppelen_voor"):
        return _koppel_terug(request, flow)
    # The backend directly, not auth.authenticate(): django-axes would then lock the pair of
    # "oidc:<provider>" and address after a few refusals, and so lock out every colleague behind the
    # municipality's one address, linked or not. Guessing is the provider's to stop (it checked the
    # password); Schakel records each refusal as a failed login, and never locks on it.
    user = oidc.OidcBackend().authenticate(
        request, oidc_aanbieder=flow["aanbieder"], nonce=flow["nonce"], code_verifier=flow.get("code_verifier"),
    )
    if user is None:
        weigering = request.oidc_weigering
        user_login_failed.send(sender=__name__, credentials={"username": f"oidc:{flow['aanbieder']}"}, request=request)
        request.axes_locked_out = False
        # An identity not linked yet: offer the way to link it, through the password login.
        return _geweigerd(request, weigering.bericht, koppelen=weigering.reden == "onbekend")
    volgende = request.session.pop("oidc_login_next", None) or "/"
    auth.login(request, user, backend="schakel.gebruikers.oidc.OidcBackend")
    # Which provider this session came from (the menu leaves out linking), and for the logout at the
    # provider its ID token, only if the provider can end sessions.
    sessie = {"aanbieder": flow["aanbieder"]}
    if oidc.aanbieder(flow["aanbieder"]).get("end_session_endpoint"):
        sessie["id_token"] = request.oidc_id_token
    request.session[SESSIE] = sessie
    if request.oidc_mfa:
        otp_login(request, request.oidc_koppeling)
        return redirect(volgende)
    # The provider did not assert a second factor: Schakel's own code is still needed.
    return redirect(f"{reverse('tweede_stap')}?{urlencode({'next': volgende})}")


def _koppel_terug(request, flow):
    if not request.user.is_authenticated or not request.user.is_verified() or request.user.pk != flow["koppelen_voor"]:
        return _geweigerd(request, "Log eerst in met uw Schakel-account om uw organisatie-account te koppelen.")
    gegevens = oidc.aanbieder(flow["aanbieder"])
    if gegevens is None:
        return _geweigerd(request, oidc.ONGELDIG)
    try:
        claims = oidc.OidcBackend().claims(request, gegevens, flow["nonce"], flow.get("code_verifier"))
        oidc.koppel(request.user, flow["aanbieder"], claims)
    except oidc.Weigering as w:
        return _geweigerd(request, w.bericht)
    except ValidationError as e:
        return _geweigerd(request, " ".join(e.messages))
    messages.success(request, f"Uw account bij {gegevens['naam']} is gekoppeld. U kunt voortaan daarmee inloggen.")
    return redirect("oidc_koppelen")


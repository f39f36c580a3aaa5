def rollen(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"rollen": frozenset(), "organisatie_koppelen": False}
    return {"rollen": user.rollen, "organisatie_koppelen": _organisatie_koppelen(request, user)}


def _organisatie_koppelen(request, user) -> bool:
    """The menu offers linking one's organisation account to whoever logged in with his Schakel password
    while his organisation trusts a provider; not after a login through that provider."""
    from schakel.gebruikers import oidc, oidc_views

    if not oidc.aanbieders() or not user.is_verified():
        return False
    return bool(oidc.aanbieders_voor(user)) and oidc_views.SESSIE not in request.session

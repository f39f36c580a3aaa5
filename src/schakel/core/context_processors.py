def rollen(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"rollen": frozenset()}
    return {"rollen": user.rollen}

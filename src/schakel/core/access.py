"""Need-to-know lives in querysets: every model with personal data has `objects.for_user(user)`.

Views fetch single objects through `get_for_user_or_403`, so a detail page can never show what the
list would hide: both go through the same queryset method.
"""
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404


class ForUserQuerySet(models.QuerySet):
    def for_user(self, user):  # pragma: no cover - every subclass defines its rule
        raise NotImplementedError


def get_for_user_or_403(queryset, user, pk):
    """403 when the object exists but is not for this user; 404 when it does not exist at all."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404
    obj = queryset.for_user(user).filter(pk=pk).first()
    if obj is not None:
        return obj
    if queryset.model._default_manager.filter(pk=pk).exists():
        raise PermissionDenied
    raise Http404


def require_role(user, *roles):
    if not user.heeft_rol(*roles):
        raise PermissionDenied


def rol_vereist(*roles):
    """View decorator: 403 unless the user has one of these roles (need-to-know per screen)."""
    from functools import wraps

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

"""The second factor that verified this session, found again on every request."""
from django.apps import apps
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.models import Device

from schakel.core.vaste_query import VasteQuery

_PER_MODEL: dict[type, VasteQuery] = {}


def _query(model) -> VasteQuery:
    if model not in _PER_MODEL:
        _PER_MODEL[model] = VasteQuery(lambda pk: model.objects.filter(id=pk), (int,))
    return _PER_MODEL[model]


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware, with the device read by SQL built once per process (core.vaste_query)
    instead of a queryset compiled on every page. What it accepts is django-otp's: the device must
    belong to the signed-in user and be confirmed (`_finalize_device`), else the session loses it."""

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        try:
            label, device_id = persistent_id.rsplit("/", 1)
            model = apps.get_model(*label.split("."))
            device_id = int(device_id)
        except (ValueError, LookupError, TypeError):
            return None
        if not issubclass(model, Device):
            return None
        return _query(model).eerste(device_id)

"""Registers the effect measurement's beheer screens on the beheer site."""
from . import kosten_beheer  # noqa: F401

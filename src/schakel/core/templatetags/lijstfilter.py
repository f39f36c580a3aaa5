"""`{% filtervelden filters %}`: the fields of a list's filter form (includes/lijstfilter.html)."""
from django import template

from schakel.core.filterweergave import filtervelden as _filtervelden

register = template.Library()


@register.simple_tag
def filtervelden(form):
    return _filtervelden(form)

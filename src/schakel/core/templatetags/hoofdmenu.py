from django import template

from schakel.core.menu import hoofdmenu_html

register = template.Library()


@register.simple_tag
def hoofdmenu(rollen):
    return hoofdmenu_html(rollen)

"""Accessible form fields and the error summary shared by every form page.

Django 5.2 points a widget with errors at ``<auto_id>_error`` and with help text at ``<auto_id>_helptext``
(``aria-describedby``); ``includes/veld.html`` renders exactly those ids, a visible "(verplicht)" marker
and, for radio and checkbox groups, a fieldset with a legend. ``foutsamenvatting`` lists every error of the
page's forms as a link to its field, as the NL Design System and GOV.UK error summaries do."""
from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def veldlabel(bf):
    """The label (a legend for a radio or checkbox group) with a visible "(verplicht)" for required
    fields. The marker is hidden from screen readers: the widget's `required` already tells them, and the
    accessible name stays the label."""
    suffix = bf.field.label_suffix if bf.field.label_suffix is not None else bf.form.label_suffix
    label = conditional_escape(bf.label)
    if suffix and label and label[-1] not in _(":?.!") and not bf.use_fieldset:  # a legend is a heading
        label = format_html("{}{}", label, suffix)
    if verplicht(bf):
        label = format_html('{} <span class="verplicht" aria-hidden="true">(verplicht)</span>', label)
    if bf.use_fieldset:
        return format_html("<legend>{}</legend>", label)
    return bf.label_tag(contents=mark_safe(label), label_suffix="")


@register.filter
def verplicht(bf) -> bool:
    """Marked as required exactly where the widget gets `required` (not in a formset's optional extra rows)."""
    return bool(bf.field.required and bf.form.use_required_attribute and not bf.field.disabled and not bf.is_hidden)


def veld_id(bf) -> str:
    """Where a link to the field lands: its input, or for a radio/checkbox group the element around its
    options, which carries the field's own id (Django's widget renders it so; hand-made groups do too)."""
    return bf.id_for_label or bf.auto_id or ""


@dataclass
class Fout:
    tekst: str
    veld: str = ""  # id of the input it belongs to; empty for an error of the whole form
    label: str = ""


def _formulieren(waarde):
    if isinstance(waarde, BaseFormSet):
        if waarde.is_bound:
            yield waarde
            yield from waarde.forms
    elif isinstance(waarde, BaseForm) and waarde.is_bound:
        yield waarde


def fouten_van(*objecten) -> list[Fout]:
    fouten, gezien = [], set()
    for obj in objecten:
        for f in _formulieren(obj):
            if id(f) in gezien:
                continue
            gezien.add(id(f))
            if isinstance(f, BaseFormSet):
                fouten += [Fout(str(e)) for e in f.non_form_errors()]
                continue
            fouten += [Fout(str(e)) for e in f.non_field_errors()]
            for bf in f:
                if bf.is_hidden:
                    fouten += [Fout(f"{bf.label}: {e}") for e in bf.errors]
                else:
                    fouten += [Fout(str(e), veld_id(bf), str(bf.label)) for e in bf.errors]
    return fouten


@register.simple_tag(takes_context=True)
def fouten_op_pagina(context, *formulieren):
    """The errors of the given forms, or else of every bound form and formset in the page's context."""
    if not formulieren:
        formulieren = [v for v in context.flatten().values() if isinstance(v, (BaseForm, BaseFormSet))]
    return fouten_van(*formulieren)

"""The filter form of every list, rendered in Python instead of the template engine.

Each list page renders its filter form (includes/lijstfilter.html): seven to nine fields, each a label,
help, errors and a widget, and the widget and the label each a template render through the form renderer
(a select of municipalities: a loop over every option). On an empty list that was most of the page's
time outside the database (docs/performance.md). Here the same markup comes from `format_html`:

- `FilterRenderer` (the `default_renderer` of core.lijsten.LijstFilter) renders the templates it knows,
  the `<input>` widgets, the select and the label, from the context Django's widget and BoundField
  build (so `required`, `aria-invalid`, `aria-describedby`, the selected option and the id stay
  Django's), and every other template as TemplatesSetting does. A template the project overrides
  (templates/django/forms/...) other than the known select keeps its template: the override wins.
- `filtervelden` renders the form's fields as includes/form.html with includes/veld.html does; a
  radio or checkbox group (a fieldset) goes through veld.html itself.

- `filtervelden` keeps the markup of a form without errors, keyed by everything it is made from
  (`_sleutel`: the form's class, its data, and per field its label, help, widget, the widget's
  attributes and the choices), so a list as most people open it, unfiltered or with the same
  choices, is not written again on every request. A filter form shows no personal data: only its
  dropdowns' names and the values of the request's own query string, which are in the key. A form
  with typed text (a number searched for) is never kept, so how fast a page comes cannot tell that
  someone else searched the same.

tests/test_filterweergave.py renders every filter form both ways (empty, with values, with errors) and
fails on any difference in elements, attributes or text: a change to veld.html, veldfout.html or the
select template must be made here too."""
import html
from pathlib import Path

import django.forms
from django.forms.renderers import TemplatesSetting
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .templatetags.formulieren import veldlabel

_DJANGO_FORMS = str(Path(django.forms.__file__).resolve().parent / "templates" / "django" / "forms")
_EIGEN_SELECT = str(Path(__file__).resolve().parents[1] / "templates" / "django" / "forms" / "widgets" / "select.html")
_OPTIE = "django/forms/widgets/select_option.html"

# The widget templates of Django that are nothing but an include of input.html.
_INPUTS = {f"django/forms/widgets/{t}.html" for t in (
    "input", "text", "search", "date", "datetime", "time", "number", "email", "url", "tel", "password",
    "hidden", "checkbox", "color",
)}


def _esc(waarde) -> str:
    """conditional_escape without keep_lazy's wrapper (a third of this module's time): the same
    html.escape Django's escape() uses, unless the value is already safe."""
    if hasattr(waarde, "__html__"):
        return waarde.__html__()
    return html.escape(str(waarde))


def _tekst(waarde) -> str:
    """`{{ waarde|stringformat:'s' }}`: "%s", then escaped unless it was already safe."""
    return _esc(waarde if isinstance(waarde, str) else "%s" % (waarde,))


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html (and django/forms/attrs.html)."""
    delen = []
    for naam, waarde in (attrs or {}).items():
        if waarde is False:
            continue
        if waarde is True:
            delen.append(f" {_esc(naam)}")
        else:
            delen.append(f' {_esc(naam)}="{_tekst(waarde)}"')
    return "".join(delen)


def _input(context) -> str:
    w = context["widget"]
    waarde = f' value="{_tekst(w["value"])}"' if w["value"] != None else ""  # noqa: E711 (as the template)
    return f'<input type="{_esc(w["type"])}" name="{_esc(w["name"])}"{waarde}{_attrs(w["attrs"])}>'


def _select(context) -> str | None:
    w = context["widget"]
    delen = [f'<select name="{_esc(w["name"])}"{_attrs(w["attrs"])}>']
    for groep, opties, _index in w["optgroups"]:
        if groep:
            delen.append(f'\n  <optgroup label="{_esc(groep)}">')
        for o in opties:
            if o.get("template_name") != _OPTIE:
                return None  # a widget with its own option template
            delen.append(f'\n  <option value="{_tekst(o["value"])}"{_attrs(o["attrs"])}>{_esc(o["label"])}</option>')
        if groep:
            delen.append("\n  </optgroup>")
    delen.append("\n</select>")
    return "".join(delen)


def _select_van(bf) -> str | None:
    """`str(bf)` for a plain Select that FilterRenderer renders with `_select`, without the context Django
    builds for it first (a dict per option, its attributes merged and copied: most of a select's time).
    The same steps as BoundField.as_widget, Select.get_context and ChoiceWidget.optgroups, for a Select
    whose options inherit no attributes; None for anything else (groups, another widget), which goes
    through Django."""
    widget, renderer = bf.field.widget, bf.form.renderer
    if (type(widget) is not django.forms.Select or bf.field.show_hidden_initial or bf.field.localize
            or widget.template_name != "django/forms/widgets/select.html" or widget.option_template_name != _OPTIE
            or not isinstance(renderer, FilterRenderer) or renderer._weergave(widget.template_name) is not _select):
        return None
    attrs = bf.build_widget_attrs({}, widget)
    if bf.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bf.auto_id)
    waarde = widget.format_value(bf.value())
    delen = [f'<select name="{_esc(bf.html_name)}"{_attrs(widget.build_attrs(widget.attrs, attrs))}>']
    gekozen = False
    for optie, label in widget.choices:
        if isinstance(label, (list, tuple)):
            return None
        if optie is None:
            optie = ""
        selected = not gekozen and str(optie) in waarde
        gekozen |= selected
        delen.append(f'\n  <option value="{_tekst(optie)}"{" selected" if selected else ""}>{_esc(label)}</option>')
    delen.append("\n</select>")
    return "".join(delen)


def _label(context) -> str:
    label = _esc(context["label"])
    if not context["use_tag"]:
        return label
    tag = _esc(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


class FilterRenderer(TemplatesSetting):
    """TemplatesSetting, with the templates a filter form uses rendered in Python (same output)."""

    # Forms whose markup is kept (see filtervelden): the lists' filter forms with the values people
    # use; when full it starts again rather than keep track of what was used last.
    MAX_BEWAARD = 512

    def __init__(self):
        super().__init__()
        self._snel: dict[str, object] = {}
        self._velden: dict[tuple, SafeString] = {}

    def _weergave(self, template_name):
        if template_name not in self._snel:
            if template_name in _INPUTS:
                snel, toegestaan = _input, (_DJANGO_FORMS,)
            elif template_name == "django/forms/widgets/select.html":
                snel, toegestaan = _select, (_DJANGO_FORMS, _EIGEN_SELECT)
            elif template_name == "django/forms/label.html":
                snel, toegestaan = _label, (_DJANGO_FORMS,)
            else:
                snel, toegestaan = None, ()
            if snel is not None:
                # Only the template this code copies: an override in templates/ keeps its own markup (and
                # the input templates must still be Django's one-line include of input.html).
                oorsprong = str(self.get_template(template_name).origin.name)
                if not any(oorsprong.startswith(t) for t in toegestaan):
                    snel = None
            self._snel[template_name] = snel
        return self._snel[template_name]

    def render(self, template_name, context, request=None):
        snel = self._weergave(template_name)
        if snel is not None:
            html = snel(context)
            if html is not None:
                return html
        return super().render(template_name, context, request)


# One for every filter form: it remembers per template whether the fast path applies.
FILTER_RENDERER = FilterRenderer()


def _veld(bf) -> str:
    """includes/veld.html for a field that is not a fieldset."""
    fouten = bf.errors
    label = veldlabel(bf)
    hulp = format_html('\n  <p class="hulp" id="{}_helptext">{}</p>', bf.auto_id, bf.help_text) if bf.help_text else ""
    fout = ""
    if fouten:
        fout = format_html('\n  <div class="foutmelding" id="{}_error">{}</div>', bf.auto_id, mark_safe("".join(
            format_html('<p><span class="sr-only">Fout: </span>{}</p>', e) for e in fouten)))
    widget = _select_van(bf) or _esc(bf)
    klasse = "veld veld-fout" if fouten else "veld"
    if bf.widget_type == "checkbox":
        return f'<div class="{klasse}">\n  {widget} {label}{hulp}{fout}\n</div>'
    return f'<div class="{klasse}">\n  {label}{hulp}{fout}\n  {widget}\n</div>'


def _sleutel(form) -> tuple | None:
    """Everything the markup of `filtervelden(form)` is made from, or None when the form is not one
    to keep: with errors (their text may depend on more than the data), with a disabled field (it
    shows its initial value, which may be computed), with a model's choices (reading them is a
    query), with typed text in it, or with anything unhashable."""
    if not form.is_bound or form.errors:
        return None
    velden = []
    for naam, veld in form.fields.items():
        if veld.disabled or isinstance(veld, django.forms.ModelChoiceField):
            return None
        # What someone typed is not kept: whether it was kept would tell, by the time the next request
        # takes, that somebody else looked for the same number.
        if isinstance(veld, django.forms.CharField) and form.data.get(form.add_prefix(naam)):
            return None
        w = veld.widget
        velden.append((
            naam, type(veld), veld.label, veld.help_text, veld.required, veld.show_hidden_initial, veld.localize,
            veld.label_suffix, type(w), w.template_name, getattr(w, "option_template_name", None),
            getattr(w, "input_type", None), getattr(w, "format", None), tuple(w.attrs.items()),
            tuple(veld.choices) if isinstance(veld, django.forms.ChoiceField) else None,
        ))
    return (type(form), form.prefix, form.auto_id, form.label_suffix, form.use_required_attribute,
            tuple((k, tuple(v)) for k, v in form.data.lists()), tuple(velden))


def filtervelden(form) -> SafeString:
    """includes/form.html with zonder_algemene_fouten (the error summary above the filter names those)."""
    renderer = form.renderer
    sleutel = _sleutel(form) if isinstance(renderer, FilterRenderer) else None
    html = None
    if sleutel is not None:
        # One lookup (the threaded development server may empty the dict in between), which also
        # tells whether the key hashes: a tuple does not keep its hash, and the choices make it long.
        try:
            html = renderer._velden.get(sleutel)
        except TypeError:
            sleutel = None
    if html is not None:
        return html
    html = _filtervelden(form)
    if sleutel is not None:
        if len(renderer._velden) >= renderer.MAX_BEWAARD:
            renderer._velden.clear()
        renderer._velden[sleutel] = html
    return html


def _filtervelden(form) -> SafeString:
    delen = [_esc(bf) for bf in form.hidden_fields()]
    for bf in form.visible_fields():
        if bf.use_fieldset:
            delen.append(render_to_string("includes/veld.html", {"field": bf}))
        else:
            delen.append(_veld(bf))
    return mark_safe("\n".join(delen))

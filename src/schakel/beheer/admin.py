"""Functioneel beheer: the configurable lists (decisions, conference types, themes, municipalities,
partners), accounts and API tokens (roles change through /rollen/, with four eyes). No personal data of clients is reachable here: persons,
meldingen and cases are deliberately not registered."""
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.avg.models import Bewaartermijn
from schakel.bekendheid.models import Koppeling
from schakel.briefing.models import BesluitOptie
from schakel.casussen.models import AfsluitUitkomst
from schakel.gebruikers import services
from schakel.gebruikers.forms import AccountForm, ApiTokenForm
from schakel.gebruikers.models import ApiToken, Gebruiker
from schakel.gebruikers.rollen import Rol
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Thema
from schakel.monitoring.models import Monitoringtermijn
from schakel.opschaling.models import Escalatieniveau
from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Organisatie
from schakel.privacy.models import BijlageCategorie, Convenant, ConvenantBijlage, ConvenantPartij, InformatieCategorie


class BeheerSite(admin.AdminSite):
    site_header = "Schakel – functioneel beheer"
    site_title = "Schakel beheer"
    index_title = "Inrichting"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_authenticated and request.user.heeft_rol(Rol.FUNCTIONEEL_BEHEERDER)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            # A logged-in user without the role gets a plain 403, like every other screen.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return wrapper


class BeheerModelAdmin(admin.ModelAdmin):
    """The role is the permission: Django's per-model permissions are not used in Schakel."""

    change_form_template = "beheer/change_form.html"

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        # The template's summary (linked to each field, focused) replaces Django's unlinked error note.
        context["errors"] = None
        context["fouten_in_formulier"] = bool(form.errors)
        # The form posts to its own address, without the #field a summary link added to the browser's
        # address: a page with such a target gives that field the focus instead of the new summary.
        if not kwargs.get("form_url"):
            kwargs["form_url"] = request.get_full_path()
        response = super().render_change_form(request, context, *args, **kwargs)
        # A refused form answers 400, as every other form of Schakel does; nothing was saved.
        if request.method == "POST" and form.errors:
            response.status_code = 400
        return response

    def has_module_permission(self, request):
        return beheer_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return beheer_site.has_permission(request)

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        # Reference data is referenced by history; switch it off (actief) instead of deleting it.
        return False


beheer_site = BeheerSite(name="beheer")


@admin.register(BesluitOptie, site=beheer_site)
class BesluitOptieAdmin(BeheerModelAdmin):
    list_display = ["naam", "code", "hoofdbesluit", "overlegtype", "huis_onderneemt_actie", "actief", "volgorde"]
    list_editable = ["actief", "volgorde"]
    readonly_fields = []

    def get_readonly_fields(self, request, obj=None):
        # The code is the stable key reports group on across years; it is fixed once used.
        return ["code"] if obj else []


@admin.register(Overlegtype, site=beheer_site)
class OverlegtypeAdmin(BeheerModelAdmin):
    list_display = ["naam", "code", "selectie", "client_kan_aansluiten", "geldig_van", "geldig_tot", "actief"]
    filter_horizontal = ["vaste_partners", "informatiecategorieen"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Thema, site=beheer_site)
class ThemaAdmin(BeheerModelAdmin):
    list_display = ["naam", "code", "actief"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(InformatieCategorie, site=beheer_site)
class InformatieCategorieAdmin(BeheerModelAdmin):
    list_display = ["naam", "code", "bijzonder"]


class BeheerInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None):
        return beheer_site.has_permission(request)

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return False


class ConvenantPartijInline(BeheerInline):
    model = ConvenantPartij


@admin.register(Convenant, site=beheer_site)
class ConvenantAdmin(BeheerModelAdmin):
    """The covenant register: who signed which version, and how long it is in force. Ending a covenant
    (geldig tot) ends the access it gave on that day."""

    list_display = ["naam", "versie", "ondertekend_op", "geldig_van", "geldig_tot"]
    inlines = [ConvenantPartijInline]


class BijlageCategorieInline(BeheerInline):
    model = BijlageCategorie
    filter_horizontal = ["alleen_voor"]


@admin.register(ConvenantBijlage, site=beheer_site)
class ConvenantBijlageAdmin(BeheerModelAdmin):
    list_display = ["overlegtype", "convenant"]
    list_filter = ["convenant"]
    filter_horizontal = ["partijen"]
    inlines = [BijlageCategorieInline]


@admin.register(Monitoringtermijn, site=beheer_site)
class MonitoringtermijnAdmin(BeheerModelAdmin):
    list_display = ["naam", "dagen", "actief"]


@admin.register(Escalatieniveau, site=beheer_site)
class EscalatieniveauAdmin(BeheerModelAdmin):
    list_display = ["volgorde", "naam", "code", "actief"]


@admin.register(AfsluitUitkomst, site=beheer_site)
class AfsluitUitkomstAdmin(BeheerModelAdmin):
    list_display = ["naam", "code", "actief", "volgorde"]


@admin.register(Bewaartermijn, site=beheer_site)
class BewaartermijnAdmin(BeheerModelAdmin):
    list_display = ["__str__", "jaren"]


@admin.register(Gemeente, site=beheer_site)
class GemeenteAdmin(BeheerModelAdmin):
    list_display = ["naam", "subregio", "soort", "centrumgemeente", "eigen_nazorg"]
    list_filter = ["subregio", "soort"]


@admin.register(Organisatie, site=beheer_site)
class OrganisatieAdmin(BeheerModelAdmin):
    list_display = ["naam", "keten", "convenantpartner", "is_veiligheidshuis"]
    list_filter = ["keten", "convenantpartner"]


@admin.register(Gebruiker, site=beheer_site)
class GebruikerAdmin(BeheerModelAdmin, UserAdmin):
    """Accounts, without roles and without passwords. Roles change only through a role proposal
    (four eyes, /rollen/), never in this form; a beheerder never sets a password, the user gets a link
    to set one himself. Every account change goes to the change log, where the FG sees it."""

    list_display = ["username", "first_name", "last_name", "organisatie", "rollen_label", "is_active"]
    list_filter = ["organisatie", "is_active", "rol_toekenningen__rol"]
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("Persoon", {"fields": ("first_name", "last_name", "email")}),
        ("Organisatie", {"fields": ("organisatie", "contactgemeenten", "is_active")}),
        ("Rollen", {"fields": ("rollen_overzicht", "herstellink_verstuurd_op")}),
    )
    add_form = AccountForm
    add_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email", "organisatie", "contactgemeenten")}),
        ("Rol", {"fields": ("rol", "toelichting"),
                 "description": "Een nieuw account heeft geen wachtwoord: de gebruiker krijgt een link om het zelf in "
                                "te stellen. Een rol die casusinhoud ziet, gaat pas in na bevestiging door een tweede persoon."}),
    )
    readonly_fields = ["rollen_overzicht", "herstellink_verstuurd_op"]
    filter_horizontal = ["contactgemeenten"]
    actions = ["stuur_herstellink"]

    @admin.display(description="rollen")
    def rollen_label(self, obj):
        return obj.rollen_label() or "—"

    @admin.display(description="huidige rollen")
    def rollen_overzicht(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html(
            '{} <br><a href="{}">Rol voorstellen of intrekken</a> (vier ogen; niet voor uw eigen account)',
            obj.rollen_label() or "geen", reverse("rollen:voorstellen"),
        )

    # Of an existing account, the e-mail address, organisation and contact municipalities stay as they
    # were created and confirmed: a new address plus a reset link would let one beheerder take over
    # the account, and another organisation or municipality changes what the account sees.
    VASTE_ACCOUNTVELDEN = ["email", "organisatie", "contactgemeenten"]

    def get_readonly_fields(self, request, obj=None):
        velden = list(super().get_readonly_fields(request, obj))
        return velden + self.VASTE_ACCOUNTVELDEN if obj is not None else velden

    def get_urls(self):
        # No password form: Django's UserAdmin adds <id>/password/ for it.
        return [u for u in super().get_urls() if not str(u.pattern).endswith("password/")]

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied

    def save_model(self, request, obj, form, change):
        if change:
            oud = services.accountwaarden(Gebruiker.objects.get(pk=obj.pk))
            obj.save()
            services.log_accountwijziging(request.user, obj, oud)
            return
        gegevens = {k: form.cleaned_data[k] for k in ("username", "first_name", "last_name", "email", "organisatie")}
        nieuw = services.maak_account(door=request.user, gegevens=gegevens, rol=form.cleaned_data.get("rol") or None,
                                      toelichting=form.cleaned_data.get("toelichting", ""))
        obj.pk = nieuw.pk
        obj._state.adding = False
        if nieuw.email:
            services.stuur_herstellink(door=request.user, gebruiker=nieuw)
            messages.info(request, f"{nieuw} krijgt per e-mail een link om zelf een wachtwoord in te stellen.")
        if form.cleaned_data.get("rol"):
            messages.info(request, "De rol gaat pas in als een tweede persoon het voorstel bevestigt (Rolvoorstellen).")

    @admin.action(description="Stuur herstellink (de gebruiker stelt zelf een wachtwoord in)")
    def stuur_herstellink(self, request, queryset):
        for gebruiker in queryset:
            try:
                services.stuur_herstellink(door=request.user, gebruiker=gebruiker)
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            else:
                messages.success(request, f"Herstellink verstuurd naar {gebruiker}.")


@admin.register(ApiToken, site=beheer_site)
class ApiTokenAdmin(BeheerModelAdmin):
    """Tokens for partner systems. Only a hash is kept; the token is shown once, right after making it.
    Revoke instead of delete: the use log refers to the token."""

    list_display = ["naam", "organisatie", "gebruiker", "scopes", "aangemaakt_op", "verloopt_op", "ingetrokken_op",
                    "laatst_gebruikt_op"]
    list_filter = ["ingetrokken_op"]
    list_select_related = ["gebruiker__organisatie"]
    actions = ["intrekken"]
    readonly_fields = ["gebruiker", "naam", "scopes", "aangemaakt_door", "aangemaakt_op", "verloopt_op",
                       "ingetrokken_op", "ingetrokken_door", "laatst_gebruikt_op", "recent_gebruik"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenForm
            kwargs["fields"] = ["gebruiker", "naam", "scopes", "dagen"]
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["gebruiker", "naam", "scopes", "dagen"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # Nothing of a token changes after it is made, except revoking it (the action).
        return beheer_site.has_permission(request) and obj is None

    @admin.display(description="organisatie")
    def organisatie(self, obj):
        return obj.gebruiker.organisatie

    @admin.display(description="laatste gebruik")
    def recent_gebruik(self, obj):
        from django.utils.html import format_html_join

        rijen = obj.gebruik.all()[:20]
        if not rijen:
            return "nog niet gebruikt"
        return format_html_join("", "<div>{} {} {}</div>", ((r.tijdstip.strftime("%d-%m-%Y %H:%M:%S"), r.methode, r.endpoint) for r in rijen))

    def save_model(self, request, obj, form, change):
        d = form.cleaned_data
        token, sleutel = services.maak_token(door=request.user, gebruiker=d["gebruiker"], naam=d["naam"], scopes=d["scopes"], dagen=d["dagen"])
        obj.pk = token.pk
        obj._state.adding = False
        request._nieuw_token = (token, sleutel)

    def response_add(self, request, obj, post_url_continue=None):
        token, sleutel = request._nieuw_token
        from django.template.response import TemplateResponse

        context = {**self.admin_site.each_context(request), "token": token, "sleutel": sleutel, "title": "Token aangemaakt",
                   "opts": self.model._meta}
        return TemplateResponse(request, "beheer/token_aangemaakt.html", context)

    @admin.action(description="Intrekken (het token werkt meteen niet meer)")
    def intrekken(self, request, queryset):
        for token in queryset:
            services.trek_token_in(door=request.user, token=token)
        messages.success(request, f"{queryset.count()} token(s) ingetrokken.")


@admin.register(Koppeling, site=beheer_site)
class KoppelingAdmin(BeheerModelAdmin):
    """The health of the link with the middenvelder (bekendheidscheck): read only. A link that stays
    behind means the middenvelder or the network is down; the minute task keeps trying."""

    list_display = ["__str__", "laatste_succes", "laatste_volledig", "laatste_fout_op", "laatste_fout", "gepubliceerd"]
    readonly_fields = list_display[1:] + ["laatste_poging", "achterstand"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

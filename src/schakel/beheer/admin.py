"""Functioneel beheer: the configurable lists (decisions, conference types, themes, municipalities,
partners) and users with their roles. No personal data of clients is reachable here: persons,
meldingen and cases are deliberately not registered."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied

from schakel.avg.models import Bewaartermijn
from schakel.briefing.models import BesluitOptie
from schakel.casussen.models import AfsluitUitkomst
from schakel.gebruikers.models import Gebruiker, GebruikerRol
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


class RolInline(admin.TabularInline):
    model = GebruikerRol
    extra = 1

    def has_view_permission(self, request, obj=None):
        return beheer_site.has_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Gebruiker, site=beheer_site)
class GebruikerAdmin(BeheerModelAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    list_filter = ["organisatie", "is_active", "rol_toekenningen__rol"]
    inlines = [RolInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Persoon", {"fields": ("first_name", "last_name", "email")}),
        ("Organisatie", {"fields": ("organisatie", "contactgemeenten", "is_active")}),
    )
    filter_horizontal = ["contactgemeenten"]

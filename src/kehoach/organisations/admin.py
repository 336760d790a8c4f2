from django.contrib import admin

from kehoach.organisations.models import Exemption, Organisation, OrganisationAlias, Person


class AliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 0
    fields = ("name",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "depth", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("search_key", "name", "code")
    raw_id_fields = ("parent",)
    filter_horizontal = ("successors",)
    inlines = (AliasInline,)


class ExemptionInline(admin.TabularInline):
    model = Exemption
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "organisation", "position", "is_party_member")
    search_fields = ("search_key", "full_name", "code")
    raw_id_fields = ("organisation",)
    inlines = (ExemptionInline,)

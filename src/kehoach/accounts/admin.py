from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from kehoach.accounts.models import ApiToken, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = (MembershipInline,)
    list_display = ("username", "display_name", "is_active", "is_superuser")
    search_fields = ("username", "display_name", "email")
    fieldsets = (*BaseUserAdmin.fieldsets, ("kehoach", {"fields": ["display_name", "person"]}))
    raw_id_fields = ("person",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")

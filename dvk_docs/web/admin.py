from django.contrib import admin

from .models import AuditEntry, Job, Membership, Organisation, Oversight, Year

admin.site.site_header = "dvk-docs: quản trị hệ thống"


class ChildInline(admin.TabularInline):
    """The communes (or districts) an organisation oversees."""

    model = Oversight
    fk_name = "parent"
    extra = 1
    verbose_name = "xã, phường trực thuộc"
    verbose_name_plural = "xã, phường trực thuộc (tài khoản cấp trên xem được)"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "created")
    inlines = [ChildInline]


@admin.register(Oversight)
class OversightAdmin(admin.ModelAdmin):
    list_display = ("parent", "child")
    list_filter = ("parent",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "unit")
    list_filter = ("organisation", "role")


@admin.register(Year)
class YearAdmin(admin.ModelAdmin):
    list_display = ("organisation", "year", "revision", "updated")
    readonly_fields = ("document", "plan_body")


@admin.register(AuditEntry)
class AuditAdmin(admin.ModelAdmin):
    list_display = ("when", "organisation", "username", "action", "target")
    list_filter = ("organisation",)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("created", "organisation", "kind", "status", "done", "total")

from django.contrib import admin
from django.db import models

from interviews.models import Application, Company, Contact, Interview

# Django 6 assumes https for scheme-less URLs; say so now rather than on upgrade.
URL_FIELDS: dict[type[models.Field], dict[str, str]] = {
    models.URLField: {"assume_scheme": "https"}
}


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "owner", "created_at"]
    search_fields = ["name", "owner__email"]
    list_select_related = ["owner"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "company", "owner"]
    search_fields = ["name", "email", "owner__email"]
    list_select_related = ["owner", "company"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["role", "company", "starts_at", "cancelled", "owner"]
    list_filter = ["cancelled", "format"]
    search_fields = ["role", "company__name", "owner__email"]
    list_select_related = ["owner", "company"]
    raw_id_fields = ["application"]
    filter_horizontal = ["interviewers"]
    date_hierarchy = "starts_at"


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["role", "company", "outcome", "latest_round_at", "owner"]
    list_filter = ["outcome"]
    search_fields = ["role", "company__name", "owner__email"]
    list_select_related = ["owner", "company"]

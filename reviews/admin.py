from django.contrib import admin

from reviews.models import Question, Review


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("text", "theme", "comfort", "next_time")


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("interview", "status", "completed_at")
    list_filter = ("status",)
    list_select_related = ("interview__company",)
    raw_id_fields = ("interview",)
    inlines = [QuestionInline]

from django.contrib import admin

from reviews.models import GutRating, PlanItem, Question, Review, Story, StoryTheme


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


class StoryThemeInline(admin.TabularInline):
    model = StoryTheme
    extra = 0
    fields = ("theme", "theme_key")


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "updated_at")
    raw_id_fields = ("owner", "source_review")
    inlines = [StoryThemeInline]


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ("text", "kind", "interview", "outcome")
    list_filter = ("kind", "outcome")
    raw_id_fields = ("interview", "story", "carried_from", "source_question")


@admin.register(GutRating)
class GutRatingAdmin(admin.ModelAdmin):
    list_display = ("interview", "rating", "rated_at")
    raw_id_fields = ("interview",)

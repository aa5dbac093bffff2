from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("insights/", views.insights, name="insights"),
    path("interview/<int:interview_pk>/", views.review_edit, name="edit"),
    path("interview/<int:interview_pk>/gut/", views.gut_rating, name="gut"),
    path("<int:review_pk>/", views.review_detail, name="detail"),
    path("<int:review_pk>/reopen/", views.review_reopen_view, name="reopen"),
    path("<int:review_pk>/story/", views.story_from_review_view, name="story_from_review"),
    path("questions/<int:question_pk>/practised/", views.question_practised, name="practised"),
    path("questions/<int:question_pk>/dismiss/", views.question_dismiss, name="question_dismiss"),
    path("plan/<int:interview_pk>/", views.plan, name="plan"),
    path("plan/<int:interview_pk>/carry/", views.plan_carry_view, name="plan_carry"),
    path("plan/items/<int:planitem_pk>/edit/", views.plan_item_edit, name="plan_item_edit"),
    path(
        "plan/items/<int:planitem_pk>/remove/",
        views.plan_item_remove_view,
        name="plan_item_remove",
    ),
    path("plan/items/<int:planitem_pk>/move/", views.plan_item_move_view, name="plan_item_move"),
    path(
        "plan/items/<int:planitem_pk>/dismiss/",
        views.plan_item_dismiss,
        name="plan_item_dismiss",
    ),
    path("stories/", views.story_list, name="stories"),
    path("stories/new/", views.story_create, name="story_create"),
    path("stories/<int:story_pk>/", views.story_detail, name="story"),
    path("stories/<int:story_pk>/edit/", views.story_edit, name="story_edit"),
    path("stories/<int:story_pk>/delete/", views.story_delete_view, name="story_delete"),
]

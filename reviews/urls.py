from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("insights/", views.insights, name="insights"),
    path("interview/<int:interview_pk>/", views.review_edit, name="edit"),
    path("<int:review_pk>/", views.review_detail, name="detail"),
    path("<int:review_pk>/reopen/", views.review_reopen_view, name="reopen"),
    path("questions/<int:question_pk>/practised/", views.question_practised, name="practised"),
]

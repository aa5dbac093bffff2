from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_start, name="start"),
    path("template.csv", views.import_template, name="template"),
    path("<int:importrun_pk>/", views.import_detail, name="detail"),
    path("<int:importrun_pk>/progress/", views.import_progress, name="progress"),
    path("<int:importrun_pk>/columns/", views.import_columns, name="columns"),
    path("<int:importrun_pk>/row/", views.import_row, name="row"),
    path("<int:importrun_pk>/skip-problems/", views.import_skip_problems, name="skip_problems"),
    path("<int:importrun_pk>/commit/", views.import_commit_view, name="commit"),
    path("<int:importrun_pk>/undo/", views.import_undo_view, name="undo"),
]

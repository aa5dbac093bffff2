from django.urls import path
from django.views.generic import RedirectView

from interviews import invite_views, views

app_name = "interviews"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("interviews/", views.interview_list, name="list"),
    path("interviews/new/", views.interview_create_view, name="create"),
    path("interviews/import/", invite_views.invite_import, name="invite_import"),
    path("interviews/import/save/", invite_views.invite_save, name="invite_save"),
    path("interviews/import/cancel/", invite_views.invite_cancel, name="invite_cancel"),
    path("interviews/<int:interview_pk>/", views.interview_detail, name="detail"),
    path("interviews/<int:interview_pk>/edit/", views.interview_edit, name="edit"),
    path("interviews/<int:interview_pk>/hooks/", views.interview_hooks, name="hooks"),
    path("interviews/<int:interview_pk>/outcome/", views.interview_outcome, name="outcome"),
    path("interviews/<int:interview_pk>/delete/", views.interview_delete_view, name="delete"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:application_pk>/", views.application_detail, name="application"),
    path(
        "applications/<int:application_pk>/grouping/",
        views.application_grouping,
        name="application_grouping",
    ),
    path(
        "applications/<int:application_pk>/outcome/",
        views.application_outcome,
        name="application_outcome",
    ),
    path(
        "applications/<int:application_pk>/split/",
        views.application_split,
        name="application_split",
    ),
    path(
        "applications/<int:application_pk>/merge/",
        views.application_merge,
        name="application_merge",
    ),
    path("sample/", views.sample_create_view, name="sample_create"),
    path("sample/delete/", views.sample_delete_view, name="sample_delete"),
    path("people/", views.people, name="people"),
    path("people/greeting/", views.greeting_suggestion, name="greeting"),
    path("people/vcards/", views.people_vcards, name="people_vcards"),
    path("people/<int:contact_pk>/", views.person_detail, name="person"),
    path("people/<int:contact_pk>/vcard/", views.person_vcard, name="person_vcard"),
    # The list was "Contacts" before it became People; old bookmarks still arrive.
    path(
        "contacts/",
        RedirectView.as_view(pattern_name="interviews:people", permanent=True, query_string=True),
        name="contacts",
    ),
    path("contacts/<int:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
]

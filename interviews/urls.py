from django.urls import path
from django.views.generic import RedirectView

from interviews.views import applications, dashboard, interviews, invites, people

app_name = "interviews"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("interviews/", interviews.interview_list, name="list"),
    path("interviews/new/", interviews.interview_create_view, name="create"),
    path("interviews/import/", invites.invite_import, name="invite_import"),
    path("interviews/import/save/", invites.invite_save, name="invite_save"),
    path("interviews/import/cancel/", invites.invite_cancel, name="invite_cancel"),
    path("interviews/<int:interview_pk>/", interviews.interview_detail, name="detail"),
    path("interviews/<int:interview_pk>/edit/", interviews.interview_edit, name="edit"),
    path("interviews/<int:interview_pk>/hooks/", interviews.interview_hooks, name="hooks"),
    path("interviews/<int:interview_pk>/outcome/", interviews.interview_outcome, name="outcome"),
    path("interviews/<int:interview_pk>/delete/", interviews.interview_delete_view, name="delete"),
    path("applications/", applications.application_list, name="applications"),
    path(
        "applications/<int:application_pk>/", applications.application_detail, name="application"
    ),
    path(
        "applications/<int:application_pk>/grouping/",
        applications.application_grouping,
        name="application_grouping",
    ),
    path(
        "applications/<int:application_pk>/outcome/",
        applications.application_outcome,
        name="application_outcome",
    ),
    path(
        "applications/<int:application_pk>/split/",
        applications.application_split,
        name="application_split",
    ),
    path(
        "applications/<int:application_pk>/merge/",
        applications.application_merge,
        name="application_merge",
    ),
    path("sample/", dashboard.sample_create_view, name="sample_create"),
    path("sample/delete/", dashboard.sample_delete_view, name="sample_delete"),
    path("people/", people.people, name="people"),
    path("people/greeting/", people.greeting_suggestion, name="greeting"),
    path("people/vcards/", people.people_vcards, name="people_vcards"),
    path("people/<int:contact_pk>/", people.person_detail, name="person"),
    path("people/<int:contact_pk>/vcard/", people.person_vcard, name="person_vcard"),
    # The list was "Contacts" before it became People; old bookmarks still arrive.
    path(
        "contacts/",
        RedirectView.as_view(pattern_name="interviews:people", permanent=True, query_string=True),
        name="contacts",
    ),
    path("contacts/<int:contact_pk>/edit/", people.contact_edit, name="contact_edit"),
]

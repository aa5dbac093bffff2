from django.urls import path

from notes import views

app_name = "notes"

urlpatterns = [
    path(
        "interview/<int:interview_pk>/start/",
        views.interview_notes_start,
        name="start",
    ),
    path(
        "interview/<int:interview_pk>/print/",
        views.interview_notes_print,
        name="interview_print",
    ),
    path(
        "interview/<int:interview_pk>/notes.pdf",
        views.interview_notes_pdf,
        name="interview_pdf",
    ),
    path(
        "interview/<int:interview_pk>/notes-<slug:paper>.pdf",
        views.interview_notes_pdf,
        name="interview_paper_pdf",
    ),
    path(
        "interview/<int:interview_pk>/hook-sentence/",
        views.hook_sentence,
        name="hook_sentence",
    ),
    path("<int:note_pk>/", views.note_compose, name="compose"),
    path("<int:note_pk>/fit/", views.note_fit_check, name="fit"),
    path("<int:note_pk>/status/", views.note_status, name="status"),
    path("<int:note_pk>/format/", views.note_switch_format, name="switch_format"),
    path("<int:note_pk>/card.pdf", views.note_pdf, {"kind": "card"}, name="card_pdf"),
    path("<int:note_pk>/envelope.pdf", views.note_pdf, {"kind": "envelope"}, name="envelope_pdf"),
    path("<int:note_pk>/copy-sheet.pdf", views.note_pdf, {"kind": "copy"}, name="copy_pdf"),
]

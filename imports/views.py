"""Importing: upload → preview (fix a cell, skip a row, map columns) → commit → undo.

Every run is reached through its owner: another person's import id is a 404. Nothing of
the person's data changes before they press "Import".
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from common.uploads import upload_limits
from imports.forms import IMPORT_MAX_BYTES, ImportUploadForm, RowFixForm, mapping_form
from imports.models import ImportRow, ImportRun
from imports.services import (
    ImportRefused,
    import_queue,
    import_read,
    import_remap,
    import_row_fix,
    import_row_skip,
    import_skip_bad_rows,
    import_undo,
)
from imports.sheets import FIELDS

ROWS_PER_PAGE = 100


def _run(request, importrun_pk: int) -> ImportRun:
    return get_object_or_404(ImportRun.objects.for_user(request.user), pk=importrun_pk)


def _start_page(request, *, form=None, refusal: str = "", status: int = 200):
    runs = ImportRun.objects.for_user(request.user).order_by("-created_at")[:20]
    return render(
        request,
        "imports/import_start.html",
        {"form": form or ImportUploadForm(), "refusal": refusal, "runs": runs},
        status=status,
    )


# The plain template we publish: the columns the reader recognises first, and two example
# rows (delete them) showing a date, a status, an interview round with its interviewer, a
# contact and notes as it understands them.
TEMPLATE_CSV = (
    "Company,Role,Job link,Date applied,Status,Interview date,Interview time,Interview round,"
    "Interviewer,Contact,Contact e-mail,Notes\r\n"
    "Acme Robotics,Platform engineer,https://jobs.example/acme/123,2026-03-02,Interviewing,"
    "2026-03-10,2:30 PM,Phone screen,Sam Lee,Sam Lee / Recruiter,sam.lee@acme.example,"
    "Referred by Sam\r\n"
    "Globex,Data analyst,,2026-02-14,Rejected,,,,,,,\r\n"
)


@login_required
def import_template(request):
    """Our spreadsheet template, as a CSV that Excel, Numbers and Sheets open."""
    response = HttpResponse(TEMPLATE_CSV, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="afterview-applications.csv"'
    return response


def _refuse(request, message: str):
    return _start_page(request, refusal=message, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@upload_limits(
    body_bytes=IMPORT_MAX_BYTES + 64 * 1024,
    file_bytes=IMPORT_MAX_BYTES,
    message="This file is larger than 20 MB; split it into smaller files and import each.",
    refuse=_refuse,
)
def import_start(request):
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _start_page(request, form=form, status=400)
        upload = form.cleaned_data["file"]
        try:
            run = import_read(owner=request.user, filename=upload.name, data=upload)
        except ImportRefused as error:
            return _refuse(request, str(error))
        return redirect(run)
    return _start_page(request)


@login_required
def import_detail(request, importrun_pk: int):
    run = _run(request, importrun_pk)  # another person's id is a 404, whatever the method
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    context: dict = {"run": run, "fields": FIELDS}
    if run.kind == ImportRun.Kind.SHEET and run.status == ImportRun.Status.PREVIEW:
        show = request.GET.get(
            "show", "problems" if run.summary.get("rows_with_problems") else "all"
        )
        rows = run.rows.all()
        if show == "problems":
            rows = rows.exclude(problems=[]).exclude(action="empty")
        elif show in ("create", "merge", "lead", "duplicate", "invalid", "empty"):
            rows = rows.filter(action=show)
        page = Paginator(rows.order_by("number"), ROWS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            show=show,
            mapping_form=mapping_form(run.headers, run.mapping),
            has_company=("company" in run.mapping.values()),
        )
    return render(request, "imports/import_detail.html", context)


@login_required
def import_progress(request, importrun_pk: int):
    run = _run(request, importrun_pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return JsonResponse(
        {
            "status": run.status,
            "done": run.done_rows,
            "total": run.total_rows,
            "percent": run.percent,
            "error": run.error,
        }
    )


@login_required
@require_POST
def import_columns(request, importrun_pk: int):
    run = _run(request, importrun_pk)
    form = mapping_form(run.headers, run.mapping)
    form.data = request.POST
    form.is_bound = True
    if form.is_valid():
        mapping = {
            name.removeprefix("col_"): value for name, value in form.cleaned_data.items() if value
        }
        import_remap(run=run, mapping=mapping)
        messages.success(request, "The columns are read again as you mapped them.")
    else:
        messages.error(request, "Pick a field from the list for each column.")
    return redirect(run)


@login_required
@require_POST
def import_row(request, importrun_pk: int):
    """Fix the cells of one row (its number posted with them), or skip it."""
    run = _run(request, importrun_pk)
    if run.status != ImportRun.Status.PREVIEW:
        return redirect(run)
    try:
        number = int(request.POST.get("number", ""))
    except ValueError:
        messages.error(request, "Which row? Use the buttons beside the row.")
        return redirect(run)
    row = get_object_or_404(ImportRow, run=run, number=number)
    if "skip" in request.POST:
        import_row_skip(row=row, skip=request.POST["skip"] == "1")
    else:
        form = RowFixForm(request.POST)
        if not form.is_valid():
            messages.error(request, f"Row {number}: {form.errors.as_text()}")
            return redirect(run)
        typed = {k: v for k, v in form.cleaned_data.items() if k in request.POST}
        fixed = import_row_fix(row=row, values=typed)
        if fixed.problems and fixed.action == "invalid":
            messages.warning(request, f"Row {number}: {' '.join(fixed.problems)}")
        else:
            messages.success(request, f"Row {number} is fixed.")
    return redirect(f"{run.get_absolute_url()}?show={request.POST.get('show', 'problems')}")


@login_required
@require_POST
def import_skip_problems(request, importrun_pk: int):
    run = _run(request, importrun_pk)
    if run.status == ImportRun.Status.PREVIEW:
        count = import_skip_bad_rows(run=run)
        messages.info(request, f"{count} row(s) with problems will be left out.")
    return redirect(run)


@login_required
@require_POST
def import_commit_view(request, importrun_pk: int):
    run = _run(request, importrun_pk)
    if run.status != ImportRun.Status.PREVIEW:
        return redirect(run)
    if run.kind == ImportRun.Kind.SHEET and run.rows.filter(action="invalid", skip=False).exists():
        messages.error(
            request,
            "Some rows still have problems: fix them, skip them, or continue without them.",
        )
        return redirect(run)
    queued = import_queue(run=run)
    run.refresh_from_db()
    if queued:
        messages.info(request, "Importing in the background: you can leave this page.")
    elif run.status == ImportRun.Status.DONE:
        messages.success(request, "Imported.")
    elif run.status == ImportRun.Status.FAILED:
        messages.error(request, "Nothing was imported: " + run.error)
    return redirect(run)


@login_required
@require_POST
def import_undo_view(request, importrun_pk: int):
    run = _run(request, importrun_pk)
    removed, kept = import_undo(run=run)
    if kept:
        messages.info(
            request,
            f"Undone: {removed} row(s) removed; {kept} kept because you changed them since.",
        )
    else:
        messages.success(request, f"Undone: {removed} row(s) removed.")
    return redirect(run)

"""The dashboard, and adding or removing the sample interview from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from interviews.selectors import dashboard_interviews
from interviews.services import (
    sample_interview_create,
    sample_interview_delete,
)


@login_required
def dashboard(request):
    """What to do next: the due follow-ups, the recent interviews, the applications in
    progress, what is coming up and the themes, drawn from the rows as they are now."""
    return render(
        request,
        "interviews/dashboard.html",
        dashboard_interviews(request.user, timezone.now()),
    )


@login_required
@require_POST
def sample_create_view(request):
    interview = sample_interview_create(owner=request.user)
    messages.success(request, "Here is a sample interview to look around in. Remove it any time.")
    return redirect(interview)


@login_required
@require_POST
def sample_delete_view(request):
    if sample_interview_delete(owner=request.user):
        messages.success(request, "The sample interview is gone.")
    return redirect("interviews:dashboard")

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interviews.models import Interview
from reviews import charts
from reviews.figures import figure
from reviews.forms import QuestionFormSet, ReviewForm
from reviews.insights import insights_for
from reviews.models import Question, Review
from reviews.services import (
    question_set_practised,
    review_reopen,
    review_save,
    theme_labels,
)

REVIEWS_PER_PAGE = 25


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request, interview_pk: int):
    """Start or continue the review of an interview. "Save draft" keeps anything typed;
    "Complete review" asks for what a finished review needs."""
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("company"), pk=interview_pk
    )
    review = Review.objects.filter(interview=interview).first()
    action = request.POST.get("action")
    # Saving a completed review keeps it completed, unless the person asks for a draft.
    completing = request.method == "POST" and (
        action == "complete" or (action != "draft" and review is not None and review.is_completed)
    )
    instance = review or Review(interview=interview, intended=interview.intent)
    form = ReviewForm(
        request.POST or None, instance=instance, interview=interview, completing=completing
    )
    formset = QuestionFormSet(
        request.POST or None, instance=instance, prefix="questions", completing=completing
    )
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            review = review_save(
                interview=interview,
                review=review,
                fields={name: form.cleaned_data[name] for name in form.Meta.fields},
                questions=formset.changed_questions(),
                removed=formset.removed_questions(),
                complete=completing,
            )
            if review.is_completed:
                messages.success(request, "Review completed. It now counts in your insights.")
                return redirect(review)
            messages.success(request, "Draft saved. Come back to it any time.")
            return redirect("reviews:edit", interview_pk=interview.pk)
        messages.error(request, "Some answers need another look; nothing you typed was lost.")
    return render(
        request,
        "reviews/review_form.html",
        {
            "interview": interview,
            "review": review,
            "form": form,
            "formset": formset,
            "themes": sorted(theme_labels(owner=request.user).values(), key=str.casefold),
        },
    )


@login_required
def review_detail(request, review_pk: int):
    review = get_object_or_404(
        Review.objects.for_user(request.user).select_related("interview__company"), pk=review_pk
    )
    if request.method not in ("GET", "HEAD"):
        # Refused only after the lookup, so another person's id is a 404 for every method.
        return HttpResponseNotAllowed(["GET", "HEAD"])
    questions = list(review.questions.all())
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "interview": review.interview,
            "questions": questions,
            "comfortable": [q for q in questions if (q.comfort or 0) >= 4],
            "hard": [q for q in questions if q.comfort is not None and q.comfort <= 2],
        },
    )


@login_required
@require_POST
def review_reopen_view(request, review_pk: int):
    review = get_object_or_404(
        Review.objects.for_user(request.user).select_related("interview"), pk=review_pk
    )
    review_reopen(review=review)
    messages.success(request, "The review is a draft again; complete it when you're ready.")
    return redirect("reviews:edit", interview_pk=review.interview_id)


@login_required
@require_POST
def question_practised(request, question_pk: int):
    question = get_object_or_404(Question.objects.for_user(request.user), pk=question_pk)
    practised = request.POST.get("practised", "1") == "1"
    question_set_practised(question=question, practised=practised)
    messages.success(
        request, "Marked as practised." if practised else "The strategy is open again."
    )
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("reviews:insights")


@login_required
@require_GET
def review_list(request):
    reviews = (
        Review.objects.for_user(request.user)
        .select_related("interview__company")
        .annotate(question_count=Count("questions"))
        .order_by("-interview__starts_at", "-pk")
    )
    page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reviews/review_list.html", {"page": page})


def _insights_page(user) -> dict:
    """Insights' figures and charts: everything the page shows that depends on the data."""
    data = insights_for(user)
    data["charts"] = {
        "themes": charts.theme_bars(data["themes"]) if data["themes"] else "",
        "excitement": charts.excitement_dumbbells(data["excitement"])
        if data["excitement"]
        else "",
        "employers": charts.employer_bars(data["employers"]) if data["employers"] else "",
    }
    for theme in data["themes"]:
        theme.spark = charts.sparkline(theme.months)
        # Built here rather than in a template loop: a long history has many months.
        theme.months_text = "; ".join(
            f"{m.month:%b %Y}: {m.avg_comfort:.1f}" for m in theme.months
        )
    return data


@login_required
@require_GET
def insights(request):
    # Cached per person until their interviews or reviews change (reviews/figures.py).
    data = figure(request.user, "insights", lambda: _insights_page(request.user))
    return render(request, "reviews/insights.html", data)

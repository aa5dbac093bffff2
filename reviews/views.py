from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.kept import kept
from interviews.models import Interview
from reviews import charts
from reviews.calibration import calibration_for
from reviews.forms import (
    GutForm,
    PlanItemForm,
    PlanOutcomeFormSet,
    QuestionFormSet,
    ReviewForm,
    StoryForm,
    story_choices,
)
from reviews.insights import GO_TO_AT_LEAST, WORK_ON_BELOW, insights_for
from reviews.models import GutRating, PlanItem, Question, Review, Story
from reviews.plans import carry_candidates, story_suggestions
from reviews.services import (
    GutRatingRefused,
    PlanError,
    gut_rating_record,
    plan_carry,
    plan_dismiss,
    plan_item_add,
    plan_item_move,
    plan_item_remove,
    plan_item_update,
    question_set_practised,
    review_reopen,
    review_save,
    story_delete,
    story_from_review,
    story_save,
    theme_labels,
)
from reviews.stories import stories_with_record, story_answered, story_told_where

REVIEWS_PER_PAGE = 25
STORIES_PER_PAGE = 25
STORIES_IN_INSIGHTS = 10


def _safe_next(request, fallback):
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(fallback)


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request, interview_pk: int):
    """Start or continue the review of an interview. "Save draft" keeps anything typed;
    "Complete review" asks for what a finished review needs."""
    # The review and the gut rating come with the interview (one query, not three), and
    # whether it has a plan: without one (most reviews) its items are not looked up.
    interview = get_object_or_404(
        Interview.objects.for_user(request.user)
        .select_related("company", "application", "review", "gut")
        .annotate(has_plan=Exists(PlanItem.objects.filter(interview_id=OuterRef("pk")))),
        pk=interview_pk,
    )
    review: Review | None = getattr(interview, "review", None)
    gut: GutRating | None = getattr(interview, "gut", None)
    action = request.POST.get("action")
    # Saving a completed review keeps it completed, unless the person asks for a draft.
    completing = request.method == "POST" and (
        action == "complete" or (action != "draft" and review is not None and review.is_completed)
    )
    instance = review or Review(interview=interview)
    form = ReviewForm(
        request.POST or None, instance=instance, interview=interview, completing=completing
    )
    formset = QuestionFormSet(
        request.POST or None,
        instance=instance,
        prefix="questions",
        completing=completing,
        owner=request.user,
    )
    plan = PlanOutcomeFormSet(
        request.POST or None,
        queryset=(
            PlanItem.objects.filter(interview=interview).select_related("story")
            if interview.has_plan
            else PlanItem.objects.none()
        ),
        prefix="plan",
        completing=completing,
    )
    if request.method == "POST":
        if form.is_valid() and formset.is_valid() and plan.is_valid():
            review = review_save(
                interview=interview,
                review=review,
                fields={name: form.cleaned_data[name] for name in form.Meta.fields},
                questions=formset.changed_questions(),
                removed=formset.removed_questions(),
                plan_items=plan.changed_items(),
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
            "plan": plan,
            "gut": gut,
            "themes": sorted(theme_labels(owner=request.user).values(), key=str.casefold),
        },
    )


@login_required
def review_detail(request, review_pk: int):
    review = get_object_or_404(
        Review.objects.for_user(request.user).select_related(
            "interview__company", "interview__application"
        ),
        pk=review_pk,
    )
    if request.method not in ("GET", "HEAD"):
        # Refused only after the lookup, so another person's id is a 404 for every method.
        return HttpResponseNotAllowed(["GET", "HEAD"])
    questions = list(review.questions.select_related("story"))
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "interview": review.interview,
            "plan_items": list(review.interview.plan_items.select_related("story")),
            "gut": GutRating.objects.filter(interview=review.interview).first(),
            "story": Story.objects.filter(source_review=review).first(),
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
    return _safe_next(request, "reviews:insights")


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
    data["calibration"] = calibration_for(user)
    data["stories"] = list(
        stories_with_record(user)
        .prefetch_related(None)  # the table shows no themes
        .filter(told__gt=0)
        .order_by("-told", "-landed", "title")[:STORIES_IN_INSIGHTS]
    )
    data["charts"] = {
        "themes": charts.theme_bars(data["themes"]) if data["themes"] else "",
        "excitement": charts.excitement_dumbbells(data["excitement"])
        if data["excitement"]
        else "",
        "employers": charts.employer_bars(data["employers"]) if data["employers"] else "",
        "calibration": charts.calibration_bars(data["calibration"])
        if data["calibration"].rated
        else "",
    }
    for theme in data["themes"]:
        theme.spark = charts.sparkline(theme.months)
        # Built here rather than in a template loop: a long history has many months.
        theme.months_text = "; ".join(
            f"{m.month:%b %Y}: {m.avg_comfort:.1f}" for m in theme.months
        )
    return data


# Where a kept drawing has its CSRF fields: each request puts its own token in.
_CSRF_TOKEN = "\x00csrf\x00"


def _with_csrf(request, drawn: str) -> SafeString:
    return mark_safe(drawn.replace(_CSRF_TOKEN, get_token(request)))


@login_required
@require_GET
def insights(request):
    """What the person's completed reviews add up to. The figures are heavy (every question
    ever asked), so the drawn content is kept under the person's change stamp
    (``common.kept``): any change to what it reads, by any path, draws it anew."""
    user, next_path = request.user, request.get_full_path()

    def draw() -> str:
        return render_to_string(
            "reviews/_insights_body.html",
            {
                **_insights_page(user),
                "go_to_at_least": GO_TO_AT_LEAST,
                "work_on_below": WORK_ON_BELOW,
                "next_path": next_path,
                "csrf_token": _CSRF_TOKEN,
            },
        )

    body = kept(
        user.pk,
        "history",
        "insights",
        draw,
        vary=(timezone.get_current_timezone_name(), translation.get_language(), next_path),
    )
    return render(
        request,
        "reviews/insights.html",
        {"body": _with_csrf(request, body)},
    )


# The plan of an interview.


def _own_interview(request, interview_pk):
    return get_object_or_404(
        Interview.objects.for_user(request.user).select_related("company", "owner", "application"),
        pk=interview_pk,
    )


def _own_item(request, planitem_pk):
    return get_object_or_404(
        PlanItem.objects.for_user(request.user).select_related("interview__company"),
        pk=planitem_pk,
    )


def _plan_history(request, interview: Interview, story_pks: list[int]) -> SafeString:
    """The plan's history, drawn: what carries over from earlier interviews and the stories to
    suggest. Both read the person's whole history, so the drawn part is kept under their
    change stamp (``common.kept``), as Insights is."""
    next_path = request.get_full_path()

    def draw() -> str:
        suggestions, likely, weak = story_suggestions(
            interview=interview, exclude_story_pks=story_pks
        )
        return render_to_string(
            "reviews/_plan_history.html",
            {
                "interview": interview,
                "carry": carry_candidates(interview=interview),
                "suggestions": suggestions,
                "likely": list(likely.values()),
                "weak": list(weak.values()),
                "next_path": next_path,
                "csrf_token": _CSRF_TOKEN,
            },
        )

    drawn = kept(
        interview.owner_id,
        "history",
        "plan_history",
        draw,
        vary=(
            interview.pk,
            interview.company_id,
            interview.role,
            interview.starts_at,
            sorted(story_pks),
            timezone.get_current_timezone_name(),
            translation.get_language(),
            next_path,
        ),
    )
    return _with_csrf(request, drawn)


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, interview_pk: int):
    """The interview's plan: its items, what carries over, stories to suggest; POST adds
    an item."""
    interview = _own_interview(request, interview_pk)
    stories = story_choices(request.user)
    form = PlanItemForm(request.POST or None, owner=request.user, stories=stories)
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_item_add(interview=interview, **form.cleaned_data)
            except PlanError as error:
                form.add_error("text", str(error))
            else:
                messages.success(request, "Added to the plan.")
                return redirect("reviews:plan", interview_pk=interview.pk)
        messages.error(request, "The item was not added; see below.")
    items = list(interview.plan_items.select_related("story"))
    history = _plan_history(request, interview, [i.story_id for i in items if i.story_id])
    kinds = [
        (value, label, [i for i in items if i.kind == value])
        for value, label in PlanItem.Kind.choices
    ]
    return render(
        request,
        "reviews/plan.html",
        {
            "interview": interview,
            "items": items,
            "kinds": kinds,
            "form": form,
            "history": history,
            "has_stories": len(stories) > 1,
        },
    )


@login_required
@require_POST
def plan_carry_view(request, interview_pk: int):
    """Carries one item or strategy (``item`` / ``question`` in the body), or every one
    offered (``all``), into this plan. Another person's id is a 404."""
    interview = _own_interview(request, interview_pk)
    carried = 0
    try:
        if request.POST.get("all"):
            for candidate in carry_candidates(interview=interview):
                if candidate.item_pk:
                    item = PlanItem.objects.for_user(request.user).get(pk=candidate.item_pk)
                    plan_carry(interview=interview, item=item)
                else:
                    question = Question.objects.for_user(request.user).get(
                        pk=candidate.question_pk
                    )
                    plan_carry(interview=interview, question=question)
                carried += 1
        elif request.POST.get("item"):
            item = get_object_or_404(
                PlanItem.objects.for_user(request.user), pk=_int(request.POST["item"])
            )
            plan_carry(interview=interview, item=item)
            carried = 1
        elif request.POST.get("question"):
            question = get_object_or_404(
                Question.objects.for_user(request.user), pk=_int(request.POST["question"])
            )
            plan_carry(interview=interview, question=question)
            carried = 1
    except PlanError as error:  # the plan is full: what was carried so far stays
        messages.error(request, str(error))
    if carried:
        messages.success(request, f"Carried {carried} item{'s' if carried != 1 else ''} over.")
    else:
        messages.info(request, "Nothing to carry over.")
    return redirect("reviews:plan", interview_pk=interview.pk)


def _int(raw: str) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_edit(request, planitem_pk: int):
    item = _own_item(request, planitem_pk)
    initial = {"kind": item.kind, "text": item.text, "story": item.story_id}
    form = PlanItemForm(request.POST or None, initial=initial, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan_item_update(item=item, **form.cleaned_data)
        except PlanError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, "Plan item saved.")
            return redirect("reviews:plan", interview_pk=item.interview_id)
    return render(
        request,
        "reviews/plan_item_form.html",
        {"item": item, "interview": item.interview, "form": form},
    )


@login_required
@require_POST
def plan_item_remove_view(request, planitem_pk: int):
    item = _own_item(request, planitem_pk)
    plan_item_remove(item=item)
    messages.success(request, "Removed from the plan.")
    return redirect("reviews:plan", interview_pk=item.interview_id)


@login_required
@require_POST
def plan_item_move_view(request, planitem_pk: int):
    item = _own_item(request, planitem_pk)
    plan_item_move(item=item, up=request.POST.get("direction") != "down")
    return redirect("reviews:plan", interview_pk=item.interview_id)


@login_required
@require_POST
def plan_item_dismiss(request, planitem_pk: int):
    """Never carry this item over again."""
    item = _own_item(request, planitem_pk)
    plan_dismiss(item=item)
    messages.success(request, "Dismissed: it will not be carried over again.")
    return _safe_next(request, "reviews:list")


@login_required
@require_POST
def question_dismiss(request, question_pk: int):
    """Never carry this question's strategy into a plan again."""
    question = get_object_or_404(Question.objects.for_user(request.user), pk=question_pk)
    plan_dismiss(question=question)
    messages.success(request, "Dismissed: the strategy will not be carried over again.")
    return _safe_next(request, "reviews:insights")


@login_required
@require_POST
def gut_rating(request, interview_pk: int):
    """Records "how did it go?" right after the interview."""
    interview = _own_interview(request, interview_pk)
    form = GutForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick a rating from 1 to 5.")
    else:
        try:
            gut_rating_record(interview=interview, rating=form.cleaned_data["rating"])
        except GutRatingRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, "Gut rating recorded. Insights will compare it with the outcome."
            )
    return _safe_next(request, interview.get_absolute_url())


# The story bank.


@login_required
@require_GET
def story_list(request):
    stories = stories_with_record(request.user).order_by("title", "pk")
    page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reviews/story_list.html", {"page": page})


def _story_form_page(request, story=None):
    initial = None
    if story is not None:
        initial = {
            "title": story.title,
            "situation": story.situation,
            "task": story.task,
            "action": story.action,
            "result": story.result,
            "themes": ", ".join(t.theme for t in story.themes.all()),
        }
    form = StoryForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                story = story_save(
                    owner=request.user,
                    story=story,
                    fields=form.cleaned_data,
                    themes=form.theme_list(),
                )
            except PlanError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Story saved.")
                return redirect(story)
        messages.error(request, "The story was not saved; see below. Nothing you typed is lost.")
    return render(
        request,
        "reviews/story_form.html",
        {
            "story": story,
            "form": form,
            "themes": sorted(theme_labels(owner=request.user).values(), key=str.casefold),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def story_create(request):
    return _story_form_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request, story_pk: int):
    story = get_object_or_404(Story.objects.for_user(request.user), pk=story_pk)
    return _story_form_page(request, story)


@login_required
def story_detail(request, story_pk: int):
    story = get_object_or_404(
        stories_with_record(request.user).select_related("source_review__interview__company"),
        pk=story_pk,
    )
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return render(
        request,
        "reviews/story_detail.html",
        {
            "story": story,
            "told_where": story_told_where(story),
            "answered": story_answered(story),
        },
    )


@login_required
@require_POST
def story_delete_view(request, story_pk: int):
    story = get_object_or_404(Story.objects.for_user(request.user), pk=story_pk)
    story_delete(story=story)
    messages.success(request, "Story deleted. Plans and reviews that used it keep their text.")
    return redirect("reviews:stories")


@login_required
@require_POST
def story_from_review_view(request, review_pk: int):
    """ "Overlooked experience" becomes a story with one click; a second click opens it."""
    review = get_object_or_404(
        Review.objects.for_user(request.user).select_related("interview"), pk=review_pk
    )
    try:
        story, created = story_from_review(review=review)
    except PlanError as error:
        messages.error(request, str(error))
        return redirect(review)
    if created:
        messages.success(request, "Added to your story bank. Give it its task, action and result.")
        return redirect("reviews:story_edit", story_pk=story.pk)
    messages.info(request, "That experience is already in your story bank.")
    return redirect(story)

"""Copies each interview's free-text "what I meant to convey" into plan items, one per
non-blank line, so nothing typed before plans existed is lost.

The text stays on the interview (notes read it); from now on the plan writes it.
"""

from django.db import migrations


def guess_kind(line: str) -> str:
    lowered = line.casefold()
    if line.endswith("?") or lowered.startswith("ask "):
        return "question"
    if "story" in lowered:
        return "story"
    return "point"


def intent_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def copy_intent_into_plans(apps, schema_editor):
    Interview = apps.get_model("interviews", "Interview")
    PlanItem = apps.get_model("reviews", "PlanItem")
    planned = set(PlanItem.objects.values_list("interview_id", flat=True).distinct())
    batch = []
    for pk, intent in Interview.objects.exclude(intent="").values_list("pk", "intent").iterator():
        if pk in planned:
            continue
        for position, line in enumerate(intent_lines(intent)):
            batch.append(
                PlanItem(interview_id=pk, kind=guess_kind(line), text=line, position=position)
            )
        if len(batch) >= 1000:
            PlanItem.objects.bulk_create(batch)
            batch = []
    PlanItem.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0003_company_restrict"),
        ("reviews", "0002_plans_stories_gut"),
    ]

    operations = [migrations.RunPython(copy_intent_into_plans, migrations.RunPython.noop)]

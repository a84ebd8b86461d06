"""Scoring a checklist in a form, item by item: a verdict (符合 / 不符合 / 不适用), one score
and one note per item. Used by the inspection form and by case review (penalties), with the
partial templates/inspections/_score_rows.html.

Every item starts unanswered: a sheet is saved only when each item has its verdict (or a
score, which says it: full marks 符合, less 不符合), so an untouched sheet cannot pass as
full marks and earn a grade. Without scripts the form works as sent: 符合 with no score
counts full marks, 不符合 needs the score after the deduction, 不适用 (inspection sheets
only) leaves the item out of the total. static/js/forms.js fills the score as the verdict is
chosen and offers "其余未评项目记为符合", an explicit click."""

from decimal import Decimal
from itertools import groupby

from django import forms

from inspections.choices import ChecklistPurpose

MEETS, FAILS, NOT_APPLICABLE = "meets", "fails", "na"
VERDICTS = [(MEETS, "符合"), (FAILS, "不符合"), (NOT_APPLICABLE, "不适用")]


def _choose(choices) -> str:
    """The verdicts to choose from, as the message names them: “符合”“不符合”或“不适用”."""
    words = [f"“{label}”" for _value, label in choices]
    return "".join(words[:-1]) + "或" + words[-1]


class ScoreRow:
    """One item of the sheet in the form: its verdict, score and note fields."""

    def __init__(self, item, verdict, score, note):
        self.item, self.verdict, self.score, self.note = item, verdict, score, note

    def __iter__(self):  # (item, score, note), as the rows were before verdicts
        return iter((self.item, self.score, self.note))


class ChecklistScoringMixin:
    """Call ``add_score_fields(checklist)`` in ``__init__``; ``clean`` checks each score is
    within 0..max; ``scores()`` gives {item id: (score, note)} for the services, a score of
    None for an item not applicable."""

    def add_score_fields(self, checklist) -> None:
        self.chosen_checklist = checklist
        self.score_rows = []
        if checklist is None:
            return
        choices = VERDICTS
        if checklist.purpose != ChecklistPurpose.INSPECTION:
            choices = VERDICTS[:2]  # a case review scores every item
        self.verdict_words = _choose(choices)
        for item in checklist.items.all():
            full = f"{item.max_points.normalize():f}"
            self.fields[f"verdict_{item.pk}"] = forms.ChoiceField(
                label=item.content,
                choices=choices,
                required=False,
                widget=forms.RadioSelect(attrs={"data-verdict": full}),
            )
            self.fields[f"score_{item.pk}"] = forms.DecimalField(
                label=item.content,
                required=False,
                max_digits=6,
                decimal_places=2,
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": full, "step": "0.5", "data-score": full}
                ),
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label="扣分说明", max_length=200, required=False
            )
            self.score_rows.append(
                ScoreRow(
                    item,
                    self[f"verdict_{item.pk}"],
                    self[f"score_{item.pk}"],
                    self[f"note_{item.pk}"],
                )
            )

    def score_sections(self):
        """[(section, [ScoreRow, ...]), ...] in the checklist's order."""
        return [
            (section, list(rows))
            for section, rows in groupby(self.score_rows, key=lambda r: r.item.section)
        ]

    def main_fields(self):
        return [f for f in self if not f.name.startswith(("score_", "note_", "verdict_"))]

    def clean(self):
        data = super().clean()
        unanswered = []
        for row in self.score_rows:
            item = row.item
            verdict = data.get(f"verdict_{item.pk}") or ""
            value = data.get(f"score_{item.pk}")
            if not verdict and value is None:
                if f"score_{item.pk}" not in self.errors:
                    unanswered.append(item)
                    self.add_error(
                        f"verdict_{item.pk}", f"此项尚未评定：请选择{self.verdict_words}。"
                    )
                continue
            if verdict == NOT_APPLICABLE:
                data[f"score_{item.pk}"] = None
                continue
            if verdict == MEETS and value is None:
                data[f"score_{item.pk}"] = value = item.max_points
            if verdict == FAILS and value is None and f"score_{item.pk}" not in self.errors:
                self.add_error(f"score_{item.pk}", "不符合的项目请填写扣分后的得分。")
                continue
            if value is not None and not Decimal("0") <= value <= item.max_points:
                self.add_error(
                    f"score_{item.pk}", f"得分应在 0 到 {item.max_points.normalize():f} 之间。"
                )
        if unanswered:
            self.add_error(
                None,
                f"评分表还有 {len(unanswered)} 项未评定（第一项：“{unanswered[0].content[:20]}”），"
                f"请逐项选择{self.verdict_words}。",
            )
        return data

    def scores(self) -> dict:
        data = self.cleaned_data
        out = {}
        for row in self.score_rows:
            pk = row.item.pk
            if data.get(f"verdict_{pk}") == NOT_APPLICABLE:
                out[pk] = (None, data[f"note_{pk}"])
            elif data.get(f"score_{pk}") is not None:
                out[pk] = (data[f"score_{pk}"], data[f"note_{pk}"])
        return out

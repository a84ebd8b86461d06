"""Scoring a checklist in a form, item by item: one score and one note per item. Used by the
inspection form and by case review (penalties), with the partial
templates/inspections/_score_rows.html."""

from decimal import Decimal
from itertools import groupby

from django import forms


class ChecklistScoringMixin:
    """Call ``add_score_fields(checklist)`` in ``__init__``; ``clean`` checks each score is
    within 0..max; ``scores()`` gives {item id: (score, note)} for the services."""

    def add_score_fields(self, checklist) -> None:
        self.chosen_checklist = checklist
        self.score_rows = []
        if checklist is None:
            return
        for item in checklist.items.all():
            self.fields[f"score_{item.pk}"] = forms.DecimalField(
                label=item.content,
                required=False,
                max_digits=6,
                decimal_places=2,
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": f"{item.max_points.normalize():f}", "step": "0.5"}
                ),
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label="扣分说明", max_length=200, required=False
            )
            self.score_rows.append((item, self[f"score_{item.pk}"], self[f"note_{item.pk}"]))

    def score_sections(self):
        """[(section, [(item, score field, note field), ...]), ...] in the checklist's order."""
        return [
            (section, list(rows))
            for section, rows in groupby(self.score_rows, key=lambda r: r[0].section)
        ]

    def main_fields(self):
        return [f for f in self if not f.name.startswith(("score_", "note_"))]

    def clean(self):
        data = super().clean()
        for item, _score, _note in self.score_rows:
            value = data.get(f"score_{item.pk}")
            if value is not None and not Decimal("0") <= value <= item.max_points:
                self.add_error(
                    f"score_{item.pk}", f"得分应在 0 到 {item.max_points.normalize():f} 之间。"
                )
        return data

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            item.pk: (data[f"score_{item.pk}"], data[f"note_{item.pk}"])
            for item, _s, _n in self.score_rows
            if data.get(f"score_{item.pk}") is not None
        }

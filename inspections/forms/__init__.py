"""The inspection pages' forms: inspections, samples, opinions and planning
(inspections.py; draws: planning.py; photos: photos.py; on-site records: records.py), the checklist scoring shared with case review (scoring.py)."""

from inspections.forms.inspections import (
    YES_NO,
    CampaignForm,
    DateTimeInput,
    InspectionForm,
    OpinionAmendForm,
    OpinionIssueForm,
    OpinionItemForm,
    OpinionItemFormSet,
    formset_items,
    initial_from_post,
    now_local_minutes,
    yes_no,
)
from inspections.forms.photos import PhotoForm
from inspections.forms.planning import (
    DrawForm,
    DrawSubstitutionForm,
    ExclusionFormSet,
)
from inspections.forms.samples import ReadingField, SampleForm, SampleResultForm, sample_types
from inspections.forms.scoring import (
    ChecklistScoringMixin,
)

__all__ = [
    "CampaignForm",
    "ChecklistScoringMixin",
    "DateTimeInput",
    "DrawForm",
    "DrawSubstitutionForm",
    "ExclusionFormSet",
    "InspectionForm",
    "OpinionAmendForm",
    "OpinionIssueForm",
    "OpinionItemForm",
    "OpinionItemFormSet",
    "PhotoForm",
    "ReadingField",
    "SampleForm",
    "SampleResultForm",
    "YES_NO",
    "formset_items",
    "initial_from_post",
    "now_local_minutes",
    "sample_types",
    "yes_no",
]

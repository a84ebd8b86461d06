"""Business actions of inspections. Pages, the API and commands all call these."""

from inspections.services.campaigns import campaign_save
from inspections.services.checklists import checklist_revise, checklist_scores_check
from inspections.services.draws import draw_make, draw_verify
from inspections.services.grades import grade_assess, grade_void
from inspections.services.inspections import inspection_check, inspection_record
from inspections.services.opinions import (
    opinion_amend,
    opinion_issue,
    opinion_proposed_items,
    opinion_version,
    sample_rectification_items,
)
from inspections.services.photos import NOT_A_PHOTO, photo_add, photos_add
from inspections.services.records import (
    onsite_record_amend,
    onsite_record_make,
    onsite_record_refuse,
    onsite_record_sign,
    onsite_record_update,
)
from inspections.services.samples import sample_record, sample_result_enter

__all__ = [
    "NOT_A_PHOTO",
    "campaign_save",
    "checklist_revise",
    "checklist_scores_check",
    "draw_make",
    "draw_verify",
    "grade_assess",
    "grade_void",
    "inspection_check",
    "inspection_record",
    "onsite_record_amend",
    "onsite_record_make",
    "onsite_record_refuse",
    "onsite_record_sign",
    "onsite_record_update",
    "opinion_amend",
    "opinion_version",
    "opinion_issue",
    "opinion_proposed_items",
    "photo_add",
    "photos_add",
    "sample_rectification_items",
    "sample_record",
    "sample_result_enter",
]

"""For tests that post an edit page's form without loading the page first."""

from core.locking import VERSION_FIELD, record_version


def version_of(obj) -> dict:
    """The hidden field the edit page of ``obj`` carries if loaded now (core/locking.py):
    without it the page refuses the save (409) as a possible blind overwrite."""
    return {VERSION_FIELD: record_version(obj)}

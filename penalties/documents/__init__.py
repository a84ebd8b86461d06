"""The documents of a penalty case: a registry (``base``) every document module fills.

See ``penalties.documents.base`` for how to add a document. Importing this package imports
every document module, so the registry is complete wherever it is used."""

from penalties.documents import (
    approvals,  # noqa: F401  (registers its documents)
    case_file,  # noqa: F401  (registers the whole case file)
    evidence,  # noqa: F401  (registers its documents)
    hearing,  # noqa: F401  (registers its documents)
    orders,  # noqa: F401  (registers its documents)
    ordinary,  # noqa: F401  (registers its documents)
    service,  # noqa: F401  (registers its documents)
    simple,  # noqa: F401  (registers its documents)
)
from penalties.documents.amounts import yuan_in_capitals, yuan_in_figures
from penalties.documents.base import (
    REGISTRY,
    CaseDocument,
    DocumentEntry,
    DocumentNotReady,
    FileOrder,
    case_for_documents,
    document_get,
    documents_of,
    prefetch_for_documents,
    register,
)
from penalties.documents.case_file import CASE_FILE
from penalties.documents.ordinary import DECISION, FILING, NOTICE

__all__ = [
    "CASE_FILE",
    "DECISION",
    "FILING",
    "NOTICE",
    "REGISTRY",
    "CaseDocument",
    "DocumentEntry",
    "DocumentNotReady",
    "FileOrder",
    "case_for_documents",
    "document_get",
    "documents_of",
    "prefetch_for_documents",
    "register",
    "yuan_in_capitals",
    "yuan_in_figures",
]

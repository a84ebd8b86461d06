"""The kernel's business actions that are not tied to one of its modules (keyword-only,
atomic, noun_verb): see each module."""

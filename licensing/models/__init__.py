from licensing.models.permits import Application, Consultation, Permit, PermitType

__all__ = ["Application", "Consultation", "Permit", "PermitType"]

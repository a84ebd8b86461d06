from django.conf import settings

from core.roles import role_labels


def office(request):
    user = getattr(request, "user", None)
    roles = role_labels(user) if user is not None and user.is_authenticated else []
    return {"OFFICE_NAME": settings.OFFICE_NAME, "user_roles": roles}

"""How people are named on pages, documents, exports and messages.

The office keeps a person's whole name (姓名, family name first, e.g. 王建国) in the
account's ``first_name``; ``last_name`` is normally empty. The name shown is Django's
full name (first and last name), and the login name only when no name is set."""

from django import forms


def display_name(user) -> str:
    """The user's name as shown to people; the login name only when no name is set;
    empty for no user."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def display_names(users, sep: str = "、") -> str:
    """Several users' names in one text, in the order given."""
    return sep.join(display_name(u) for u in users)


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of one user, offered by name."""

    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several users, offered by name."""

    def label_from_instance(self, obj) -> str:
        return display_name(obj)

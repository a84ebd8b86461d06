import pytest
from django.db import connection
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

def test_a():
    print("A", hasattr(connection, "_test_serialized_contents"), len(getattr(connection, "_test_serialized_contents", "") or ""), Group.objects.count())

def test_b():
    print("B", hasattr(connection, "_test_serialized_contents"), Group.objects.count())

"""Which services the API's writes called through the one base, core.api.ServiceWriteMixin."""

from contextlib import contextmanager
from unittest import mock

from core.api import ServiceWriteMixin


@contextmanager
def service_writes():
    """Yield the list of the services called through ``service_write``, by name."""
    calls = []
    original = ServiceWriteMixin.service_write

    def spy(self, service, **kwargs):
        calls.append(service.__name__)
        return original(self, service, **kwargs)

    with mock.patch.object(ServiceWriteMixin, "service_write", spy):
        yield calls

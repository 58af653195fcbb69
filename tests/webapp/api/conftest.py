"""Every API answer in these tests is checked against openapi.json (documented.py)."""

import pytest

from tests.webapp.api.documented import DocumentedClient


@pytest.fixture
def client(app):
    app.test_client_class = DocumentedClient
    return app.test_client()

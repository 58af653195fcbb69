"""seres.xsd is offered beside the XSD downloads, so validators resolve the import offline."""

from models import seres_xsd
from models.validation import load_schema
from tests.webapp.models.conftest import VERSION1


def test_seres_xsd_is_downloadable_beside_the_standard_variant(signed_in, roles, stored_published):
    """The version page links seres.xsd; the file is the packaged one, as an attachment
    named as the standard variant's xsd:import names it, next to that download's URL."""
    client = signed_in(roles.reader)
    page = client.get(VERSION1).get_data(as_text=True)
    assert f'href="{VERSION1}/seres.xsd"' in page
    assert "legg den i samme mappe" in page
    response = client.get(f"{VERSION1}/seres.xsd")
    assert response.status_code == 200
    assert response.data == seres_xsd()
    assert response.headers["Content-Disposition"] == 'attachment; filename="seres.xsd"'
    standard = client.get(f"{VERSION1}/standard.xsd").data
    assert b'schemaLocation="seres.xsd"' in standard
    load_schema(response.data)


def test_seres_xsd_of_a_hidden_version_is_not_found(signed_in, roles, stored_working):
    """Like the downloads: a version the identity may not see gives 404."""
    client = signed_in(roles.reader)
    assert client.get(f"{VERSION1}/seres.xsd").status_code == 404

"""A version page's URL is loaded once: the version's content is read once per request,
an edit included (it read the version twice before)."""

from directory.modelstore import store as modelstore
from tests.support import csrf_token
from tests.webapp.models.conftest import VERSION1, stored_model


def test_an_edit_reads_the_version_once_and_a_refused_one_changes_nothing(
    signed_in, roles, stored_working, manager, tree, monkeypatch
):
    client = signed_in(roles.writer)
    page = f"{VERSION1}/types/Innrapportoer/add"
    token = csrf_token(client.get(page).get_data(as_text=True))  # before counting
    reads = []
    real = modelstore.load

    def counted(*args, **kwargs):
        reads.append(args[3:6])
        return real(*args, **kwargs)

    monkeypatch.setattr(modelstore, "load", counted)
    data = {"csrf_token": token, "name": "kontakt", "type": "Navn", "min_occurs": "0"}
    data["max_occurs"] = "1"
    assert client.post(page, data=data).status_code == 303
    assert len(reads) == 1
    assert "kontakt" in [
        p.name for p in stored_model(manager, tree).type_named("Innrapportoer").properties
    ]
    before = stored_model(manager, tree)
    del reads[:]
    refused = client.post(page, data=data)  # the same name again
    assert refused.status_code == 400
    assert len(reads) == 1
    assert stored_model(manager, tree) == before

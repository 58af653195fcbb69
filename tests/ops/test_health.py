"""/healthz, /readyz and /metrics."""

from dataclasses import replace

import pytest

from tests.support import web_sign_in
from webapp import create_app
from webapp.config import SettingsError


def test_healthz_answers_without_the_directory(relayed_app, relay):
    relay.down()
    response = relayed_app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_says_whether_the_directory_answers(relayed_app, relay):
    client = relayed_app.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json["status"] == "ready"
    assert ready.json["servers"] == {relay.url: "ok"}
    relay.stall()
    stalled = client.get("/readyz")
    assert stalled.status_code == 503
    assert stalled.json["status"] == "unavailable"
    assert stalled.json["servers"] == {relay.url: "Unavailable"}
    assert stalled.json["seconds"] < 5


def test_metrics_count_sign_ins_codes_ldap_operations_and_refreshes(client, make_person, binder):
    person = make_person()
    assert web_sign_in(client, binder, person).status_code == 303
    text = client.get("/metrics").get_data(as_text=True)
    assert 'seres_signins_total{result="ok"}' in text
    assert 'seres_messages_total{channel="sms",result="sent"}' in text
    assert 'seres_ldap_operation_seconds_count{operation="bind"}' in text
    assert 'seres_refresh_runs{result="ok"}' in text


def test_metrics_are_refused_to_other_addresses(client):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 404


def test_with_a_token_metrics_need_it(app_config):
    token = "t" * 40
    app = create_app({**app_config, "SERES_METRICS_TOKEN": token})
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer " + "x" * 40})
    assert wrong.status_code == 401
    right = client.get(
        "/metrics",
        headers={"Authorization": f"Bearer {token}"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert right.status_code == 200
    app.extensions["seres_service_pool"].close_all()


def test_a_short_metrics_token_stops_the_app_at_start(app_config):
    with pytest.raises(SettingsError, match="SERES_METRICS_TOKEN"):
        create_app({**app_config, "SERES_METRICS_TOKEN": "short"})


def test_readyz_is_ready_while_one_of_several_servers_answers(app_config, relay, slapd):
    settings = app_config["SERES_LDAP"]
    both = replace(settings, urls=(relay.url, slapd.url))
    app = create_app({**app_config, "SERES_LDAP": both})
    relay.down()
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json["servers"] == {relay.url: "Unavailable", slapd.url: "ok"}

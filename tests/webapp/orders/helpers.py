"""Helpers of the ordering tests: a browser's round trips, order data, the outbox."""

import json
import re
import uuid
from pathlib import Path

from directory import attrs
from tests.support import csrf_token


def count(manager, base: str) -> int:
    return len(manager.search(base, "(objectClass=*)", ["1.1"], scope="one"))


def submit(client, url: str, data: dict):
    """GET the form, read its token, POST the data (a browser's round trip)."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, data={"csrf_token": csrf_token(page.get_data(as_text=True)), **data})


def order_id_of(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def press(client, order_id: str, action: str, **data):
    """Press an action's button on the order's page (its own CSRF token); carrying out,
    on its confirmation page."""
    page = client.get(f"/orders/{order_id}" + ("/provision" if action == "provision" else ""))
    html = page.get_data(as_text=True)
    found = re.search(
        rf'action="/orders/{order_id}/{action}"[^>]*>\s*<input name="csrf_token" type="hidden" value="([^"]+)"',
        html,
    )
    assert found, f"no {action} button on the page"
    return client.post(f"/orders/{order_id}/{action}", data={"csrf_token": found.group(1), **data})


def buttons(client, order_id: str) -> set[str]:
    html = client.get(f"/orders/{order_id}").get_data(as_text=True)
    # Carrying out is a link to its confirmation page; the other actions are forms.
    return set(re.findall(rf'(?:action|href)="/orders/{order_id}/(\w+)"', html))


def mails(app) -> list[dict]:
    folder = Path(app.config["SERES_VAR"]) / "outbox"
    if not folder.is_dir():
        return []
    found = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
    return [m for m in found if m["kind"] == "email"]


def state_of(manager, tree, order_id: str) -> str:
    values = manager.read(tree.order(order_id), [attrs.ORDER["state"]])
    return str(values[attrs.ORDER["state"]][0])


def reference_of(manager, tree, order_id: str) -> str:
    """The order's short reference (B-2026-0042), as stored."""
    values = manager.read(tree.order(order_id), [attrs.ORDER["reference"]])
    return str(values[attrs.ORDER["reference"]][0])


VALID_ORG_NUMBER = "986128433"


def domain_data(name: str, *owners: str, **changes) -> dict:
    data = {
        "name": name,
        "description": "Test domain",
        "agency": "Testetaten",
        "org_number": VALID_ORG_NUMBER,
        "owners": "\n".join(owners),
    }
    return {**data, **changes}


def access_data(username: str, **changes) -> dict:
    data = {
        "service_owner": "BUFdir",
        "access": "write",
        "write_domains": ["BUFdir"],
        "environments": "prod",
        "given_name": "Åse",
        "surname": "Ørn",
        "mail": f"{username}@new.example",
        "mobile": "+47 412 34 567",
        "employer": "",
        "username": username,
    }
    return {**data, **changes}


def unique(prefix: str = "t") -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"

"""What an upload can do to the register: pages, downloads and cookies stay bounded and safe."""

from models import ComplexType, MessageModel, Property, generate_xsd
from tests.webapp.models.conftest import remove_models, upload

CHAIN = "Kjede_M"


def chain_model(levels: int) -> MessageModel:
    """T0 uses T1 twice, T1 uses T2 twice, ...: expanded in full, 2**levels leaves."""
    types = [
        ComplexType(
            name=f"T{i}",
            kind="Dataobjekttype",
            properties=[Property(name=n, type=f"T{i + 1}") for n in ("a", "b")],
        )
        for i in range(levels)
    ]
    types.append(ComplexType(name=f"T{levels}", properties=[Property(name="v", type="xsd:string")]))
    return MessageModel(
        name=CHAIN,
        data_format_id="1",
        data_format_version="2",
        parts=[Property(name="start", type="T0")],
        types=types,
    )


def test_a_type_used_again_and_again_is_expanded_once(signed_in, roles, manager, tree):
    """A chain of types each using the next twice: the page grows with the model, not 2**n."""
    levels = 16
    client = signed_in(roles.writer)
    try:
        response = upload(client, generate_xsd(chain_model(levels), "altinn"))
        assert response.status_code == 303
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert len(page) < 100_000
        assert page.count("<summary><strong>") == levels + 1  # each type expanded once
        for i in range(1, levels + 1):
            assert f'<strong>b</strong>: <a href="#type-T{i}">T{i}</a>' in page
            assert f'<section id="type-T{i}"' in page
    finally:
        remove_models(manager, tree, CHAIN)

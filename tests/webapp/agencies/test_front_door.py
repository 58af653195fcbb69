"""The front door for a new agency: the seed's steps in order, with links, in both languages."""

import re

STEPS_NB = ["En avtale", "Opplæring", "Bestille domene", "Bestille tilgang"]
STEPS_EN = ["An agreement", "Training", "Order a domain", "Order access"]


def headings(html: str) -> list[str]:
    """The page's own step headings: those in <main> (the footer has headings too)."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.findall(r"<h2>([^<]+)</h2>", main)


def test_the_front_door_lists_the_steps_in_the_seeds_order_with_links(client):
    """Public (no sign-in), bokmål first: agreement, training, domain, access; each links on."""
    response = client.get("/start")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert headings(html) == STEPS_NB
    for link in (
        "/enquiries/ask",
        "/enquiries/new",
        "/kursmiljo/oppdateringer",
        "/orders/new/domain",
        "/orders/new/access",
    ):
        assert f'href="{link}"' in html


def test_the_front_door_speaks_english_too(client):
    """After choosing English, the same steps in English."""
    client.get("/language/en")
    assert headings(client.get("/start").get_data(as_text=True)) == STEPS_EN

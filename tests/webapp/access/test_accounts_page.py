"""The desk's list of accounts the timed job closes, and the dormant account's e-mail."""

import datetime as dt

from directory.connection import REPLACE
from directory.grants import accounts, store
from tests.support import web_sign_in
from tests.webapp.orders.helpers import mails as sent
from webapp.access import mails


def test_the_desk_sees_never_activated_and_dormant_accounts_with_their_end(
    client, binder, make_person, manager, tree
):
    desk = make_person(groups=(tree.servicedesk,))
    waiting = make_person()
    end = store.generalized(store.now_utc() + dt.timedelta(days=2))
    manager.modify(waiting.dn, {accounts.END: [(REPLACE, [end])]})
    dormant = make_person()
    old = int((dt.datetime.now(dt.UTC) - dt.timedelta(days=400)).timestamp()) // 60
    manager.modify(tree.token(dormant.username), {"oathTOTPLastTimeStep": [(REPLACE, [old])]})
    web_sign_in(client, binder, desk)
    page = client.get("/access/accounts")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    table = html[html.index("<table") : html.index("</table>")]
    assert waiting.username in table and "aldri aktivert" in table
    rest = html[html.index("</table>") :]
    assert dormant.username in rest


def test_the_accounts_page_is_the_desks_alone(client, binder, make_person, tree):
    person = make_person(groups=(tree.readers("prod"),))
    web_sign_in(client, binder, person)
    assert client.get("/access/accounts").status_code == 403


def test_the_dormant_accounts_mail_says_until_when_and_links_to_sign_in(app):
    with app.test_request_context("/"):
        mails.send(
            accounts.ACCOUNT_DORMANT, "a@test.example", username="ola", last_day="2031-05-14"
        )
    mail = sent(app)[-1]
    assert mail["to"] == "a@test.example"
    assert "2031-05-14" in mail["body"] and "/login" in mail["body"]
    assert "stengt" in mail["subject"]

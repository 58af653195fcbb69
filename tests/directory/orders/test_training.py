"""Training as a condition (issue 17 item 3): write access in production is carried out
only for a person who completed a course, or with the desk's recorded waiver."""

import pytest

from directory.connection import ADD
from directory.courses import store
from directory.courses.training import training_for
from directory.desk.audit import TRAINING, Scope, trail
from directory.errors import InvalidValue
from directory.orders import workflow as wf
from directory.orders.provisioning import ProvisioningError, provision
from directory.orders.training import waive_training
from tests.directory.orders import test_provisioning as provisioning_tests
from tests.directory.orders.test_provisioning import current, ready_access_order
from tests.support import TRAINING_COURSE

pytestmark = pytest.mark.usefixtures("clean_orders", "clean_grants")
# The provisioning tests' throw-away domain (the desk and leftovers are conftest's).
test_domain = provisioning_tests.test_domain


def existing(make_person):
    person = make_person()
    return person, {"mail": f"{person.username}@test.example", "username": person.username}


def test_production_write_access_without_training_is_refused(
    webapp, tree, desk, test_domain, make_person, notified
):
    """The order stays ready, with training_missing in its history; no membership made."""
    person, data = existing(make_person)
    order = ready_access_order(webapp, tree, desk, test_domain, environments="prod", **data)
    with pytest.raises(ProvisioningError) as stopped:
        provision(webapp, tree, current(webapp, tree, order), desk, notified)
    assert stopped.value.code == "training_missing"
    after = current(webapp, tree, order)
    assert after.state == wf.READY
    assert after.events[-1].data["code"] == "training_missing"
    assert not webapp.compare(tree.writers("prod", test_domain), "member", person.dn)


def test_production_write_access_with_completed_training_is_carried_out(
    webapp, tree, desk, test_domain, make_person, notified, trained
):
    person, data = existing(make_person)
    trained(person.username)
    order = ready_access_order(webapp, tree, desk, test_domain, environments="prod", **data)
    done = provision(webapp, tree, current(webapp, tree, order), desk, notified)
    assert done.order.state == wf.COMPLETED
    assert webapp.compare(tree.writers("prod", test_domain), "member", person.dn)
    shown = training_for(webapp, tree, done.order)
    assert shown.needed and [c.name for c in shown.completed] == [TRAINING_COURSE]


def test_the_desks_waiver_with_a_reason_lets_it_through(
    webapp, tree, desk, test_domain, make_person, notified
):
    """Waived with a reason (kept in the history): carried out without training."""
    person, data = existing(make_person)
    order = ready_access_order(webapp, tree, desk, test_domain, environments="prod", **data)
    waived = waive_training(
        webapp, tree, current(webapp, tree, order), desk, "Kurs hos Altinn 2025"
    )
    assert waived.events[-1].event == "training_waived"
    assert waived.events[-1].reason == "Kurs hos Altinn 2025"
    done = provision(webapp, tree, current(webapp, tree, order), desk, notified)
    assert done.order.state == wf.COMPLETED


def test_a_waiver_needs_a_reason_and_the_desk(webapp, tree, desk, test_domain, make_person):
    _, data = existing(make_person)
    order = ready_access_order(webapp, tree, desk, test_domain, environments="prod", **data)
    with pytest.raises(InvalidValue):
        waive_training(webapp, tree, current(webapp, tree, order), desk, "  ")
    stranger = wf.Actor(tree.person("leser.prod"))
    with pytest.raises(wf.NotAllowed):
        waive_training(webapp, tree, current(webapp, tree, order), stranger, "fordi")
    assert current(webapp, tree, order).events[-1].event != "training_waived"


def test_course_environment_and_read_access_need_no_training(
    webapp, tree, desk, test_domain, make_person, notified
):
    """Only write access in production asks for training."""
    person, data = existing(make_person)
    order = ready_access_order(webapp, tree, desk, test_domain, environments="course", **data)
    assert not training_for(webapp, tree, order).needed
    done = provision(webapp, tree, current(webapp, tree, order), desk, notified)
    assert done.order.state == wf.COMPLETED


def test_completed_training_is_in_the_audit_trail(webapp, tree, accounts, make_person):
    """The desk's mark of completion shows in the person's trail, as training."""
    person = make_person()
    desk_ldap = webapp.acting_as(accounts["brukerservice"].dn)
    webapp.modify(tree.course(TRAINING_COURSE), {"seresCourseParticipant": [(ADD, [person.dn])]})
    course = store.get_course(webapp, tree, TRAINING_COURSE)
    store.mark_completed(desk_ldap, tree, course, person.dn)
    lines = trail(desk_ldap, tree, Scope(person_dn=person.dn))
    found = [line for line in lines if line.kind == TRAINING]
    assert found and found[0].actor_dn.lower() == accounts["brukerservice"].dn.lower()
    assert any(c.attribute == "seresCourseCompleted" for c in found[0].changes)

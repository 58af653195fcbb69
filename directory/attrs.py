"""The one map between Python field names and LDAP attributes of the entries the
register's features share: people, groups, domains and orders.

Records that one module alone reads and writes name their attributes there:
the model store's (directory/modelstore/store.py) and the course refresh's
runs, lock and schedule changes (directory/sync/).
"""

PERSON = {
    "username": "uid",
    "name": "cn",
    "given_name": "givenName",
    "surname": "sn",
    "display_name": "displayName",
    "mail": "mail",
    "mobile": "mobile",
    "description": "description",
    "organisation": "o",
}

GROUP = {
    "name": "cn",
    "description": "description",
    "members": "member",
}

DOMAIN = {
    "name": "cn",
    "agency": "seresAgencyName",
    "org_number": "seresOrgNumber",
    "description": "description",
    "course_only": "seresCourseOnly",
}

MEMBER_OF = "memberOf"

PERSON_CLASSES = ("inetOrgPerson", "oathTOTPUser")
GROUP_CLASSES = ("groupOfNames", "seresGroup")
# seresGroup: what tools need to tell the environments' groups apart.
GROUP_NAME = "seresGroupName"
GROUP_ENVIRONMENT = "seresEnvironment"
DOMAIN_CLASSES = ("seresDomain",)


def to_ldap(mapping: dict[str, str], values: dict) -> dict[str, list[str]]:
    """Turn Python fields into LDAP attributes, leaving out empty values."""
    out: dict[str, list[str]] = {}
    for field_name, value in values.items():
        if value is None or value == "" or value == ():
            continue
        attribute = mapping[field_name]
        if isinstance(value, bool):
            out[attribute] = ["TRUE" if value else "FALSE"]
        elif isinstance(value, list | tuple):
            out[attribute] = [str(v) for v in value]
        else:
            out[attribute] = [str(value)]
    return out


ORDER = {
    "id": "seresOrderId",
    "type": "seresOrderType",
    "state": "seresOrderState",
    "orderer": "seresOrderOrderer",
    "domains": "seresOrderDomain",
    "pending": "seresOrderPendingDomain",
    "details": "seresOrderDetails",
    "events": "seresOrderEvent",
    "revision": "seresOrderRevision",
    "created": "seresOrderCreated",
    "topic": "seresOrderTopic",  # an enquiry's topic (the desk's queue filters on it)
    "reference": "seresOrderReference",
}
ORDER_CLASSES = ("seresOrder",)
COUNTER_VALUE = "seresCounterValue"
COUNTER_CLASSES = ("seresCounter",)

# A grant (issue 12): what one membership of a group came from, until when.
GRANT = {
    "username": "uid",
    "member": "seresGrantMember",
    "start": "seresGrantStart",
    "end": "seresGrantEnd",
    "by": "seresGrantBy",
    "order": "seresGrantOrder",
    "warned": "seresGrantWarned",
    "ended": "seresGrantEnded",
    "events": "seresGrantEvent",
    "confirmed": "seresGrantConfirmed",
    "confirmed_by": "seresGrantConfirmedBy",
    "unconfirmed": "seresGrantUnconfirmed",
}
GRANT_CLASSES = ["seresGrant"]
REVIEW = {
    "start": "seresReviewStart",
    "deadline": "seresReviewDeadline",
    "closed": "seresReviewClosed",
    "reminded": "seresReviewReminded",
}
REVIEW_CLASSES = ["seresReview"]

"""The one table from sign-in's limits to words: which limit, and when it allows again."""

import math
import time
from datetime import UTC, datetime, timedelta

from flask_babel import format_time, format_timedelta
from flask_babel import gettext as _

from webapp.auth.limits import Refusal
from webapp.notify import OutboxUnwritable, SendFailed


def refused(refusal: Refusal) -> str:
    """Say which limit refused and from when it allows again: Oslo time (whole minutes up) and how long."""
    period = format_timedelta(timedelta(seconds=refusal.seconds))
    # Rounded up: a person who comes back at the minute shown is let in.
    rounded = math.ceil(refusal.until / 60) * 60
    until = datetime.fromtimestamp(rounded, UTC)
    wait = format_timedelta(timedelta(seconds=max(1, rounded - time.time())), add_direction=True)
    values = {
        "amount": refusal.amount,
        "period": period,
        "time": format_time(until, "HH:mm"),
        "wait": wait,
    }
    words = {
        "CODES_PER_PERSON": _(
            "No new code was sent: at most %(amount)d codes are sent for one username per "
            "%(period)s. You can ask for a new code from %(time)s (%(wait)s). A code you have received "
            "still works for five minutes, once.",
            **values,
        ),
        "CODES_PER_ADDRESS": _(
            "No code was sent: at most %(amount)d codes are sent for sign-ins from one network "
            "address per %(period)s, and your address has had them. You can ask for a new code "
            "from %(time)s (%(wait)s).",
            **values,
        ),
        "ATTEMPTS_PER_ADDRESS": _(
            "Too many sign-in attempts from your network address: at most %(amount)d per "
            "%(period)s. Try again from %(time)s (%(wait)s).",
            **values,
        ),
        "LINKS_PER_PERSON": _(
            "No new link was sent: at most %(amount)d links are sent for one username per "
            "%(period)s. You can ask for a new link from %(time)s (%(wait)s).",
            **values,
        ),
        "LINKS_PER_ADDRESS": _(
            "No link was sent: at most %(amount)d links are sent for requests from one network "
            "address per %(period)s. You can ask for a new link from %(time)s (%(wait)s).",
            **values,
        ),
        "ENQUIRIES_PER_ADDRESS": _(
            "The enquiry was not sent: at most %(amount)d enquiries are taken from one network "
            "address per %(period)s. Try again from %(time)s (%(wait)s), or sign in and ask.",
            **values,
        ),
        "ENQUIRIES": _(
            "The enquiry was not sent: SERES brukerservice takes at most %(amount)d enquiries "
            "without sign-in per %(period)s. Try again from %(time)s (%(wait)s), or sign in and "
            "ask.",
            **values,
        ),
    }
    return words[refusal.name]


def send_failed(kind: str, failure: SendFailed | None = None) -> str:
    """A send that failed: ``kind`` "sms" or "email"; ``failure`` says why, if known.

    Development's outbox that cannot be written is said so: nobody can sign in
    until there is room.
    """
    if isinstance(failure, OutboxUnwritable):
        if failure.full:
            return _(
                "The disk holding the outbox folder %(folder)s is full, so no code can be"
                " written. Make room there and try again.",
                folder=failure.folder,
            )
        return _(
            "The outbox folder %(folder)s cannot be written, so no code can be sent."
            " Check the folder and try again.",
            folder=failure.folder,
        )
    if kind == "sms":
        return _("We could not send the code just now. Try again in a moment.")
    return _("We could not send the e-mail just now. Try again in a moment.")

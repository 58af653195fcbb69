"""The development outbox page: the messages the app would have sent (SERES_DEV only).

It lists every code and link, so it answers only requests from this machine.
"""

from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _

from webapp.devmode import from_loopback
from webapp.errors import abort_with

bp = Blueprint("notify", __name__, template_folder="templates")


@bp.get("/dev/outbox")
def outbox():
    if not from_loopback():
        abort_with(
            403,
            _("Only on this machine"),
            _("The outbox is shown only to a browser on the machine the app runs on."),
        )
    notifier = current_app.extensions["seres_notifier"]
    folder = notifier.sms if hasattr(notifier.sms, "messages") else notifier.email
    messages = folder.messages() if hasattr(folder, "messages") else []
    return render_template("notify/outbox.html", messages=messages[:100])

"""The development outbox page: the messages the app would have sent (SERES_DEV only)."""

from flask import Blueprint, current_app, render_template

bp = Blueprint("notify", __name__, template_folder="templates")


@bp.get("/dev/outbox")
def outbox():
    notifier = current_app.extensions["seres_notifier"]
    folder = notifier.sms if hasattr(notifier.sms, "messages") else notifier.email
    messages = folder.messages() if hasattr(folder, "messages") else []
    return render_template("notify/outbox.html", messages=messages[:100])

"""The courses' e-mails (``seres courses run``'s notify), through the lifecycle's mailer."""

from flask_babel import gettext as _

from webapp.safe import external_url


def course_message(data: dict) -> tuple[str, str]:
    """The desk told that a refresh of the course environment falls inside a course."""
    return _("SERES: a refresh falls inside the course %(name)s", name=data["course"]), _(
        "The course environment is refreshed on %(days)s, during the course %(title)s. "
        "Move or cancel the refresh, or tell the participants:\n\n%(schedule)s\n\n%(course)s\n",
        days=data["days"],
        title=data["title"],
        schedule=external_url("schedule.index"),
        course=external_url("courses.show", name=data["course"]),
    )

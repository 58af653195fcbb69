"""The courses' codes in words (directory.courses.rules)."""

from flask_babel import lazy_gettext as _l

FIELD_MESSAGES = {
    "name": _l(
        "Give a short name of lower-case letters, digits and hyphens, e.g. grunnkurs-2027-03."
    ),
    "title": _l("Give the course a title (at most 256 characters)."),
    "kind": _l("Choose the kind of course."),
    "language": _l("Choose the language of the course."),
    "date": _l("Give the date as YYYY-MM-DD."),
    "end_before_start": _l("The last day cannot come before the first."),
    "too_long": _l("A course lasts at most 31 days."),
    "seats": _l("Give the number of seats, from 1 to 500."),
    "place": _l("Give the place, or choose online."),
    "taken": _l("A course with this short name exists."),
    "domain": _l("There is no course-environment domain of that name."),
}
SIGN_UP_MESSAGES = {
    "not_published": _l("The course is not published."),
    "already": _l("The person is signed up already."),
    "started": _l("The course has started: sign-up is closed."),
    "full": _l("The course is full."),
    "no_person": _l("There is no person with that username."),
    "not_participant": _l("Only a participant can complete the course."),
}
KIND_NAMES = {"basic": _l("Basic course"), "custom": _l("Custom course")}
LANGUAGE_NAMES = {"nb": _l("Norwegian"), "en": _l("English")}

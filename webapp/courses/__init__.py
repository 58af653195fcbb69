"""Courses on the web (issue 17): the public list and feed, sign-up, the desk's course
pages, and training on an order (its waiver)."""

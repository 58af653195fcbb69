"""Listing domains."""

import secrets

from directory.domains import create_domain, domains_by_environment, list_domains
from directory.tree import ENVIRONMENTS


def test_one_search_lists_each_environment_as_listing_it_alone_does(manager, webapp, tree):
    """Every environment's domains from one search equal each environment's own list."""
    name = f"Only-{secrets.token_hex(3)}"
    create_domain(manager, tree, "course", name, description="for a course", course_only=True)
    try:
        found = domains_by_environment(webapp, tree)
        assert set(found) == set(ENVIRONMENTS)
        for env in ENVIRONMENTS:
            assert found[env] == list_domains(webapp, tree, env)
        assert name in [d.name for d in found["course"] if d.course_only]
        assert name not in [d.name for d in found["prod"]]
    finally:
        manager.delete(tree.writers("course", name))
        manager.delete(tree.domain("course", name))

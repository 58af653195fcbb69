"""SERES models kept in their domain's subtree: versions and states, import, the `seres models` commands."""

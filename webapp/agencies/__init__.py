"""Agencies and their agreements on the web (issue 17), and the front door for a new agency."""

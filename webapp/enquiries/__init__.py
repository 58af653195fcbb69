"""Enquiries (henvendelser) to SERES brukerservice on the web (issue 17 item 4)."""

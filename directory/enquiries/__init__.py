"""Enquiries (henvendelser) to SERES brukerservice: any other question than an order.

Kept as orders are (a ``seresOrder`` entry of type ``enquiry`` under
``ou=orders``, written by the web app's account), so they land in the desk's
order queue and the asker's list with the same states and history; their
own rules (``rules``: answer and withdraw, never provisioning) and checks
(``rules.clean_enquiry``) live here. See docs/enquiries.md.
"""

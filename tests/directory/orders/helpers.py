"""Order data the order tests share."""


def access_data(**changes):
    data = {
        "service_owner": "BUFdir",
        "access": "write",
        "write_domains": ["BUFdir", "Legemiddelverket"],
        "environments": "both",
        "given_name": "Nina",
        "surname": "Nybruker",
        "mail": "nina.nybruker@bufdir.example",
        "mobile": "412 34 567",
    }
    return data | changes

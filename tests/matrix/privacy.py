"""URLs of the privacy officer's access log (issue 4): only the FG (privacy officer) gets through.
The page itself (privacy:toegangslog) has its row in basis.py."""
from django.urls import reverse


def urls(s, users):
    return [
        # An empty POST has no export format: 400 for the FG, 403 for everyone else.
        ("toegangslog export", reverse("privacy:toegangslog_export"), "post", {"fg"}, 400),
        ("keten controleren", reverse("privacy:keten_controleren"), "post", {"fg"}, 302),
    ]

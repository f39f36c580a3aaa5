"""Sessions in the database with an idle deadline that moves along, without a write on every page.

The deadline (SESSION_COOKIE_AGE after the last request) used to be kept by saving the session on
every request: an UPDATE and a commit, with its flush of the write-ahead log, for each page anyone
opens. Here a page renews the deadline only when it is more than VERVERS_NA seconds behind, so a
user who keeps working writes his session at most once a minute and is logged out after at most
SESSION_COOKIE_AGE of inactivity, at least SESSION_COOKIE_AGE minus VERVERS_NA."""
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone

VERVERS_NA = 60


class SessionStore(db.SessionStore):
    def load(self):
        s = self._get_session_from_db()
        if s is None:
            return {}
        achter = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE) - s.expire_date
        if achter > timedelta(seconds=VERVERS_NA):
            # Saved by SessionMiddleware at the end of this request, with a new deadline.
            self.modified = True
        return self.decode(s.session_data)

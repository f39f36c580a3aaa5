"""Sessions in the database with an idle deadline that moves along, without a write on every page.

The deadline (SESSION_COOKIE_AGE after the last request) used to be kept by saving the session on
every request: an UPDATE and a commit, with its flush of the write-ahead log, for each page anyone
opens. Here a page renews the deadline only when it is more than VERVERS_NA seconds behind, so a
user who keeps working writes his session at most once a minute and is logged out after at most
SESSION_COOKIE_AGE of inactivity, at least SESSION_COOKIE_AGE minus VERVERS_NA.

The session is read with SQL built once per process (core.vaste_query); its deadline is compared
here rather than in the query, where the moment would be a new parameter on every request."""
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone

from schakel.core.vaste_query import VasteQuery

VERVERS_NA = 60


class SessionStore(db.SessionStore):
    _sessie = VasteQuery(lambda sleutel: SessionStore.get_model_class().objects.filter(session_key=sleutel), (str,))

    def _get_session_from_db(self):
        s = self._sessie.eerste(self.session_key) if self.session_key else None
        if s is None or s.expire_date <= timezone.now():
            self._session_key = None
            return None
        return s

    def load(self):
        s = self._get_session_from_db()
        if s is None:
            return {}
        achter = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE) - s.expire_date
        if achter > timedelta(seconds=VERVERS_NA):
            # Saved by SessionMiddleware at the end of this request, with a new deadline.
            self.modified = True
        return self.decode(s.session_data)

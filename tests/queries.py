"""Counting the queries of one page request, for the fixed-query-count tests."""
from django.db import connection
from django.test.utils import CaptureQueriesContext


def tel(client, url, data=None, *, method="get") -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries)

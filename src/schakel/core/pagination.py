"""Pages of a list. `page_of` pages without COUNT(*) (worklists that only need "more"); `counted_page_of`
adds the total and the page count the big lists show ("123 casussen, pagina 2 van 3"): one COUNT(*) on the
same filtered queryset, which the indexes of every filter keep cheap (docs/performance.md). The count
stops at MAX_TOTAL: counting a million meldingen costs more than showing fifty of them, and "more than
100,000" tells the user as much as the exact number."""
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections

PAGE_SIZE = 50
# Far beyond any list (50 million rows); a larger number is read as this one, an empty last page,
# rather than an offset the database cannot take.
MAX_PAGE = 1_000_000
# Page links around the current page; the first and last page are always linked.
VENSTER = 2
MAX_TOTAL = 100_000


@dataclass
class Page:
    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


@dataclass
class CountedPage(Page):
    total: int
    num_pages: int
    # False when the count stopped at MAX_TOTAL: total and num_pages are then lower bounds.
    exact: bool = True

    def links(self) -> list:
        """Page numbers to link, None where pages are left out: 1 … 4 5 [6] 7 8 … 20 (no last page
        when the count stopped early)."""
        laatste = {self.num_pages} if self.exact else set()
        rond = set(range(max(1, self.number - VENSTER), min(self.num_pages, self.number + VENSTER) + 1)) | {1} | laatste
        uit, vorige = [], 0
        for n in sorted(rond):
            if n - vorige > 1:
                uit.append(None)
            uit.append(n)
            vorige = n
        return uit


def paginanummer(page_param) -> int | None:
    """The page asked for, or None if it is not a page number."""
    try:
        number = int(page_param or 1)
    except (TypeError, ValueError):  # also a number of thousands of digits
        return None
    return min(number, MAX_PAGE) if number >= 1 else None


def page_of(queryset, page_param, size: int = PAGE_SIZE) -> Page:
    number = paginanummer(page_param) or 1
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size)


def _tel(ids) -> int:
    """`ids.count()` for a sliced `values("pk")` queryset: the statement Django's get_aggregation()
    sends for it (`SELECT COUNT(*) FROM (…) subquery`), built without the aggregate query around it,
    which cost twice as much CPU as the count of an empty list takes in the database. A query whose
    count Django reshapes (DISTINCT, GROUP BY, annotations, UNION) is counted by Django."""
    query = ids.query
    if (query.distinct or query.combinator or query.group_by is not None or query.annotations or query.extra
            or query.select_for_update):
        return ids.count()
    query.subquery = True
    try:
        sql, params = query.get_compiler(using=ids.db).as_sql(with_col_aliases=True)
    except EmptyResultSet:
        return 0
    with connections[ids.db].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) subquery", params)
        return cursor.fetchone()[0]


def counted_page_of(queryset, page_param, size: int | None = None, max_total: int | None = None) -> CountedPage:
    """A page past the end shows the last page: a stale link after a filter change still lands on rows."""
    size = size or PAGE_SIZE
    max_total = max_total or MAX_TOTAL
    # COUNT(*) over a LIMITed subquery of ids only (no select_related joins): the database stops at
    # MAX_TOTAL + 1 rows.
    total = _tel(queryset.order_by().values("pk")[: max_total + 1])
    exact = total <= max_total
    total = min(total, max_total)
    num_pages = max(1, -(-total // size))
    number = paginanummer(page_param) or 1
    if exact:
        number = min(number, num_pages)
    start = (number - 1) * size
    # Nothing counted, nothing to fetch: an empty list (a partner with no cases yet) asks one query, not two.
    rows = list(queryset[start : start + size + (0 if exact else 1)]) if total else []
    has_next = number < num_pages if exact else len(rows) > size
    return CountedPage(rows=rows[:size], number=number, has_next=has_next, total=total, num_pages=num_pages, exact=exact)

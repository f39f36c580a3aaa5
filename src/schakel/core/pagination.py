"""Pages without COUNT(*): counting a million authorised rows costs more than showing fifty of them."""
from dataclasses import dataclass

PAGE_SIZE = 50
# Far beyond any list (50 million rows); a larger number is read as this one, an empty last page,
# rather than an offset the database cannot take.
MAX_PAGE = 1_000_000


@dataclass
class Page:
    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_of(queryset, page_param, size: int = PAGE_SIZE) -> Page:
    try:
        number = min(max(1, int(page_param or 1)), MAX_PAGE)
    except (TypeError, ValueError):  # also a number of thousands of digits
        number = 1
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size)

"""Queries that run on every request, compiled to SQL once per process instead of once per request.

Turning a queryset into SQL (resolving lookups, joins, select_related, annotations) costs Django
0.3-0.7 ms of CPU, several times what the database then needs for a lookup by key. The session,
the signed-in user and his second-factor device are looked up that way on every page. `VasteQuery`
lets the ORM build such a query once, with stand-in values, and then runs the same SQL with the
real values, building the objects as the queryset would have: same columns, converters,
select_related objects and annotations. Only values that reach the SQL as the ORM adapts them
(integers, text, aware moments of a DateTimeField) can stand in; the constructor refuses a query in
which a stand-in is not found exactly once.

A `values_list()` queryset (the dropdowns of every list's filter form) is read with `rijen()`: all its
rows as `list(queryset)` gives them, converted by the compiler that built the SQL. Any queryset can
also serve as a subquery to filter on (`subquery()`), without building it again: the cases an
organisation may see, in every partner's melding list.

`VasteTelling` does the same for several counts sent as one statement (the start page's work lists):
its values may stand in several places and be dates, and it is built twice to prove it.
"""
import threading
from datetime import UTC, date, datetime

from django.db import connections
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.utils import timezone

# Stand-ins no real key equals; each must appear exactly once among the compiled parameters.
# Negative and within a 32-bit integer, so that even an AutoField keeps them in the SQL.
_INT_STANDINS = (-2_085_631_973, -2_085_631_974)
_TEKST_STANDINS = ("\x00vaste-query-0\x00", "\x00vaste-query-1\x00")
# Moments no data holds, down to the microsecond.
_MOMENT_STANDINS = (datetime(1901, 2, 3, 4, 5, 6, 70809, tzinfo=UTC), datetime(1901, 2, 3, 4, 5, 6, 70810, tzinfo=UTC))
_STANDINS = {int: _INT_STANDINS, str: _TEKST_STANDINS, datetime: _MOMENT_STANDINS}


def _als_parameter(waarde, connection):
    """The value as the compiled SQL holds it: a moment as a DateTimeField lookup adapts it (SQLite
    keeps text in UTC), integers and text as they are."""
    if type(waarde) is datetime:
        return connection.ops.adapt_datetimefield_value(waarde)
    return waarde


class _Gecompileerd:
    def __init__(self, queryset, standins, connection):
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        params = list(params)
        self.posities = []
        for standin in standins:
            verwacht = _als_parameter(standin, connection)
            posities = [i for i, p in enumerate(params) if p == verwacht and type(p) is type(verwacht)]
            if len(posities) != 1:
                raise ValueError(f"Plaatsvervanger {standin!r} komt {len(posities)} keer voor in de query.")
            self.posities.append(posities[0])
        self.sql, self.params = sql, params
        self.soort = queryset._iterable_class
        if self.soort is ValuesListIterable:
            # results_iter() on rows fetched here is what ValuesListIterable does with the rows the
            # compiler fetches itself, unless the compiler would first cut off columns it added.
            if compiler.has_extra_select:
                raise ValueError("Een values_list() met extra kolommen kan niet vast.")
            self.rijcompiler = compiler
        elif self.soort is ModelIterable:
            self.model = queryset.model
            velden = compiler.klass_info["select_fields"]
            self.model_start, self.model_end = velden[0], velden[-1] + 1
            self.init_list = [kolom[0].target.attname for kolom in compiler.select[self.model_start:self.model_end]]
            self.annotaties = list(compiler.annotation_col_map.items())
            self.related = get_related_populators(compiler.klass_info, compiler.select, connection.alias)
            self.converters = [
                (i, convs, expr) for i, (convs, expr) in compiler.get_converters([s[0] for s in compiler.select]).items()
            ]


class VasteQuery:
    """`VasteQuery(lambda a, b: Model.objects.filter(x=a, y=b).select_related(...), (int, int))`; then
    `.eerste(a, b)` gives the first object (or None) of that queryset for those values. Arguments are
    integers, text or aware datetimes, each passed to exactly one filter."""

    def __init__(self, bouw, soorten: tuple[type, ...]):
        self._bouw = bouw
        self._soorten = soorten
        # Per thread and database alias: a compiler holds the connection it compiled for.
        self._lokaal = threading.local()

    def _standins(self):
        tellers = {soort: iter(standins) for soort, standins in _STANDINS.items()}
        return [next(tellers[soort]) for soort in self._soorten]

    def _gecompileerd(self, alias: str) -> _Gecompileerd:
        cache = self._lokaal.__dict__.setdefault("cache", {})
        if alias not in cache:
            standins = self._standins()
            cache[alias] = _Gecompileerd(self._bouw(*standins), standins, connections[alias])
        return cache[alias]

    def _params(self, g: _Gecompileerd, waarden, connection) -> list | None:
        """The compiled parameters with the real values, or None if no row can match them."""
        for waarde, soort in zip(waarden, self._soorten, strict=True):
            if type(waarde) is not soort:
                raise TypeError(f"{waarde!r} is geen {soort.__name__}")
            # A value no column can hold matches no row; the database would refuse it with an error.
            if (soort is int and not -(2**63) <= waarde < 2**63) or (soort is str and "\x00" in waarde):
                return None
            if soort is datetime and timezone.is_naive(waarde):
                raise TypeError(f"{waarde!r} heeft geen tijdzone")
        params = list(g.params)
        for positie, waarde in zip(g.posities, waarden):
            params[positie] = _als_parameter(waarde, connection)
        return params

    def subquery(self, *waarden, using: str = "default") -> RawSQL:
        """The queryset for those values as an expression to filter on (`veld__in=…`), with the SQL
        built once. A value no column can hold gives a subquery without rows."""
        g = self._gecompileerd(using)
        params = self._params(g, waarden, connections[using])
        if params is None:
            return RawSQL(f"SELECT * FROM ({g.sql}) vast WHERE 1 = 0", g.params)
        return RawSQL(g.sql, params)

    def rijen(self, *waarden, using: str = "default") -> list[tuple]:
        """Every row of a `values_list()` queryset for those values, as `list(queryset)`."""
        g = self._gecompileerd(using)
        if g.soort is not ValuesListIterable:
            raise TypeError("rijen() leest een values_list()-queryset.")
        connection = connections[using]
        params = self._params(g, waarden, connection)
        if params is None:
            return []
        with connection.cursor() as cursor:
            cursor.execute(g.sql, params)
            gelezen = cursor.fetchall()
        return list(g.rijcompiler.results_iter([gelezen], tuple_expected=True))

    def eerste(self, *waarden, using: str = "default"):
        g = self._gecompileerd(using)
        if g.soort is not ModelIterable:
            raise TypeError("eerste() bouwt objecten uit een queryset van objecten.")
        connection = connections[using]
        params = self._params(g, waarden, connection)
        if params is None:
            return None
        with connection.cursor() as cursor:
            cursor.execute(g.sql, params)
            rij = cursor.fetchone()
        if rij is None:
            return None
        rij = list(rij)
        for i, convs, expr in g.converters:
            waarde = rij[i]
            for conv in convs:
                waarde = conv(waarde, expr, connection)
            rij[i] = waarde
        obj = g.model.from_db(using, g.init_list, rij[g.model_start:g.model_end])
        for populator in g.related:
            populator.populate(rij, obj)
        for attr, i in g.annotaties:
            setattr(obj, attr, rij[i])
        return obj


# Two sets of stand-ins per type for VasteTelling, each value in no other set and in no data.
_TWEE_SETS = {
    date: ((date(1901, 2, 3), date(1901, 2, 4)), (date(1902, 3, 5), date(1902, 3, 6))),
    datetime: (_MOMENT_STANDINS, (datetime(1902, 3, 5, 6, 7, 8, 91011, tzinfo=UTC), datetime(1902, 3, 5, 6, 7, 8, 91012, tzinfo=UTC))),
    int: (_INT_STANDINS, (-2_085_631_975, -2_085_631_976)),
}


def _telwaarde(waarde, connection):
    """A value as a compiled date, datetime or integer lookup holds it."""
    if type(waarde) is date:
        return connection.ops.adapt_datefield_value(waarde)
    return _als_parameter(waarde, connection)


def _niet_lezen(execute, sql, params, many, context):
    raise ValueError("De telling leest de database terwijl ze gebouwd wordt; wat ze leest, bleef voor altijd "
                     f"in de SQL staan: maak er een eigen argument van ({sql[:80]}).")


class VasteTelling:
    """`VasteTelling(lambda vandaag, grens: {"naam": queryset, …}, (date, date))`; then `.tel(vandaag,
    grens)` gives each queryset's count, in one statement (core.vandaag.tel_samen), with the SQL built
    once per process and thread. A value may stand in several places (today in three counts). The
    querysets are built twice, with two sets of stand-ins, and must give the same SQL with parameters
    that differ exactly where a stand-in stands: a value worked out from one (a date a term earlier), a
    moment of now or anything else built in would stay in the SQL for good, so it is refused
    (ValueError) and has to become an argument of its own. What the builder reads from the database
    while building would stay too, and the same in both builds: a query sent while building is refused
    as well (the closing term's cut-off day is an argument for that reason)."""

    def __init__(self, bouw, soorten: tuple[type, ...]):
        self._bouw = bouw
        self._soorten = soorten
        self._lokaal = threading.local()

    def _sets(self):
        tellers = [{soort: iter(sets[i]) for soort, sets in _TWEE_SETS.items()} for i in (0, 1)]
        return [[next(teller[soort]) for soort in self._soorten] for teller in tellers]

    def _gecompileerd(self, alias: str):
        cache = self._lokaal.__dict__.setdefault("cache", {})
        if alias not in cache:
            from schakel.core.vandaag import tel_sql

            connection = connections[alias]
            set_a, set_b = self._sets()
            with connection.execute_wrapper(_niet_lezen):
                sql_a, params_a, namen = tel_sql(self._bouw(*set_a), connection)
                sql_b, params_b, _ = tel_sql(self._bouw(*set_b), connection)
            if sql_a != sql_b or len(params_a) != len(params_b):
                raise ValueError("De query hangt op een andere manier van de waarden af dan als parameter.")
            a = [_telwaarde(w, connection) for w in set_a]
            b = [_telwaarde(w, connection) for w in set_b]
            posities, gezien = [], set()
            for i, (pa, pb) in enumerate(zip(params_a, params_b)):
                if type(pa) is type(pb) and pa == pb:
                    continue
                k = next((k for k in range(len(a)) if pa == a[k] and pb == b[k]), None)
                if k is None:
                    raise ValueError(f"Parameter {i} van de telling is geen plaatsvervanger maar verschilt per bouw "
                                     f"({pa!r} / {pb!r}): maak er een eigen argument van.")
                posities.append((i, k))
                gezien.add(k)
            if len(gezien) != len(self._soorten):
                raise ValueError("Niet elke waarde komt in de telling terecht.")
            cache[alias] = (sql_a, params_a, posities, namen)
        return cache[alias]

    def tel(self, *waarden, using: str = "default") -> dict[str, int]:
        for waarde, soort in zip(waarden, self._soorten, strict=True):
            if type(waarde) is not soort:
                raise TypeError(f"{waarde!r} is geen {soort.__name__}")
        sql, params, posities, namen = self._gecompileerd(using)
        connection = connections[using]
        params = list(params)
        for i, k in posities:
            params[i] = _telwaarde(waarden[k], connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return dict(zip(namen, cursor.fetchone()))

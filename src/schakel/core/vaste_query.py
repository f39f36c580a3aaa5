"""Queries that run on every request, compiled to SQL once per process instead of once per request.

Turning a queryset into SQL (resolving lookups, joins, select_related, annotations) costs Django
0.3-0.7 ms of CPU, several times what the database then needs for a lookup by key. The session,
the signed-in user and his second-factor device are looked up that way on every page. `VasteQuery`
lets the ORM build such a query once, with stand-in values, and then runs the same SQL with the
real values, building the objects as the queryset would have: same columns, converters,
select_related objects and annotations. Only values that reach the SQL unchanged (integers and
text) can stand in; the constructor refuses a query in which a stand-in is not found exactly once.

A `values_list()` queryset (the dropdowns of every list's filter form) is read with `rijen()`: all its
rows as `list(queryset)` gives them, converted by the compiler that built the SQL.
"""
import threading

from django.db import connections
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

# Stand-ins no real key equals; each must appear exactly once among the compiled parameters.
# Negative and within a 32-bit integer, so that even an AutoField keeps them in the SQL.
_INT_STANDINS = (-2_085_631_973, -2_085_631_974)
_TEKST_STANDINS = ("\x00vaste-query-0\x00", "\x00vaste-query-1\x00")


class _Gecompileerd:
    def __init__(self, queryset, standins, connection):
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        params = list(params)
        self.posities = []
        for standin in standins:
            posities = [i for i, p in enumerate(params) if p == standin and type(p) is type(standin)]
            if len(posities) != 1:
                raise ValueError(f"Plaatsvervanger {standin!r} komt {len(posities)} keer voor in de query.")
            self.posities.append(posities[0])
        self.sql, self.params = sql, params
        self.rijcompiler = None
        if queryset._iterable_class is ValuesListIterable:
            # results_iter() on rows fetched here is what ValuesListIterable does with the rows the
            # compiler fetches itself, unless the compiler would first cut off columns it added.
            if compiler.has_extra_select:
                raise ValueError("Een values_list() met extra kolommen kan niet vast.")
            self.rijcompiler = compiler
            return
        if queryset._iterable_class is not ModelIterable:
            raise ValueError("Alleen een queryset van objecten of een values_list() kan vast.")
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
    """`VasteQuery(lambda a, b: Model.objects.filter(x=a, y=b).select_related(...))`; then
    `.eerste(a, b)` gives the first object (or None) of that queryset for those values. Arguments are
    integers or text, each passed to exactly one filter."""

    def __init__(self, bouw, soorten: tuple[type, ...]):
        self._bouw = bouw
        self._soorten = soorten
        # Per thread and database alias: a compiler holds the connection it compiled for.
        self._lokaal = threading.local()

    def _standins(self):
        tellers = {int: iter(_INT_STANDINS), str: iter(_TEKST_STANDINS)}
        return [next(tellers[soort]) for soort in self._soorten]

    def _gecompileerd(self, alias: str) -> _Gecompileerd:
        cache = self._lokaal.__dict__.setdefault("cache", {})
        if alias not in cache:
            standins = self._standins()
            cache[alias] = _Gecompileerd(self._bouw(*standins), standins, connections[alias])
        return cache[alias]

    def _params(self, g: _Gecompileerd, waarden) -> list | None:
        """The compiled parameters with the real values, or None if no row can match them."""
        for waarde, soort in zip(waarden, self._soorten, strict=True):
            if type(waarde) is not soort:
                raise TypeError(f"{waarde!r} is geen {soort.__name__}")
            # A value no column can hold matches no row; the database would refuse it with an error.
            if (soort is int and not -(2**63) <= waarde < 2**63) or (soort is str and "\x00" in waarde):
                return None
        params = list(g.params)
        for positie, waarde in zip(g.posities, waarden):
            params[positie] = waarde
        return params

    def rijen(self, *waarden, using: str = "default") -> list[tuple]:
        """Every row of a `values_list()` queryset for those values, as `list(queryset)`."""
        g = self._gecompileerd(using)
        if g.rijcompiler is None:
            raise TypeError("rijen() leest een values_list()-queryset; gebruik eerste() voor objecten.")
        params = self._params(g, waarden)
        if params is None:
            return []
        with connections[using].cursor() as cursor:
            cursor.execute(g.sql, params)
            gelezen = cursor.fetchall()
        return list(g.rijcompiler.results_iter([gelezen], tuple_expected=True))

    def eerste(self, *waarden, using: str = "default"):
        g = self._gecompileerd(using)
        if g.rijcompiler is not None:
            raise TypeError("eerste() bouwt objecten; gebruik rijen() voor een values_list()-queryset.")
        params = self._params(g, waarden)
        if params is None:
            return None
        connection = connections[using]
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

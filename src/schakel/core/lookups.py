"""`field__in_array=<subquery>`: membership of a subquery that PostgreSQL can plan per organisation.

`x IN (SELECT …)` becomes a hashed filter that the planner cannot combine with an index in an OR, so a
need-to-know filter on a small organisation scans a million rows. `x = ANY(ARRAY(SELECT …))` is an
InitPlan evaluated once; its result is an indexable parameter, so PostgreSQL can choose a bitmap OR
for a small organisation and a newest-first index scan for a big one (docs/performance.md). Other
databases get the plain IN."""
from django.db.models import Field, ForeignObject, Lookup


class InArray(Lookup):
    lookup_name = "in_array"
    prepare_rhs = False

    def _parts(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if not rhs.startswith("("):
            rhs = f"({rhs})"
        return lhs, rhs, (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        lhs, rhs, params = self._parts(compiler, connection)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler, connection):
        lhs, rhs, params = self._parts(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", params


# Foreign keys keep their own lookup registry, so the lookup is registered on both.
Field.register_lookup(InArray)
ForeignObject.register_lookup(InArray)

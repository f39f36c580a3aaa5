from schakel.core.workflow import Workflow

from .models import Koppelvoorstel

S = Koppelvoorstel.Status

KOPPELVOORSTEL_WORKFLOW = Workflow(
    name="Koppelvoorstel",
    transitions={
        "": frozenset({S.OPEN}),
        # One decision, final: a wrong link is undone on the melding, not by reopening the proposal.
        S.OPEN: frozenset({S.GEKOPPELD, S.AFGEWEZEN}),
        S.GEKOPPELD: frozenset(),
        S.AFGEWEZEN: frozenset(),
    },
    labels=dict(S.choices),
)

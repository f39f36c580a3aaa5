from schakel.core.workflow import Workflow

from .models import Melding

S = Melding.Status

MELDING_WORKFLOW = Workflow(
    name="Melding",
    transitions={
        # A historical import arrives finished: its weighing and case are history, not work to do.
        # A detention notice for a municipality with its own aftercare goes there, not to the briefing.
        "": frozenset({S.GEREGISTREERD, S.HISTORISCH, S.DOORGEZET}),
        S.GEREGISTREERD: frozenset({S.GEAGENDEERD}),
        # Taken off the agenda again, e.g. because the municipal answer is still missing.
        S.GEAGENDEERD: frozenset({S.GEWOGEN, S.GEREGISTREERD}),
        # A postponed decision ("uitgestelde beslissing") brings the melding back to a later briefing.
        S.GEWOGEN: frozenset({S.GEAGENDEERD}),
        S.HISTORISCH: frozenset(),
        S.DOORGEZET: frozenset(),
    },
    labels=dict(S.choices),
)

"""One explicit transition table per status field; every change is checked against it."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Workflow:
    name: str
    transitions: dict[str, frozenset[str]]
    labels: dict[str, str]

    def allowed(self, old: str, new: str) -> bool:
        return new in self.transitions.get(old, frozenset())

    def check(self, old: str, new: str) -> None:
        if not self.allowed(old, new):
            raise ValidationError(
                f"{self.name}: de overgang van '{self.labels.get(old, old)}' naar "
                f"'{self.labels.get(new, new)}' is niet toegestaan."
            )

"""Which person of Schakel a row is about: by `persoon_id` (the number a historical import gave the
person, Persoon.extern_id) and/or by BSN. Looked up once for the whole file, in a few queries;
a file of a million rows names a few ten thousand distinct persons.

A person whose data was wiped (retention or erasure) counts as unknown: their registrations would
be personal data again, about someone the house no longer keeps."""
from __future__ import annotations

from dataclasses import dataclass

from schakel.avg.models import Geanonimiseerd
from schakel.core.kopie import zoek
from schakel.personen.models import Persoon


@dataclass
class Paar:
    """One distinct (persoon_id, bsn) of the file: where it first occurs and how often."""

    lijn: int
    regels: int = 1


def koppel(paren: dict[tuple[str, str | None], Paar], fouten: list[tuple[int, str]]) -> dict[tuple, int | None]:
    """Each (persoon_id, bsn) of the file → the id of the person in Schakel, or None when Schakel does
    not know them. Contradictions go to `fouten`, once per pair at its first line."""
    # Within the file first: one persoon_id has one BSN, one BSN one persoon_id. A row with only one
    # of the two is about the person another row names with both.
    bsn_van: dict[str, tuple[str, int]] = {}
    persoon_van: dict[str, tuple[str, int]] = {}
    fout: set[tuple] = set()
    for (persoon_id, bsn), paar in sorted(paren.items(), key=lambda p: p[1].lijn):
        if not (persoon_id and bsn):
            continue
        eerder = bsn_van.setdefault(persoon_id, (bsn, paar.lijn))
        if eerder[0] != bsn:
            fouten.append((paar.lijn, _ook(paar, f"persoon_id '{persoon_id}' heeft hier een ander BSN dan op regel {eerder[1]}")))
            fout.add((persoon_id, bsn))
            continue
        eerder = persoon_van.setdefault(bsn, (persoon_id, paar.lijn))
        if eerder[0] != persoon_id:
            fouten.append((paar.lijn, _ook(paar, f"hetzelfde BSN als persoon_id '{eerder[0]}' op regel {eerder[1]}; één BSN hoort bij één persoon")))
            fout.add((persoon_id, bsn))

    def volledig(persoon_id: str, bsn: str | None) -> tuple[str, str | None]:
        return persoon_id or persoon_van.get(bsn, ("",))[0], bsn or bsn_van.get(persoon_id, (None,))[0]

    volledige = {paar: volledig(*paar) for paar in paren if paar not in fout}
    kolommen = ["id", "extern_id", "bsn"]
    op_extern = {e: (pk, b) for pk, e, b in zoek(Persoon, "extern_id", {p for p, _ in volledige.values() if p}, kolommen)}
    op_bsn = {b: (pk, e) for pk, e, b in zoek(Persoon, "bsn", {b for _, b in volledige.values() if b}, kolommen)}
    gevonden = {pk for pk, _ in op_extern.values()} | {pk for pk, _ in op_bsn.values()}
    gewist = {pk for pk, soort in zoek(Geanonimiseerd, "object_id", gevonden, ["object_id", "objecttype"]) if soort == "persoon"}

    uit: dict[tuple, int | None] = {}
    for paar, (persoon_id, bsn) in volledige.items():
        a = op_extern.get(persoon_id) if persoon_id else None
        b = op_bsn.get(bsn) if bsn else None
        reden = None
        if a and b and a[0] != b[0]:
            reden = f"persoon_id '{persoon_id}' en het BSN horen in Schakel bij twee verschillende personen"
        elif a and bsn and not b and a[1]:
            reden = f"persoon_id '{persoon_id}' hoort in Schakel bij een persoon met een ander BSN"
        elif b and not a and persoon_id and b[1]:
            reden = f"het BSN hoort in Schakel bij persoon_id '{b[1]}', niet bij '{persoon_id}'"
        if reden:
            fouten.append((paren[paar].lijn, _ook(paren[paar], reden)))
            continue
        pk = (a or b or (None,))[0]
        uit[paar] = None if pk in gewist else pk
    return uit


def _ook(paar: Paar, tekst: str) -> str:
    if paar.regels > 1:
        andere = paar.regels - 1
        return f"{tekst} (geldt ook voor {andere} {'andere regel' if andere == 1 else 'andere regels'} met deze persoon)"
    return tekst

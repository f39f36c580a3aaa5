"""Canary tokens: every text and identity value in the canary world is unique and traceable.

A text token is `KNR` + four digits; it is written at the start of the field (lists may shorten a
text). BSNs cannot carry letters, so each person gets its own valid BSN (11-proef) registered as a
token, and each birth date is a distinct date registered as a token in every format the app prints."""
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

TEKST = re.compile(r"KNR\d{4}", re.IGNORECASE)
MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"]


@dataclass
class Token:
    code: str           # what appears in a response: KNR0007, a BSN, or a date
    model: str          # e.g. "Melding"
    veld: str           # e.g. "omschrijving"
    obj: object         # the record (its pk is known once it is saved)
    vormen: tuple[str, ...] = ()  # the strings to look for; a text token is found by TEKST instead
    # What the story says about the value: casus / melding / persoon key, categorie, gemeente, houder
    # (organisation holding the action), door (organisation that typed it).
    ctx: dict = field(default_factory=dict)

    @property
    def betekenis(self) -> str:
        return f"{self.model}.{self.veld} pk={getattr(self.obj, 'pk', None)}"


def elfproef(bsn: str) -> bool:
    return len(bsn) == 9 and bsn.isdigit() and (sum(int(c) * (9 - i) for i, c in enumerate(bsn[:8])) - int(bsn[8])) % 11 == 0


def datumvormen(d: date) -> tuple[str, ...]:
    return (
        f"{d:%d-%m-%Y}", f"{d:%Y-%m-%d}", f"{d:%d/%m/%Y}", f"{d.day}-{d.month}-{d.year}",
        f"{d.day} {MAANDEN[d.month - 1]} {d.year}", f"{d:%d} {MAANDEN[d.month - 1]} {d.year}",
    )


@dataclass
class Tokens:
    teller: int = 0
    alle: dict[str, Token] = field(default_factory=dict)
    _bsn: int = 271_000_000
    _dag: int = 0
    ctx: dict = field(default_factory=dict)

    @contextmanager
    def over(self, **ctx):
        """Tokens made inside belong to this case / melding / person, with this category, ..."""
        vorige = self.ctx
        self.ctx = {**vorige, **ctx}
        try:
            yield
        finally:
            self.ctx = vorige

    def _registreer(self, code, obj, veld, vormen=(), **ctx):
        self.alle[code] = Token(code, type(obj).__name__, veld, obj, vormen, {**self.ctx, **ctx})

    def tekst(self, obj, veld: str, *, zin: str = "canarytekst", **ctx) -> str:
        """Puts a new token (plus a little text) in obj.veld and registers it. Returns the value."""
        self.teller += 1
        code = f"KNR{self.teller:04d}"
        waarde = f"{code} {zin}" if zin else code
        setattr(obj, veld, waarde)
        self._registreer(code, obj, veld, **ctx)
        return waarde

    def teksten(self, obj, *velden: str, **ctx) -> None:
        for veld in velden:
            self.tekst(obj, veld, **ctx)

    def herbind(self, oud, nieuw) -> None:
        """A service returned a fresh instance of the record: point its tokens at it."""
        for t in self.alle.values():
            if t.obj is oud:
                t.obj = nieuw

    def bsn(self, obj) -> str:
        while True:
            self._bsn += 1
            kandidaat = f"{self._bsn:09d}"
            if elfproef(kandidaat):
                break
        obj.bsn = kandidaat
        self._registreer(kandidaat, obj, "bsn", (kandidaat,))
        return kandidaat

    def geboortedatum(self, obj) -> date:
        # Distinct dates in the 1940s-1950s: no meeting, deadline or log date of the world is near them.
        self._dag += 37
        d = date.fromordinal(date(1941, 3, 3).toordinal() + self._dag)
        obj.geboortedatum = d
        code = f"{d:%d-%m-%Y}"
        self._registreer(code, obj, "geboortedatum", datumvormen(d))
        return d

    def vind(self, tekst: str) -> set[str]:
        """Every registered token that occurs in `tekst`."""
        gevonden = {m.upper() for m in TEKST.findall(tekst)} & self.alle.keys()
        for code, token in self.alle.items():
            if token.vormen and any(v in tekst for v in token.vormen):
                gevonden.add(code)
        return gevonden

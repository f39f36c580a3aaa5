"""Method c: a matched comparison group and the net effect (difference-in-differences).

The comparison group are persons weighed at the briefing whose decision opened no case. Clients and
comparison persons are matched exactly on coarsened traits (coarsened exact matching): doelgroep, age
band at the start and rate band before. A stratum without persons of both groups drops out; the
comparison persons of a stratum are weighted so the comparison has the clients' mix of strata.

The 95 % interval comes from a bootstrap over persons, resampling within each stratum (so the
weights stay as they are) with a fixed seed. A person's before and after stay together, and the
heavy spread between offenders is kept as it is; a Poisson model would assume every person offends
at the same rate within a stratum and give an interval that is too narrow (docs/effectmeting.md)."""
from __future__ import annotations

import numpy as np

from .afronding import getal, personen, per_365
from .cohort import Onderwerpen
from .risicotijd import Vensters

LEEFTIJDSKLASSEN = ["<18", "18-22", "23-29", "30-44", "45+", "onbekend"]
_LEEFTIJDSGRENZEN = [18, 23, 30, 45]
REGISTRATIEKLASSEN = ["0", ">0-2", ">2-5", ">5"]
TREKKINGEN = 1000
SEED = 20090101
METHODE = (
    "Vergelijkingsgroep: personen die de briefing woog zonder een casus te openen (geen vervolg of bilateraal), "
    "exact gematcht op doelgroep, leeftijdsklasse bij de start en registraties vooraf (0, >0-2, >2-5, >5 per 365 vrije "
    "dagen), gewogen per stratum. Netto-effect: verschil-in-verschillen van de gepoolde registraties per 365 vrije dagen. "
    "95%-interval: bootstrap over personen binnen strata, {trekkingen} trekkingen, vaste startwaarde."
)


def leeftijdsklasse(leeftijd: np.ndarray) -> np.ndarray:
    klasse = np.searchsorted(_LEEFTIJDSGRENZEN, leeftijd, side="right")
    return np.where(leeftijd < 0, len(LEEFTIJDSKLASSEN) - 1, klasse)


def registratieklasse(per_365_voor: np.ndarray) -> np.ndarray:
    """0 → 0; >0 up to and including 2 → 1; >2 up to and including 5 → 2; more → 3."""
    return np.where(per_365_voor <= 0, 0, np.searchsorted([2, 5], per_365_voor, side="left") + 1)


def strata(o: Onderwerpen, v: Vensters) -> list[tuple]:
    return list(zip(o.doelgroep.tolist(), leeftijdsklasse(o.leeftijd).tolist(), registratieklasse(v.voor_per_365).tolist()))


def cem_gewichten(client_strata: list, controle_strata: list) -> tuple[np.ndarray, np.ndarray, dict]:
    """Which clients and comparison persons are matched, and each matched comparison person's
    weight: (clients in stratum / all matched clients) ÷ (comparison in stratum / all matched comparison)."""
    from collections import Counter

    nc, nk = Counter(client_strata), Counter(controle_strata)
    gedeeld = {s for s in nc if s in nk}
    totaal_c = sum(nc[s] for s in gedeeld)
    totaal_k = sum(nk[s] for s in gedeeld)
    gewicht = {s: (nc[s] / totaal_c) / (nk[s] / totaal_k) for s in gedeeld}
    client_mee = np.array([s in gedeeld for s in client_strata], dtype=bool)
    controle_w = np.array([gewicht.get(s, 0.0) for s in controle_strata], dtype=float)
    return client_mee, controle_w, gewicht


def _waarden(v: Vensters, mask: np.ndarray) -> np.ndarray:
    return np.column_stack([v.voor_n[mask], v.voor_dagen[mask], v.na_n[mask], v.na_dagen[mask]]).astype(float)


def _did(c: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Sums (…, 4) of both groups → difference-in-differences of pooled rates per 365 days at risk."""
    return 365 * ((c[..., 2] / c[..., 3] - c[..., 0] / c[..., 1]) - (k[..., 2] / k[..., 3] - k[..., 0] / k[..., 1]))


def _trek(rng, waarden: np.ndarray, trekkingen: int) -> np.ndarray:
    """Bootstrap sums (trekkingen × 4) of one stratum: each draw resamples its persons with replacement."""
    n = len(waarden)
    blok = max(1, 500_000 // n)  # keeps the drawn indexes small for a stratum of thousands
    delen = []
    for begin in range(0, trekkingen, blok):
        idx = rng.integers(0, n, size=(min(blok, trekkingen - begin), n), dtype=np.int32)
        delen.append(waarden[idx].sum(axis=1))
    return np.vstack(delen)


def _zin(netto, laag, hoog) -> str:
    def nl(x):
        return f"{abs(x):.2f}".replace(".", ",")

    interval = f"95%-interval {'-' if laag < 0 else ''}{nl(laag)} tot {'-' if hoog < 0 else ''}{nl(hoog)}"
    if laag <= 0 <= hoog:
        return (
            f"Het {interval} bevat nul. Deze cijfers tonen geen effect van de aanpak aan: de verandering bij de cliënten "
            "past ook bij toeval of bij regressie naar het gemiddelde (wie wordt aangemeld, zit vaak net op een piek)."
        )
    richting = "sterker gedaald" if netto < 0 else "sterker gestegen"
    zin = (
        f"Bij cliënten is het aantal registraties per 365 vrije dagen {nl(netto)} {richting} dan bij vergelijkbare "
        f"personen die niet werden opgepakt ({interval}). "
    )
    if netto < 0:
        return zin + "Dat wijst op een effect van de aanpak, maar bewijst het niet: de groepen kunnen verschillen in wat niet is gemeten."
    return zin + "Dat kan ook komen doordat de politie cliënten van het huis beter in beeld heeft."


def _figuren(c_sum, k_sum, boot_c, boot_k, nc: int, nk: int, trekkingen: int) -> dict:
    uit = {"clienten_n": personen(nc), "controle_n": personen(nk),
           "methode": METHODE.format(trekkingen=trekkingen)}
    if nc < 10 or nk < 10:
        return uit | {
            "te_klein": True, "clienten_voor_per_365": None, "clienten_na_per_365": None, "controle_voor_per_365": None,
            "controle_na_per_365": None, "netto_per_365": None, "interval_95": None, "interval_bevat_nul": None,
            "conclusie": "Te weinig cliënten of vergelijkbare personen (minder dan 10) voor een netto-effect.",
        }
    netto = float(_did(c_sum, k_sum))
    laag, hoog = (float(x) for x in np.percentile(_did(boot_c, boot_k), [2.5, 97.5]))
    laag, hoog = getal(laag), getal(hoog)
    return uit | {
        "te_klein": False,
        "clienten_voor_per_365": getal(per_365(c_sum[0], c_sum[1])), "clienten_na_per_365": getal(per_365(c_sum[2], c_sum[3])),
        "controle_voor_per_365": getal(per_365(k_sum[0], k_sum[1])), "controle_na_per_365": getal(per_365(k_sum[2], k_sum[3])),
        "netto_per_365": getal(netto), "interval_95": [laag, hoog], "interval_bevat_nul": bool(laag <= 0 <= hoog),
        "conclusie": _zin(getal(netto), laag, hoog),
    }


def _indelen(sleutels: list, strata_lijst: list) -> dict:
    """Stratum → positions of the subjects in it, in one pass."""
    uit: dict = {}
    for i, s in enumerate(sleutels):
        uit.setdefault(s, []).append(i)
    return {s: np.array(uit.get(s, []), dtype=np.int64) for s in strata_lijst}


def vergelijking(clienten: Onderwerpen, vc: Vensters, controle: Onderwerpen, vk: Vensters,
                 trekkingen: int = TREKKINGEN, seed: int = SEED) -> dict:
    """Per doelgroep and in total; only subjects counted in method b (followed long enough, 30 days
    at risk in both windows) take part."""
    sc = [s for s, t in zip(strata(clienten, vc), vc.telt) if t]
    sk = [s for s, t in zip(strata(controle, vk), vk.telt) if t]
    c_mee, _, gewicht = cem_gewichten(sc, sk)
    wc, wk = _waarden(vc, vc.telt), _waarden(vk, vk.telt)
    volgorde = sorted(gewicht, key=repr)  # a fixed order of draws: the same data give the same interval
    in_c, in_k = _indelen(sc, volgorde), _indelen(sk, volgorde)

    rng = np.random.default_rng(seed)
    groepen = sorted(set(clienten.doelgroep.tolist())) + ["totaal"]
    som = {g: [np.zeros(4), np.zeros(4), np.zeros((trekkingen, 4)), np.zeros((trekkingen, 4)), 0, 0] for g in groepen}
    for s in volgorde:
        ic, ik = in_c[s], in_k[s]
        bc, bk = _trek(rng, wc[ic], trekkingen), gewicht[s] * _trek(rng, wk[ik], trekkingen)
        for g in (s[0], "totaal"):
            t = som[g]
            t[0] += wc[ic].sum(axis=0)
            t[1] += gewicht[s] * wk[ik].sum(axis=0)
            t[2] += bc
            t[3] += bk
            t[4] += len(ic)
            t[5] += len(ik)

    niet_gematcht = {g: 0 for g in groepen}
    for s, mee in zip(sc, c_mee):
        if not mee:
            niet_gematcht[s[0]] += 1
            niet_gematcht["totaal"] += 1
    uit = {}
    for g in groepen:
        uit[str(g)] = _figuren(*som[g], trekkingen) | {"clienten_niet_gematcht": personen(niet_gematcht[g])}
    return uit

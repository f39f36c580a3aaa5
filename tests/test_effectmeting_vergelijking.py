"""The comparison group (method c) and survival (method d) on plain generated data, without the
database: a hand-computed matching, a hand-computed Kaplan–Meier with and without stratum weights,
and two simulations whose truth is known — one with a real effect, one where the clients only look
better because they were taken on at a peak (regression to the mean)."""
from datetime import date

import numpy as np

from schakel.effectmeting.cohort import Detenties, Gegevens, Onderwerpen, Registraties
from schakel.effectmeting.effect import uit_gegevens

PEIL = date(2017, 12, 31)


def onderwerpen(personen, starts, doelgroep="veelplegers", leeftijd=35) -> Onderwerpen:
    n = len(personen)
    return Onderwerpen(
        persoon=np.asarray(personen, dtype=np.int64), start=np.asarray(starts, dtype=np.int64),
        doelgroep=np.array([doelgroep] * n, dtype=object),
        leeftijd=np.broadcast_to(np.asarray(leeftijd, dtype=np.int64), (n,)).copy(),
        plantype=np.array(["integraal"] * n, dtype=object), overlegtype=np.array(["focus"] * n, dtype=object),
        casus=np.arange(n, dtype=np.int64),
    )


def gegevens(clienten, controle, reg_persoon, reg_dag, trekkingen_peil=PEIL) -> Gegevens:
    reg_persoon, reg_dag = np.asarray(reg_persoon, dtype=np.int64), np.asarray(reg_dag, dtype=np.int64)
    leeg = np.zeros(0, dtype=np.int64)
    return Gegevens(
        van=date(2015, 1, 1), tot=date(2015, 12, 31), venster=365, peildatum=trekkingen_peil, jaren=[],
        clienten=clienten, controle=controle,
        registraties=Registraties(reg_persoon, reg_dag, np.zeros(len(reg_persoon), dtype=bool)),
        detenties=Detenties(leeg, leeg, leeg),
    )


class Regs:
    def __init__(self):
        self.p, self.d = [], []

    def add(self, persoon, dag, aantal=1):
        self.p += [persoon] * aantal
        self.d += [dag] * aantal


S = date(2015, 6, 1).toordinal()


def test_matching_weights_and_difference_in_differences_by_hand():
    """Stratum A (35 years, 3 before: band >2-5): 10 clients 3 → 1, 10 comparison 3 → 2.
    Stratum B (35 years, 8 before: band >5): 10 clients 8 → 4, 20 comparison 8 → 8.
    One client in band 0 and one comparison person aged 17 have no counterpart: left out.
    Weights: A (10/20)/(10/30) = 1.5, B (10/20)/(20/30) = 0.75.
    Clients: before (30+80)/20 = 5.5, after (10+40)/20 = 2.5 → −3.0.
    Comparison: before (1.5×30 + 0.75×160)/(1.5×10 + 0.75×20) = 165/30 = 5.5;
    after (1.5×20 + 0.75×160)/30 = 150/30 = 5.0 → −0.5. Netto −3.0 − (−0.5) = −2.5. Everyone in a
    stratum behaves alike, so no resample can differ: the interval is [−2.5, −2.5]."""
    r = Regs()
    for i in range(10):
        r.add(i, S - 10, 3), r.add(i, S + 10, 1)
        r.add(10 + i, S - 10, 8), r.add(10 + i, S + 10, 4)
        r.add(100 + i, S - 10, 3), r.add(100 + i, S + 10, 2)
    for i in range(20):
        r.add(110 + i, S - 10, 8), r.add(110 + i, S + 10, 8)
    r.add(200, S + 10, 1)  # client without registrations before: band 0
    r.add(300, S - 10, 3)  # comparison person of 17
    clienten = onderwerpen(list(range(20)) + [200], [S] * 21)
    controle = onderwerpen(list(range(100, 130)) + [300], [S] * 31, leeftijd=[35] * 30 + [17])
    v = uit_gegevens(gegevens(clienten, controle, r.p, r.d), trekkingen=300)["vergelijking"]["veelplegers"]
    assert v["clienten_n"] == 20 and v["controle_n"] == 30 and v["clienten_niet_gematcht"] == "<10"
    assert (v["clienten_voor_per_365"], v["clienten_na_per_365"]) == (5.5, 2.5)
    assert (v["controle_voor_per_365"], v["controle_na_per_365"]) == (5.5, 5.0)
    assert v["netto_per_365"] == -2.5
    assert v["interval_95"] == [-2.5, -2.5] and v["interval_bevat_nul"] is False
    assert "wijst op een effect" in v["conclusie"] and "bewijst het niet" in v["conclusie"]


def test_kaplan_meier_on_days_at_risk_with_and_without_weights_by_hand():
    """Clients (10): events at t = 1, 101, 200 and 400, one censored at 300, five at 800.
    S(1) = 9/10, S(101) = 8/10, S(200) = 7/10; at 300 one leaves; S(400) = 0.7 × 5/6 = 0.5833.
    Within one year: 1 − 0.7 = 30 %; within two: 1 − 0.5833 = 41.7 %.
    Comparison: 10 in stratum A (3 before) all registered at t = 100, 20 in B (8 before) all censored
    at 800. Clients are 5 in A and 5 in B, so A weighs (5/10)/(10/30) = 1.5 and B (5/10)/(20/30) = 0.75:
    at t = 100, 15 of 30 weighted persons → 50 % within one year (unweighted it would be 10/30 = 33.3 %)."""
    peil = PEIL.toordinal()
    r = Regs()
    duren = [(1, True), (101, True), (200, True), (300, False), (400, True)] + [(800, False)] * 5
    starts = []
    for i, (t, gebeurd) in enumerate(duren):
        s = peil - 1000 if gebeurd else peil - t + 1  # a censored person is followed exactly t days
        starts.append(s)
        r.add(i, s - 10, 3 if i < 5 else 8)
        if gebeurd:
            r.add(i, s + t - 1)
    k_starts = []
    for i in range(30):
        s = peil - 1000 if i < 10 else peil - 799
        k_starts.append(s)
        r.add(100 + i, s - 10, 3 if i < 10 else 8)
        if i < 10:
            r.add(100 + i, s + 99)
    clienten = onderwerpen(range(10), starts)
    controle = onderwerpen(range(100, 130), k_starts)
    o = uit_gegevens(gegevens(clienten, controle, r.p, r.d), trekkingen=20)["overleving"]["veelplegers"]
    assert (o["clienten"]["binnen_1_jaar_pct"], o["clienten"]["binnen_2_jaar_pct"]) == (30.0, 41.7)
    assert o["clienten"]["curve"][:4] == [[0, 1.0], [1, 0.9], [101, 0.8], [200, 0.7]]
    assert (o["controle"]["binnen_1_jaar_pct"], o["controle"]["binnen_2_jaar_pct"]) == (50.0, 50.0)
    assert o["controle"]["n"] == 30


def simulatie(seed: int, effect: float):
    """3,000 persons weighed at the briefing, each offending at their own rate λ (gamma, mean 3 per
    year, widely spread). Registrations before ~ Poisson(λ); after ~ Poisson(0.9 λ), a general
    downward trend, and for clients Poisson(0.9 λ (1 − effect)). Half of those with 3 or more
    registrations before become clients (taken on at a peak); everyone else is the comparison group.
    The true net effect on the clients is −effect × 0.9 × their mean λ per 365 days."""
    rng = np.random.default_rng(seed)
    n = 3000
    lam = rng.gamma(1.5, 2.0, n)
    leeftijd = rng.integers(16, 60, n)
    start = S + rng.integers(0, 365, n)
    voor = rng.poisson(lam)
    client = (voor >= 3) & (rng.random(n) < 0.5)
    na = rng.poisson(lam * 0.9 * np.where(client, 1 - effect, 1.0))
    pers = np.arange(n)
    reg_p = np.concatenate([np.repeat(pers, voor), np.repeat(pers, na)])
    reg_d = np.concatenate([
        np.repeat(start, voor) - rng.integers(1, 366, voor.sum()), np.repeat(start, na) + rng.integers(0, 365, na.sum())
    ])
    c, k = np.flatnonzero(client), np.flatnonzero(~client)
    g = gegevens(onderwerpen(c, start[c], leeftijd=leeftijd[c]), onderwerpen(k, start[k], leeftijd=leeftijd[k]), reg_p, reg_d)
    waarheid = -effect * 0.9 * lam[c].mean()
    return uit_gegevens(g, trekkingen=1000, seed=7), waarheid


def test_known_effect_is_covered_by_the_interval():
    r, waarheid = simulatie(seed=1, effect=0.4)
    v = r["vergelijking"]["veelplegers"]
    laag, hoog = v["interval_95"]
    assert laag <= waarheid <= hoog, (v, waarheid)
    assert hoog < 0 and v["interval_bevat_nul"] is False
    # Survival: clients, offending 40 % less, are registered later than their weighted comparison.
    o = r["overleving"]["veelplegers"]
    assert o["clienten"]["binnen_1_jaar_pct"] < o["controle"]["binnen_1_jaar_pct"]


def test_regression_to_the_mean_alone_is_not_sold_as_effect():
    r, waarheid = simulatie(seed=2, effect=0.0)
    assert waarheid == 0
    # Taken on at a peak, the clients' own before/after comparison falls by a fifth or more (the general
    # trend is only −10 %) …
    assert r["per_client"]["veelplegers"]["verschil_pct"] < -20
    # … that the matched comparison group shows too: the interval includes zero, and says so.
    v = r["vergelijking"]["veelplegers"]
    laag, hoog = v["interval_95"]
    assert laag <= 0 <= hoog and v["interval_bevat_nul"] is True
    assert "bevat nul" in v["conclusie"] and "regressie naar het gemiddelde" in v["conclusie"]

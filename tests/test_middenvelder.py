"""The middenvelder service on its own (no Django): publish, withdraw, ask, and bad input."""
import hashlib
import sqlite3

import pytest

from schakel.middenvelder.opslag import Opslag

from .middenvelder_hulp import middenvelder_opdracht, middenvelder_proces, registreer_huis, roep


def p(tekst: str) -> str:
    return hashlib.sha256(tekst.encode()).hexdigest()


@pytest.fixture(scope="module")
def netwerk(tmp_path_factory):
    db = tmp_path_factory.mktemp("middenvelder") / "m.sqlite3"
    sleutels = {
        "a": registreer_huis(db, "Veiligheidshuis A", "procesteam A, 010-1111111"),
        "b": registreer_huis(db, "Veiligheidshuis B", "procesteam B, 020-2222222"),
        "c": registreer_huis(db, "Veiligheidshuis C", "procesteam C, 030-3333333"),
    }
    with middenvelder_proces(db) as url:
        yield url, sleutels, db


def test_publish_ask_and_withdraw(netwerk):
    url, s, _ = netwerk
    assert roep(url, "PUT", "/v1/pseudoniemen", {"pseudoniemen": [p("x"), p("y")]}, s["a"]) == (200, {"toegevoegd": 2, "ingetrokken": 0})
    assert roep(url, "PUT", "/v1/pseudoniemen", {"pseudoniemen": [p("x")]}, s["b"])[0] == 200
    status, antwoord = roep(url, "POST", "/v1/vraag", {"pseudoniem": p("x")}, s["c"])
    assert status == 200
    assert antwoord == {"bekend_bij": [{"huis": "Veiligheidshuis A", "contactpunt": "procesteam A, 010-1111111"},
                                       {"huis": "Veiligheidshuis B", "contactpunt": "procesteam B, 020-2222222"}]}
    # The asking house is never in its own answer.
    assert roep(url, "POST", "/v1/vraag", {"pseudoniem": p("x")}, s["a"])[1]["bekend_bij"] == [
        {"huis": "Veiligheidshuis B", "contactpunt": "procesteam B, 020-2222222"}]
    # Delta: B withdraws x, A adds z.
    assert roep(url, "POST", "/v1/wijzigingen", {"intrekken": [p("x")]}, s["b"]) == (200, {"toegevoegd": 0, "ingetrokken": 1})
    assert roep(url, "POST", "/v1/wijzigingen", {"publiceer": [p("z")]}, s["a"])[0] == 200
    assert [h["huis"] for h in roep(url, "POST", "/v1/vraag", {"pseudoniem": p("x")}, s["c"])[1]["bekend_bij"]] == ["Veiligheidshuis A"]
    # A full sync replaces the set: y and z go, x stays; a second identical sync changes nothing.
    assert roep(url, "PUT", "/v1/pseudoniemen", {"pseudoniemen": [p("x")]}, s["a"]) == (200, {"toegevoegd": 0, "ingetrokken": 2})
    assert roep(url, "PUT", "/v1/pseudoniemen", {"pseudoniemen": [p("x")]}, s["a"]) == (200, {"toegevoegd": 0, "ingetrokken": 0})
    assert roep(url, "POST", "/v1/vraag", {"pseudoniem": p("z")}, s["c"]) == (200, {"bekend_bij": []})
    assert roep(url, "PUT", "/v1/pseudoniemen", {"pseudoniemen": []}, s["a"])[0] == 200
    assert roep(url, "POST", "/v1/vraag", {"pseudoniem": p("x")}, s["c"]) == (200, {"bekend_bij": []})


def test_every_question_is_logged_append_only(netwerk, tmp_path):
    url, s, db = netwerk
    voor = sqlite3.connect(db).execute("SELECT count(*) FROM vraaglog").fetchone()[0]
    roep(url, "PUT", "/v1/pseudoniemen", {"pseudoniemen": [p("log")]}, s["a"])
    roep(url, "POST", "/v1/vraag", {"pseudoniem": p("log")}, s["b"])
    roep(url, "POST", "/v1/vraag", {"pseudoniem": p("niemand")}, s["b"])
    con = sqlite3.connect(db)
    rijen = con.execute("SELECT v.pseudoniem, h.naam, v.antwoorden FROM vraaglog v JOIN huis h ON h.id = v.huis_id "
                        "ORDER BY v.id DESC LIMIT 2").fetchall()
    assert con.execute("SELECT count(*) FROM vraaglog").fetchone()[0] == voor + 2
    assert rijen == [(p("niemand"), "Veiligheidshuis B", 0), (p("log"), "Veiligheidshuis B", 1)]
    with pytest.raises(sqlite3.IntegrityError, match="alleen aan te vullen"):
        con.execute("DELETE FROM vraaglog")
    with pytest.raises(sqlite3.IntegrityError, match="alleen aan te vullen"):
        con.execute("UPDATE vraaglog SET antwoorden = 5")
    assert "Veiligheidshuis B" in middenvelder_opdracht(db, "--vragen", "2")


@pytest.mark.parametrize("methode, pad, body, status, woord", [
    ("POST", "/v1/vraag", b"{niet json", 400, "geen geldige JSON"),
    ("POST", "/v1/vraag", b"[1, 2]", 400, "JSON-object"),
    ("POST", "/v1/vraag", b'{"pseudoniem": "123456782"}', 400, "pseudoniem"),
    ("POST", "/v1/vraag", b'{"pseudoniem": "' + b"A" * 64 + b'"}', 400, "pseudoniem"),
    ("POST", "/v1/vraag", b'{"pseudoniem": null}', 400, "pseudoniem"),
    ("POST", "/v1/vraag", b"\xff\xfe", 400, "geen geldige JSON"),
    ("PUT", "/v1/pseudoniemen", b'{"pseudoniemen": ["Jan Jansen"]}', 400, "nummer 1"),
    ("PUT", "/v1/pseudoniemen", b'{"pseudoniemen": "abc"}', 400, "lijst"),
    ("PUT", "/v1/pseudoniemen", b"{}", 400, "ontbreekt"),
    ("POST", "/v1/wijzigingen", b'{"publiceer": [1]}', 400, "nummer 1"),
    ("GET", "/v1/vraag", None, 405, "niet toegestaan"),
    ("POST", "/v1/onbekend", b"{}", 404, "Onbekend adres"),
])
def test_bad_input_is_a_dutch_refusal_and_changes_nothing(netwerk, methode, pad, body, status, woord):
    url, s, db = netwerk
    voor = sqlite3.connect(db).execute("SELECT (SELECT count(*) FROM pseudoniem), (SELECT count(*) FROM vraaglog)").fetchone()
    code, antwoord = roep(url, methode, pad, sleutel=s["a"], ruw=body)
    assert code == status and woord in antwoord["fout"]
    na = sqlite3.connect(db).execute("SELECT (SELECT count(*) FROM pseudoniem), (SELECT count(*) FROM vraaglog)").fetchone()
    assert na == voor


def test_same_pseudonym_published_and_withdrawn_at_once_is_refused(netwerk):
    url, s, _ = netwerk
    code, antwoord = roep(url, "POST", "/v1/wijzigingen", {"publiceer": [p("q")], "intrekken": [p("q")]}, s["a"])
    assert code == 400 and "zowel" in antwoord["fout"]


@pytest.mark.parametrize("kop", [None, "onzin", "vals-sleutel"])
def test_unknown_house_key_is_401(netwerk, kop):
    url, _, _ = netwerk
    code, antwoord = roep(url, "POST", "/v1/vraag", {"pseudoniem": p("x")}, kop)
    assert code == 401 and antwoord == {"fout": "Onbekende of ontbrekende huissleutel."}
    assert roep(url, "GET", "/v1/gezond") == (200, {"status": "ok"})


def test_a_new_key_replaces_the_old_one(tmp_path):
    opslag = Opslag(tmp_path / "m.sqlite3")
    oud = opslag.voeg_huis_toe("Huis", "contact")
    assert opslag.huis_voor_sleutel(oud) is not None
    nieuw = opslag.nieuwe_sleutel("Huis")
    assert opslag.huis_voor_sleutel(oud) is None and opslag.huis_voor_sleutel(nieuw).naam == "Huis"
    with pytest.raises(ValueError, match="al een huis"):
        opslag.voeg_huis_toe("Huis", "contact")
    # Only the hash of a key is stored.
    assert oud not in (tmp_path / "m.sqlite3").read_bytes().decode("latin-1")
    assert nieuw not in (tmp_path / "m.sqlite3").read_bytes().decode("latin-1")

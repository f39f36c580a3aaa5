"""The `schakel report` command: arguments, errors, and the JSON it prints."""
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from schakel.rapportage.indicatoren import Periode, bereken

from .test_indicatoren import wereld  # noqa: F401  (the hand-computed fixture)


def report(*args) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_json_has_the_agreed_keys_and_the_indicator_values(wereld):  # noqa: F811
    data = json.loads(report("--from", "2015-01-01", "--to", "2015-12-31", "--format", "json"))
    assert data["periode"] == {"van": "2015-01-01", "tot": "2015-12-31"}
    for sectie, sleutels in {
        "meldingen": {"totaal", "per_bron", "per_gemeente", "per_thema", "per_soort"},
        "briefing": {"besluiten", "subredenen", "actie_percentage"},
        "personen": {"peildatum", "uniek", "herhaald", "geslacht", "leeftijd"},
        "casussen": {"gestart_per_overlegtype", "in_behandeling_per_overlegtype", "per_gemeente_per_overlegtype"},
        "afsluiting": {"totaal", "uitkomsten", "binnen_6_maanden_pct", "gemiddelde_duur_dagen"},
        "opschalingen": {"totaal"},
    }.items():
        assert sleutels <= set(data[sectie]), sectie
    assert data == json.loads(json.dumps(bereken(Periode.jaar(2015))))
    assert data["meldingen"]["totaal"] == 9
    assert data["briefing"]["actie_percentage"] == 62.5


def test_factsheet_by_name_without_regard_to_case(wereld, tmp_path, settings):  # noqa: F811
    uit = tmp_path / "gouda.json"
    report("--from", "2015-01-01", "--to", "2015-12-31", "--gemeente", "gOUDA", "--output", str(uit))
    data = json.loads(uit.read_text())
    assert data["gemeente"] == "Gouda"
    assert data["meldingen"]["totaal"] == "<5"
    settings.RAPPORTAGE_DREMPEL = 2
    data = json.loads(report("--from", "2015-01-01", "--to", "2015-12-31", "--gemeente", "Gouda"))
    assert data["meldingen"]["totaal"] == 4


@pytest.mark.parametrize(
    "args, melding",
    [
        (["--from", "2015-13-01", "--to", "2015-12-31"], "'2015-13-01' is geen datum"),
        (["--from", "2015-02-01", "--to", "2015-01-31"], "ligt voor de begindatum"),
        (["--from", "2015-01-01", "--to", "9999-12-31"], "tussen 1900 en 2999"),
        (["--from", "2015-01-01", "--to", "2015-12-31", "--gemeente", "Atlantis"], "Onbekende gemeente 'Atlantis'"),
        (["--from", "2015-01-01", "--to", "2015-12-31", "--gemeente", "Gouda", "--drempel", "0"], "alleen hoger dan de ingestelde"),
    ],
)
def test_bad_arguments_give_a_clear_message(ref, args, melding):
    with pytest.raises(CommandError, match=melding):
        report(*args)

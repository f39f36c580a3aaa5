"""Inviting per agenda item in the browser, with the keyboard only: an empty and a forged submission
are refused in Dutch, then the organisation is invited for one of two cases and sees only that one."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schakel.casussen.models import Casus
from schakel.gebruikers.rollen import Rol
from schakel.overleggen import services
from schakel.overleggen.models import Deelnemer, Overleg, Overlegtype, Uitnodiging
from schakel.partners.models import Organisatie

from ..factories import GebruikerFactory
from ..scenario import bouw_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invite_an_organisation_for_one_agenda_item_with_the_keyboard(login, screenshot, users):
    s = bouw_scenario(users)
    a = s.casus
    b = Casus.objects.create(overlegtype=a.overlegtype, gemeente=a.gemeente, thema=a.thema, geopend_door=users["pr"])
    overleg = services.maak_overleg(
        overleg=Overleg(overlegtype=Overlegtype.objects.get(code="focus"), voorzitter=users["pr"],
                        datum=timezone.now() - timedelta(minutes=5)),
        door=users["pr"],
    )
    services.agendeer(overleg=overleg, casussen=[a, b], door=users["pr"])
    svg = GebruikerFactory(username="svg", organisatie=Organisatie.objects.get(code="svg"), rollen=[Rol.PARTNER])

    page = login(users["pr"])
    page.goto(f"/overleggen/{overleg.pk}/")
    groep = page.get_by_role("group", name="Uitnodigen voor de agendapunten")
    expect(groep).to_contain_text(f"Casus {a.nummer}")
    expect(groep).to_contain_text(f"Casus {b.nummer}")
    screenshot(page, "uitnodigen-per-agendapunt")

    # Empty submission: a Dutch message at the field, nothing stored.
    page.select_option("#id_organisatie", label="Verslavingsreclassering (SVG)")
    page.focus("#id_naam")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#id_agendapunten_error")).to_have_text("Fout: Kies minstens één agendapunt waarvoor u uitnodigt.")
    screenshot(page, "uitnodigen-zonder-agendapunt")
    assert not Deelnemer.objects.filter(organisatie__code="svg").exists()

    # The keyboard only: tab to the box of case A, tick it with the space bar, submit with Enter.
    keuze_a = page.get_by_role("group", name="Uitnodigen voor de agendapunten").get_by_label(re.compile(f"Casus {a.nummer}"))
    page.focus("#id_naam")
    for _ in range(5):
        if keuze_a.evaluate("e => e === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(keuze_a).to_be_focused()
    page.keyboard.press("Space")
    expect(keuze_a).to_be_checked()
    page.get_by_role("button", name="Uitnodigen").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".meldingen-berichten")).to_contain_text(
        f"Verslavingsreclassering (SVG) is toegevoegd aan de deelnemers, uitgenodigd voor casus {a.nummer}."
    )
    rij = page.locator("tbody tr").filter(has_text="Verslavingsreclassering (SVG)")
    expect(rij).to_contain_text(a.nummer)
    expect(rij).not_to_contain_text(b.nummer)
    screenshot(page, "uitnodigen-na-uitnodiging")
    assert set(Uitnodiging.objects.filter(deelnemer__organisatie__code="svg").values_list("bespreking__casus", flat=True)) == {a.pk}

    partner = login(svg)
    partner.goto("/casussen/")
    expect(partner.locator("main")).to_contain_text(a.nummer)
    expect(partner.locator("main")).not_to_contain_text(b.nummer)
    assert partner.goto(f"/casussen/{b.pk}/").status == 403
    assert partner.goto(f"/overleggen/{overleg.pk}/").status == 403

    # A guest without covenant, invited for B only: his declaration is recorded per agenda item.
    gast = users["gast"]
    page.goto(f"/overleggen/{overleg.pk}/")
    page.select_option("#id_soort", label="Incidentele gast")
    page.select_option("#id_organisatie", label="Woningcorporatie Rijnhart Wonen")
    page.select_option("#id_gebruiker", value=str(gast.pk))
    page.get_by_role("group", name="Uitnodigen voor de agendapunten").get_by_label(re.compile(f"Casus {b.nummer}")).check()
    page.get_by_role("button", name="Uitnodigen").click()
    deelnemer = Deelnemer.objects.get(overleg=overleg, gebruiker=gast)
    page.get_by_role("button", name=f"Verklaring vastleggen voor {gast}").click()
    expect(page.locator("#ghv-fout")).to_contain_text("Kies de agendapunten waarvoor de gast de geheimhoudingsverklaring tekende.")
    screenshot(page, "geheimhouding-zonder-agendapunt")
    assert login(gast).goto(f"/casussen/{b.pk}/").status == 403
    page.check(f"#ghv-{deelnemer.pk}-{overleg.besprekingen.get(casus=b).pk}")
    page.fill(f"#ghv-{deelnemer.pk}", timezone.localdate().isoformat())
    page.get_by_role("button", name=f"Verklaring vastleggen voor {gast}").click()
    expect(page.locator(".meldingen-berichten")).to_contain_text(
        f"De geheimhoudingsverklaring van {gast} is vastgelegd voor casus {b.nummer}."
    )
    screenshot(page, "geheimhouding-vastgelegd")
    gast_pagina = login(gast)
    assert gast_pagina.goto(f"/casussen/{b.pk}/").status == 200
    assert gast_pagina.goto(f"/casussen/{a.pk}/").status == 403
    gast_pagina.goto("/casussen/")
    expect(gast_pagina.locator("main")).not_to_contain_text(a.nummer)

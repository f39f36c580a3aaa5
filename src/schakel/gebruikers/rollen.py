from django.db import models


class Rol(models.TextChoices):
    INFORMATIECOORDINATOR = "informatiecoordinator", "Informatiecoördinator"
    PROCESREGISSEUR = "procesregisseur", "Procesregisseur"
    PARTNER = "partner", "Partnerprofessional"
    GEMEENTE_CONTACT = "gemeente_contact", "Gemeentelijk contactpersoon"
    ZSM = "zsm", "ZSM-medewerker"
    KETENMANAGER = "ketenmanager", "Ketenmanager"
    PRIVACY_OFFICER = "privacy_officer", "Privacy officer (FG)"
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", "Functioneel beheerder"


# Staff of the house who run the process and therefore see every melding and case of the house.
PROCESSTAF = frozenset({Rol.INFORMATIECOORDINATOR, Rol.PROCESREGISSEUR})
# Who may register a melding: the house's own staff and any partner professional (design §2).
MELDERS = PROCESSTAF | {Rol.PARTNER}
# Granting these needs a second person (four eyes, design §4). Every role that reads case content or
# personal data of clients: house staff (all cases), partner professionals (their involved cases),
# municipal contacts (information requests), ZSM (the advice); and the two roles that confirm role
# changes, the FG (also AVG requests) and the functioneel beheerder, because otherwise one beheerder
# could make a second beheerder account and confirm its own proposals with it. Only the ketenmanager
# sees nothing but aggregate figures, so that role is granted directly (and logged all the same).
VIER_OGEN_ROLLEN = frozenset(Rol) - {Rol.KETENMANAGER}
# Who may be the second person.
BEOORDELAARS = frozenset({Rol.FUNCTIONEEL_BEHEERDER, Rol.PRIVACY_OFFICER})

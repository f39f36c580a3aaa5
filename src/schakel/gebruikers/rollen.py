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

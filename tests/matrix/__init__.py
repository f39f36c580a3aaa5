"""The authorisation matrix: every module here contributes `urls(scenario, users)`, a list of
(name, url, method, roles that get through, status they get). Everyone else must get 403."""
import importlib
import pkgutil

STAF = {"ic", "pr"}
# Partner professionals of covenant organisations; `gast` (no covenant) and `ggz_ander` are partners
# too but are involved in nothing unless a module says so.
PARTNERS = {"reclassering", "politie", "gast", "ggz_ander", "ggz"}


def alle_urls(s, users):
    rijen = []
    for module in pkgutil.iter_modules(__path__):
        rijen.extend(importlib.import_module(f"{__name__}.{module.name}").urls(s, users))
    return rijen

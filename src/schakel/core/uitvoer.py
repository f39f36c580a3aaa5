"""Text that ends up in a spreadsheet (CSV or XLSX export)."""

# Excel, LibreOffice and Google Sheets start a formula with any of these; a tab or carriage return
# in front of one still counts.
_FORMULE_BEGIN = ("=", "+", "-", "@", "\t", "\r")


def formule_veilig(waarde):
    """A spreadsheet must not run a cell as a formula: names come from reference data and user input
    (`=HYPERLINK(...)` as a municipality's name), so text that would start one gets a leading quote."""
    if isinstance(waarde, str) and waarde[:1] in _FORMULE_BEGIN:
        return "'" + waarde
    return waarde

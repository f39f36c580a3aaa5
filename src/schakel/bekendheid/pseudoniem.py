"""The pseudonym of a person: HMAC-SHA256 with the network key over the normalised BSN.

Every house in the network holds the same key (SCHAKEL_NETWERK_SLEUTEL), so the same BSN gives the same
pseudonym everywhere; the middenvelder never has the key, so it cannot compute a pseudonym from a BSN
or test guesses. Only persons with a BSN get one: a name and date of birth are too ambiguous to match
between houses without showing them."""
import hashlib
import hmac

from django.conf import settings


def normaliseer_bsn(bsn: str) -> str:
    """Digits only, nine of them: '1234.56.782', ' 123456782 ' and an eight-digit BSN without its
    leading zero all give the same pseudonym."""
    cijfers = "".join(c for c in str(bsn) if c.isdigit())
    if not cijfers or len(cijfers) > 9:
        raise ValueError("geen BSN")
    return cijfers.zfill(9)


def pseudoniem(bsn: str) -> str:
    sleutel = settings.SCHAKEL_NETWERK_SLEUTEL.encode()
    return hmac.new(sleutel, normaliseer_bsn(bsn).encode(), hashlib.sha256).hexdigest()

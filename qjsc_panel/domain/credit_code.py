"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character.

The alphabet is the digits and the capital letters without I, O, Z, S and V (31 characters);
the check character is ``31 − (Σ value(cᵢ)·3^(i−1) mod 31) mod 31`` over the first 17, with
the weights taken mod 31 as printed in the standard.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


def check_char(body: str) -> str:
    """The check character for the first 17 characters (each from :data:`ALPHABET`)."""
    if len(body) != LENGTH - 1 or any(c not in _VALUE for c in body):
        raise ValueError(body)
    total = sum(_VALUE[c] * w for c, w in zip(body, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """Why ``code`` is not a valid credit code (a message code), or None when it is."""
    if len(code) != LENGTH:
        return "credit_code.length"
    if any(c not in _VALUE for c in code):
        return "credit_code.alphabet"
    if check_char(code[:-1]) != code[-1]:
        return "credit_code.check"
    return None


def normalise(code: str) -> str:
    """People type lower case and spaces; the code itself has neither."""
    return "".join(code.split()).upper()


def with_check(body: str) -> str:
    """``body`` (17 characters) completed with its check character — for demos and tests."""
    return body + check_char(body)

"""Offline exchange between laptops: expert keys, the per-panel CA, invitations, signed and
encrypted score-sheet packages, and the Excel score-sheet round trip.

Nothing here is imported when the app starts; ``cryptography`` and ``openpyxl`` are imported
inside the functions that use them.
"""

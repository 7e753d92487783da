"""The domain core: forms, scoring rules, aggregation, panel rules, eligibility.

Plain Python (Decimal arithmetic, pydantic for the form schema); no Qt, no SQL.
"""

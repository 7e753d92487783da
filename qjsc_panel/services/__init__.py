"""Use cases: each function runs one action in one transaction and logs it in the audit log.

Services take a :class:`~qjsc_panel.services.context.Ctx`, raise :class:`QjscError` for every
refusal (the transaction is rolled back, so nothing changes), and return plain values.
"""

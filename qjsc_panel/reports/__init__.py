"""The chair's compilation: dashboard data, the opinion, its PDF and signatures, the workbook
and the bureau bundle.

Heavy libraries (reportlab, openpyxl, pyHanko) are imported inside the functions that use
them, so importing this package costs nothing at application start.
"""

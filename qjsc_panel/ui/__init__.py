"""The expert's desktop app (PySide6).

Only QtCore/QtGui/QtWidgets are imported when the window opens; the database, pydantic and
the services are imported after the first paint (see :mod:`qjsc_panel.ui.app`).
"""

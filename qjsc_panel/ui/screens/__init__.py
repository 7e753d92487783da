"""One module per screen; each registers its ``retranslate_ui`` once with :mod:`qjsc_panel.ui.retranslate`."""

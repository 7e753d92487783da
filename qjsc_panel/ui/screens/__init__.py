"""One module per screen; each retranslates itself on ``QEvent.LanguageChange``."""

"""qjsc-panel: offline acceptance of voluntary cleaner-production audits (深工信规〔2025〕5号)."""

__version__ = "0.1.0"

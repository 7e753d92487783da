"""``qjsc-panel demo`` and the tests' helpers: an invented acceptance run end to end, simulated
laptops (each a separate data directory and database), and a throw-away test CA.

The product never imports this package: only ``qjsc_panel/cli/demo.py`` and the tests do
(tests/test_layers.py checks it).
"""

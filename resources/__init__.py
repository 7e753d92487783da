"""Fonts and translations shipped with the app, installed as the package ``qjsc_panel.resources``.

The folder stays at the top of the source tree; the build maps it into the package (setup.py), and
:mod:`qjsc_panel.paths` finds it through ``importlib.resources``.
"""

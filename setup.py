"""Everything is declared in pyproject.toml except the package list, which needs a little code.

``forms/`` and ``resources/`` stay at the top of the source tree but install as the packages
``qjsc_panel.forms`` and ``qjsc_panel.resources`` (``package-dir`` in pyproject.toml).
``find_packages`` cannot see a package that lives outside its parent's folder, so the two are added
here; every other ``qjsc_panel.*`` package is still found automatically.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["qjsc_panel", "qjsc_panel.*"]), "qjsc_panel.forms", "qjsc_panel.resources"])

"""One exception type for every refusal, carrying a message code and its parameters.

The code is rendered in Chinese or English by :mod:`qjsc_panel.messages`, so the CLI, the
Qt shell and the reports all say the same thing in the user's language.
"""

from __future__ import annotations

from typing import Any


class QjscError(Exception):
    """A refusal the user can act on: nothing was changed."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    def render(self, lang: str = "zh") -> str:
        from qjsc_panel.messages import render

        return render(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.render("zh")


class RuleViolation(QjscError):
    """A rule of 深工信规〔2025〕5号 or of the panel's own settings was broken."""


class FormError(QjscError):
    """A scoring form file is broken; ``problems`` lists each problem found."""

    def __init__(self, problems: list[FormProblem]) -> None:
        self.problems = problems
        super().__init__("form.invalid", count=len(problems))

    def render(self, lang: str = "zh") -> str:
        head = super().render(lang)
        return "\n".join([head, *(f"  - {p.render(lang)}" for p in self.problems)])


class FormProblem:
    """One problem in a form file, at a location such as ``categories[1].items[0].max_points``."""

    def __init__(self, where: str, code: str, **params: Any) -> None:
        self.where = where
        self.code = code
        self.params = params

    def render(self, lang: str = "zh") -> str:
        from qjsc_panel.messages import render

        text = render(self.code, lang, **self.params)
        return f"{self.where}: {text}" if self.where else text

    def __repr__(self) -> str:
        return f"FormProblem({self.where!r}, {self.code!r}, {self.params!r})"

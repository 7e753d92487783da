"""A stored scoring form read without pydantic, for the light read paths (``qjsc-panel pdf``).

:class:`LightForm` carries the attribute names of :class:`qjsc_panel.domain.form.Form` that the
rules and the compilation read, so the same code runs on either.  It does not validate: the
caller must only build it from JSON whose content hash is pinned as an official form (shipped,
validated by the test suite) and recorded by the acceptance (see
:func:`qjsc_panel.services.outputs_light.trusted_form`); anything else goes the full way.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


def canonical_json(data: Any) -> bytes:
    """Sorted keys, UTF-8, no whitespace: the same bytes for the same content everywhere."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def pick_text(zh: str, en: str, lang: str) -> str:
    """A form text in ``lang``: English where the form has it, else the Chinese."""
    return en if lang == "en" and en else zh


@dataclass(frozen=True)
class LightText:
    zh: str
    en: str = ""

    def get(self, lang: str) -> str:
        return pick_text(self.zh, self.en, lang)


@dataclass(frozen=True)
class LightItem:
    id: str
    text: LightText
    max_points: Decimal
    step: Decimal
    enabled: bool = False


@dataclass(frozen=True)
class LightCategory:
    id: str
    title: LightText
    points: Decimal
    items: list[LightItem]


@dataclass(frozen=True)
class LightVeto:
    id: str
    text: LightText
    article: str


@dataclass(frozen=True)
class LightThresholds:
    pass_: Decimal
    excellent: Decimal


@dataclass(frozen=True)
class LightForm:
    id: str
    version: str
    title: LightText
    total: Decimal
    thresholds: LightThresholds
    veto_items: list[LightVeto]
    categories: list[LightCategory]
    bonus_items: list[LightItem]
    content_hash: str
    items: list[LightItem] = field(init=False)
    item_by_id: dict[str, LightItem] = field(init=False)
    veto_by_id: dict[str, LightVeto] = field(init=False)

    def __post_init__(self) -> None:
        # As Form.items: the categories' items, then the enabled bonus items.
        items = [i for c in self.categories for i in c.items] + [b for b in self.bonus_items if b.enabled]
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "item_by_id", {i.id: i for i in items})
        object.__setattr__(self, "veto_by_id", {v.id: v for v in self.veto_items})


def stored_hash(form_json: str) -> str:
    """The content hash of a stored form as :attr:`Form.content_hash` computes it, provided the
    JSON is a full dump of the parsed form (as acceptances store it); otherwise another value."""
    return hashlib.sha256(canonical_json(json.loads(form_json))).hexdigest()


def light_form(form_json: str, content_hash: str) -> LightForm:
    """The form from its stored JSON (a full dump: every field present, numbers as strings)."""
    data = json.loads(form_json)

    def text(x: dict[str, Any]) -> LightText:
        return LightText(str(x["zh"]), str(x.get("en", "")))

    def item(x: dict[str, Any]) -> LightItem:
        return LightItem(
            str(x["id"]), text(x["text"]), _dec(x["max_points"]), _dec(x["step"]), bool(x.get("enabled", False))
        )

    return LightForm(
        id=str(data["id"]),
        version=str(data["version"]),
        title=text(data["title"]),
        total=_dec(data["total"]),
        thresholds=LightThresholds(_dec(data["thresholds"]["pass"]), _dec(data["thresholds"]["excellent"])),
        veto_items=[LightVeto(str(v["id"]), text(v["text"]), str(v["article"])) for v in data["veto_items"]],
        categories=[
            LightCategory(str(c["id"]), text(c["title"]), _dec(c["points"]), [item(i) for i in c["items"]])
            for c in data["categories"]
        ],
        bonus_items=[item(b) for b in data["bonus_items"]],
        content_hash=content_hash,
    )


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))

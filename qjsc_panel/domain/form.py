"""The scoring form (评分表) as data: schema, validation on load, content hash.

A form file is JSON.  Structural problems (missing fields, wrong types) come from pydantic;
semantic ones (duplicate ids, points that do not add up, thresholds outside the total) are
collected by :func:`check_form` so that ``form validate`` can name every problem at once.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from qjsc_panel.domain.form_light import canonical_json as canonical_json  # re-exported
from qjsc_panel.domain.form_light import pick_text
from qjsc_panel.errors import FormError, FormProblem

FORM_FORMAT = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    zh: str
    en: str = ""

    def get(self, lang: str) -> str:
        return pick_text(self.zh, self.en, lang)


class Item(_Strict):
    id: str
    text: Text
    max_points: Decimal
    step: Decimal = Decimal("0.5")
    checkpoints: Text = Text(zh="")


class Category(_Strict):
    id: str
    title: Text
    points: Decimal
    items: list[Item]


class VetoItem(_Strict):
    id: str
    text: Text
    article: str = ""


class BonusItem(Item):
    enabled: bool = False


class Thresholds(_Strict):
    pass_: Decimal = Field(alias="pass")
    excellent: Decimal


class Form(_Strict):
    format: int
    id: str
    version: str
    title: Text
    source: str = ""
    total: Decimal
    thresholds: Thresholds
    veto_items: list[VetoItem]
    categories: list[Category]
    bonus_items: list[BonusItem] = []

    @cached_property
    def items(self) -> list[Item]:
        """Scored items in form order: the categories' items, then enabled bonus items."""
        out: list[Item] = [i for c in self.categories for i in c.items]
        out.extend(b for b in self.bonus_items if b.enabled)
        return out

    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def veto_by_id(self) -> dict[str, VetoItem]:
        return {v.id: v for v in self.veto_items}

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of the parsed form: whitespace and key order do not count."""
        return hashlib.sha256(canonical_json(self.model_dump(mode="json", by_alias=True))).hexdigest()

    def category_of(self, item_id: str) -> Category | None:
        for c in self.categories:
            if any(i.id == item_id for i in c.items):
                return c
        return None


def _loc(parts: tuple[int | str, ...]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _is_on_step(value: Decimal, step: Decimal) -> bool:
    return step > 0 and (value / step) == (value / step).to_integral_value()


def check_form(form: Form) -> list[FormProblem]:
    """Every semantic problem of a structurally valid form."""
    problems: list[FormProblem] = []
    if form.format != FORM_FORMAT:
        problems.append(FormProblem("format", "form.bad_format", found=form.format, want=FORM_FORMAT))
    if not form.title.zh.strip():
        problems.append(FormProblem("title.zh", "form.missing_zh"))
    unique = _UniqueIds(problems)
    for vi, veto in enumerate(form.veto_items):
        where = f"veto_items[{vi}]"
        unique("veto", veto.id, f"{where}.id")
        if not veto.text.zh.strip():
            problems.append(FormProblem(f"{where}.text.zh", "form.missing_zh"))
    for ci, cat in enumerate(form.categories):
        problems.extend(_check_category(cat, f"categories[{ci}]", unique))
    for bi, bonus in enumerate(form.bonus_items):
        problems.extend(_check_item(bonus, f"bonus_items[{bi}]", unique))
    problems.extend(_check_totals(form))
    return problems


class _UniqueIds:
    """Ids are unique across the whole form (vetoes, categories, items); problems go to ``problems``."""

    def __init__(self, problems: list[FormProblem]) -> None:
        self._problems = problems
        self._seen: dict[str, str] = {}

    def __call__(self, kind: str, ident: str, where: str) -> None:
        if not ident.strip():
            self._problems.append(FormProblem(where, "form.empty_id"))
        elif ident in self._seen:
            self._problems.append(FormProblem(where, "form.duplicate_id", id=ident, first=self._seen[ident]))
        else:
            self._seen[ident] = where


def _check_category(cat: Category, where: str, unique: _UniqueIds) -> list[FormProblem]:
    problems: list[FormProblem] = []
    unique("category", cat.id, f"{where}.id")
    if not cat.title.zh.strip():
        problems.append(FormProblem(f"{where}.title.zh", "form.missing_zh"))
    if not cat.items:
        problems.append(FormProblem(f"{where}.items", "form.no_items"))
    sum_items = Decimal(0)
    for ii, item in enumerate(cat.items):
        problems.extend(_check_item(item, f"{where}.items[{ii}]", unique))
        sum_items += item.max_points
    if sum_items != cat.points:
        problems.append(
            FormProblem(f"{where}.points", "form.category_sum", id=cat.id, declared=cat.points, actual=sum_items)
        )
    return problems


def _check_totals(form: Form) -> list[FormProblem]:
    problems: list[FormProblem] = []
    sum_categories = sum((cat.points for cat in form.categories), Decimal(0))
    if sum_categories != form.total:
        problems.append(FormProblem("total", "form.total_sum", declared=form.total, actual=sum_categories))
    if not form.categories:
        problems.append(FormProblem("categories", "form.no_items"))
    t = form.thresholds
    if not (Decimal(0) < t.pass_ <= t.excellent <= form.total):
        problems.append(
            FormProblem("thresholds", "form.thresholds", pass_=t.pass_, excellent=t.excellent, total=form.total)
        )
    return problems


def _check_item(item: Item, where: str, unique: _UniqueIds) -> list[FormProblem]:
    problems: list[FormProblem] = []
    unique("item", item.id, f"{where}.id")
    if not item.text.zh.strip():
        problems.append(FormProblem(f"{where}.text.zh", "form.missing_zh"))
    if item.step <= 0:
        problems.append(FormProblem(f"{where}.step", "form.bad_step", step=item.step))
    if item.max_points <= 0:
        problems.append(FormProblem(f"{where}.max_points", "form.bad_max", max=item.max_points))
    elif item.step > 0 and not _is_on_step(item.max_points, item.step):
        problems.append(FormProblem(f"{where}.max_points", "form.max_off_step", max=item.max_points, step=item.step))
    return problems


_PYDANTIC_CODES = {
    "missing": "form.field_missing",
    "extra_forbidden": "form.field_unknown",
    "decimal_parsing": "form.not_a_number",
    "decimal_type": "form.not_a_number",
    "string_type": "form.not_text",
    "int_type": "form.not_integer",
    "int_parsing": "form.not_integer",
    "list_type": "form.not_list",
    "model_type": "form.not_object",
    "bool_type": "form.not_bool",
}


def parse_form(data: Any) -> Form:
    """Validate parsed JSON as a form; raise :class:`FormError` naming every problem."""
    try:
        form = Form.model_validate(data)
    except ValidationError as exc:
        problems = [
            FormProblem(_loc(tuple(e["loc"])), _PYDANTIC_CODES.get(e["type"], "form.field_invalid"), detail=e["msg"])
            for e in exc.errors()
        ]
        raise FormError(problems) from None
    problems = check_form(form)
    if problems:
        raise FormError(problems)
    return form


def load_form(path: Path) -> Form:
    """Read and validate a form file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FormError([FormProblem(str(path), "form.unreadable", detail=exc.strerror or str(exc))]) from None
    return loads_form(raw)


def loads_form(raw: bytes | str) -> Form:
    try:
        data = json.loads(raw, parse_float=Decimal)
        return parse_form(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FormError([FormProblem("", "form.not_json", detail=str(exc))]) from None
    except RecursionError:  # a hostile file nested thousands of levels deep
        raise FormError([FormProblem("", "form.not_json", detail="nested too deeply")]) from None

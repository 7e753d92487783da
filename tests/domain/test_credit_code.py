"""统一社会信用代码 per GB 32100-2015: alphabet, length and check character."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qjsc_panel.domain.credit_code import ALPHABET, check_char, normalise, problem, with_check
from qjsc_panel.errors import QjscError
from qjsc_panel.services import registry
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.db import open_database


@pytest.mark.parametrize("code", ["914403001922038216", "91440300708461136T", "91350100M000100Y43"])
def test_published_codes_are_valid(code: str) -> None:
    assert problem(code) is None


@pytest.mark.parametrize(
    "code, why",
    [
        ("91440300XXXXXXXXXX", "credit_code.check"),  # right alphabet, wrong check character
        ("91440300MA5DEMO01K", "credit_code.alphabet"),  # the letter O never occurs
        ("91440300MA5DEMC01I", "credit_code.alphabet"),
        ("914403001922038217", "credit_code.check"),  # one digit off
        ("91440300192203821", "credit_code.length"),
        ("9144030019220382166", "credit_code.length"),
        ("", "credit_code.length"),
    ],
)
def test_invalid_codes_are_named(code: str, why: str) -> None:
    assert problem(code) == why


def test_alphabet_excludes_i_o_z_s_v() -> None:
    assert len(ALPHABET) == 31
    assert not set("IOZSV") & set(ALPHABET)


def test_every_single_character_change_is_detected() -> None:
    good = "91440300708461136T"
    for i in range(18):
        for c in ALPHABET:
            if c != good[i]:
                assert problem(good[:i] + c + good[i + 1 :]) == "credit_code.check"


def test_with_check_and_normalise() -> None:
    assert with_check("91440300MA5DEMC01") == "91440300MA5DEMC01D"
    assert check_char("91440300708461136") == "T"
    assert normalise(" 91440300 708461136t ") == "91440300708461136T"


def test_registry_refuses_bad_codes_and_changes_nothing(tmp_path: Path) -> None:
    ctx = Ctx(open_database(tmp_path / "db.sqlite3"), actor="secretary", lang="en")
    for code, word in [("91440300XXXXXXXXXX", "check"), ("91440300MA5DEMO01K", "alphabet")]:
        with pytest.raises(QjscError) as err:
            registry.add_enterprise(ctx, "某公司", code, "南山区", "legal_person", date(2015, 1, 1))
        assert word in err.value.render("en")
        assert "统一社会信用代码" in err.value.render("zh")
    with pytest.raises(QjscError):
        registry.add_consultancy(ctx, "某咨询", "91440300MA5DEMO02X")
    assert registry.list_enterprises(ctx) == [] and registry.list_consultancies(ctx) == []
    eid = registry.add_enterprise(ctx, "某公司", "91440300 708461136t", "深汕", "legal_person", date(2015, 1, 1))
    assert registry.list_enterprises(ctx)[0]["credit_code"] == "91440300708461136T" and eid

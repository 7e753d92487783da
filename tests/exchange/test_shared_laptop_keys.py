"""Several experts on one laptop: one key each, and no guessing which key is meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import keys


def test_one_key_per_expert_and_an_ambiguous_choice_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "laptop"
    first = keys.init_key(home, "李专家", "passphrase-1")
    assert keys.find_key(home) == first  # the only key needs no naming
    second = keys.init_key(home, "王专家", "passphrase-2")
    with pytest.raises(QjscError) as err:
        keys.init_key(home, "李专家", "again")
    assert err.value.code == "exchange.key_exists" and "李专家" in err.value.render("zh")
    with pytest.raises(QjscError) as err:
        keys.find_key(home)
    assert err.value.code == "exchange.key_choose"
    assert "李专家" in err.value.render("zh") and "--key" in err.value.render("en")
    assert keys.find_key(home, second.short) == second
    assert [k.name for k in keys.list_keys(home)].count("李专家") == 1

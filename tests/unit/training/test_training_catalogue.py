"""The training catalogue: its content file (core/training/content.py) and the catalogue
in the database (core/training/catalogue.py)."""

import copy

import pytest
from sqlalchemy import select

from core.content import ContentError
from core.training import catalogue
from core.training.content import catalogue_file, load_modules
from core.training.models import TrainingModule
from tests.factories import module

VERSION, CATALOGUE = catalogue_file()


def test_catalogue_has_at_least_30_modules_of_every_kind():
    assert len(CATALOGUE) >= 30
    areas = {m.area for m in CATALOGUE.values()}
    assert areas == {"digital", "language", "job_search"}
    for code in ("fr", "nl", "en"):
        levels = {m.entry_level for m in CATALOGUE.values() if m.language == code}
        assert len(levels) >= 2, f"{code}: courses at several levels"
    digital_entries = {m.entry_level for m in CATALOGUE.values() if m.area == "digital"}
    assert {"none", "foundation", "intermediate"} <= digital_entries
    assert {m.format for m in CATALOGUE.values()} == {"online", "in_person", "blended"}
    titles = " ".join(m.title.en.lower() for m in CATALOGUE.values())
    assert "voucher" in titles and "brulingua" in titles


# --- content validation -------------------------------------------------------------------------


def test_a_bad_module_names_the_file_the_entry_and_the_problem(tmp_path):
    path = tmp_path / "modules.yml"
    good = module().model_dump(mode="json")
    bad = copy.deepcopy(good) | {"entry_level": "B2", "target_level": "A2"}
    import yaml
    path.write_text(yaml.safe_dump({"version": "1", "modules": {"good": good, "upside-down": bad}}))
    with pytest.raises(ContentError) as err:
        load_modules(path)
    assert (err.value.path, err.value.entry) == (path, "upside-down")
    assert "above entry_level" in err.value.reason
    del bad["title"]["nl"]
    bad.update(entry_level="A2", target_level="D1")
    path.write_text(yaml.safe_dump({"version": "1", "modules": {"no-dutch": bad}}))
    with pytest.raises(ContentError) as err:
        load_modules(path)
    assert "title.nl" in err.value.reason or "D1" in err.value.reason


# --- the catalogue in the database -------------------------------------------------------------------


def test_sync_adds_updates_and_keeps_api_edits(sessions):
    modules = {"a": module(), "b": module(language="fr", instruction_languages=["fr"])}
    with sessions.begin() as s:
        assert catalogue.sync_catalogue(s, modules) == {"added": 2, "updated": 0, "kept": 0}
    with sessions.begin() as s:
        assert catalogue.sync_catalogue(s, modules) == {"added": 0, "updated": 0, "kept": 2}
        catalogue.save_module(s, "b", module(language="fr", instruction_languages=["fr"], duration_hours=99))
        catalogue.retire_module(s, "a")
    changed = {"a": module(duration_hours=12), "b": module(language="fr", instruction_languages=["fr"],
                                                          duration_hours=13)}
    with sessions.begin() as s:
        catalogue.sync_catalogue(s, changed)
    with sessions() as s:
        rows = {r.key: r for r in s.scalars(select(TrainingModule))}
        assert rows["b"].data["duration_hours"] == 99, "the API's version is kept"
        assert rows["a"].retired_at is not None, "a retired module stays retired"
        assert set(catalogue.active_modules(s)) == {"b"}

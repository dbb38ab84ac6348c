"""`make run` without PATHWAY_KEYS: a key of this machine, readable by its owner only."""

import stat

from scripts import run


def test_the_development_key_is_private_from_the_start(tmp_path, monkeypatch):
    monkeypatch.delenv("PATHWAY_KEYS", raising=False)
    monkeypatch.setattr(run, "VAR", tmp_path / "var")
    monkeypatch.setattr("pathlib.Path.chmod", lambda *a, **k: None)  # no narrowing afterwards
    run.development_key()
    key = tmp_path / "var" / "pathway.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    first = key.read_text()
    monkeypatch.delenv("PATHWAY_KEYS")
    run.development_key()
    assert key.read_text() == first, "kept, never replaced"

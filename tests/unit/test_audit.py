"""`make audit`: a pinned package with a known vulnerability fails the run; a machine that
reaches no vulnerability service says that nothing was audited."""

import json
import subprocess

import pytest

from scripts import audit


def reporting(monkeypatch, dependencies):
    def run(command, **kwargs):
        path = command[command.index("-o") + 1]
        with open(path, "w") as file:
            json.dump({"dependencies": dependencies}, file)
        return subprocess.CompletedProcess(command, 1 if any(d.get("vulns") for d in dependencies) else 0, "", "")

    monkeypatch.setattr(audit.subprocess, "run", run)


def test_a_known_vulnerability_fails_the_run(monkeypatch, capsys):
    reporting(monkeypatch, [{"name": "jinja2", "version": "3.1.2", "vulns": [{"id": "GHSA-h5c8-rqwp-cp95"}]},
                            {"name": "fastapi", "version": "0.165.0", "vulns": []}])
    assert audit.main() == 1
    assert "jinja2 3.1.2 has known vulnerabilities: GHSA-h5c8-rqwp-cp95" in capsys.readouterr().out


@pytest.mark.parametrize("dependencies, said", [
    ([{"name": "fastapi", "version": "0.165.0", "vulns": []}], "1 pinned packages, no known vulnerability"),
    ([{"name": "fastapi", "skip_reason": "Dependency not found on PyPI"}], "no vulnerability service reachable"),
])
def test_no_vulnerability_or_no_service_goes_on_and_says_which(monkeypatch, capsys, dependencies, said):
    reporting(monkeypatch, dependencies)
    assert audit.main() == 0
    assert said in capsys.readouterr().out

"""deploy/kubernetes/ is valid for Kubernetes (its published schemas, strictly, offline)
and true to the app: probes on real health endpoints, every secret named in the example,
every setting one the app reads."""

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from core.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "kubernetes"
KUBERNETES = "1.37.0"
DOCUMENTS = [(path.name, doc) for path in sorted(DEPLOY.glob("*.yaml"))
             for doc in yaml.safe_load_all(path.read_text()) if doc]
# read by the launcher, Rasa or rasa-sdk rather than the app's settings
NOT_SETTINGS = {"ACTIONS_IN_THREADS", "SQL_POOL_SIZE", "SQL_MAX_OVERFLOW", "ACTION_ENDPOINT_URL",
                "NLG_ENDPOINT_URL", "RASA_TELEMETRY_ENABLED", "RASA_TRACKER_PASSWORD", "RASA_TRACKER_URL",
                "PRIVATE_HOST", "TICKET_LOCK_LIFETIME"}  # read by Rasa or the launcher


def containers():
    for name, doc in DOCUMENTS:
        spec = doc.get("spec", {}).get("template", {}).get("spec", {})
        for container in spec.get("containers", []):
            yield name, doc["kind"], container


@pytest.mark.parametrize("name, doc", DOCUMENTS, ids=[f"{n}:{d['kind']}" for n, d in DOCUMENTS])
def test_each_resource_is_valid_kubernetes(name, doc):
    kubernetes_validate.validate(doc, KUBERNETES, strict=True)


def test_every_deployment_has_probes_and_resources_and_app_probes_exist(database_url):
    from fastapi.testclient import TestClient

    from api.main import create_app

    with TestClient(create_app(Settings(database_url=database_url, rasa_url="http://127.0.0.1:9",
                                        reminders_interval_minutes=0))) as client:
        paths = {path for path in ("/ready", "/health") if client.get(path).status_code in (200, 503)}
    deployments = [(n, c) for n, kind, c in containers() if kind == "Deployment"]
    assert {n for n, _ in deployments} == {"app.yaml", "rasa.yaml", "actions.yaml"}
    for name, container in deployments:
        assert container["readinessProbe"] and container["livenessProbe"], name
        assert container["resources"]["requests"]["memory"] and container["resources"]["limits"]["memory"], name
        if name == "app.yaml":
            assert {container["readinessProbe"]["httpGet"]["path"], container["livenessProbe"]["httpGet"]["path"]} \
                == {"/ready", "/health"} <= paths


def test_secrets_come_from_the_secret_and_settings_are_the_apps():
    secret = next(doc for _, doc in DOCUMENTS if doc["kind"] == "Secret")
    assert all("CHANGE-ME" in value for value in secret["stringData"].values()), "no real secret in the repository"
    config = next(doc for _, doc in DOCUMENTS if doc["kind"] == "ConfigMap")
    known = {name.upper() for name in Settings.model_fields}
    assert set(config["data"]) - NOT_SETTINGS <= known
    for _name, _kind, container in containers():
        for variable in container.get("env", []):
            reference = variable.get("valueFrom", {}).get("secretKeyRef")
            if reference:
                assert reference["key"] in secret["stringData"], variable["name"]
            assert variable["name"] in known | NOT_SETTINGS | {"RASA_TOKEN", "NLG_TOKEN"}, variable["name"]

"""`make audit` (run by `make test`): known vulnerabilities of the pinned packages
(requirements.lock), with pip-audit. A package with a known vulnerability fails the run.
When no vulnerability service can be reached (a machine that only sees a package
mirror), nothing can be audited: that is said plainly and the run goes on."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.paths import ROOT, VENV


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "audit.json"
        done = subprocess.run([str(VENV / "bin" / "pip-audit"), "-r", str(ROOT / "requirements.lock"),
                               "--require-hashes", "--disable-pip", "--progress-spinner", "off", "-f", "json",
                               "-o", str(report)], capture_output=True, text=True, timeout=600)
        found = json.loads(report.read_text()) if report.exists() and report.stat().st_size else None
    if found is None:
        print(f"Audit: pip-audit did not run ({done.stderr.strip()[-300:]})", file=sys.stderr)
        return 1
    packages = found.get("dependencies", [])
    vulnerable = [p for p in packages if p.get("vulns")]
    audited = [p for p in packages if "skip_reason" not in p]
    for package in vulnerable:
        ids = ", ".join(v.get("id", "?") for v in package["vulns"])
        print(f"Audit: {package['name']} {package.get('version', '')} has known vulnerabilities: {ids}")
    if vulnerable:
        return 1
    if not audited:
        print(f"Audit: no vulnerability service reachable from here; the {len(packages)} pinned packages "
              "were not audited (run `make audit` where PyPI or OSV can be reached).")
        return 0
    skipped = len(packages) - len(audited)
    print(f"Audit: {len(audited)} pinned packages, no known vulnerability" + (f" ({skipped} not found)" if skipped
                                                                            else "") + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())

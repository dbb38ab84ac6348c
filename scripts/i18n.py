"""Keep the gettext catalogues in step with the code.

    python -m scripts.i18n        extract messages, update fr/nl/en catalogues,
                                  copy each English source into en as its translation
"""

import subprocess
import sys

from babel.messages.pofile import read_po, write_po

from core.i18n import LANGUAGES, po_path
from scripts.paths import ROOT, VENV

POT = ROOT / "locale" / "messages.pot"


def pybabel(*args: str) -> None:
    subprocess.run([str(VENV / "bin" / "pybabel"), "-q", *args], cwd=ROOT, check=True)


def main() -> None:
    pybabel("extract", "-F", "babel.cfg", "-k", "N_", "--no-location", "--sort-output",
            "--project", "brussels-jobs-assistant", "-o", str(POT), ".")
    for language in LANGUAGES:
        path = po_path(language, ROOT / "locale")
        if path.exists():
            pybabel("update", "-i", str(POT), "-d", "locale", "-l", language, "--no-fuzzy-matching")
        else:
            pybabel("init", "-i", str(POT), "-d", "locale", "-l", language)
    for language in LANGUAGES:  # one layout for the three (pybabel wraps at 76 columns)
        path = po_path(language, ROOT / "locale")
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        if language == "en":
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        with path.open("wb") as fh:
            write_po(fh, catalog, no_location=True, sort_output=True, width=100, ignore_obsolete=True)


if __name__ == "__main__":
    sys.exit(main())

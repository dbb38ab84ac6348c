"""python -m core.privacy purge: delete what is kept past its retention period (for a
daily job); prints only counts."""

import argparse
import sys

from core.db import session_scope
from core.privacy.retention import purge


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.privacy", description="A person's data.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("purge", help="delete what is kept past its retention period")
    parser.parse_args(argv)
    with session_scope() as session:
        removed = purge(session)
    print("Removed: " + ", ".join(f"{count} {name}" for name, count in removed.items()) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The keys of the encrypted health data (core/crypto.py):

    python -m core.keys new-key    print a new key (put it first in PATHWAY_KEYS)
    python -m core.keys rotate     re-encrypt every encrypted value with the first key

To rotate: put a new key first in PATHWAY_KEYS, run ``rotate``, then remove the old key.
"""

import argparse
import sys

from core import capabilities
from core.crypto import CryptoError, new_key, rotate
from core.db import session_scope


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.keys",
                                     description="Keys of the encrypted pathway data.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("new-key", help="print a new key (put it first in PATHWAY_KEYS)")
    commands.add_parser("rotate", help="re-encrypt every encrypted value with the first key")
    args = parser.parse_args(argv)
    if args.command == "new-key":
        print(new_key())
        return 0
    try:
        with session_scope() as session:
            count = rotate(session, capabilities.metadata())
    except CryptoError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(f"Re-encrypted {count} values with the first key.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`rasa run` with its API token taken from the environment (RASA_TOKEN), so that the
token is not on the process's command line, which every user of the machine can read
(`ps`). Runs in Rasa's own virtual environment; imports nothing of the project."""

import os
import sys

from rasa.__main__ import main

if __name__ == "__main__":
    token = os.environ.pop("RASA_TOKEN", "")
    sys.argv = ["rasa", *sys.argv[1:], *([f"--auth-token={token}"] if token else [])]
    main()

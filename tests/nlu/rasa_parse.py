"""Parse messages with a trained Rasa model; runs in Rasa's venv (.venv-rasa), not pytest's.

    .venv-rasa/bin/python tests/nlu/rasa_parse.py MODEL.tar.gz < messages.json

Reads a JSON list of texts on standard input and prints, on one line after the marker
``PARSED:``, a JSON list of {text, intent, confidence, entities: [{entity, value, text}]}.
"""

import asyncio
import json
import logging
import os
import sys

MARKER = "PARSED:"


async def parse_all(model: str, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    results = []
    for text in texts:
        parsed = await agent.parse_message(text)
        intent = parsed.get("intent") or {}
        results.append({
            "text": text,
            "intent": intent.get("name"),
            "confidence": round(float(intent.get("confidence") or 0.0), 3),
            "entities": [{"entity": e["entity"], "value": e.get("value"),
                          "text": text[e["start"]:e["end"]] if "start" in e else None}
                         for e in parsed.get("entities", [])],
        })
    return results


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.disable(logging.WARNING)
    texts = json.loads(sys.stdin.read())
    results = asyncio.run(parse_all(sys.argv[1], texts))
    print(MARKER + json.dumps(results, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()

"""`make bench`: speed and memory figures for this machine.

Prints: model training time, Rasa start-up time, p50/p95 latency of /web/messages
round trips with 1 and with 20 concurrent conversations, messages per second, and
the peak memory (VmHWM) of each process. Set BENCH_SKIP_TRAINING=1 to skip the
training measurement, BENCH_MESSAGES to change the number of messages per run.
"""

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil

from core.migrate import upgrade
from scripts.model import ensure_model
from scripts.paths import RASA, ROOT, rasa_env
from scripts.stack import Stack

MESSAGES = [
    ("fr", "bonjour"), ("fr", "c'est quoi l'article 60 ?"), ("fr", "je cherche une formation"),
    ("nl", "hallo"), ("nl", "wat zijn taalcheques?"), ("nl", "ik wil met iemand praten"),
    ("en", "hello"), ("en", "where can I use a computer for free?"), ("en", "thanks"),
]


def train_time() -> float | None:
    if os.environ.get("BENCH_SKIP_TRAINING"):
        return None
    out = Path(tempfile.mkdtemp(prefix="bench-train-"))
    started = time.monotonic()
    subprocess.run([str(RASA), "train", "--domain", "domain.yml", "--config", "config.yml",
                    "--data", "nlu_data", "--out", str(out), "--fixed-model-name", "bench"],
                   cwd=ROOT, env=rasa_env(), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    elapsed = time.monotonic() - started
    shutil.rmtree(out, ignore_errors=True)
    return elapsed


def conversation(app_url: str, count: int, offset: int) -> list[float]:
    latencies = []
    with httpx.Client(base_url=app_url, timeout=30) as client:
        language = MESSAGES[offset % len(MESSAGES)][0]
        token = client.post("/web/sessions", json={"language": language}).json()["session"]
        for i in range(count):
            text = MESSAGES[(offset + i) % len(MESSAGES)][1]
            started = time.perf_counter()
            response = client.post("/web/messages", json={"session": token, "text": text})
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()
    return latencies


def load(app_url: str, concurrency: int, total: int) -> dict:
    per = max(1, total // concurrency)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda i: conversation(app_url, per, i), range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies = sorted(x for r in results for x in r)
    return {
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "rate": len(latencies) / elapsed,
        "n": len(latencies),
    }


def parses(rasa_url: str, token: str, concurrency: int, total: int) -> float:
    """Rasa's NLU alone (/model/parse): parses per second at ``concurrency``."""
    def some(offset: int) -> None:
        with httpx.Client(base_url=rasa_url, timeout=30, params={"token": token}) as client:
            for i in range(max(1, total // concurrency)):
                client.post("/model/parse", json={"text": MESSAGES[(offset + i) % len(MESSAGES)][1]}) \
                    .raise_for_status()

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(some, range(concurrency)))
    return max(1, total // concurrency) * concurrency / (time.perf_counter() - started)


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory of a process and its children, in MB."""
    total = 0
    try:
        procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    for proc in procs:
        try:
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def main() -> None:
    total = int(os.environ.get("BENCH_MESSAGES", 200))
    model = ensure_model()
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB", flush=True)
    trained = train_time()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        unlimited = {f"RATE_LIMIT_{name}": "1000000/minute" for name in ("WEB_IP", "NEW_SESSION_IP", "MESSAGE")}
        with Stack(model=model, database_url=url, log_dir=Path(tmp) / "logs", env=unlimited) as stack:
            conversation(stack.app_url, 3, 0)  # warm-up
            nlu = parses(stack.rasa_url, stack.rasa_token, 20, total)
            one = load(stack.app_url, 1, min(total, 100))
            many = load(stack.app_url, 20, total)
            memory = {name: peak_memory_mb(p.pid) for name, p in stack.processes.items()}
            startup = stack.ready_after["rasa"]
    print()
    if trained is not None:
        print(f"model training (rasa train, full):   {trained:7.1f} s")
    print(f"Rasa start-up (until model loaded):  {startup:7.1f} s")
    for label, r in (("1 conversation", one), ("20 concurrent conversations", many)):
        print(f"{label + ':':36} p50 {r['p50']:6.0f} ms   p95 {r['p95']:6.0f} ms   "
              f"{r['rate']:5.1f} messages/s   ({r['n']} messages)")
    print(f"{'NLU alone (/model/parse, 20 at once):':36} {nlu:5.1f} parses/s; the full pipeline reaches "
          f"{100 * many['rate'] / nlu:.0f} % of it")
    for name, mb in memory.items():
        print(f"peak memory {name + ':':24} {mb:7.0f} MB")


if __name__ == "__main__":
    main()

"""`make bench`: speed and memory figures for this machine.

Prints: model training time, Rasa start-up time, Rasa's NLU alone (/model/parse, 20 at
once), p50/p95 latency of /web/messages round trips with 1 and with 20 concurrent
conversations of 5 messages each, messages per second and their share of the NLU alone
(the NLU and the 20 conversations measured in alternate rounds, BENCH_ROUNDS, 3 by
default: the median of the rounds' ratios; the load comes from one event loop, with
aiohttp's client), and the
peak memory (VmHWM) of each process; then the same on the cluster profile (two replicas of each process behind
HAProxy, on PostgreSQL and Redis) when HAProxy and PostgreSQL are there. Set
BENCH_SKIP_TRAINING=1 to skip the training measurement, BENCH_MESSAGES to change the
number of messages per run, BENCH_SKIP_CLUSTER=1 to skip the cluster, BENCH_DATABASE_URL
for the single stack's database (SQLite otherwise) and BENCH_POSTGRES_URL for the
cluster's server. Last, the staff dashboards over a year of seeded activity on
PostgreSQL (scripts/bench_dashboards.py; BENCH_SKIP_DASHBOARDS=1 skips them).
"""

import asyncio
import os
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import psutil
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

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


PER_CONVERSATION = 5  # messages: a question or two, as people ask them

# The load comes from one event loop with aiohttp's client: on this machine 20 threads of
# blocking clients took about 6 ms of CPU per request and httpx's async client 2 ms
# (aiohttp's: 0.15 ms), CPU that the processes measured then did not have.


def _client(base_url: str, concurrency: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(base_url, connector=aiohttp.TCPConnector(limit=concurrency),
                                 timeout=aiohttp.ClientTimeout(total=30))


async def _post(client: aiohttp.ClientSession, path: str, body: dict, **kwargs: Any) -> Any:
    async with client.post(path, json=body, **kwargs) as response:
        response.raise_for_status()
        return await response.json()


async def _conversation(client: aiohttp.ClientSession, count: int, offset: int) -> list[float]:
    """``count`` messages, in conversations of PER_CONVERSATION messages."""
    latencies: list[float] = []
    language = MESSAGES[offset % len(MESSAGES)][0]
    token = ""
    for i in range(count):
        if i % PER_CONVERSATION == 0:
            token = (await _post(client, "/web/sessions", {"language": language}))["session"]
        text = MESSAGES[(offset + i) % len(MESSAGES)][1]
        started = time.perf_counter()
        await _post(client, "/web/messages", {"session": token, "text": text})
        latencies.append(time.perf_counter() - started)
    return latencies


def load(app_url: str, concurrency: int, total: int) -> dict:
    """``concurrency`` conversations at once, ``total`` messages in all."""
    per = max(1, total // concurrency)

    async def run() -> dict:
        async with _client(app_url, concurrency) as client:
            started = time.perf_counter()
            results = await asyncio.gather(*(_conversation(client, per, i) for i in range(concurrency)))
            return summary([x for r in results for x in r], time.perf_counter() - started)

    return asyncio.run(run())


def summary(latencies: list[float], elapsed: float) -> dict:
    latencies = sorted(latencies)
    return {
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "rate": len(latencies) / elapsed,
        "n": len(latencies),
        "latencies": latencies,
        "elapsed": elapsed,
    }


def parses(rasa_url: str, token: str, concurrency: int, total: int) -> float:
    """Rasa's NLU alone (/model/parse): parses per second at ``concurrency``."""
    per = max(1, total // concurrency)

    async def some(client: aiohttp.ClientSession, offset: int) -> None:
        for i in range(per):
            text = MESSAGES[(offset + i) % len(MESSAGES)][1]
            await _post(client, "/model/parse", {"text": text}, params={"token": token})

    async def run() -> float:
        async with _client(rasa_url, concurrency) as client:
            started = time.perf_counter()
            await asyncio.gather(*(some(client, i) for i in range(concurrency)))
            return per * concurrency / (time.perf_counter() - started)

    return asyncio.run(run())


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


UNLIMITED = {f"RATE_LIMIT_{name}": "1000000/minute" for name in ("WEB_IP", "NEW_SESSION_IP", "MESSAGE")}


ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))


def measure(app_url: str, rasa_url: str, rasa_token: str, total: int) -> dict:
    """The NLU alone and the full pipeline at 20 conversations, in alternate rounds: the
    ratio of each round compares figures taken a moment apart, on a machine whose speed
    may change within a run."""
    load(app_url, 1, 3)  # warm-up
    parses(rasa_url, rasa_token, 20, 40)
    one = load(app_url, 1, min(total, 100))
    nlu: list[float] = []
    many: list[dict] = []
    for _ in range(ROUNDS):
        nlu.append(parses(rasa_url, rasa_token, 20, total))
        many.append(load(app_url, 20, total))
    together = summary([x for r in many for x in r["latencies"]], sum(r["elapsed"] for r in many))
    return {"nlu": statistics.median(nlu), "one": one, "many": together,
            "ratios": [r["rate"] / n for r, n in zip(many, nlu, strict=True)]}


def show(title: str, figures: dict, memory: dict[str, float]) -> None:
    print(f"\n{title}")
    print(f"{'NLU alone (/model/parse, 20 at once):':40} {figures['nlu']:5.1f} parses/s   (median of "
          f"{len(figures['ratios'])} rounds)")
    for label, r in (("1 conversation", figures["one"]), ("20 concurrent conversations", figures["many"])):
        print(f"{label + ':':40} p50 {r['p50']:6.0f} ms   p95 {r['p95']:6.0f} ms   "
              f"{r['rate']:5.1f} messages/s   ({r['n']} messages)")
    ratios = figures["ratios"]
    print(f"{'full pipeline / NLU alone:':40} {100 * statistics.median(ratios):5.0f} %   (median of "
          f"{len(ratios)} rounds: {', '.join(f'{100 * r:.0f} %' for r in ratios)})")
    for name, mb in memory.items():
        print(f"peak memory {name + ':':28} {mb:7.0f} MB")


def single(model: Path, total: int, tmp: Path) -> None:
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
    upgrade(url)
    with Stack(model=model, database_url=url, log_dir=tmp / "logs", env=UNLIMITED) as stack:
        figures = measure(stack.app_url, stack.rasa_url, stack.rasa_token, total)
        memory = {name: peak_memory_mb(p.pid) for name, p in stack.processes.items()}
        startup = stack.ready_after["rasa"]
    print(f"\nRasa start-up (until model loaded):      {startup:5.1f} s")
    show(f"One of each process ({make_url(url).get_backend_name()}):", figures, memory)


def postgres_server() -> str:
    return os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_DATABASE_URL") \
        or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def cluster(model: Path, total: int) -> None:
    """The same on the cluster profile: two replicas of each, HAProxy, PostgreSQL, Redis."""
    from scripts.cluster import Cluster, haproxy_path

    server = postgres_server()
    try:
        haproxy_path()
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect():
            pass
    except Exception as error:  # the reason is printed; the rest was measured
        print(f"\nCluster profile not measured: {error}")
        return
    names = [f"bench_{secrets.token_hex(4)}_{kind}" for kind in ("app", "rasa")]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        app_url, tracker_url = (make_url(server).set(database=n).render_as_string(False) for n in names)
        upgrade(app_url)
        with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
            redis = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
            prefix = f"bench{secrets.token_hex(4)}"
            with Cluster(model=model, database_url=app_url, tracker_url=tracker_url, redis_url=redis,
                         log_dir=Path(tmp), env=UNLIMITED | {"REDIS_URL": redis, "RATE_LIMIT_PREFIX": prefix}) as c:
                first = c.stacks[0]
                figures = measure(c.url, f"http://127.0.0.1:{c.rasa_port}", first.rasa_token, total)
                memory = {f"{name} ({i + 1})": peak_memory_mb(p.pid)
                          for i, stack in enumerate(c.stacks) for name, p in stack.processes.items()}
        show(f"Cluster profile: {c.replicas} of each process behind HAProxy, PostgreSQL, Redis:", figures, memory)
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    total = int(os.environ.get("BENCH_MESSAGES", 200))
    model = ensure_model()
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB", flush=True)
    trained = train_time()
    if trained is not None:
        print(f"model training (rasa train, full):        {trained:5.1f} s")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        single(model, total, Path(tmp))
    if not os.environ.get("BENCH_SKIP_CLUSTER"):
        cluster(model, total)
    if not os.environ.get("BENCH_SKIP_DASHBOARDS"):
        from scripts.bench_dashboards import dashboards

        dashboards(postgres_server())


if __name__ == "__main__":
    main()

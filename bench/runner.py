"""``bench/run``: the whole benchmark in one command, results in ``bench/results/LATEST.md`` and ``LATEST.json``.

1. The templates of the year (``bench.generate``) are built unless valid ones exist for this seed, this code and
   today (the publicity and the application window they contain must still be running).
2. For each busy day, a fresh copy of its template is served by gunicorn (2 sync workers per core, production
   settings) and loaded by locust from another process on loopback: first one user alone (latency and queries of
   each page), then the baseline view and the scenario under the same concurrency for a fixed time, one after the
   other, so that each throughput ratio compares two figures taken moments apart on the same stack.
3. The exports run through a real Celery worker (``bench.exports``).
4. The figures are judged against the budgets of issue 9.
"""

import argparse
import hashlib
import json
import os
import platform
import secrets
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

import psutil

from . import databases
from .exports import Sampler

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = Path(__file__).resolve().parent / "results"
PYTHON = sys.executable
PREFIX = os.environ.get("BENCH_PREFIX", "portal_bench")
BROKER = os.environ.get("BENCH_BROKER", "redis://127.0.0.1:6379/9")
# The cache as production has it (CACHE_URL): shared by the workers, emptied with the broker.
CACHE = os.environ.get("BENCH_CACHE", "redis://127.0.0.1:6379/10")
PORT = int(os.environ.get("BENCH_PORT", "8100"))
TEMPLATES = ("rush", "national", "final")
WARM_UP = 3  # seconds of unmeasured load before each scenario
RUSH_WARM_UP_DRAFTS = 300
SOURCES = ("generate.py", "emulate.py")
# The application code the data is made with: the project's apps (config/settings/base.py, PROJECT_APPS) and config.
APPLICATION = (
    "config",
    "provinces",
    "accounts",
    "core",
    "criteria",
    "nominations",
    "national",
    "awards",
    "publicity",
    "documents",
)
# Scenario → (template, locust user class, concurrent users or None for --users).
SCENARIOS = {
    "deadline rush": ("rush", "Rush", 32),
    "province queue": ("national", "ProvinceQueue", None),
    "national board": ("national", "NationalBoard", None),
    "publicity page": ("final", "Publicity", None),
    "portal floor": ("national", "Floor", None),
}
LIST_PAGES = {
    "queue page",
    "queue page, filtered",
    "queue API",
    "queue API, filtered",
    "candidates page",
    "candidates page, filtered",
    "candidates API",
    "balance page",
    "publicity page",
    "final lists page",
}


def say(text=""):
    print(text, flush=True)


def server_conn_max_age():
    """``CONN_MAX_AGE`` as the server's settings resolve it (the production default, or the environment's)."""
    code = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    found = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(found.stdout.strip().splitlines()[-1])


def environment(database=None, **extra):
    """The environment of every process of the run: the bench settings on ``database``, Redis DB 9 as broker and
    DB 10 as the cache."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(VAR / "media"),
        STATIC_ROOT=str(VAR / "static"),
        CELERY_BROKER_URL=BROKER,
        CACHE_URL=CACHE,
        EMAIL_URL="dummymail://",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    if database:
        env["DATABASE_URL"] = databases.url(database)
    return env


# One key for the whole run: the sessions prepared for the load clients are signed with it.
SECRET_KEY = secrets.token_urlsafe(64)


def run(command, *, env, log=None):
    with open(log, "w") if log else open(os.devnull, "w") as output:
        completed = subprocess.run(command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    if completed.returncode:
        tail = Path(log).read_text()[-3000:] if log else ""
        raise SystemExit(f"{' '.join(map(str, command))} failed ({completed.returncode})\n{tail}")


# ---------------------------------------------------------------- templates


def fingerprint(seed):
    digest = hashlib.sha256(f"{seed}:{VAR}".encode())  # the media folder holds the templates' files
    for name in SOURCES:
        digest.update((ROOT / "bench" / name).read_bytes())
    # The committed application code the data was made with (a commit that only touches bench/ keeps the data).
    trees = [f"HEAD:{folder}" for folder in APPLICATION]
    commit = subprocess.run(["git", "rev-parse", *trees], cwd=ROOT, capture_output=True, text=True).stdout
    digest.update(commit.encode())
    return digest.hexdigest()[:16]


def templates_valid(seed):
    labels = [databases.read_label(f"{PREFIX}_{name}") for name in TEMPLATES]
    if not all(labels):
        return None
    label = labels[0]
    if label.get("fingerprint") != fingerprint(seed) or any(other != label for other in labels):
        return None
    if datetime.fromisoformat(label["valid_until"]).timestamp() < time.time() + 3600:
        return None
    return label


def ensure_templates(seed, regenerate):
    label = None if regenerate else templates_valid(seed)
    if label is not None:
        say(f"Templates of {label['generated_at']} are still valid (seed {seed}); reusing them.")
        return label
    say("Building the templates (bench.generate) …")
    VAR.mkdir(parents=True, exist_ok=True)
    command = [PYTHON, "-m", "bench.generate", "--seed", str(seed), "--prefix", PREFIX]
    generation = subprocess.run(
        command,
        env=environment(CELERY_BROKER_URL="memory://", CELERY_RESULT_BACKEND="cache+memory://"),
        cwd=ROOT,
    )
    if generation.returncode:
        raise SystemExit("generation failed")
    label = databases.read_label(f"{PREFIX}_{TEMPLATES[0]}")
    label["fingerprint"] = fingerprint(seed)
    for name in TEMPLATES:
        databases.label(f"{PREFIX}_{name}", label)
    return label


def working_copy(template):
    name = f"{PREFIX}_run"
    databases.create(name, template=f"{PREFIX}_{template}")
    return name


# ---------------------------------------------------------------- the server and the load


class Server:
    """gunicorn on a working copy, with its workers' memory sampled."""

    def __init__(self, database, workers):
        self.database, self.workers = database, workers

    def __enter__(self):
        command = [
            str(Path(PYTHON).with_name("gunicorn")),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(self.workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ]
        log = open(VAR / "logs" / "gunicorn.log", "a")  # noqa: SIM115 - closed in __exit__
        self.log = log
        self.process = subprocess.Popen(command, env=environment(self.database), cwd=ROOT, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/baseline/", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.process.kill()
                raise SystemExit("gunicorn did not start; see var/bench/logs/gunicorn.log")
            time.sleep(0.3)
        self.sampler = WorkerSampler(self.process.pid)
        self.sampler.start()
        return self

    def __exit__(self, *exc):
        self.sampler.stopped.set()
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class WorkerSampler(Sampler):
    """The largest gunicorn worker's resident memory (the master is left out)."""

    def run(self):
        while not self.stopped.is_set():
            try:
                sizes = [p.memory_info().rss for p in self.process.children()]
            except psutil.Error:
                sizes = []
            if sizes:
                self.single = max(self.single, max(sizes))
            time.sleep(self.every)

    def peak_mb(self):
        return round(self.single / 2**20)


def locust(user_class, plan, *, users, seconds, server, label):
    """One locust run; returns its figures."""
    work = VAR / "work"
    work.mkdir(parents=True, exist_ok=True)
    plan_file, out_file = work / f"{label}.plan.json", work / f"{label}.samples.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False))
    out_file.unlink(missing_ok=True)
    command = [
        str(Path(PYTHON).with_name("locust")),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--exit-code-on-error",
        "0",
        "--host",
        f"http://127.0.0.1:{PORT}",
        user_class,
    ]
    server.sampler.reset()
    env = environment(BENCH_PLAN=str(plan_file), BENCH_OUT=str(out_file))
    run(command, env=env, log=VAR / "logs" / f"locust-{label}.log")
    figures = summarise(json.loads(out_file.read_text()))
    figures.update(
        users=users,
        seconds=seconds,
        gunicorn_worker_rss_mb=server.sampler.peak_mb(),
        load_average=round(os.getloadavg()[0], 2),
    )
    say(
        f"    {label}: {figures['requests_per_s']} req/s, p50/p95/p99 {figures['p50_ms']}/{figures['p95_ms']}/"
        f"{figures['p99_ms']} ms, {figures['errors']} errors, {figures['queries_min']}–{figures['queries_max']} "
        f"queries per request, worker RSS ≤ {figures['gunicorn_worker_rss_mb']} MB, "
        f"load average {figures['load_average']}"
    )
    return figures


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))], 1)


def summarise(samples):
    """Throughput, latency percentiles, errors and queries, in all and per request name."""

    def figures(rows):
        times = [row[2] for row in rows]
        started = min(row[1] for row in rows)
        ended = max(row[1] + row[2] / 1000 for row in rows)
        queries = [row[5] for row in rows if row[5] is not None]
        errors = [row for row in rows if not row[4]]
        return {
            "requests": len(rows),
            "requests_per_s": round(len(rows) / max(ended - started, 1e-9), 1),
            "p50_ms": percentile(times, 0.50),
            "p95_ms": percentile(times, 0.95),
            "p99_ms": percentile(times, 0.99),
            "errors": len(errors),
            "error_statuses": sorted({row[3] for row in errors}),
            "queries_min": min(queries) if queries else None,
            "queries_max": max(queries) if queries else None,
        }

    if not samples:
        raise SystemExit("locust recorded no request")
    result = figures(samples)
    names = sorted({row[0] for row in samples})
    result["endpoints"] = {name: figures([row for row in samples if row[0] == name]) for name in names}
    return result


# ---------------------------------------------------------------- the run


def machine(load_at_start):
    from importlib.metadata import version

    import django

    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": platform.processor() or platform.machine(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": databases.server_version(),
        "gunicorn": version("gunicorn"),
        "locust": version("locust"),
        "load_average_at_start": [round(x, 2) for x in load_at_start],
        "commit": head.stdout.strip(),
    }


def flush_broker():
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    redis.Redis.from_url(CACHE).flushdb()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the national-scale benchmark (issue 9).")
    parser.add_argument(
        "command",
        nargs="?",
        default="all",
        choices=["all", "generate", "report", "exports"],
        help="all (default); generate: only the templates; report: rewrite the .md from the .json (after editing "
        "bench/causes.md); exports: only the exports scenario, its figures put into the last results",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--seconds", type=int, default=25, help="load time of each scenario (default 25)")
    parser.add_argument("--alone", type=int, default=8, help="time of each single-user run (default 8)")
    parser.add_argument("--users", type=int, default=16, help="concurrent users of the read scenarios (default 16)")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the templates even if valid")
    parser.add_argument("--skip-exports", action="store_true")
    parser.add_argument("--output", default="LATEST", help="name of the results files (default LATEST)")
    args = parser.parse_args(argv)
    if args.command == "report":
        from .report import write

        write(json.loads((RESULTS / f"{args.output}.json").read_text()), RESULTS, args.output)
        return
    if args.command == "exports":
        from .exports import run_alone

        run_alone(args)
        return
    (VAR / "logs").mkdir(parents=True, exist_ok=True)
    load_at_start = os.getloadavg()
    started = time.monotonic()
    label = ensure_templates(args.seed, args.regenerate or args.command == "generate")
    if args.command == "generate":
        return
    say("Collecting static files …")
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=environment(f"{PREFIX}_national"))
    flush_broker()
    workers = 2 * (os.cpu_count() or 1)
    report = {
        "machine": machine(load_at_start),
        "data": label,
        "settings": {
            "gunicorn_workers": workers,
            "users": args.users,
            "seconds": args.seconds,
            "alone": args.alone,
            "conn_max_age": server_conn_max_age(),
        },
        "baseline": {},
        "scenarios": {},
    }
    plans = {}

    def plan_for(template, database):
        if template not in plans:
            path = VAR / "work" / f"{template}.prepared.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            run([PYTHON, "-m", "bench.prepare", template, str(path)], env=environment(database))
            plans[template] = json.loads(path.read_text())
        return plans[template]

    def scenario(name, server, plan):
        """One user alone (not for the rush), the baseline under the same load, then the scenario's load: each
        scenario's ratio is to the baseline measured just before it, on the same server."""
        template, user_class, users = SCENARIOS[name]
        users = users or args.users
        say(f"  {name}")
        # Each gunicorn worker compiles its templates and fills its caches on its first requests: not measured. The
        # rush warms up on drafts of its own, taken from the end of the list.
        warm_plan = plan
        if "drafts" in plan:
            warm_plan = {**plan, "drafts": plan["drafts"][-RUSH_WARM_UP_DRAFTS:]}
            plan = {**plan, "drafts": plan["drafts"][:-RUSH_WARM_UP_DRAFTS]}
        warm = f"{user_class}-warm-up"
        locust(user_class, warm_plan, users=server.workers, seconds=WARM_UP, server=server, label=warm)
        alone = None
        if name != "deadline rush":
            alone = locust(user_class, plan, users=1, seconds=args.alone, server=server, label=f"{user_class}-alone")
        codes = {"codes": plan["codes"]}
        baseline = locust(
            "Baseline", codes, users=users, seconds=args.seconds, server=server, label=f"baseline-{user_class}"
        )
        load = locust(user_class, plan, users=users, seconds=args.seconds, server=server, label=user_class)
        report["scenarios"][name] = {"template": template, "alone": alone, "baseline": baseline, "load": load}
        if "alone" not in report["baseline"]:
            report["baseline"]["alone"] = locust(
                "Baseline", codes, users=1, seconds=args.alone, server=server, label="baseline-alone"
            )

    say("National evaluation (province queue, national board):")
    database = working_copy("national")
    plan = plan_for("national", database)
    with Server(database, workers) as server:
        scenario("province queue", server, {"codes": plan["codes"], **plan["province_queue"]})
        scenario("national board", server, {"codes": plan["codes"], **plan["national_board"]})
        # What any signed-in page or API answer costs before it shows anything, for the queue's reviewer.
        scenario("portal floor", server, {"codes": plan["codes"], "session": plan["province_queue"]["session"]})

    say("Deadline rush:")
    database = working_copy("rush")
    plan = plan_for("rush", database)
    with Server(database, workers) as server:
        scenario("deadline rush", server, plan)
        submitted = report["scenarios"]["deadline rush"]["load"]["endpoints"].get("rush: submit", {})
        rush = report["scenarios"]["deadline rush"]
        rush["drafts_available"] = len(plan["drafts"]) - RUSH_WARM_UP_DRAFTS
        rush["submissions_per_s"] = submitted.get("requests_per_s")
        rush["submissions"] = submitted.get("requests", 0) - submitted.get("errors", 0)

    say("Publicity and exports:")
    database = working_copy("final")
    plan = plan_for("final", database)
    with Server(database, workers) as server:
        scenario("publicity page", server, plan)
    if not args.skip_exports:
        flush_broker()
        say("  exports (Celery worker)")
        out = VAR / "work" / "exports.json"
        run([PYTHON, "-m", "bench.exports", str(out)], env=environment(database), log=VAR / "logs" / "exports.log")
        report["exports"] = json.loads(out.read_text())
        say((VAR / "logs" / "exports.log").read_text().rstrip())
    databases.drop(database)
    flush_broker()

    report["seconds"] = round(time.monotonic() - started)
    from .report import judge, write

    report["budgets"] = judge(report)
    write(report, RESULTS, args.output)
    say(f"Done in {report['seconds']} s: {RESULTS / args.output}.md")


if __name__ == "__main__":
    main()

"""The budgets of issue 9 judged on a run's figures, and the run written as ``LATEST.json`` and ``LATEST.md``.

``bench/causes.md`` holds what was found when a budget was missed (measured by hand, file and line, proposed fix);
it is copied into ``LATEST.md`` under "Causes found", since finding a cause takes a person, not a script.
"""

import json
from pathlib import Path

LIST_QUERY_BUDGET = 15
LIST_P95_BUDGET_MS = 150
RATIO_BUDGET = 0.35
CAUSES = Path(__file__).resolve().parent / "causes.md"
# The list pages and API lists of each scenario, whose queries and single-user p95 are judged.
LIST_ENDPOINTS = {
    "province queue": ("queue page", "queue page, filtered", "queue API", "queue API, filtered"),
    "national board": ("candidates page", "candidates page, filtered", "candidates API", "balance page"),
    "publicity page": ("publicity page", "final lists page"),
}


def ratio(report, name):
    """The scenario's throughput over the baseline's, measured just before it under the same concurrency."""
    scenario = report["scenarios"][name]
    return round(scenario["load"]["requests_per_s"] / scenario["baseline"]["requests_per_s"], 3)


def budget(name, limit, measured, met, note=""):
    return {"budget": name, "limit": limit, "measured": measured, "met": met, "note": note}


def _named(exports, start):
    return next((item for name, item in exports.items() if name.startswith(start)), None)


def judge_exports(exports):
    """The budgets of the exports: the two PDFs, the national bundle, the 6,400-row XLSX, the worker's memory."""
    final, dossier = exports["final list PDF"], exports["dossier PDF"]
    bundle = _named(exports, "national dossier bundle")
    sheet = _named(exports, "all applications XLSX")
    peak = max(item["worker_pss_mb"] for item in exports.values())
    largest = max(item["largest_process_rss_mb"] for item in exports.values())
    verdicts = [
        budget("final list PDF", "≤ 2 s", f"{final['worker_s']} s", final["worker_s"] <= 2 and not final["failed"]),
        budget("dossier PDF", "≤ 1.5 s", f"{dossier['worker_s']} s", dossier["worker_s"] <= 1.5),
    ]
    if bundle is None or bundle.get("items") is None:
        verdicts.append(
            budget(
                "national dossier bundle", "≤ 180 s", "not measured", None, "results made before this export existed"
            )
        )
    else:
        verdicts.append(
            budget(
                "national dossier bundle",
                "≤ 180 s",
                f"{bundle['wall_s']} s for {bundle['items']} dossiers in one ZIP of {bundle['bytes'] / 2**20:.0f} MB",
                bundle["wall_s"] <= 180 and not bundle["failed"],
                "from the request to the file, one export through the exports worker",
            )
        )
    if sheet is None:
        verdicts.append(
            budget("XLSX of 6,400 rows", "≤ 5 s", "not measured", None, "results made before this export existed")
        )
    else:
        verdicts.append(
            budget(
                "XLSX of 6,400 rows",
                "≤ 5 s",
                f"{sheet['worker_s']} s for {sheet['items']:,} rows",
                sheet["worker_s"] <= 5 and not sheet["failed"],
                "every application of the year (the administrator's 申报一览)",
            )
        )
    verdicts.append(
        budget(
            "Celery worker peak memory",
            "≤ 600 MB",
            f"{peak} MB",
            peak <= 600,
            "the whole exports worker (main and pool process, PSS) over every export, the bundle included; "
            f"largest single process {largest} MB RSS",
        )
    )
    return verdicts


def judge(report):
    """Every budget of the issue: met, missed, or not measurable (``met`` None) with the reason."""
    verdicts = []
    for scenario, names in LIST_ENDPOINTS.items():
        endpoints = report["scenarios"][scenario]["alone"]["endpoints"]
        for name in names:
            figures = endpoints.get(name)
            if figures is None:
                verdicts.append(budget(f"{name}: queries and single-user p95", "", "not requested", None))
                continue
            queries, p95 = figures["queries_max"], figures["p95_ms"]
            verdicts.append(
                budget(
                    f"{name}: SQL queries per request", f"≤ {LIST_QUERY_BUDGET}", queries, queries <= LIST_QUERY_BUDGET
                )
            )
            verdicts.append(
                budget(f"{name}: p95, one user", f"≤ {LIST_P95_BUDGET_MS} ms", f"{p95} ms", p95 <= LIST_P95_BUDGET_MS)
            )
    rush = report["scenarios"]["deadline rush"]
    load = rush["load"]
    verdicts += [
        budget("deadline rush: errors", "0", load["errors"], load["errors"] == 0),
        budget("deadline rush: p99", "≤ 1000 ms", f"{load['p99_ms']} ms", load["p99_ms"] <= 1000),
        budget(
            "deadline rush: submissions per second",
            "≥ 50/s",
            f"{rush['submissions_per_s']}/s",
            (rush["submissions_per_s"] or 0) >= 50,
        ),
    ]
    for name in ("province queue", "national board", "publicity page"):
        value = ratio(report, name)
        verdicts.append(
            budget(f"{name}: throughput / baseline", f"≥ {RATIO_BUDGET:.0%}", f"{value:.1%}", value >= 0.35)
        )
    exports = {item["name"]: item for item in report.get("exports", {}).get("exports", [])}
    if exports:
        verdicts += judge_exports(exports)
    peak = max(
        run["gunicorn_worker_rss_mb"]
        for scenario in report["scenarios"].values()
        for run in (scenario["alone"], scenario["load"])
        if run
    )
    verdicts.append(budget("gunicorn worker RSS", "< 300 MB", f"{peak} MB", peak < 300))
    return verdicts


# ---------------------------------------------------------------- LATEST.md


def _mark(met):
    return {True: "met", False: "**missed**", None: "not measurable"}[met]


def _table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join("" if cell is None else str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _queries(figures):
    low, high = figures["queries_min"], figures["queries_max"]
    return "—" if low is None else str(low) if low == high else f"{low}–{high}"


def _worker(exports):
    return exports.get("worker") or f"--concurrency {exports['concurrency']}"


def _alone(exports):
    """Where the exports were measured by ``bench/run exports``, apart from the rest of the report."""
    alone = exports.get("alone")
    if alone is None:
        return ""
    load = " / ".join(map(str, alone["machine"]["load_average_at_start"]))
    return (
        f" Measured alone by `bench/run exports` (commit `{alone['commit']}`, {alone['seconds']} s, load average "
        f"at start {load}); the other sections are from the run above."
    )


def markdown(report):
    m, data, settings = report["machine"], report["data"], report["settings"]
    counts = data["counts"]
    parts = [
        "# Benchmark results (issue 9)",
        "",
        f"Written by `bench/run` in {report['seconds']} s; commit `{m['commit']}`. How to run and what each scenario "
        "does: [bench/README.md](../README.md).",
        "",
        "## Machine",
        "",
        _table(
            ["cores", "memory", "OS", "Python", "Django", "PostgreSQL", "gunicorn", "locust", "load average at start"],
            [
                [
                    m["cores"],
                    f"{m['memory_gb']} GB",
                    m["os"],
                    m["python"],
                    m["django"],
                    m["postgresql"],
                    m["gunicorn"],
                    m["locust"],
                    " / ".join(map(str, m["load_average_at_start"])),
                ]
            ],
        ),
        "",
        f"gunicorn: {settings['gunicorn_workers']} sync workers, production settings, PostgreSQL and Redis on the "
        f"same machine; locust in a second process on loopback. Read scenarios: {settings['users']} users for "
        f"{settings['seconds']} s after one user alone for {settings['alone']} s; the rush: 32 users. "
        f"`CONN_MAX_AGE={settings['conn_max_age']}`. Other work "
        "shares the machine (see the load averages), so compare the ratios, not the absolute figures.",
        "",
        "## Data",
        "",
        f"Built by `bench.generate` (seed {data['seed']}) in {data['seconds']} s on {data['generated_at']}: "
        + ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items())
        + ".",
        "",
        "## Throughput",
        "",
    ]
    rows = []
    for name, scenario in report["scenarios"].items():
        load, baseline = scenario["load"], scenario["baseline"]
        rows.append(
            [
                name,
                load["users"],
                load["requests_per_s"],
                baseline["requests_per_s"],
                f"{ratio(report, name):.1%}",
                f"{load['p50_ms']} / {load['p95_ms']} / {load['p99_ms']}",
                f"{load['errors']}" + (f" ({', '.join(map(str, load['error_statuses']))})" if load["errors"] else ""),
                _queries(load),
                load["gunicorn_worker_rss_mb"],
                f"{baseline['load_average']} / {load['load_average']}",
            ]
        )
    alone = report["baseline"]["alone"]
    parts += [
        _table(
            [
                "scenario",
                "users",
                "requests/s",
                "baseline requests/s",
                "ratio",
                "p50 / p95 / p99 ms",
                "errors",
                "queries",
                "worker MB",
                "load average",
            ],
            rows,
        ),
        "",
        "The baseline column is the bare view under the same number of users, measured just before the scenario on "
        "the same server; the load average (1 min) is read after each of the two. The baseline alone (one user): "
        f"{alone['requests_per_s']} requests/s, p50 / p95 {alone['p50_ms']} / {alone['p95_ms']} ms, "
        f"{_queries(alone)} query.",
    ]
    floor = report["scenarios"].get("portal floor")
    if floor:
        pages = floor["load"]["endpoints"]
        parts += [
            "",
            "The portal floor is no page of the portal: the same reviewer's session, middleware and layout around an "
            "empty body (`floor: empty page`), and the API's authentication and permission before an empty answer "
            "(`floor: empty API answer`), see `bench/views.py`. Every list costs at least this much, so its ratio is "
            f"the ceiling of any signed-in page's: {ratio(report, 'portal floor'):.1%} for the two together "
            + ", ".join(
                f"({name}: {figures['requests_per_s']} requests/s, p50 {figures['p50_ms']} ms)"
                for name, figures in sorted(pages.items())
            )
            + ".",
        ]
    rush = report["scenarios"]["deadline rush"]
    parts += [
        "",
        f"Deadline rush: {rush['submissions']:,} applications submitted ({rush['submissions_per_s']}/s) out of "
        f"{rush['drafts_available']:,} drafts; each submission is three requests (save the checklist, upload the last "
        "evidence file, submit).",
        "",
        "## Each page and API call",
        "",
        "One user alone, then under load. Queries: the `X-Bench-Queries` header (every SQL statement of the request).",
        "",
    ]
    rows = []
    for name, scenario in report["scenarios"].items():
        alone = scenario["alone"]["endpoints"] if scenario["alone"] else {}
        for endpoint, load in scenario["load"]["endpoints"].items():
            single = alone.get(endpoint)
            rows.append(
                [
                    name,
                    endpoint,
                    "" if single is None else f"{single['p50_ms']} / {single['p95_ms']}",
                    _queries(single or load),
                    load["requests_per_s"],
                    f"{load['p50_ms']} / {load['p95_ms']} / {load['p99_ms']}",
                    load["errors"],
                ]
            )
    parts += [
        _table(
            [
                "scenario",
                "request",
                "alone p50 / p95 ms",
                "queries",
                "loaded req/s",
                "loaded p50 / p95 / p99",
                "errors",
            ],
            rows,
        ),
    ]
    if report.get("exports"):
        exports = report["exports"]
        parts += [
            "",
            "## Exports (Celery)",
            "",
            f"A real worker (prefork, `{_worker(exports)}`); times "
            "from the `Export` rows: the worker's time for one export (median and longest of a batch) and the wall "
            "time from the request to the last one done. Memory, sampled every 0.1 s: the whole worker (main and pool "
            "processes) as the sum of their proportional set sizes, and the largest single process's resident set."
            + _alone(exports),
            "",
            _table(
                [
                    "export",
                    "count",
                    "failed",
                    "worker s (median / max)",
                    "wall s",
                    "size",
                    "worker MB (PSS)",
                    "largest process MB (RSS)",
                ],
                [
                    [
                        item["name"],
                        item["count"],
                        item["failed"],
                        f"{item['worker_s']} / {item['worker_s_max']}",
                        item["wall_s"],
                        f"{item['bytes'] / 2**20:.1f} MB",
                        item["worker_pss_mb"],
                        item["largest_process_rss_mb"],
                    ]
                    for item in exports["exports"]
                ],
            ),
        ]
    parts += [
        "",
        "## Budgets",
        "",
        _table(
            ["budget", "limit", "measured", "verdict", "note"],
            [[b["budget"], b["limit"], b["measured"], _mark(b["met"]), b["note"]] for b in report["budgets"]],
        ),
        "",
        "## Causes found",
        "",
        CAUSES.read_text().strip() if CAUSES.exists() else "None recorded.",
        "",
    ]
    return "\n".join(parts)


def write(report, folder, name):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str) + "\n")
    (folder / f"{name}.md").write_text(markdown(report))

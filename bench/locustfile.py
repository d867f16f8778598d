"""The load of each HTTP scenario, for locust (headless, one user class per run; started by ``bench/run``).

Every request's name, start, duration, status and SQL query count (the ``X-Bench-Queries`` header of the bench
settings) is kept and written to ``BENCH_OUT`` when locust stops; ``bench.runner`` computes the figures from them.
``BENCH_PLAN`` names the JSON file ``bench.prepare`` wrote: the session keys, tokens, drafts and filter values.
"""

import json
import os
import random
import uuid
from pathlib import Path

from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser

from bench.evidence import evidence_pdf

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text()) if os.environ.get("BENCH_PLAN") else {}
SAMPLES = []


@events.request.add_listener
def keep(name, start_time, response_time, response=None, exception=None, **_kwargs):
    status = getattr(response, "status_code", 0) or 0
    queries = response.headers.get("X-Bench-Queries") if response is not None and response.headers else None
    SAMPLES.append([name, start_time, response_time, status, exception is None, int(queries) if queries else None])


@events.quitting.add_listener
def write(**_kwargs):
    if os.environ.get("BENCH_OUT"):
        Path(os.environ["BENCH_OUT"]).write_text(json.dumps(SAMPLES))


class BenchUser(FastHttpUser):
    """No think time: each user sends its next request as soon as the last one is answered."""

    abstract = True
    wait_time = constant(0)

    def on_start(self):
        self.random = random.Random(id(self))

    def get(self, path, name, **params):
        """A page or API call that must answer 200 itself: a redirect (to a sign-in or second-factor page) counts
        as an error rather than as the page it leads to."""
        query = "&".join(f"{key}={value}" for key, value in params.items() if value not in (None, ""))
        url = f"{path}?{query}" if query else path
        with self.client.get(
            url, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    @property
    def headers(self):
        session = PLAN.get("session")
        return {"Cookie": f"sessionid={session}"} if session else {}


class Baseline(BenchUser):
    """The bare view: one indexed query, small JSON."""

    @task
    def division(self):
        self.get("/bench/baseline/", "baseline", code=self.random.choice(PLAN["codes"]))


# ---------------------------------------------------------------- 1. the deadline rush

DRAFTS = iter(PLAN.get("drafts", []))


class Rush(BenchUser):
    """A county clerk's last step, each time with the next draft (and its clerk's token): save the whole checklist,
    upload the missing evidence file, submit with the pledge."""

    @task
    def submit(self):
        draft = next(DRAFTS, None)
        if draft is None:
            self.environment.runner.quit()
            raise StopUser
        headers = {"Authorization": f"Token {draft['token']}"}
        base = f"/api/v1/nominations/{draft['id']}"
        self.client.put(
            f"{base}/answers/",
            json={"summary": draft["summary"], "answers": draft["answers"]},
            headers=headers,
            name="rush: save answers",
        )
        boundary = uuid.uuid4().hex
        body = multipart(
            boundary,
            {"criterion": draft["criterion"]},
            ("file", f"{draft['criterion']} 佐证材料.pdf", evidence_pdf(draft["code"], draft["criterion"])),
        )
        self.client.post(
            f"{base}/attachments/",
            data=body,
            headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
            name="rush: upload evidence",
        )
        self.client.post(f"{base}/submit/", json={"pledge": True}, headers=headers, name="rush: submit")


def multipart(boundary, fields, upload):
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    field, filename, content = upload
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


# ---------------------------------------------------------------- the portal's floor


class Floor(BenchUser):
    """Sichuan's reviewer on the two floor views (bench/views.py): the least any page or API answer costs."""

    @task
    def page(self):
        self.get("/bench/floor/page/", "floor: empty page")

    @task
    def api(self):
        self.get("/bench/floor/api/", "floor: empty API answer")


# ---------------------------------------------------------------- 2. the province queue (Sichuan)


class ProvinceQueue(BenchUser):
    """Sichuan's reviewer pages and filters its queue, on the page and through the API."""

    def pick(self, name):
        return self.random.choice(PLAN[name])

    @task(3)
    def page(self):
        self.get("/nominations/province/", "queue page", page=self.random.randint(1, PLAN["pages"]))

    @task(3)
    def filtered(self):
        self.get(
            "/nominations/province/",
            "queue page, filtered",
            category=self.pick("categories"),
            state=self.pick("states"),
            prefecture=self.pick("prefectures"),
        )

    @task(3)
    def api_page(self):
        self.get(
            "/api/v1/nominations/",
            "queue API",
            province=PLAN["province"],
            campaign=PLAN["campaign"],
            page=self.random.randint(1, PLAN["pages"]),
        )

    @task(3)
    def api_filtered(self):
        self.get(
            "/api/v1/nominations/",
            "queue API, filtered",
            province=PLAN["province"],
            campaign=PLAN["campaign"],
            category=self.pick("categories"),
            prefecture=self.pick("prefectures"),
            ordering="-province_score",
        )


# ---------------------------------------------------------------- 3. the national board (SAMR)


class NationalBoard(BenchUser):
    """SAMR's reviewer pages and filters the recommended candidates with their scores, and opens the balance."""

    def pick(self, name):
        return self.random.choice(PLAN[name])

    @task(3)
    def candidates(self):
        self.get("/nominations/national/", "candidates page", page=self.random.randint(1, PLAN["pages"]))

    @task(3)
    def filtered(self):
        self.get(
            "/nominations/national/",
            "candidates page, filtered",
            category=self.pick("categories"),
            region=self.pick("regions"),
            level=self.pick("levels"),
        )

    @task(2)
    def api(self):
        self.get(
            "/api/v1/nominations/",
            "candidates API",
            campaign=PLAN["campaign"],
            state=PLAN["state"],
            category=self.pick("categories"),
            province=self.pick("provinces"),
        )

    @task(2)
    def balance(self):
        self.get(f"/nominations/national/{self.pick('categories')}/list/", "balance page")


# ---------------------------------------------------------------- 4. the public publicity page


class Publicity(BenchUser):
    """Anonymous visitors: the running publicity with its objection form, sometimes the final lists."""

    @task(4)
    def index(self):
        self.get("/publicity/", "publicity page")

    @task(1)
    def final_lists(self):
        self.get("/publicity/final/", "final lists page")

"""The office's staff for bench/load.py (which prepares the database, starts gunicorn and
runs this headless; see bench/README.md, "Load").

Three kinds of users, in the proportions of a county office: inspectors (most), clerks of
the licensing window, a manager or two. Each signs in once through the login page (GET for
the CSRF token, POST the credentials), then repeats its tasks with a think time of 1–3 s
(``BENCH_LOAD_THINK=0``: none). Records are picked from the ids bench/load.py wrote
(``BENCH_LOAD_DATA``, a JSON file). Requests are named by kind ("list units", "api
inspections", "summary" …) so the statistics group them.

Two phases: signing in (until every user has started and signed in; that phase's statistics
are kept in ``BENCH_LOAD_PHASES``, a JSON file), then, 3 s later (the requests queued behind
the sign-ins done) and with the statistics reset, the measured ``BENCH_LOAD_SECONDS``
(default 60) with every user signed in and working, with the CPU used meanwhile (machine,
gunicorn, PostgreSQL, locust; the machine's share second by second) and the requests over
300 ms with their time; then the run ends.
"""

import datetime
import itertools
import json
import os
import random
import resource
import sys
import time

import gevent
from locust import HttpUser, between, constant, events, task

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import load  # noqa: E402 - bench/load.py: its CPU counters

DATA = json.load(open(os.environ["BENCH_LOAD_DATA"]))
WAIT = constant(0) if os.environ.get("BENCH_LOAD_THINK", "1") == "0" else between(1, 3)
YEAR = 2024
CHINA = datetime.timezone(datetime.timedelta(hours=8))
# Approved applications, each issued once: one process, so a shared list is enough.
APPLICATIONS = list(DATA["applications"])
ACCOUNTS = {role: itertools.cycle(users) for role, users in DATA["accounts"].items()}
MEASURED = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
SETTLE = 3.0  # seconds between the last sign-in and the measured phase
SIGNED_IN = []  # one entry per user signed in
STARTED = [time.monotonic()]
ENVIRONMENT = []


@events.test_start.add_listener
def started(environment, **kwargs):
    STARTED[0] = time.monotonic()
    ENVIRONMENT[:] = [environment]


KINDS = ["routine", "complaint", "campaign", "random"]
DRILLS = ["visits", "licence_due", "inspected_units", "units", "opinions", "practitioners"]


def township():
    return random.choice(DATA["townships"])


def some_dates():
    """A month or a quarter of 2024, as people filter a list."""
    month = random.randint(1, 10)
    start = datetime.date(YEAR, month, 1)
    end = datetime.date(YEAR, month + random.choice([0, 2]), 28)
    return {"date_from": start.isoformat(), "date_to": end.isoformat()}


def entry(stats) -> dict:
    return {
        "count": stats.num_requests,
        "failures": stats.num_failures,
        "median": stats.median_response_time,
        "p95": stats.get_response_time_percentile(0.95),
        "p99": stats.get_response_time_percentile(0.99),
        "max": stats.max_response_time,
    }


def cpu_now() -> dict:
    """CPU seconds so far: the machine's (busy and total, all cores), gunicorn's, the local
    PostgreSQL's and this locust's (bench/load.py's helpers)."""
    busy, total = load.cpu_ticks()
    own = resource.getrusage(resource.RUSAGE_SELF)
    hertz = os.sysconf("SC_CLK_TCK")
    return {
        "busy": busy / hertz,
        "total": total / hertz,
        "gunicorn": load.process_cpu(int(os.environ.get("BENCH_LOAD_GUNICORN_PID", "0"))),
        "postgres": load.postgres_cpu(),
        "locust": own.ru_utime + own.ru_stime,
        "loadavg": load.loadavg(),
    }


SLOW = []  # (seconds since the start, name, milliseconds) of requests over 300 ms


@events.request.add_listener
def slow_request(name, response_time, **kwargs):
    if response_time >= 300:
        SLOW.append((round(time.monotonic() - STARTED[0], 2), name, round(response_time)))


def sample_cpu(samples):
    last = load.cpu_ticks()
    while True:
        gevent.sleep(1)
        now = load.cpu_ticks()
        share = (now[0] - last[0]) / max(1, now[1] - last[1])
        samples.append((round(time.monotonic() - STARTED[0], 1), round(share, 2)))
        last = now


@events.spawning_complete.add_listener
def measure_once_signed_in(user_count, **kwargs):
    """Once every user has signed in: keep that phase's statistics, start counting again,
    and end the run MEASURED seconds later; the phases go to BENCH_LOAD_PHASES."""

    environment = ENVIRONMENT[0]

    def phases():
        try:
            measure()
        finally:  # whatever happens, the run ends
            environment.runner.quit()

    def measure():
        while len(SIGNED_IN) < user_count and time.monotonic() < STARTED[0] + 180:
            gevent.sleep(0.05)
        stats = environment.runner.stats
        out = {
            "sign_in": {
                "seconds": time.monotonic() - STARTED[0],
                "users": len(SIGNED_IN),
                "entries": {name: entry(e) for (name, _), e in stats.entries.items()},
                "settle": SETTLE,
                "total": entry(stats.total),
                "errors": [
                    {"name": e.name, "error": str(e.error), "occurrences": e.occurrences}
                    for e in stats.errors.values()
                ],
            }
        }
        path = os.environ.get("BENCH_LOAD_PHASES", os.devnull)
        with open(path, "w") as f:
            json.dump(out, f)
        # The requests queued behind the sign-ins drain first (a few seconds), so that none
        # begun in that phase is counted in the measured one.
        gevent.sleep(SETTLE)
        stats.reset_all()
        started, cpu = time.monotonic(), cpu_now()
        busy = []  # (seconds since the start, share of the machine's CPU busy that second)
        sampler = gevent.spawn(sample_cpu, busy)
        gevent.sleep(MEASURED)
        sampler.kill()
        out["window"] = {
            "seconds": time.monotonic() - started,
            "start": started - STARTED[0],
            "cpu": [cpu, cpu_now()],
            "slow": SLOW,
            "busy": busy,
        }
        with open(path, "w") as f:
            json.dump(out, f)

    gevent.spawn(phases)


def failed(response) -> str:
    """What went wrong: the status, or the connection error when there was no answer."""
    if not response.status_code:
        return f"no answer: {response.error!r}"[:300]
    return f"HTTP {response.status_code}: {response.text[:200]}"


def check_list(response) -> None:
    """An API list: 200 with its page of results."""
    if response.status_code != 200:
        response.failure(failed(response))
        return
    try:
        listed = "results" in response.json()
    except ValueError:
        listed = False
    if not listed:
        response.failure(f"not a list: {response.text[:200]}")


class Staff(HttpUser):
    abstract = True
    wait_time = WAIT
    role = ""
    home = "home"  # the manager's home page carries the dashboard in short: named apart

    def on_start(self):
        self.account = next(ACCOUNTS[self.role])
        self.api = {"Authorization": f"Token {self.account['token']}"}
        self.client.get("/login/", name="login page")
        with self.client.post(
            "/login/",
            data={
                "username": self.account["username"],
                "password": DATA["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
                "next": "",
            },
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"not signed in: {failed(response)}")
        self.get("/", self.home)
        SIGNED_IN.append(self.account["username"])

    # ------------------------------------------------------------ shared tasks

    def get(self, url, name, **params):
        with self.client.get(url, params=params, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(failed(response))
            elif "/login/" in response.url:
                response.failure("signed out")
        return response

    def list_units(self):
        params = {"township": township()["id"]}
        if random.random() < 0.6:
            params["category"] = random.choice(DATA["categories"])
        if random.random() < 0.3:
            params["status"] = "operating"
        if random.random() < 0.2:
            params["page"] = 2
        self.get("/premises/establishments/", "list units", **params)

    def list_inspections(self):
        params = some_dates()
        if random.random() < 0.7:
            params["kind"] = random.choice(KINDS)
        if random.random() < 0.3:
            params["township"] = township()["id"]
        self.get("/inspections/", "list inspections", **params)

    def list_cases(self):
        params = random.choice(
            [{}, {"status": "closed"}, {"open": "yes"}, {"filed_from": "2024-01-01"}]
        )
        self.get("/penalties/cases/", "list cases", **params)

    def unit_detail(self):
        pk = random.choice(DATA["establishments"])
        self.get(f"/premises/establishments/{pk}/", "unit detail")

    def api_establishments(self):
        params = {"township": township()["id"]}
        if random.random() < 0.5:
            params["status"] = "operating"
        with self.client.get(
            "/api/v1/establishments/",
            params=params,
            headers=self.api,
            name="api establishments",
            catch_response=True,
        ) as response:
            check_list(response)


class Inspector(Staff):
    """监督员: the lists and records of the field, and inspections entered from the tablet
    (the API)."""

    role = "inspector"
    weight = 40

    @task(3)
    def units(self):
        self.list_units()

    @task(3)
    def inspections(self):
        self.list_inspections()

    @task(3)
    def unit(self):
        self.unit_detail()

    @task(2)
    def inspection(self):
        pk = random.choice(DATA["inspections"])
        self.get(f"/inspections/records/{pk}/", "inspection detail")

    @task(2)
    def api_units(self):
        self.api_establishments()

    @task(2)
    def api_inspections(self):
        params = random.choice(
            [{"year": YEAR, "kind": random.choice(KINDS)}, some_dates(), {"result": "opinion"}]
        )
        with self.client.get(
            "/api/v1/inspections/",
            params=params,
            headers=self.api,
            name="api inspections",
            catch_response=True,
        ) as response:
            check_list(response)

    @task(2)
    def enter_inspection(self):
        partner = random.choice(
            [a for a in DATA["accounts"]["inspector"] if a["id"] != self.account["id"]]
        )
        moment = datetime.datetime.now(CHINA) - datetime.timedelta(minutes=random.randint(5, 240))
        payload = {
            "establishment": random.choice(DATA["establishments"]),
            "date": moment.isoformat(timespec="seconds"),
            "inspectors": [self.account["id"], partner["id"]],
            "kind": "routine",
            "person_present": "店长",
            "findings": "持证经营，环境整洁，消毒记录齐全。",
            "result": "compliant",
        }
        with self.client.post(
            "/api/v1/inspections/",
            json=payload,
            headers=self.api,
            name="inspection entry",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(failed(response))

    @task(1)
    def cases(self):
        self.list_cases()

    @task(1)
    def home_page(self):
        self.get("/", self.home)


class Clerk(Staff):
    """许可窗口: the registry and the permits, and permits issued on approved applications
    through the pages."""

    role = "clerk"
    fixed_count = 8

    @task(3)
    def units(self):
        self.list_units()

    @task(2)
    def unit(self):
        self.unit_detail()

    @task(2)
    def permits(self):
        params = {"township": township()["id"]}
        params.update(random.choice([{}, {"status": "valid"}, {"expiring": "90"}]))
        self.get("/licensing/permits/", "list permits", **params)

    @task(2)
    def permit(self):
        pk = random.choice(DATA["permits"])
        self.get(f"/licensing/permits/{pk}/", "permit detail")

    @task(1)
    def applications(self):
        self.get("/licensing/applications/", "list applications", status="approved")

    @task(1)
    def api_units(self):
        self.api_establishments()

    @task(2)
    def issue(self):
        if not APPLICATIONS:
            return  # all issued: load.py --applications prepares more
        pk = APPLICATIONS.pop()
        self.get(f"/licensing/applications/{pk}/", "application detail")
        with self.client.post(
            f"/licensing/applications/{pk}/issue/",
            data={
                "issued_on": DATA["today"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="permit issue",
            catch_response=True,
        ) as response:  # redirected to the new permit's page
            if response.status_code != 200 or "/licensing/permits/" not in response.url:
                response.failure(f"{failed(response)} at {response.url}")


class Manager(Staff):
    """管理者: the summary of 2024 and its drill-down lists, the dashboard, the cases."""

    role = "manager"
    home = "home (manager)"
    fixed_count = 2

    @task(3)
    def summary(self):
        params = {"period": "year", "year": YEAR}
        choice = random.random()
        if choice < 0.4:
            params["domain"] = "public_places"
        elif choice < 0.6:
            params["township"] = township()["code"]
        self.get("/reports/summary/", "summary", **params)

    @task(2)
    def drill(self):
        params = {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31", "domain": "public_places"}
        if random.random() < 0.3:
            params["township"] = township()["code"]
        self.get(f"/reports/drill/{random.choice(DRILLS)}/", "drill-down", **params)

    @task(1)
    def dashboard(self):
        self.get("/reports/dashboard/", "dashboard")

    @task(1)
    def cases(self):
        self.list_cases()

    @task(1)
    def case(self):
        pk = random.choice(DATA["cases"])
        self.get(f"/penalties/cases/{pk}/", "case detail")

    @task(1)
    def inspections(self):
        self.list_inspections()

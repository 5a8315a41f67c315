"""`targets serve` as a user runs it: stopped by any signal it leaves no server and no
copy of the data; an address it cannot serve at is one line and exit 2; a query is
bounded in time and memory; no page tells a path of the machine; writes are refused.

Each server picks its own free port (--port 0) and the test reads it from the server's
first line; every wait is a bounded poll, never a sleep that must be long enough.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("datasette", reason="the web extra: pip install '.[web]'")

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "data" / "sources" / "jiangmen-2024-pledges.txt"
DEADLINE = 60.0  # seconds: a bound on waiting, not a timing a test relies on


def environment(tmp: Path) -> dict[str, str]:
    """The bundled data, with the temporary folder in `tmp` (to see what is left there)."""
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    env.pop("TARGETS_DATA", None)
    return env


class Serving:
    """One `targets serve --port 0` process, its output in files, and its address."""

    def __init__(self, tmp: Path, *args: str):
        self.tmp = tmp
        self.out, self.err = tmp / "serve.out", tmp / "serve.err"
        self.scratch = tmp / "tmp"
        self.scratch.mkdir(exist_ok=True)
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "targets_cli", "serve", "--port", "0", *args],
                stdout=out,
                stderr=err,
                env=environment(self.scratch),
            )
        try:
            self.port = self._port()
            self.base = f"http://127.0.0.1:{self.port}"
            self.wait_until_ready()
        except BaseException:
            self.process.kill()
            self.process.wait()
            raise

    def _port(self) -> int:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            found = re.search(r"at http://127\.0\.0\.1:(\d+)/", self.stdout())
            if found:
                return int(found.group(1))
            if self.process.poll() is not None:
                raise AssertionError((self.process.returncode, self.stdout(), self.stderr()))
            time.sleep(0.05)
        raise AssertionError(f"serve printed no address in {DEADLINE} s: {self.stderr()}")

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError((self.process.returncode, self.stdout(), self.stderr()))
            try:
                with urllib.request.urlopen(f"{self.base}/-/versions.json", timeout=10):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"{self.base} did not answer in {DEADLINE} s")

    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str, method: str = "GET", body: bytes | None = None):
        """(status, body) of one request; an error status is an answer too."""
        request = urllib.request.Request(f"{self.base}{path}", data=body, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def sql(self, query: str) -> dict:
        status, body = self.get("/targets.json?" + urllib.parse.urlencode({"sql": query}))
        return {"status": status, **json.loads(body)}

    def children(self) -> list[int]:
        """The processes this server started."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    found.append(int(entry.name))
        return found

    def stop(self, sig: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=DEADLINE)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=5):
                return True
        except OSError:
            return False

    def left(self) -> list[str]:
        return sorted(p.name for p in self.scratch.iterdir())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    serving = Serving(tmp_path_factory.mktemp("serve"))
    try:
        yield serving
    finally:
        serving.stop()


# ---- stopping ------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_any_signal_stops_the_server_and_leaves_no_copy_of_the_data(tmp_path, sig):
    serving = Serving(tmp_path)
    # data/targets.toml holds 121 [[targets]]
    assert serving.sql("select count(*) from targets")["rows"] == [[121]]
    assert serving.children() == []  # Datasette runs in the command's own process
    assert serving.left() == []  # the data is held in memory, not in a temporary file
    code = serving.stop(sig)
    # after the command is gone, nothing serves at its port (bounded poll: the kernel
    # may take a moment to close a killed process's socket)
    deadline = time.monotonic() + DEADLINE
    while serving.answers() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not serving.answers()
    assert serving.left() == []
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:
        assert code == 0, serving.stderr()
        assert "Traceback" not in serving.stderr()


def test_a_later_run_removes_what_a_killed_run_left(tmp_path):
    # a run killed while it built its copy leaves targets-serve-PID-*; once that process
    # is gone, the next run removes it, and it leaves alone a folder of a live process
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], text=True, capture_output=True
    )
    dead = int(ended.stdout)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    stale = scratch / f"targets-serve-{dead}-abcd1234"
    stale.mkdir()
    (stale / "targets.db").write_bytes(b"SQLite format 3\x00")
    live = scratch / f"targets-serve-{os.getpid()}-abcd1234"
    live.mkdir()
    mine = scratch / "targets-serve-notes"  # not a run's folder
    mine.mkdir()
    serving = Serving(tmp_path)
    try:
        assert serving.left() == sorted([live.name, mine.name])
    finally:
        assert serving.stop() == 0


# ---- where it serves -----------------------------------------------------------------


def serve_once(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "targets_cli", "serve", *args],
        capture_output=True,
        text=True,
        env=environment(scratch),
        timeout=DEADLINE,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--host", "256.1.1.1", "--port", "0"],
            "targets: error: --host '256.1.1.1' is not an IP address: it is four numbers from "
            "0 to 255, such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)\n",
        ),
        (
            ["--host", "a" * 300, "--port", "0"],
            "targets: error: --host 'aaaa",
        ),
        (
            ["--host", "8.8.8.8", "--port", "0"],
            "targets: error: cannot serve at http://8.8.8.8:0/: '8.8.8.8' is not an address "
            "of this machine; give one of its own, such as 127.0.0.1 (this machine only) or "
            "0.0.0.0 (every interface)\n",
        ),
        (["--port", "65536"], "targets: error: --port is '65536'; give a number from 1 to 65535"),
    ],
)
def test_an_address_it_cannot_serve_at_is_one_line_and_exit_2(tmp_path, args, message):
    ran = serve_once(tmp_path, *args)
    assert ran.returncode == 2, ran
    assert ran.stderr.startswith(message), ran.stderr
    assert ran.stderr.count("\n") == 1, ran.stderr
    assert len(ran.stderr) < 400
    assert ran.stdout == ""
    assert list((tmp_path / "tmp").iterdir()) == []  # nothing built


def test_a_busy_port_is_one_line_and_exit_2(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ran = serve_once(tmp_path, "--port", str(port))
    assert ran.returncode == 2, ran
    assert ran.stderr == (
        f"targets: error: cannot serve at http://127.0.0.1:{port}/: the port is in use by "
        "another program; choose another --port (0: any free)\n"
    )
    assert ran.stdout == ""


# ---- bounded queries -----------------------------------------------------------------


def test_a_query_cannot_make_a_gigabyte(server):
    # 1,000,000,000 bytes is far beyond the longest value the data holds
    answer = server.sql("select length(randomblob(1000000000))")
    assert answer["status"] == 400
    assert answer["error"] == "string or blob too big"
    assert answer["rows"] == []


def test_many_rows_of_large_values_are_refused_not_held(server):
    # 121 x 121 rows of 900 kB each would be 13.2 GB
    answer = server.sql("select zeroblob(900000) from targets a, targets b")
    assert answer["status"] == 400
    assert answer["error"].startswith("the rows of this query hold more than 64 MB")


def test_a_query_that_runs_on_is_stopped(server):
    answer = server.sql(
        "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
    )
    assert answer["status"] == 400
    assert "too long" in answer["error"]


def test_the_longest_value_of_the_data_is_served_whole(server):
    # the source text is the longest value; the bound on a value's length must not cut it
    text = SOURCE.read_text(encoding="utf-8")
    answer = server.sql("select text from sources where text is not null")
    assert answer["rows"] == [[text]]  # (the cited sources have no text)


# ---- nothing of the machine, and read-only ---------------------------------------------


def test_no_page_tells_a_path_of_the_machine(server):
    status, body = server.get("/-/databases.json")
    assert status == 200
    (database,) = json.loads(body)
    assert database["name"] == "targets"
    assert database["path"] is None
    listed = server.sql("select * from pragma_database_list")
    assert listed["rows"] == [[0, "main", ""]]
    for page in ("/-/databases.json", "/targets", "/-/metadata.json", "/-/settings.json"):
        status, body = server.get(page)
        assert status == 200, page
        assert str(server.scratch).encode() not in body, page
        assert b"targets-serve" not in body, page


@pytest.mark.parametrize("path", ["/-/insert", "/targets/targets/-/insert", "/targets", "/"])
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_a_write_is_refused_with_405(server, path, method):
    status, body = server.get(path, method=method, body=b'{"row": {"id": "x"}}')
    assert status == 405
    assert body == f"targets serve is read-only: {method} is not allowed\n".encode()
    assert "Traceback" not in server.stderr()


def test_a_missing_page_is_a_404_without_a_traceback(server):
    status, _ = server.get("/no/such/page")
    assert status == 404
    assert "Traceback" not in server.stderr()


# ---- the pages a reader sees -----------------------------------------------------------


def test_the_targets_page_opens_with_the_columns_a_reader_needs(server):
    request = urllib.request.Request(
        f"{server.base}/targets/targets?region=%E5%8F%B0%E5%B1%B1%E5%B8%82"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        final = urllib.parse.urlsplit(response.url)
        page = response.read().decode()
    query = urllib.parse.parse_qsl(final.query)
    assert ("region", "台山市") in query
    assert [v for k, v in query if k == "_col"] == [
        "region",
        "org",
        "metric",
        "comparator",
        "value",
        "value_max",
        "unit",
        "period",
        "firmness",
        "quote",
        "position",
    ]
    assert 'class="col-sentence' not in page
    # what a program reads keeps every column
    status, body = server.get("/targets/targets.json?_shape=array&_size=1")
    assert status == 200
    assert "sentence" in json.loads(body)[0]
    # and a reader who asks for every column gets them
    status, body = server.get("/targets/targets?_nocol=note")
    assert status == 200 and b'class="col-sentence' in body

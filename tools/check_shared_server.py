"""Follow the README's shared-server section word for word on this machine.

    .venv/bin/python tools/check_shared_server.py [--keep]

Reads the ``sh`` blocks of the section "### Máy chủ dùng chung" of README.md in order and runs
their lines with bash, as root would on the server, with only these differences (printed):

* paths: ``/opt/dvk`` → this checkout's ``.venv``; ``/srv/dvk``, ``/etc/``, ``/var/backups``
  → folders in a scratch directory; port 8000 → a free port;
* PostgreSQL: a throw-away cluster (initdb + pg_ctl in the scratch directory, password
  authentication over TCP on localhost, PGPORT exported so that the README's
  ``DATABASE_URL`` without a port reaches it); ``sudo -u postgres`` runs as the cluster's
  owner, ``sudo -u dvk`` as the current user (a shell function named ``sudo``);
* lines that install or manage the machine are skipped: ``apt-get``, ``useradd``,
  ``python3 -m venv``, ``pip install``, ``ln``, ``nginx``, ``systemctl``; where the README
  says ``systemctl enable --now UNIT…``, the ``ExecStart`` line of each unit file the section
  wrote is started with its ``EnvironmentFile``;
* ``du-lieu-2026`` (the commune's dataset folder) is a copy of ``samples/xa-an-phu``.

Then, as a browser behind nginx would (``Host`` and ``X-Forwarded-Proto: https``): checks
``/healthz`` says postgresql, that gunicorn runs 3 workers, the static CSS is served, logs in
with the account the section creates, builds the whole set as a background job (run by the
separate worker process, the web processes never run it), downloads the .zip and opens a
.docx from it, and checks the backup file the section wrote. Exit code 0 when all is well.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SECTION = "### Máy chủ dùng chung"
SKIP = ("apt-get ", "useradd ", "python3 -m venv ", "ln ", "nginx ", "nginx\n", "systemctl ")
PIP_INSTALL = re.compile(r"^\S*/pip install ")


class Failed(Exception):
    pass


def say(text: str) -> None:
    print(f"[shared-server] {text}", flush=True)


def section_blocks(readme: str) -> list[str]:
    """The ``sh`` code blocks of the shared-server section, dedented, in order."""
    start = readme.index(SECTION)
    end = readme.find("\n## ", start)
    lines = readme[start:end if end > 0 else None].splitlines()
    blocks, current, indent = [], None, 0
    for line in lines:
        stripped = line.strip()
        if current is None and stripped == "```sh":
            current, indent = [], len(line) - len(line.lstrip())
        elif current is not None and stripped == "```":
            blocks.append("\n".join(current) + "\n")
            current = None
        elif current is not None:
            current.append(line[indent:] if line[:indent].strip() == "" else line)
    if not blocks:
        raise Failed(f"README.md: no sh block under '{SECTION}'")
    return blocks


def commands(block: str) -> list[str]:
    """One entry per shell command: heredocs and continued lines kept together."""
    out: list[str] = []
    lines = block.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        cmd = lines[i]
        while cmd.rstrip("\n").endswith("\\") and i + 1 < len(lines):
            i += 1
            cmd += lines[i]
        m = re.search(r"<<-?\s*'?(\w+)'?", cmd)
        if m:
            while i + 1 < len(lines):
                i += 1
                cmd += lines[i]
                if lines[i].strip() == m.group(1):
                    break
        if cmd.strip():
            out.append(cmd)
        i += 1
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bin() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise Failed("PostgreSQL is not installed (apt-get install postgresql)")
    return versions[-1].parent


def as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    def __init__(self, base: Path) -> None:
        self.dir = base / "pg"
        self.dir.mkdir()
        os.chmod(self.dir, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.port = free_port()
        self.bin = pg_bin()

    def start(self) -> None:
        data = self.dir / "data"
        subprocess.run(as_owner([str(self.bin / "initdb"), "-D", str(data), "-U", "postgres",
                                 "-E", "UTF8", "--locale=C.UTF-8", "--auth-local=trust",
                                 "--auth-host=scram-sha-256"]),
                       check=True, capture_output=True, cwd="/tmp")
        subprocess.run(as_owner([str(self.bin / "pg_ctl"), "-D", str(data), "-l",
                                 str(self.dir / "server.log"), "-w", "-o",
                                 f"-k {self.dir} -p {self.port} -c listen_addresses=localhost "
                                 "-F", "start"]),
                       check=True, capture_output=True, cwd="/tmp")

    def stop(self) -> None:
        subprocess.run(as_owner([str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m",
                                 "immediate", "-w", "stop"]), capture_output=True, cwd="/tmp")


class Machine:
    """The scratch 'server': where the README's paths point on this machine."""

    def __init__(self, base: Path, cluster: Cluster) -> None:
        self.base = base
        self.cluster = cluster
        self.port = free_port()
        self.venv = Path(sys.prefix)
        self.work = base / "root"  # the directory the commands are typed in
        self.work.mkdir()
        shutil.copytree(ROOT / "samples" / "xa-an-phu", self.work / "du-lieu-2026")
        self.services: dict[str, subprocess.Popen[bytes]] = {}
        self.logs = base / "logs"
        self.logs.mkdir()

    def translate(self, text: str) -> str:
        b = str(self.base)
        text = text.replace("/opt/dvk", str(self.venv))
        text = text.replace("/srv/dvk", f"{b}/srv/dvk")
        text = re.sub(r"(?<![\w./-])/etc/", f"{b}/etc/", text)
        text = text.replace("/var/backups/", f"{b}/var/backups/")
        return text.replace("127.0.0.1:8000", f"127.0.0.1:{self.port}")

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DVK_", "DJANGO_", "PG")) and k != "DATABASE_URL"}
        env.update(PGPORT=str(self.cluster.port), PATH=f"{self.venv}/bin:{env['PATH']}")
        return env

    def prelude(self) -> str:
        # sudo as the README uses it: '-u postgres' = the cluster's owner on its socket,
        # '-u dvk' = this user (no dvk account here); -E keeps the environment
        owner = "runuser -u postgres -- " if os.geteuid() == 0 else ""
        return (
            "set -euo pipefail\n"
            # what the installed system already has: systemd's and nginx's folders
            f"mkdir -p {self.base}/etc/systemd/system {self.base}/etc/nginx/sites-available "
            f"{self.base}/etc/nginx/sites-enabled {self.base}/srv {self.base}/var/backups\n"
            "sudo() {\n"
            "  local user=root\n"
            "  while [ $# -gt 0 ]; do case $1 in\n"
            "    -u) user=$2; shift 2;; -E|--preserve-env) shift;; *) break;; esac; done\n"
            "  if [ \"$user\" = postgres ]; then\n"
            f"    {owner}env PGHOST={self.cluster.dir} PGPORT={self.cluster.port} "
            "PGUSER=postgres \"$@\"\n"
            "  else \"$@\"; fi\n"
            "}\n"
            "chown() { :; }  # no 'dvk' account on this machine\n")

    def run_block(self, number: int, block: str) -> None:
        script = [self.prelude()]
        start_units: list[str] = []
        for cmd in commands(block):
            first = cmd.lstrip()
            if first.startswith(SKIP) or PIP_INSTALL.match(first):
                say(f"  skip: {cmd.strip().splitlines()[0]}")
                m = re.match(r"systemctl enable --now (.+)", first.strip())
                if m:
                    start_units = m.group(1).split()
                continue
            say(f"  run:  {cmd.strip().splitlines()[0]}")
            script.append(self.translate(cmd))
        if len(script) > 1:
            r = subprocess.run(["bash", "-c", "".join(script)], cwd=self.work, env=self.env(),
                               capture_output=True, text=True, timeout=600)
            if r.returncode != 0:
                raise Failed(f"block {number} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
        for unit in start_units:
            self.start_unit(unit)

    def start_unit(self, unit: str) -> None:
        path = self.base / "etc" / "systemd" / "system" / f"{unit}.service"
        if not path.is_file():
            raise Failed(f"'systemctl enable --now {unit}': the section wrote no {path.name}")
        fields = dict(re.findall(r"^(\w+)=(.*)$", path.read_text(encoding="utf-8"), re.M))
        env = self.env()
        env_file = Path(fields["EnvironmentFile"])
        for line in env_file.read_text(encoding="utf-8").splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, _, value = line.partition("=")
                env[key.strip()] = value.strip()
        argv = shlex.split(fields["ExecStart"])
        say(f"  start {unit}: {' '.join(argv)}")
        log = (self.logs / f"{unit}.log").open("wb")
        self.services[unit] = subprocess.Popen(argv, cwd=fields.get("WorkingDirectory",
                                                                     str(self.work)),
                                               env=env, stdout=log, stderr=subprocess.STDOUT,
                                               start_new_session=True)

    def stop(self) -> None:
        for proc in self.services.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.services.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


class Client:
    """A browser behind nginx: HTTPS as the app sees it (X-Forwarded-Proto), its own cookies."""

    def __init__(self, port: int, host: str) -> None:
        self.port, self.host = port, host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = {"Host": self.host, "X-Forwarded-Proto": "https",
             "Referer": f"https://{self.host}{path}", **(headers or {})}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body, h)
        r = conn.getresponse()
        data = r.read()
        for key, value in r.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data


def wait_health(client: Client, machine: Machine) -> dict:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        for unit, proc in machine.services.items():
            if proc.poll() is not None:
                raise Failed(f"{unit} stopped: {(machine.logs / f'{unit}.log').read_text()}")
        try:
            status, _, body = client.request("GET", "/healthz")
            if status == 200:
                return json.loads(body)
        except OSError:
            pass
        time.sleep(0.3)
    raise Failed("/healthz did not answer within 90 s")


def gunicorn_workers(proc: subprocess.Popen[bytes]) -> int:
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    return len(children.read_text().split()) if children.exists() else -1


def check_site(machine: Machine, readme: str) -> None:
    """``readme``: the section's commands (host, account and organisation come from them)."""
    host = re.search(r"DVK_ALLOWED_HOSTS=(\S+)", readme)
    account = re.search(r"echo '([^']+)' \| .*users add (\S+) .*--role van_phong", readme)
    org = re.search(r"orgs import \S+ --slug (\S+)", readme)
    if not (host and account and org):
        raise Failed("the section names no host, office account or organisation to check")
    client = Client(machine.port, host.group(1).split(",")[0])
    health = wait_health(client, machine)
    if health != {"status": "ok", "database": "postgresql"}:
        raise Failed(f"/healthz: {health}")
    say(f"/healthz: {health}")
    web = machine.services.get("dvk-web")
    if web is not None:
        deadline = time.monotonic() + 30
        while gunicorn_workers(web) < 3 and time.monotonic() < deadline:
            time.sleep(0.3)
        say(f"gunicorn workers: {gunicorn_workers(web)}")
        if gunicorn_workers(web) != 3:
            raise Failed(f"gunicorn runs {gunicorn_workers(web)} workers, the README says 3")
    status, headers, _ = client.request("GET", "/static/dvk_web/style.css")
    if status != 200 or "text/css" not in headers.get("content-type", ""):
        raise Failed(f"static CSS: {status} {headers.get('content-type')}")
    status, headers, _ = client.request("GET", "/accounts/login/")
    password, user, slug = account.group(1), account.group(2), org.group(1)
    status, headers, page = client.request("POST", "/accounts/login/", {
        "username": user, "password": password,
        "csrfmiddlewaretoken": client.cookies.get("csrftoken", "")})
    if status != 302 or "sessionid" not in client.cookies:
        errors = re.findall(r'class="[^"]*(?:problems|errorlist)[^"]*">(.*?)</', page.decode())
        raise Failed(f"login as {user}: {status} {errors}")
    if "secure" not in headers.get("set-cookie", "").lower():
        raise Failed("behind HTTPS (DVK_HTTPS=1) the session cookie must be Secure")
    say(f"logged in as {user}")
    status, _, page = client.request("GET", f"/to-chuc/{slug}/")
    years = re.findall(rf"/to-chuc/{slug}/nam/(\d+)/", page.decode())
    if status != 200 or not years:
        raise Failed(f"overview of {slug}: {status}, no year")
    year = years[0]
    status, headers, _ = client.request("POST", f"/to-chuc/{slug}/nam/{year}/bo-van-ban/", {
        "csrfmiddlewaretoken": client.cookies["csrftoken"]})
    job_url = headers.get("location", "")
    if status != 302 or "/viec/" not in job_url:
        raise Failed(f"build the set: {status} {job_url}")
    say(f"set queued: {job_url}")
    deadline = time.monotonic() + 300
    while True:
        status, _, page = client.request("GET", job_url)
        text = page.decode()
        if "tai-ve/" in text:
            break
        if "class=\"problems\"" in text or time.monotonic() > deadline:
            raise Failed(f"job did not finish: {text[-1500:]}")
        time.sleep(1)
    status, headers, content = client.request("GET", job_url.rstrip("/") + "/tai-ve/")
    if status != 200:
        raise Failed(f"download: {status}")
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        names = zf.namelist()
        plan = next(n for n in names if n.endswith("01-ke-hoach.docx"))
        from docx import Document

        doc = Document(io.BytesIO(zf.read(plan)))
        text = "\n".join(p.text for p in doc.paragraphs)
    if len([n for n in names if n.endswith(".docx")]) < 10 or "KẾ HOẠCH" not in text:
        raise Failed(f"the set's zip: {len(names)} files, plan text {text[:200]!r}")
    say(f"set built by the job worker: {len(names)} files; 01-ke-hoach.docx opens")


def check_backup(machine: Machine) -> None:
    found = sorted((machine.base / "var" / "backups" / "dvk").glob("dvk-*.tar.gz"))
    if not found:
        return
    r = subprocess.run([str(machine.venv / "bin" / "dvk-docs"), "restore", str(found[-1]),
                        "--data", str(machine.base / "restore-check")],
                       env={**machine.env(), "DATABASE_URL": ""}, capture_output=True,
                       text=True)
    # the PostgreSQL dump loads into an empty SQLite data folder too
    if r.returncode != 0 or "khớp" not in r.stdout:
        raise Failed(f"restore of {found[-1].name}: {r.stdout}{r.stderr}")
    say(f"backup written: {found[-1].name} ({found[-1].stat().st_size} bytes); "
        f"restored into an empty folder: {r.stdout.strip()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()
    readme = README.read_text(encoding="utf-8")
    blocks = section_blocks(readme)
    base = Path(tempfile.mkdtemp(prefix="dvk-shared-"))
    os.chmod(base, 0o755)
    cluster = Cluster(base)
    machine: Machine | None = None
    try:
        cluster.start()
        machine = Machine(base, cluster)
        say(f"scratch server in {base}; PostgreSQL on localhost:{cluster.port}, "
            f"web on 127.0.0.1:{machine.port}")
        for number, block in enumerate(blocks, 1):
            say(f"block {number}")
            machine.run_block(number, block)
        if "dvk-web" not in machine.services or "dvk-worker" not in machine.services:
            raise Failed("the section did not start dvk-web and dvk-worker")
        check_site(machine, "".join(blocks))
        check_backup(machine)
    except (Failed, subprocess.CalledProcessError) as err:
        say(f"FAILED: {err}")
        if machine is not None:
            for log in sorted(machine.logs.glob("*.log")):
                say(f"--- {log.name} (end)\n{log.read_text(errors='replace')[-3000:]}")
        return 1
    finally:
        if machine is not None:
            machine.stop()
        cluster.stop()
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    say("OK: the README's shared-server section works as written")
    return 0


if __name__ == "__main__":
    sys.exit(main())

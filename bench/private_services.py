"""A PostgreSQL cluster and a redis-server of a benchmark run's own, on free loopback ports, that it can stop
and start (bench/load.py). The machine's own PostgreSQL and Redis are never touched."""

import contextlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from tests.servers import SiteError, free_port


def as_postgres():
    """The command prefix that runs PostgreSQL's programs: as the postgres user when this is root."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def postgres_bin(name):
    bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
    path = Path(bindir or "/usr/lib/postgresql/15/bin") / name
    if not path.exists():
        raise SiteError(f"{path} not found: install PostgreSQL's server (Debian package postgresql)")
    return str(path)


class PrivateProcesses:
    """A PostgreSQL cluster and a redis-server of this run's own, in `directory`, that can be stopped and started."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.pg_data = self.directory / "pg"
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.redis = None

    def run(self, command):
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise SiteError(f"{' '.join(command)} failed:\n{result.stdout[-1000:]}{result.stderr[-1000:]}")

    def init_postgres(self):
        self.pg_data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.pg_data, "postgres", "postgres")
        self.run([*as_postgres(), postgres_bin("initdb"), "-D", str(self.pg_data), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"])  # fmt: skip

    def start_postgres(self):
        options = f"-p {self.pg_port} -k {self.pg_data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run([*as_postgres(), postgres_bin("pg_ctl"), "-D", str(self.pg_data), "-l",
                  str(self.pg_data / "server.log"), "-o", options, "-w", "start"])  # fmt: skip

    def stop_postgres(self, mode="fast"):
        self.run([*as_postgres(), postgres_bin("pg_ctl"), "-D", str(self.pg_data), "-m", mode, "-w", "stop"])

    def start_redis(self):
        command = ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", str(self.directory)]  # fmt: skip
        self.redis = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as connection,
            ):
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.05)
        raise SiteError("redis-server did not start")

    def stop_redis(self):
        if self.redis and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(10)

    def close(self):
        self.stop_redis()
        if (self.pg_data / "postmaster.pid").exists():
            with contextlib.suppress(SiteError):
                self.stop_postgres("immediate")

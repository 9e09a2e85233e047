"""No network for voc's tests: connects, sends and name lookups raise and are logged.

`tests/conftest.py` runs this in the test process and puts this folder on PYTHONPATH, so
that every Python a test starts (`python -m voc`, pexpect, import workers) loads it too as
its `sitecustomize`. The log ($VOC_TEST_NETWORK_LOG, read at each attempt) catches an
attempt even where the code swallows the OSError; the session fails if it is not empty.
Unix sockets are local and stay allowed.
"""

import os
import socket

MESSAGE = "network blocked by voc's tests"


def _refuse(what: str):
    def refuse(*args, **kwargs):
        log = os.environ.get("VOC_TEST_NETWORK_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as f:
                f.write(f"{what} {args!r} (pid {os.getpid()})\n")
        raise OSError(f"{MESSAGE}: {what}")

    return refuse


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _local_only(name: str, original):
    refuse = _refuse(f"socket.{name}")

    def call(self, address, *rest):
        if self.family == socket.AF_UNIX:
            return original(self, address, *rest)
        return refuse(address)

    return call


socket.socket.connect = _local_only("connect", _connect)
socket.socket.connect_ex = _local_only("connect_ex", _connect_ex)
socket.socket.sendto = _refuse("socket.sendto")
socket.getaddrinfo = _refuse("getaddrinfo")
socket.gethostbyname = _refuse("gethostbyname")
socket.create_connection = _refuse("create_connection")

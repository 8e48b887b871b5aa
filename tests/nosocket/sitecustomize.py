"""Put this folder on PYTHONPATH to run a Python process with every network socket refused (pytest-socket):
the refresh tests start ``python -m kzseries.refresh`` this way, so a replayed run provably opens no connection."""

import pytest_socket

pytest_socket.disable_socket(allow_unix_socket=True)

"""Runs localstripe (a stateful fake of the Stripe API) for Altloom's end-to-end billing test.

Unlike `localstripe --port N`, which listens on every interface and keeps its state in
/tmp/localstripe.pickle, this listens on 127.0.0.1 only, on a free port chosen by the system,
and keeps its state in a private temporary folder that is removed when it stops.

usage: localstripe-server.py PORT_FILE   (the port is written there once the socket is bound)
"""

import logging
import os
import pickle
import shutil
import socket
import sys
import tempfile

from aiohttp import web
from localstripe import resources
from localstripe.server import app


def main():
    port_file = sys.argv[1]
    state_dir = tempfile.mkdtemp(prefix="altloom-localstripe-")
    state_path = os.path.join(state_dir, "localstripe.pickle")

    def dump_to_disk(store):
        with open(state_path, "wb") as file:
            pickle.dump(store, file, protocol=pickle.HIGHEST_PROTOCOL)

    # Every run starts empty, and its state stays in its own folder.
    resources.Store.dump_to_disk = dump_to_disk
    resources.Store.try_load_from_disk = lambda store: None

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    with open(port_file + ".tmp", "w") as file:
        file.write(str(port))
    os.replace(port_file + ".tmp", port_file)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        web.run_app(app, sock=listener, print=None, access_log=logging.getLogger("aiohttp.access"))
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

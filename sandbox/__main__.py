"""`python -m sandbox [--port N] [--db PATH]`: the same server as `connect-cert sandbox serve`."""

from __future__ import annotations

import argparse

from connect_cert.sandbox.server import serve


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--db", default=None, help="SQLite file; in memory when omitted")
    args = parser.parse_args()
    try:
        serve(port=args.port, db=args.db)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()

"""`auditor serve`: run the workbench with uvicorn on this machine (127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_DATA = "auditor-data"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = sub.add_parser("serve", help="the web workbench: upload reports, ranking, report pages, downloads")
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help="address to listen on (default %(default)s: only this computer can connect)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="default %(default)s")
    serve.add_argument("--data", default=DEFAULT_DATA, metavar="FOLDER",
                       help="folder for the database and uploaded files (default ./%(default)s)")
    serve.add_argument("--index", metavar="FILE", help="corpus index (auditor index add) to find copied text")
    serve.add_argument("--processes", type=int, default=1, metavar="N",
                       help="audit processes (default %(default)s; each holds the pipeline in memory)")


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from auditor.web.app import LOOPBACK_ADDRESSES, LOOPBACK_NAMES, create_app

    if args.index and not Path(args.index).is_file():
        print(f"auditor: error: {args.index}: index file not found (build it with: auditor index add PATH… "
              "--index FILE)", file=sys.stderr)
        return 2
    if args.host not in LOOPBACK_ADDRESSES:
        print(f"auditor: warning: listening on {args.host}: other computers on the network can reach the workbench "
              "(it has no login)", file=sys.stderr)
    app = create_app(args.data, index=args.index, processes=max(1, args.processes),
                     hosts=LOOPBACK_NAMES if args.host in LOOPBACK_ADDRESSES else None)
    print(f"工作台已启动：http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/ "
          f"（数据保存在 {Path(args.data).resolve()}，按 Ctrl+C 停止）", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0

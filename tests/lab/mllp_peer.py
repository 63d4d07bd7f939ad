#!/usr/bin/env python3
"""A minimal HL7 v2 peer over MLLP for the medical lab (tests/lab/run-medical-lab.sh).

    mllp_peer.py listen ADDR PORT --app APP --facility FAC [--connections N]
    mllp_peer.py send HOST PORT --message FILE [--split]

listen: accepts N connections (default 1) on ADDR:PORT; for every message in an MLLP block
(0x0B ... 0x1C 0x0D) it answers an ACK (MSH from APP/FAC back to the sender, MSA|AA|<MSH-10>)
and prints one line naming the message type and the sending application.
send: reads FILE (one segment per line), sends it in one MLLP block and waits for the ACK;
--split writes the start block, the message and the end block separately (TCP_NODELAY), as
some interface engines do. Exits 0 only when the ACK says AA.

Every socket has a timeout, so neither side can hang the lab.
"""

import argparse
import socket
import sys
import time

SB, EB, CR = b"\x0b", b"\x1c", b"\r"
TIMEOUT_S = 20
MAX_MESSAGE = 1 << 20


def read_block(conn, pending):
    """The next MLLP block's message and what followed it; None at a clean end of stream."""
    buf = pending
    while True:
        end = buf.find(EB + CR)
        if end >= 0:
            start = buf.find(SB)
            if start < 0 or start > end:
                raise ValueError("MLLP block without start block")
            return buf[start + 1:end], buf[end + 2:]
        chunk = conn.recv(65536)
        if not chunk:
            if buf.strip():
                raise ValueError("stream ended inside an MLLP block")
            return None, b""
        buf += chunk
        if len(buf) > MAX_MESSAGE:
            raise ValueError("MLLP block too long")


def msh_fields(message):
    """MSH split on its own field separator: index n is MSH-(n+1), as in the decoder."""
    msh = message.split(CR)[0].decode("latin-1")
    if not msh.startswith("MSH") or len(msh) < 8:
        raise ValueError("message does not start with MSH")
    return msh.split(msh[3]), msh[3], msh[4]


def ack_for(message, app, facility):
    f, sep, component = msh_fields(message)
    get = lambda n: f[n - 1] if n - 1 < len(f) else ""  # noqa: E731 (MSH-n)
    trigger = get(9).split(component)[1] if component in get(9) else ""
    msg_type = "ACK" + (component + trigger if trigger else "")
    now = time.strftime("%Y%m%d%H%M%S")
    msh = sep.join(["MSH", f[1], app, facility, get(3), get(4), now, "", msg_type,
                    "ACK" + get(10), "P", get(12)])
    msa = sep.join(["MSA", "AA", get(10)])
    return (msh + "\r" + msa + "\r").encode("latin-1")


def listen(args):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((args.addr, args.port))
    srv.listen(4)
    srv.settimeout(TIMEOUT_S * 3)
    print(f"listening on {args.addr}:{args.port}", flush=True)
    for _ in range(args.connections):
        conn, peer = srv.accept()
        conn.settimeout(TIMEOUT_S)
        with conn:
            pending = b""
            while True:
                message, pending = read_block(conn, pending)
                if message is None:
                    break
                f, _, _ = msh_fields(message)
                print(f"received {f[8] if len(f) > 8 else '?'} from {f[2] if len(f) > 2 else '?'}"
                      f" at {peer[0]}", flush=True)
                conn.sendall(SB + ack_for(message, args.app, args.facility) + EB + CR)
    return 0


def send(args):
    with open(args.message, encoding="utf-8") as fh:
        segments = [line.rstrip("\n") for line in fh if line.strip()]
    body = ("\r".join(segments) + "\r").encode("utf-8")
    with socket.create_connection((args.host, args.port), timeout=TIMEOUT_S) as conn:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if args.split:
            for part in (SB, body, EB + CR):
                conn.sendall(part)
        else:
            conn.sendall(SB + body + EB + CR)
        ack, _ = read_block(conn, b"")
        conn.shutdown(socket.SHUT_WR)
    if ack is None:
        print("no ACK", flush=True)
        return 1
    msa = [s for s in ack.split(CR) if s.startswith(b"MSA")]
    print("ACK " + (msa[0].decode("latin-1") if msa else "without MSA"), flush=True)
    return 0 if msa and msa[0][4:6] == b"AA" else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    lp = sub.add_parser("listen")
    lp.add_argument("addr")
    lp.add_argument("port", type=int)
    lp.add_argument("--app", required=True)
    lp.add_argument("--facility", required=True)
    lp.add_argument("--connections", type=int, default=1)
    sp = sub.add_parser("send")
    sp.add_argument("host")
    sp.add_argument("port", type=int)
    sp.add_argument("--message", required=True)
    sp.add_argument("--split", action="store_true")
    args = ap.parse_args()
    try:
        return listen(args) if args.mode == "listen" else send(args)
    except (OSError, ValueError) as e:
        print(f"mllp_peer: {e}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())

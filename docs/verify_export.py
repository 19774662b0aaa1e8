#!/usr/bin/env python3
"""Independently verify an approve-run audit export (standard library only).

Usage: python3 verify_export.py EXPORT.jsonl [--trusted NOTE]

EXPORT.jsonl comes from `approve-run audit export --format jsonl`: one stored leaf per line,
byte for byte. Checks, for every line i: UTF-8, canonical JSON (RFC 8785, integers only),
the envelope (v, log, seq = i, prev = hash of line i-1, ts, type), one log id throughout,
and for every `checkpoint` entry that its note is for this log, covers exactly the i lines
before it and carries their RFC 6962 Merkle root. With --trusted, the export must contain
that checkpoint's tree. Signatures are not checked here (see docs/VERIFY.md).
Exit 0 intact, 1 not intact, 2 unreadable input.
"""
import base64, hashlib, json, re, sys

TYPES = {"request", "decision", "exec_start", "exec_end", "session_open", "session_revoke", "checkpoint", "policy_loaded"}
TS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\Z")


class Bad(Exception):
    pass


def refuse(text):
    raise ValueError("not an integer: " + text)


def canon(v):
    """RFC 8785 text of a parsed value: keys in UTF-16 order, integers only."""
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(canon(k) + ":" + canon(v[k]) for k in keys) + "}"
    if isinstance(v, list):
        return "[" + ",".join(canon(x) for x in v) + "]"
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, int):
        if abs(v) > 2**53 - 1:
            raise ValueError("integer out of range")
        return str(v)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in v):
        raise ValueError("lone surrogate")
    return json.dumps(v, ensure_ascii=False)


def sha(*parts):
    return hashlib.sha256(b"".join(parts)).digest()


def root(frontier):
    """RFC 6962 root from a frontier (perfect-subtree roots, largest first)."""
    if not frontier:
        return sha(b"")
    r = frontier[-1][1]
    for _, h in reversed(frontier[:-1]):
        r = sha(b"\x01", h, r)
    return r


def push(frontier, h):
    size = 1
    while frontier and frontier[-1][0] == size:
        size, h = size * 2, sha(b"\x01", frontier.pop()[1], h)
    frontier.append((size, h))


def check_note(note, origin, size, frontier, where):
    body = note.split("\n\n")[0].split("\n")
    if len(body) < 3 or body[0] != origin:
        raise Bad(f"WRONG_LOG: checkpoint {where} is not for {origin}")
    try:
        matches = body[1] == str(size) and base64.b64decode(body[2], validate=True) == root(frontier)
    except ValueError:
        matches = False
    if not matches:
        raise Bad(f"CHECKPOINT_MISMATCH: checkpoint {where} does not match the first {size} entries")


def verify(lines, trusted):
    prev, log, frontier, checkpoints = "0" * 64, None, [], 0
    for i, raw in enumerate(lines):
        try:
            text = raw.decode("utf-8")
            obj = json.loads(text, parse_float=refuse, parse_constant=refuse)
            if canon(obj) != text:
                raise ValueError("not canonical")
        except ValueError as e:
            raise Bad(f"NONCANONICAL at seq {i}: {e}")
        if not isinstance(obj, dict) or obj.get("v") != 1 or obj.get("type") not in TYPES or not TS.match(str(obj.get("ts"))):
            raise Bad(f"NONCANONICAL at seq {i}: bad envelope")
        log = obj["log"] if log is None else log
        if obj.get("log") != log:
            raise Bad(f"WRONG_LOG at seq {i}: entry of log {obj.get('log')}")
        if obj.get("seq") != i:
            raise Bad(f"SEQ_GAP at seq {i}: line holds seq {obj.get('seq')}")
        if obj.get("prev") != prev:
            raise Bad(f"PREV_MISMATCH at seq {i}: does not link to seq {i - 1}")
        if obj["type"] == "checkpoint":
            check_note(str(obj.get("note")), "approve-run/" + log, i, frontier, f"at seq {i}")
            checkpoints += 1
        h = sha(b"\x00", raw)
        push(frontier, h)
        prev = h.hex()
    if trusted is not None:
        size = int(trusted.split("\n")[1])
        if size > len(lines):
            raise Bad(f"BEHIND_TRUSTED at seq {len(lines)}: trusted checkpoint has {size} entries")
        part = []
        for raw in lines[:size]:
            push(part, sha(b"\x00", raw))
        check_note(trusted, "approve-run/" + str(log), size, part, "--trusted")
    return len(lines), checkpoints


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--trusted"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        data = open(argv[1], "rb").read()
        trusted = open(argv[3], encoding="utf-8").read() if len(argv) == 4 else None
    except OSError as e:
        print(f"cannot read: {e}", file=sys.stderr)
        return 2
    if data and not data.endswith(b"\n"):
        print("FAIL: export does not end with a newline (truncated?)")
        return 1
    try:
        entries, checkpoints = verify(data.split(b"\n")[:-1] if data else [], trusted)
    except Bad as e:
        print(f"FAIL: {e}")
        return 1
    except (ValueError, IndexError):
        print("cannot read the --trusted note", file=sys.stderr)
        return 2
    print(f"OK: {entries} entries, {checkpoints} checkpoint roots match (signatures not checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks data/disotto-hub.service (issue 12): the sandbox it promises,
and `systemd-analyze verify` on it when systemd is installed, with any
warning (an unknown key, a misspelt value) counted as a failure.

Usage: check-service.py UNIT HUB_BINARY BINDIR
UNIT is the configured unit, HUB_BINARY the built disotto-hub, BINDIR the
directory the unit names it in (replaced by the build's for verify)."""

import os
import shutil
import subprocess
import sys
import tempfile


def parse(path):
    """[(section, key, value)] in order; systemd allows a key twice."""
    entries = []
    section = None
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1]
                continue
            if "=" not in line or section is None:
                sys.exit(f"{path}:{number}: not a key=value line in a section")
            key, value = line.split("=", 1)
            entries.append((section, key.strip(), value.strip()))
    return entries


def check_keys(path):
    entries = parse(path)
    service = {}
    for section, key, value in entries:
        if section == "Service":
            service.setdefault(key, []).append(value)
    errors = []

    def expect(key, value):
        if value not in service.get(key, []):
            errors.append(f"[Service] {key}={value} is missing")

    expect("DynamicUser", "yes")
    expect("ProtectSystem", "strict")
    expect("StateDirectory", "disotto-hub")
    expect("NoNewPrivileges", "yes")
    expect("PrivateTmp", "yes")
    expect("SystemCallFilter", "@system-service")
    families = " ".join(service.get("RestrictAddressFamilies", [])).split()
    if sorted(families) != ["AF_INET", "AF_INET6", "AF_UNIX"]:
        errors.append(f"RestrictAddressFamilies must be AF_INET AF_INET6 AF_UNIX, not {families}")
    if service.get("CapabilityBoundingSet") != [""]:
        errors.append("CapabilityBoundingSet= must be empty: the hub needs no capability")
    starts = service.get("ExecStart", [])
    if len(starts) != 1:
        errors.append("one ExecStart")
    else:
        words = starts[0].split()
        if words[1:2] != ["serve"] or "--db" not in words:
            errors.append(f"ExecStart must run serve with --db: {starts[0]}")
        elif not words[words.index("--db") + 1].startswith("%S/disotto-hub/"):
            errors.append("the database must be in the StateDirectory, the only place it may write")
        if "--listen" not in words or not words[words.index("--listen") + 1].startswith("127.0.0.1:"):
            errors.append("the unit listens on loopback, for a reverse proxy with TLS")
    for error in errors:
        print(f"{path}: {error}", file=sys.stderr)
    return not errors


def verify(path, hub, bindir):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        print("systemd-analyze is not installed: only the keys were checked")
        return True
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, os.path.basename(path))
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # verify checks that the commands exist: name the built hub.
        text = text.replace(bindir + "/disotto-hub", os.path.abspath(hub))
        with open(copy, "w", encoding="utf-8") as f:
            f.write(text)
        result = subprocess.run([analyze, "verify", "--man=no", copy],
                                capture_output=True, text=True, check=False)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or output:
        print(f"systemd-analyze verify {path}: exit {result.returncode}\n{output}", file=sys.stderr)
        return False
    return True


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    path, hub, bindir = sys.argv[1:]
    ok = check_keys(path)
    ok = verify(path, hub, bindir) and ok
    if not ok:
        sys.exit(1)
    print(f"{path}: ok")


if __name__ == "__main__":
    main()

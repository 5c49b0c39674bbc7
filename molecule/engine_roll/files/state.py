"""Print, as JSON, what each node says of its dockerd: systemd's monotonic times at which
docker.service last left and entered the active state, the engine package's version, and each
node's availability as a manager sees it. Usage: state.py PREFIX NODES"""
import json
import subprocess
import sys
import time


def run(container, *argv):
    out = subprocess.run(["docker", "exec", container] + list(argv), capture_output=True, text=True, timeout=30, check=False)
    return out.stdout.strip() if out.returncode == 0 else None


def main(prefix, count):
    state = {"now": int(time.monotonic() * 1e6), "nodes": {}, "availability": None}
    for n in range(1, int(count) + 1):
        name = "%s-node%d" % (prefix, n)
        props = run(name, "systemctl", "show", "docker.service", "-p", "ActiveExitTimestampMonotonic",
                    "-p", "ActiveEnterTimestampMonotonic", "-p", "ActiveState") or ""
        entry = dict(line.split("=", 1) for line in props.splitlines() if "=" in line)
        entry["version"] = run(name, "dpkg-query", "-W", "-f", "${Version}", "docker.io")
        state["nodes"][name] = entry
        if state["availability"] is None:
            ls = run(name, "docker", "node", "ls", "--format", "{{.Hostname}} {{.Availability}}")
            if ls:
                state["availability"] = dict(line.split() for line in ls.splitlines())
    print(json.dumps(state))


if __name__ == "__main__":
    main(*sys.argv[1:3])

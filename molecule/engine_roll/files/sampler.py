"""Sample the swarm from outside it until a stop file appears, one JSON line per sample.

Each sample asks the managers in turn (docker exec) for `docker node ls` and the running tasks of
the service roll-web, and records which one answered: a manager answers only while the managers
have a quorum. Usage: sampler.py PREFIX OUT STOPFILE
"""
import json
import os
import subprocess
import sys
import time

SCRIPT = ("docker node ls --format '{{.Hostname}},{{.Status}},{{.Availability}},{{.ManagerStatus}}' && echo '#' && "
          "docker service ps roll-web --filter desired-state=running --format '{{.Node}},{{.CurrentState}}'")


def sample(prefix):
    for n in (1, 2, 3):
        try:
            out = subprocess.run(["docker", "exec", "%s-node%d" % (prefix, n), "sh", "-c", SCRIPT],
                                 capture_output=True, text=True, timeout=10, check=False)
        except subprocess.TimeoutExpired:
            continue
        if out.returncode == 0:
            nodes, tasks = (out.stdout.split("#\n", 1) + [""])[:2]
            return {"asked": n, "nodes": [line.split(",") for line in nodes.split()],
                    "tasks": [line.split(",", 1) for line in tasks.splitlines() if line]}
    return {"asked": None}


def main(prefix, out, stop):
    with open(out, "a") as log:
        while not os.path.exists(stop):
            started = time.monotonic()
            entry = sample(prefix)
            entry["t"] = int(started * 1e6)
            entry["t_end"] = int(time.monotonic() * 1e6)
            log.write(json.dumps(entry) + "\n")
            log.flush()
            time.sleep(0.3)


if __name__ == "__main__":
    main(*sys.argv[1:4])

"""Copy a .deb with another version in its control file; the data member is kept as it is.

A stand-in for a newer engine package: the lab has one docker.io per Debian release, and an
upgrade test needs a second version. Usage: restamp_deb.py IN.deb OUT.deb SUFFIX
"""
import io
import sys
import tarfile


def members(blob):
    assert blob[:8] == b"!<arch>\n", "not an ar archive"
    pos = 8
    while pos < len(blob):
        header = blob[pos:pos + 60]
        name, size = header[:16].decode().strip().rstrip("/"), int(header[48:58])
        yield name, blob[pos + 60:pos + 60 + size]
        pos += 60 + size + size % 2


def header(name, size):
    return ("%-16s%-12s%-6s%-6s%-8s%-10s`\n" % (name, "0", "0", "0", "100644", size)).encode()


def restamp(control_tar, suffix):
    src = tarfile.open(fileobj=io.BytesIO(control_tar[1]), mode="r:*")
    out = io.BytesIO()
    dst = tarfile.open(fileobj=out, mode="w:gz")
    for info in src.getmembers():
        data = src.extractfile(info).read() if info.isfile() else None
        if info.name.lstrip("./") == "control":
            lines = [line + suffix if line.startswith("Version: ") else line for line in data.decode().split("\n")]
            data = "\n".join(lines).encode()
            info.size = len(data)
        dst.addfile(info, io.BytesIO(data) if data is not None else None)
    dst.close()
    return out.getvalue()


def main(src, dest, suffix):
    parts = list(members(open(src, "rb").read()))
    with open(dest, "wb") as out:
        out.write(b"!<arch>\n")
        for name, data in parts:
            if name.startswith("control.tar"):
                name, data = "control.tar.gz", restamp((name, data), suffix)
            out.write(header(name, len(data)) + data + (b"\n" if len(data) % 2 else b""))


if __name__ == "__main__":
    main(*sys.argv[1:4])

"""An execution environment that names this collection carries its requirements.

`ansible-builder create` writes the build context; the collection's own requirements are
merged in by the context's introspection step, which runs during the image build. There
is no registry for a base image here, so the test runs the build's two steps that matter
on this machine, with the context's own files: the galaxy stage's collection install
(from the tarball `ansible-galaxy collection build` makes, as a user gets it) and the
builder stage's introspect command, exactly as the generated Containerfile spells it.
"""
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
HERE = pathlib.Path(__file__).resolve().parent


def _run(*args, cwd=None, collections=""):
    # Only the image's collections path: ansible-galaxy skips a collection that it finds
    # installed on ANSIBLE_COLLECTIONS_PATH (this checkout, in make's environment).
    env = dict(os.environ, ANSIBLE_GALAXY_DISABLE_GPG_VERIFY="1", ANSIBLE_COLLECTIONS_PATH=str(collections))
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The build context, and the files the build's introspection step writes."""
    work = tmp_path_factory.mktemp("ee")
    _run(BIN / "ansible-galaxy", "collection", "build", "--force", "--output-path", work, ROOT)
    (tarball,) = work.glob("dockyard-swarm-*.tar.gz")
    tarball.rename(work / "dockyard-swarm.tar.gz")
    shutil.copy(HERE / "execution-environment.yml", work)
    _run(BIN / "ansible-builder", "create", "--file", "execution-environment.yml", "--context", "context", cwd=work)
    context = work / "context"
    containerfile = next(p for p in (context / "Containerfile", context / "Dockerfile") if p.exists()).read_text()

    # The galaxy stage: ansible-galaxy collection install in /build, the context's _build.
    collections = work / "usr-share-ansible-collections"
    galaxy = re.search(r"^RUN .*ansible-galaxy collection install (.*)$", containerfile, re.M)
    assert galaxy and "-r requirements.yml" in galaxy.group(1), "the Containerfile has no collection install step"
    _run(BIN / "ansible-galaxy", "collection", "install", "--no-deps", "-r", "requirements.yml",
         "--collections-path", collections, cwd=context / "_build", collections=collections)

    # The builder stage: the introspect command of the Containerfile, paths mapped here.
    introspect = re.search(r"^RUN \$PYCMD /output/scripts/introspect.py (introspect .*)$", containerfile, re.M)
    assert introspect, "the Containerfile has no introspect step"
    out = work / "output"
    out.mkdir()
    args = [arg.replace("/tmp/src/", f"{out}/") for arg in shlex.split(introspect.group(1))]
    _run(sys.executable, context / "_build" / "scripts" / "introspect.py", *args, collections, cwd=context / "_build")
    return {"context": context, "containerfile": containerfile, "collections": collections, "output": out}


def test_the_context_installs_the_collection_from_its_tarball(built):
    requirements = (built["context"] / "_build" / "requirements.yml").read_text()
    assert "collections/dockyard-swarm.tar.gz" in requirements
    assert (built["context"] / "_build" / "collections" / "dockyard-swarm.tar.gz").is_file()
    assert "--no-deps" in built["containerfile"]


def test_the_installed_collection_declares_its_requirements(built):
    meta = built["collections"] / "ansible_collections" / "dockyard" / "swarm" / "meta"
    assert (meta / "execution-environment.yml").is_file()
    assert (meta / "ee-requirements.txt").is_file()
    assert (meta / "ee-bindep.txt").is_file()


def test_the_python_requirements_carry_the_docker_sdk(built):
    lines = (built["output"] / "requirements.txt").read_text().splitlines()
    ours = [line.split("#")[0].strip() for line in lines if line.endswith("# from collection dockyard.swarm")]
    assert "docker>=4.0.0" in ours, lines
    assert "requests" in ours, lines
    # The execution environment's own list is kept beside them.
    assert "jmespath  # from collection user" in lines


def test_the_system_requirements_carry_the_ssh_client(built):
    lines = (built["output"] / "bindep.txt").read_text().splitlines()
    assert "openssh-client [platform:dpkg]  # from collection dockyard.swarm" in lines, lines
    assert "openssh-clients [platform:rpm]  # from collection dockyard.swarm" in lines, lines
    assert "git [platform:rpm]  # from collection user" in lines

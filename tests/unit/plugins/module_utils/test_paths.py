"""Which host directories a bind volume may bind."""
import pytest

from ansible_collections.dockyard.swarm.plugins.module_utils import _paths as paths


@pytest.mark.parametrize("path", ["/", "/etc", "/var", "/var/lib", "/srv", "/tmp", "/root", "/run", "/home", "/usr",
                                  "/usr/local/bin", "/bin", "/lib64", "/proc/1", "/sys/fs", "/dev/shm", "/boot/grub"])
def test_system_directories_are_refused(path):
    assert "system directory" in paths.path_problem(path)


@pytest.mark.parametrize("path", ["/srv/app", "/var/lib/postgresql", "/etc/app", "/opt/app/data", "/data",
                                  "/home/app/uploads", "/srv/usr", "/variable"])
def test_directories_of_their_own_are_accepted(path):
    assert paths.path_problem(path, ["/var/lib/docker"]) is None


def test_dockers_data_directory_below_it_and_above_it_are_refused():
    roots = ["/var/lib/docker", "/data/docker"]
    assert paths.path_problem("/var/lib/docker", roots) == "it is Docker's data directory /var/lib/docker"
    assert paths.path_problem("/var/lib/docker/volumes/x/_data", roots) == (
        "it is below Docker's data directory /var/lib/docker")
    assert paths.path_problem("/data", roots) == "it holds Docker's data directory /data/docker"
    assert paths.path_problem("/data/docker-old", roots) is None


def test_the_default_docker_root_is_checked_when_none_is_given():
    assert paths.path_problem("/var/lib/docker/volumes") == "it is below Docker's data directory /var/lib/docker"


@pytest.mark.parametrize("given, expected", [("//", "/"), ("//etc", "/etc"), ("///etc/", "/etc"),
                                             ("//var/lib/docker/", "/var/lib/docker"), ("/srv/app/", "/srv/app"),
                                             ("/var/lib/docker/../docker", "/var/lib/docker"), ("//srv//app", "/srv/app")])
def test_normalise_reads_a_path_as_linux_does(given, expected):
    assert paths.normalise(given) == expected


@pytest.mark.parametrize("path", ["//", "//etc", "//home/", "//usr/bin", "//var/lib/docker"])
def test_two_leading_slashes_do_not_slip_past_the_checks(path):
    assert paths.path_problem(paths.normalise(path)) is not None

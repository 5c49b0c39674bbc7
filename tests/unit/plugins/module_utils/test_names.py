"""Docker's naming rules for secrets, configs and volumes, and label filters that match one value."""
import pytest

from ansible_collections.dockyard.swarm.plugins.module_utils import _names as n


@pytest.mark.parametrize("name", ["db", "d", "db_password", "a.b-c_d", "A1", "x" * 64])
def test_valid_swarm_object_names(name):
    assert n.swarm_object_name_problem(name) is None


@pytest.mark.parametrize("name, words", [
    ("", "it is empty"),
    (None, "it is empty"),
    ("_db", "start and end with a letter or a digit"),
    ("db-", "start and end with a letter or a digit"),
    ("db password", "only letters, digits"),
    ("db/password", "only letters, digits"),
    ("x" * 65, "it is 65 characters long, and Docker allows at most 64"),
])
def test_invalid_swarm_object_names_say_why(name, words):
    assert words in n.swarm_object_name_problem(name)


def test_the_version_suffix_counts_in_the_length():
    assert n.swarm_object_name_problem("x" * 61, "_v1") is None
    problem = n.swarm_object_name_problem("x" * 62, "_v1")
    assert problem == ('with the version suffix "_v1" it is 65 characters long, and Docker allows at most 64; '
                       'use a name of at most 61 characters')
    assert n.swarm_object_name_problem("x" * 61, "_v10") is not None
    assert n.swarm_object_name_problem("x" * 60, "_v10") is None


def test_the_suffix_makes_a_trailing_separator_valid():
    # rotate: true names end in the version number, so "db-" makes "db-_v1", which Docker accepts.
    assert n.swarm_object_name_problem("db-", "_v1") is None


@pytest.mark.parametrize("name", ["ab", "app_data", "shop_page.v2", "9lives", "a" * 255])
def test_valid_volume_names(name):
    assert n.volume_name_problem(name) is None


@pytest.mark.parametrize("name, words", [
    ("", "it is empty"),
    ("a", "at least two characters"),
    ("-ab", "start with a letter or a digit"),
    ("/srv/data", "only letters, digits"),
    ("my data", "only letters, digits"),
    ("a" * 256, "it is 256 characters long"),
])
def test_invalid_volume_names_say_why(name, words):
    assert words in n.volume_name_problem(name)


def test_a_label_filter_matches_one_exact_value():
    assert n.label_filter("dockyard.swarm.secret", "db") == "dockyard.swarm.secret=db"


@pytest.mark.parametrize("key, value", [("dockyard.swarm.secret", ""), ("dockyard.swarm.secret", None), ("", "db")])
def test_a_label_filter_is_never_built_from_an_empty_value(key, value):
    # The engine reads "key=" as "any value": every object with that label would match.
    with pytest.raises(ValueError):
        n.label_filter(key, value)


@pytest.mark.parametrize("name", ["shop", "Shop", "web-1", "a_b", "s" * 61])
def test_valid_stack_names(name):
    assert n.stack_name_problem(name) is None


@pytest.mark.parametrize("name, words", [("", "it is empty"), (" ", "only letters and digits"),
                                         ("a.b", "only letters and digits"), ("shop/v2", "only letters and digits"),
                                         ("-shop", "only letters and digits"), ("s" * 62, "62 characters long")])
def test_invalid_stack_names_say_why(name, words):
    assert words in n.stack_name_problem(name)

from pathlib import Path

import pytest

from dashboard.errors import UsageError
from dashboard.settings import SETTINGS, load_settings, parse_bool


@pytest.mark.parametrize(
    "text, expected",
    [("1", True), ("true", True), ("Yes", True), ("on", True),
     ("0", False), ("False", False), ("no", False), ("off", False), ("", False)],
)
def test_booleans_are_parsed_explicitly(text, expected):
    assert parse_bool(text, name="debug") is expected


def test_false_in_the_environment_means_false():
    # bool("False") is True: the classic mistake this guards against.
    assert load_settings(environ={"JOB_ATLAS_DEBUG": "False"}).debug is False


@pytest.mark.parametrize(
    "environ, overrides, field, expected",
    [
        ({}, {}, "port", 8050),
        ({"PORT": "9000"}, {}, "port", 9000),
        ({"PORT": "9000", "JOB_ATLAS_PORT": "9100"}, {}, "port", 9100),
        ({"JOB_ATLAS_PORT": "9100"}, {"port": 9200}, "port", 9200),
        ({}, {"host": "0.0.0.0"}, "host", "0.0.0.0"),
        ({"JOB_ATLAS_DATA_DIR": "/tmp/cube"}, {}, "data_dir", Path("/tmp/cube")),
        ({}, {"port": None}, "port", 8050),
    ],
)
def test_precedence_is_flag_then_environment_then_default(environ, overrides, field, expected):
    assert getattr(load_settings(overrides, environ=environ), field) == expected


@pytest.mark.parametrize(
    "environ, overrides, message",
    [
        ({"JOB_ATLAS_PROT": "1"}, {}, "unknown setting JOB_ATLAS_PROT"),
        ({"PORT": "eighty"}, {}, "expected a whole number"),
        ({"JOB_ATLAS_DEBUG": "maybe"}, {}, "setting debug"),
        ({}, {"colour": "red"}, "unknown setting 'colour'"),
    ],
)
def test_bad_settings_say_how_to_fix_them(environ, overrides, message):
    with pytest.raises(UsageError, match=message):
        load_settings(overrides, environ=environ)


def test_every_setting_has_help():
    assert all(setting.help for setting in SETTINGS)

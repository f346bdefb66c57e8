"""The up-front check behind the ``spark`` marker (tests/conftest.py): it finds Java as Spark's launcher does."""

from __future__ import annotations

import pytest
from conftest import _java_command, java_major


@pytest.mark.parametrize(("output", "major"), [
    ('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)', 17),
    ('openjdk version "21" 2023-09-19', 21),
    ('java version "1.8.0_292"', 8),
    ("Error: could not find libjava.so", None),
])
def test_the_java_major_version_is_read_from_java_version(output, major):
    assert java_major(output) == major


def test_java_home_pointing_nowhere_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "nowhere"))
    assert _java_command() == (None, f"JAVA_HOME={tmp_path / 'nowhere'} has no bin/java")


def test_without_java_home_java_is_looked_up_on_path(monkeypatch, tmp_path):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert _java_command() == (None, "no java on PATH and JAVA_HOME is unset")
    java = tmp_path / "java"
    java.write_text("#!/bin/sh\n")
    java.chmod(0o755)
    assert _java_command() == (str(java), "PATH")

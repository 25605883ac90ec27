"""The lazy registry: every name makes the template of that name, once, and loads no other."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from quizapp.templates import _WHERE, TEMPLATES, UnknownTemplate, get_template, preload
from quizapp.templates.base import Template


@pytest.mark.parametrize("name", sorted(_WHERE))
def test_each_name_makes_the_template_of_that_name(name: str) -> None:
    template = TEMPLATES[name]
    assert isinstance(template, Template)
    assert template.name == name
    assert TEMPLATES[name] is template  # made once, kept


def test_every_template_class_in_the_package_is_registered() -> None:
    import importlib
    import inspect
    import pkgutil

    import quizapp.templates as package

    found = set()
    for module in pkgutil.iter_modules(package.__path__):
        loaded = importlib.import_module(f"{package.__name__}.{module.name}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            named = isinstance(getattr(cls, "name", None), str) and bool(cls.name)
            if issubclass(cls, Template) and cls.__module__ == loaded.__name__ and named:
                found.add(cls.name)
    assert found == set(TEMPLATES)


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownTemplate, match=r"known templates: .*lstm_step"):
        get_template("no_such_template")
    assert "no_such_template" not in TEMPLATES
    preload(["no_such_template"])  # skipped, not raised: the loader reports unknown names


def test_asking_for_one_template_loads_only_its_module() -> None:
    code = (
        "import sys; from quizapp.templates import get_template; get_template('lstm_step'); "
        "print(sorted(m for m in sys.modules if m.startswith('quizapp.templates.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(out.stdout)  # a printed list of module names
    assert "quizapp.templates.lstm_step" in loaded
    assert "quizapp.templates.attention" not in loaded
    assert "quizapp.templates.bptt_sum" not in loaded


def test_threads_asking_at_once_get_one_template() -> None:
    code = (
        "import threading; from quizapp.templates import TEMPLATES\n"
        "got = []\n"
        "ts = [threading.Thread(target=lambda: got.append(TEMPLATES['gru_step'])) for _ in range(8)]\n"
        "[t.start() for t in ts]; [t.join() for t in ts]\n"
        "print(len({id(t) for t in got}), len(got))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "8"]

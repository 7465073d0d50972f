"""Why ``harness.extract(...)``, ``harness.score(...)``, ``harness.compare(...)`` and
``harness.report(...)`` can be called although each is also a package of the same name.

The notebook API (``harness.api``) reads as verbs on the top-level module, and the package
of each stage carries the same word (``harness/score/`` scores). Python binds
``harness.score`` to the subpackage as soon as anything imports it, which would hide a
function of that name; so each of these packages makes its module object callable, and the
call goes to the notebook API. ``import harness.score`` and ``from harness.score import
...`` work as before. The call looks the API up by name when it is made: the stage packages
import nothing from the floors above them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        api = importlib.import_module("harness.api")
        return getattr(api, self.__dict__["__api_verb__"])(*args, **kwargs)


def make_callable(module_name: str, verb: str) -> None:
    """Let ``module_name`` (a package's ``__name__``) be called as ``harness.api.<verb>``."""
    module = sys.modules[module_name]
    module.__class__ = _CallablePackage
    module.__dict__["__api_verb__"] = verb

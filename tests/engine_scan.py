"""What each of xlwings' own engines implements, read from its source (no Excel needed).

xlwings' front classes (``xlwings/main.py``) delegate every operation to an engine's
implementation class of the same name: ``Range.left`` reads ``self.impl.left``. An engine
module (``_xlwindows.py`` for Windows' COM, ``_xlmac.py`` for macOS' AppleScript,
``pro/_xlremote.py`` for xlwings Lite and Server) implements an operation by defining it
in that class; what it does not define falls back to ``xlwings/base_classes.py``, whose
members raise :class:`NotImplementedError`. Some engines define an operation only to
refuse it (``raise NotImplementedError("use await get_left()")``), always or in some
states (``ChartSeriesCollection.__iter__`` before ``await chart.get_series()``).

:class:`Scan` reads the three modules of one xlwings source tree with :mod:`ast` (nothing
is imported, so it reads Windows' and Lite's engines on any machine) and answers, for an
operation of a front class (``("Range", "left", "get")``), how each engine stands:
``"implemented"``, ``"absent"`` (the front class has no such member in this version),
``"missing"`` (left to the base class), ``"refused"`` (always raises
NotImplementedError) or ``"may refuse"`` (raises it in some states). Operations are
``get`` and ``set`` for properties, ``call`` for methods (``__iter__`` for iteration).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: The engine modules, by the name the tests give each engine.
ENGINES = {
    "windows": "_xlwindows.py",
    "mac": "_xlmac.py",
    "remote": "pro/_xlremote.py",
}

#: Front members that reach the engine through another front member.
_THROUGH = {
    ("Range", "value", "get"): ("Range", "raw_value", "get"),
    ("Range", "value", "set"): ("Range", "raw_value", "set"),
    ("Range", "options", "call"): None,  # a front object only
    ("Sheet", "__getitem__", "call"): ("Sheet", "range", "call"),
    ("Sheets", "__getitem__", "call"): ("Sheets", "__call__", "call"),
    ("Sheets", "__iter__", "call"): ("Sheets", "__iter__", "call"),
}

IMPLEMENTED, MISSING, REFUSED, MAY_REFUSE = "implemented", "missing", "refused", "may refuse"
#: The front class itself has no such member in this version (``supports()`` is false).
ABSENT = "absent"

Operation = tuple[str, str, str]  # front class, member, "get" | "set" | "call"


def _raises_nie(node: ast.stmt) -> bool:
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _body(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.stmt]:
    body = list(func.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return body


def _self_calls(func: ast.AST) -> set[str]:
    return {
        node.func.attr
        for node in ast.walk(func)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
    }


@dataclass
class _Class:
    members: dict[tuple[str, str], ast.FunctionDef | ast.AsyncFunctionDef]  # (name, mode)
    helpers: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
    bases: list[str]


def _classes(tree: ast.Module) -> dict[str, _Class]:
    found: dict[str, _Class] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        members: dict[tuple[str, str], ast.FunctionDef | ast.AsyncFunctionDef] = {}
        helpers: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        for item in node.body:
            if (  # an alias: ``api = xl``
                isinstance(item, ast.Assign)
                and len(item.targets) == 1
                and isinstance(item.targets[0], ast.Name)
                and isinstance(item.value, ast.Name)
            ):
                alias, target = item.targets[0].id, item.value.id
                for (name, mode), func in list(members.items()):
                    if name == target:
                        members[alias, mode] = func
                continue
            if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            helpers[item.name] = item
            decorators = [ast.unparse(d) for d in item.decorator_list]
            if "property" in decorators:
                members[item.name, "get"] = item
            elif any(d.endswith(".setter") for d in decorators):
                members[item.name, "set"] = item
            else:
                members[item.name, "call"] = item
        bases = [ast.unparse(b) for b in node.bases]
        found[node.name] = _Class(members, helpers, bases)
    return found


def _status(cls: _Class, name: str, mode: str, classes: dict[str, _Class]) -> str:
    func = cls.members.get((name, mode))
    if func is None:
        for base in cls.bases:  # a shared base of the same module (``Collection``)
            if base in classes and not base.startswith("base_classes"):
                status = _status(classes[base], name, mode, classes)
                if status != MISSING:
                    return status
        return MISSING
    body = _body(func)
    if body and _raises_nie(body[0]):
        return REFUSED
    raising = [n for n in ast.walk(func) if isinstance(n, ast.Raise) and _raises_nie(n)]
    if raising:
        return MAY_REFUSE
    for helper in _self_calls(func):  # one level of the class's own helpers
        inner = cls.helpers.get(helper)
        if inner is not None and helper.startswith("_"):
            if any(isinstance(n, ast.Raise) and _raises_nie(n) for n in ast.walk(inner)):
                return MAY_REFUSE
    return IMPLEMENTED


def _delegations(main: ast.Module) -> dict[Operation, set[tuple[str, str]]]:
    """For each front member, the engine members it uses: ``self.impl.X`` read, set or
    called inside it."""
    found: dict[Operation, set[tuple[str, str]]] = {}
    for cls_name, cls in _classes(main).items():
        for (name, mode), func in cls.members.items():
            used: set[tuple[str, str]] = set()
            calls = {id(n.func) for n in ast.walk(func) if isinstance(n, ast.Call)}
            for node in ast.walk(func):
                if not (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Attribute)
                    and node.value.attr == "impl"
                    and isinstance(node.value.value, ast.Name)
                    and node.value.value.id == "self"
                ):
                    continue
                if isinstance(node.ctx, ast.Store):
                    used.add((node.attr, "set"))
                elif id(node) in calls:
                    used.add((node.attr, "call"))
                else:
                    used.add((node.attr, "get"))
            found[cls_name, name, mode] = used
    return found


class Scan:
    """The engines of one xlwings source tree (the folder of the ``xlwings`` package)."""

    def __init__(self, package: Path) -> None:
        self.package = package
        main = ast.parse((package / "main.py").read_text(encoding="utf-8"))
        self._front = _delegations(main)
        self._front_classes = _classes(main)
        self._engines = {
            engine: _classes(ast.parse((package / path).read_text(encoding="utf-8")))
            for engine, path in ENGINES.items()
            if (package / path).exists()
        }

    @property
    def engines(self) -> list[str]:
        return sorted(self._engines)

    def has_front(self, cls: str, name: str) -> bool:
        """Whether the front class ``cls`` has the member ``name`` in this version."""
        front = self._front_classes.get(cls)
        return front is not None and any(n == name for n, _ in front.members)

    def engine_members(self, operation: Operation) -> set[tuple[str, str]]:
        """The engine members ``operation`` of the front class reaches."""
        if operation in _THROUGH:
            target = _THROUGH[operation]
            return set() if target is None else self.engine_members(target)
        cls, name, mode = operation
        if name.startswith("__"):  # iteration and lookup go to the engine's own
            return {(name, "call")}
        used = self._front.get(operation)
        if used is None and mode == "call":  # a property read for a method call
            used = self._front.get((cls, name, "get"))
        return set() if used is None else used

    def status(self, engine: str, operation: Operation) -> str:
        """How ``engine`` stands on ``operation`` (the worst of the members it reaches)."""
        cls_name, member, _ = operation
        if operation not in _THROUGH and not member.startswith("__"):
            if not self.has_front(cls_name, member):
                return ABSENT
        classes = self._engines[engine]
        cls = classes.get(cls_name)
        order = [IMPLEMENTED, MAY_REFUSE, REFUSED, MISSING]
        worst = IMPLEMENTED
        for name, mode in self.engine_members(operation):
            status = MISSING if cls is None else _status(cls, name, mode, classes)
            if mode == "get" and status == MISSING and cls is not None:
                # a property read that the engine has as a method (``impl.charts``)
                status = _status(cls, name, "call", classes)
            worst = max(worst, status, key=order.index)
        return worst

    def lacking(self, engine: str, operations: Iterable[Operation]) -> dict[Operation, str]:
        """The operations ``engine`` does not always implement, with how it stands."""
        found = {op: self.status(engine, op) for op in operations}
        return {op: status for op, status in sorted(found.items()) if status != IMPLEMENTED}

"""The package layout of docs/CONTRIBUTING.md, checked on the import graph (read with ast).

- ``directory/`` and ``models/`` import nothing from ``webapp/`` (nor Flask):
  the web is an adapter on top, never called from below.
- Two sibling sub-packages (``directory.orders`` and ``directory.sync``,
  ``webapp.orders`` and ``webapp.models``, ...) never import each other both
  ways: one of them is the lower layer.
- No module is over 400 lines.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("directory", "models", "webapp")
MAX_LINES = 400
FLASK = ("flask", "flask_babel", "flask_wtf", "werkzeug", "jinja2")


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """Every module name ``path`` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    edges = {}
    for name, path in known.items():
        edges[name] = {
            target for target in imports_of(name, path) if target.split(".")[0] in PACKAGES
        }
    return edges


def sub_package(module: str) -> str | None:
    """The sub-package a module is in, one level below its top package (or None)."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    candidate = ".".join(parts[:2])
    return candidate if (ROOT / Path(*parts[:2]) / "__init__.py").exists() else None


def test_directory_and_models_import_nothing_from_the_web():
    upward = sorted(
        f"{name} imports {target}"
        for name, targets in graph().items()
        if name.split(".")[0] in ("directory", "models")
        for target in targets
        if target.split(".")[0] == "webapp"
    )
    flask = sorted(
        name
        for name, path in modules().items()
        if name.split(".")[0] in ("directory", "models")
        and any(t.split(".")[0] in FLASK for t in imports_of(name, path))
    )
    assert upward == []
    assert flask == []


def test_no_two_sibling_sub_packages_import_each_other():
    between = defaultdict(set)
    for name, targets in graph().items():
        source = sub_package(name)
        for target in targets:
            goal = sub_package(target)
            if source and goal and source != goal and source.split(".")[0] == goal.split(".")[0]:
                between[source].add(goal)
    both_ways = sorted(
        f"{a} <-> {b}"
        for a, goals in sorted(between.items())
        for b in goals
        if a < b and a in between.get(b, ())
    )
    assert both_ways == []


def test_no_top_package_imports_another_that_imports_it_back():
    between = defaultdict(set)
    for name, targets in graph().items():
        for target in targets:
            a, b = name.split(".")[0], target.split(".")[0]
            if a != b:
                between[a].add(b)
    assert (
        sorted(
            f"{a} <-> {b}"
            for a in sorted(between)
            for b in between[a]
            if a < b and b in between and a in between[b]
        )
        == []
    )


def test_no_module_is_over_400_lines():
    too_long = sorted(
        f"{path.relative_to(ROOT).as_posix()}: {lines}"
        for path in modules().values()
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    )
    assert too_long == []


def test_the_graph_reader_sees_relative_and_late_imports(tmp_path):
    """So the checks above can fail: an import inside a function, or a relative one, counts."""
    module = tmp_path / "mod.py"
    module.write_text("def f():\n    from webapp.orders import views\nfrom . import sibling\n")
    assert imports_of("directory.orders.mod", module) >= {
        "webapp.orders",
        "webapp.orders.views",
        "directory.orders",
        "directory.orders.sibling",
    }


def dn_literals(path: Path) -> list[str]:
    """Strings and f-strings that start like a DN of more than one RDN (``cn=x,ou=y``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if DN_START.match(text) and "," in text and "\n" not in text:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text}")
    return found


DN_START = re.compile(r"(cn|uid|ou|dc|seresOrderId)=[^,]*,", re.IGNORECASE)


def test_every_dn_in_directory_is_built_by_tree():
    """tree.py's promise: no other module of directory/ writes a DN of its own."""
    built = [
        line
        for name, path in modules().items()
        if name.startswith("directory.") and name != "directory.tree"
        for line in dn_literals(path)
    ]
    assert built == []

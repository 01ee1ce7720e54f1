"""The package's imports point one way: cli -> views -> run -> io -> engine -> standard -> ground.

Read from the source with `ast` (every import, at module level or inside a function), so a
circle or an upward import fails here before it can surprise anyone at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mdpoverty"

# rank of each subpackage; the ground is the package's top-level modules
LAYERS: dict[str | None, int] = {
    None: 0,
    "standard": 1,
    "engine": 2,
    "io": 3,
    "run": 4,
    "compare": 5,
    "explain": 5,
    "measures": 5,
    "report": 5,
    "cli": 6,
}
VIEWS = {name for name, rank in LAYERS.items() if rank == 5}
UI_LIBRARIES = {"typer", "rich", "click"}


def _module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, package: Path) -> list[tuple[str, int]]:
    """Every (absolute module, line) that `path` imports, names imported from a package included."""
    module = _module_name(path, package)
    pkg = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # `from . import x` may import a module x
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return found


def _modules(package: Path) -> dict[str, Path]:
    return {_module_name(p, package): p for p in sorted(package.rglob("*.py"))}


def _area(module: str) -> str | None:
    """The subpackage a module belongs to, None for the ground."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else None


def _graph(package: Path) -> dict[str, set[tuple[str, int]]]:
    modules = _modules(package)
    return {
        name: {(target, line) for target, line in _imports(path, package) if target in modules}
        for name, path in modules.items()
    }


def upward_imports(package: Path) -> list[str]:
    wrong = []
    for source, targets in _graph(package).items():
        a = _area(source)
        for target, line in sorted(targets):
            b = _area(target)
            if a == b:
                continue
            if a not in LAYERS or b not in LAYERS:
                wrong.append(f"{source}:{line}: {a if a not in LAYERS else b}/ is in no layer")
            elif LAYERS[b] > LAYERS[a] or (a in VIEWS and b in VIEWS):
                wrong.append(f"{source}:{line} imports {target} ({a or 'ground'} -> {b})")
    return sorted(set(wrong))


def import_circle(package: Path) -> list[str]:
    """One circle of imports, as the modules along it; empty when there is none."""
    graph = {m: {t for t, _ in ts if t != m} for m, ts in _graph(package).items()}
    # a module imports its own packages' __init__ implicitly; that edge is not a circle of ours
    graph = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return []

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return []


def terminal_uses(package: Path) -> list[str]:
    """typer, rich or click imported, or print/exit called, outside cli/."""
    wrong = []
    for name, path in _modules(package).items():
        if _area(name) == "cli":
            continue
        for target, line in _imports(path, package):
            if target.split(".")[0] in UI_LIBRARIES:
                wrong.append(f"{name}:{line} imports {target}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                called = f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")
                owner = getattr(getattr(f, "value", None), "id", "")
                if (called in {"print", "exit", "quit"} and owner in {"", "sys"}) or (
                    owner == "os" and called == "_exit"
                ):
                    wrong.append(f"{name}:{node.lineno} calls {called}")
            if isinstance(node, ast.Raise) and node.exc and "SystemExit" in ast.unparse(node.exc):
                wrong.append(f"{name}:{node.lineno} raises SystemExit")
    return wrong


def test_every_subpackage_has_a_layer_and_a_docstring():
    for init in PACKAGE.glob("*/__init__.py"):
        name = init.parent.name
        assert name in LAYERS, f"{name}/ is in no layer: add it to LAYERS (and the README)"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{name}/__init__.py must say what lives there"


def test_imports_point_down():
    assert upward_imports(PACKAGE) == []


def test_no_import_circle():
    assert import_circle(PACKAGE) == []


def test_core_never_touches_the_terminal():
    assert terminal_uses(PACKAGE) == []


def test_the_checks_see_what_they_must(tmp_path):
    """Lazy relative imports inside functions are seen; each kind of fault is reported."""
    pkg = tmp_path / "mdpoverty"
    for sub in ("engine", "run", "compare", "explain", "elsewhere"):
        (pkg / sub).mkdir(parents=True)
        (pkg / sub / "__init__.py").write_text('"""x"""\n')
    (pkg / "__init__.py").write_text("")
    (pkg / "errors.py").write_text("")
    (pkg / "engine" / "a.py").write_text("def f():\n    from ..run.b import g\n")
    (pkg / "run" / "b.py").write_text("from ..engine import a\n\ndef g(): pass\n")
    (pkg / "compare" / "c.py").write_text("import rich\nfrom ..explain import d\nprint(1)\n")
    (pkg / "explain" / "d.py").write_text("import sys\nsys.exit(3)\n")
    (pkg / "elsewhere" / "e.py").write_text("from .. import errors\n")
    assert upward_imports(pkg) == [
        "mdpoverty.compare.c:2 imports mdpoverty.explain (compare -> explain)",
        "mdpoverty.compare.c:2 imports mdpoverty.explain.d (compare -> explain)",
        "mdpoverty.elsewhere.e:1: elsewhere/ is in no layer",
        "mdpoverty.engine.a:2 imports mdpoverty.run.b (engine -> run)",
    ]
    assert import_circle(pkg) == ["mdpoverty.engine.a", "mdpoverty.run.b", "mdpoverty.engine.a"]
    assert terminal_uses(pkg) == [
        "mdpoverty.compare.c:1 imports rich",
        "mdpoverty.compare.c:3 calls print",
        "mdpoverty.explain.d:2 calls exit",
    ]

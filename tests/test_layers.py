"""Imports run one way, down the flow (issue 14): each package of riwaya imports only from itself
and from packages below it, so text processing never reaches up into storage or output, and
there are no import cycles — between packages (by the order) or between modules (checked here,
imports inside functions included)."""

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "riwaya"

# bottom first: «riwaya» is the package itself (its version), «i18n» the interface's language
# (gettext), «errors» the user-error type, «limits» the bounds of ids and sizes, «compiled» the
# on-disk cache of built lexicons
ORDER = ["riwaya", "i18n", "errors", "limits", "compiled", "text", "lexicon", "read", "extract", "check", "compare", "store", "corpus",
         "render", "web", "cli", "__main__"]


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["riwaya", *parts])


def _imports() -> dict[str, set[str]]:
    """Every module of src/riwaya and the riwaya modules it imports, anywhere in it."""
    modules = {_module(p): p for p in SRC.rglob("*.py")}
    out: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # «from riwaya.read import html» imports the module riwaya.read.html (and the
                # package's __init__, which Python runs first — but that is no dependency of
                # ours unless a name is taken from it)
                submodules = [f"{node.module}.{a.name}" for a in node.names
                              if f"{node.module}.{a.name}" in modules]
                targets = submodules + ([node.module] if len(submodules) < len(node.names) else [])
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            found.update(t for t in targets if t in modules)
        found.discard(name)
        out[name] = found
    return out


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "riwaya"


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_every_package_has_a_place_in_the_order():
    assert {_package(m) for m in _imports()} <= set(ORDER)


def test_no_package_imports_from_a_package_above_it():
    upward = sorted(f"{m} imports {t}" for m, targets in _imports().items() for t in targets
                    if ORDER.index(_package(t)) > ORDER.index(_package(m)))
    assert not upward, "\n".join(upward)


def test_no_import_cycles_between_modules():
    graph = _imports()
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_the_check_finds_an_upward_import_and_a_cycle():
    graph = {"riwaya.text.a": {"riwaya.store"}, "riwaya.store": {"riwaya.text.a"}}
    assert _cycle(graph) == ["riwaya.store", "riwaya.text.a", "riwaya.store"]
    assert ORDER.index(_package("riwaya.store")) > ORDER.index(_package("riwaya.text.a"))


def test_all_sql_is_behind_the_store():
    # corpus, web and the output layer call the Store's methods (a second backend needs only those)
    outside = sorted(f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py") if "store" not in p.parts
                     for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                     if "execute(" in line or "executemany(" in line or ".db." in line)
    assert not outside, "\n".join(outside)

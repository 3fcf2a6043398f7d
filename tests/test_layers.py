"""The import graph has layers, and no arrow runs back up: a module may import its own layer
and the layers below it, never one above (docs/architecture.md, "Layers"). Imports are read with
`ast`, including those inside functions, so a lazy import cannot hide an arrow."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "deepgrade"

# Lowest first. A module belongs to the layer of the longest prefix naming it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foundation", ("deepgrade", "deepgrade.errors", "deepgrade.textsafe", "deepgrade.messages")),
    ("data", ("deepgrade.results", "deepgrade.record")),
    ("rules", ("deepgrade.rules",)),
    ("code", ("deepgrade.submission", "deepgrade.fixtures", "deepgrade.sandbox")),
    ("config", ("deepgrade.config",)),
    ("engine", ("deepgrade.grading",)),
    ("inputs", ("deepgrade.collect", "deepgrade.overrides", "deepgrade.store", "deepgrade.similarity")),
    ("outputs", ("deepgrade.reports", "deepgrade.exporters")),
    ("runs", ("deepgrade.executors", "deepgrade.pipeline")),
    ("tools", ("deepgrade.authoring", "deepgrade.publish")),
    ("cli", ("deepgrade.cli", "deepgrade.__main__")),
)


def layer_of(module: str) -> int:
    best, best_len = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    assert best is not None, f"{module} is in no layer: add it to LAYERS (and to docs/architecture.md)"
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path, module: str) -> list[tuple[int, str]]:
    """(line, module) of every deepgrade import in the file, relative ones resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            # `from deepgrade.rules import lateness` imports deepgrade.rules.lateness
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name == "deepgrade" or name.startswith("deepgrade.")]


def arrows_up() -> list[str]:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        own = layer_of(module)
        for line, target in imported(path, module):
            # `from deepgrade.x import name` names a module or a thing in it: judge by the module
            while target.count(".") > 1 and not _exists(target):
                target = target.rpartition(".")[0]
            if layer_of(target) > own:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {module} ({LAYERS[own][0]}) imports "
                             f"{target} ({LAYERS[layer_of(target)][0]})")
    return wrong


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


def test_no_import_runs_back_up_a_layer():
    assert arrows_up() == []


def test_every_package_module_has_a_layer():
    for path in PACKAGE.rglob("*.py"):
        layer_of(module_name(path))


@pytest.mark.parametrize("source, target", [
    ("deepgrade/collect/inbox.py", "deepgrade.pipeline.grade"),
    ("deepgrade/record.py", "deepgrade.reports.build"),
])
def test_the_check_sees_an_arrow_up(tmp_path, monkeypatch, source, target):
    """The check itself fails on a planted upward import (else it could pass on anything)."""
    _plant(tmp_path, monkeypatch, source, f"    import {target}")
    wrong = arrows_up()
    assert len(wrong) == 1 and target in wrong[0] and source in wrong[0]


# The sandbox's two sides (docs/architecture.md, "Sandbox"). Code that runs inside the sandbox
# never needs the trusted client; the shared part (wire format, plain data) needs neither side.
# The package itself (``deepgrade.sandbox``) re-exports the client's names, so it counts as client.
SANDBOX_SIDES = {
    "inside": ("deepgrade.sandbox.client", "deepgrade.sandbox"),
    "shared": ("deepgrade.sandbox.client", "deepgrade.sandbox.inside", "deepgrade.sandbox"),
}


def _sandbox_module_of(target: str) -> str:
    """The module an imported name belongs to (``deepgrade.sandbox.inside.linux.MS_RDONLY``: linux)."""
    while target.count(".") > 1 and not _exists(target):
        target = target.rpartition(".")[0]
    return target


def side_crossings() -> list[str]:
    wrong = []
    for side, forbidden in SANDBOX_SIDES.items():
        for path in sorted((PACKAGE / "sandbox" / side).rglob("*.py")):
            module = module_name(path)
            for line, target in imported(path, module):
                target = _sandbox_module_of(target)
                for prefix in forbidden:
                    exact = prefix == "deepgrade.sandbox"
                    if (target == prefix) if exact else (target == prefix or target.startswith(prefix + ".")):
                        wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {module} ({side}) imports {target}")
                        break
    return wrong


def test_the_inside_of_the_sandbox_never_imports_its_client():
    assert side_crossings() == []


def test_every_sandbox_module_is_on_a_side():
    """No module sits flat in deepgrade/sandbox/ beside the package's re-exports."""
    flat = sorted(p.name for p in (PACKAGE / "sandbox").glob("*.py") if p.name != "__init__.py")
    assert flat == []


@pytest.mark.parametrize("source, line", [
    ("deepgrade/sandbox/inside/worker.py", "    from deepgrade.sandbox.client.proxy import Sandbox"),
    ("deepgrade/sandbox/inside/rootfs.py", "    from deepgrade.sandbox import Zygote"),
    ("deepgrade/sandbox/shared/wire.py", "    from deepgrade.sandbox.inside import plain"),
])
def test_the_side_check_sees_a_crossing(tmp_path, monkeypatch, source, line):
    """A planted lazy import from the inside to the client (or from shared to a side) is caught."""
    _plant(tmp_path, monkeypatch, source, line)
    wrong = side_crossings()
    assert len(wrong) == 1 and source in wrong[0]


def _plant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, line: str) -> None:
    """A copy of the package with ``line`` planted in a function at the end of ``source``
    (a lazy import), which the checks then read instead of the real package."""
    fake = tmp_path / "deepgrade"
    for path in PACKAGE.rglob("*.py"):
        copy = fake / path.relative_to(PACKAGE)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    planted = fake / Path(source).relative_to("deepgrade")
    planted.write_text(planted.read_text(encoding="utf-8") + f"\n\ndef _late():\n{line}\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)

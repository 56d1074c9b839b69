"""SQL is only ever parameterised: no value can reach a query's text, only constants can.

Every call of execute/query (and of the store's own ``_rows`` helper) must build its SQL text from
string literals and module constants (UPPER_CASE names), directly or through local variables that
are themselves built that way; values travel as parameters.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SQL_CALLS = {"execute", "executemany", "executescript", "query", "_rows", "_official_rows"}
FILES = sorted(p for folder in ("knowledge", "commands", "bot") for p in (ROOT / folder).rglob("*.py"))


def _constant_name(name: str) -> bool:
    return name.lstrip("_").isupper()


class Checker:
    """Decides whether an expression can only ever be text made of literals and constants."""

    def __init__(self, function: ast.AST | None) -> None:
        self.assigned: dict[str, list[ast.expr]] = {}
        self.loop_over: dict[str, ast.expr] = {}
        for node in ast.walk(function) if function else ():
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.For) and isinstance(node.target, ast.Name):
                self.loop_over[node.target.id] = node.iter

    def safe(self, node: ast.expr, depth: int = 0) -> bool:
        if depth > 10:
            return False
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str)
        if isinstance(node, ast.JoinedStr):
            return all(
                isinstance(part, ast.Constant)
                or (isinstance(part, ast.FormattedValue) and self.safe(part.value, depth + 1))
                for part in node.values
            )
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.safe(node.left, depth + 1) and self.safe(node.right, depth + 1)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, depth + 1) and self.safe(node.orelse, depth + 1)
        if isinstance(node, ast.Name):
            if _constant_name(node.id):
                return True
            if node.id in self.loop_over:
                source = self.loop_over[node.id]
                return isinstance(source, ast.Name) and _constant_name(source.id)
            values = self.assigned.get(node.id)
            return bool(values) and all(self.safe(v, depth + 1) for v in values)
        return False


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _unsafe_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for function in _functions(tree):
        checker = Checker(function)
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_CALLS
                and node.args
                and not checker.safe(node.args[0])
            ):
                # The store's row helpers pass their own `sql` parameter on: their callers are checked.
                if (
                    function.name in ("_rows", "_official_rows")
                    and isinstance(node.args[0], ast.Name)
                    and node.args[0].id == "sql"
                ):
                    continue
                where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
                found.append(f"{where}:{node.lineno}")
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_query_text_is_built_only_from_constants(path):
    assert _unsafe_calls(path) == []


@pytest.mark.parametrize(
    ("source", "safe"),
    [
        ('f"SELECT * FROM t WHERE a = {value}"', False),
        ('"SELECT * FROM t WHERE a = " + name', False),
        ('f"{_ENTRY_SELECT} AND e.id = ?"', True),
        ('"x" if admin else " AND e.recorded_by_id = ?"', True),
    ],
)
def test_the_checker_tells_values_from_constants(source, safe):
    assert Checker(None).safe(ast.parse(source, mode="eval").body) is safe


def test_a_value_in_the_store_s_sql_would_be_caught(tmp_path):
    source = (ROOT / "knowledge" / "store" / "__init__.py").read_text(encoding="utf-8")
    tampered = source.replace(
        '"SELECT * FROM owners WHERE plan = ? ORDER BY indicator", [plan]',
        "f\"SELECT * FROM owners WHERE plan = '{plan}' ORDER BY indicator\"",
    )
    assert tampered != source
    path = tmp_path / "store.py"
    path.write_text(tampered, encoding="utf-8")
    assert len(_unsafe_calls(path)) == 1

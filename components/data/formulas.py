"""Derived figures: a formula names other indicators and uses + - * / ( ) and round(); checked against its inputs."""

from __future__ import annotations

import ast
import math

import pandas as pd

from ..i18n import t
from .messages import Problem, located, rows

_ALLOWED_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub,
    ast.Constant, ast.Name, ast.Call, ast.Load,
)


class FormulaError(ValueError):
    """A formula that cannot be evaluated; str() is the English expectation, code/params the message."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = tuple(params.items())
        super().__init__(t(f"validation.expected.{code}", "en", **params))


def evaluate_formula(formula: str, values: dict[str, float]) -> float:
    """Evaluate a derived figure's formula against other indicators; raises FormulaError (a ValueError)."""
    try:
        tree = ast.parse(formula, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise FormulaError("formula_syntax") from None

    def ev(node):
        if not isinstance(node, _ALLOWED_NODES):
            raise FormulaError("formula_only")
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise FormulaError("formula_unknown_id", name=node.id)
            return values[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            a, b = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Div) and b == 0:
                raise FormulaError("formula_div0")
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            return a / b
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "round":
            args = [ev(a) for a in node.args]
            if len(args) not in (1, 2) or node.keywords:
                raise FormulaError("formula_round")
            return float(round(args[0], int(args[1]) if len(args) == 2 else None))
        raise FormulaError("formula_only")

    try:
        result = ev(tree)
    except (OverflowError, RecursionError):
        raise FormulaError("formula_nonfinite") from None
    if not math.isfinite(result):
        raise FormulaError("formula_nonfinite")
    return result


def formula_ids(formula: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(formula, mode="eval")) if isinstance(n, ast.Name)} - {"round"}


def check_formulas(table, df: pd.DataFrame) -> list[Problem]:
    out = []
    values = dict(zip(df["id"], df["value"]))
    for r in rows(df[df["kind"] == "derived"]):
        try:
            result = evaluate_formula(r.formula, values)
        except FormulaError as e:
            out.append(located(table, df, r._line, "formula", r.formula, e.code, **dict(e.params)))
            continue
        inputs = {s.strip() for s in r.inputs.split(";") if s.strip()}
        if inputs != formula_ids(r.formula):
            out.append(located(table, df, r._line, "inputs", r.inputs, "inputs_mismatch",
                                ids=";".join(sorted(formula_ids(r.formula)))))
        if abs(result - r.value) > 1e-9:
            out.append(located(table, df, r._line, "value", f"{r.value:g}", "derived_value", want=f"{result:g}",
                                formula=r.formula))
    return out


"""Arithmetic expressions of the stimulus protocol language.

Stage: model (imported by ``stimulus`` and the catalogue); imports nothing of the package.

The published scripts write thresholds and currents as small formulas: ``tspan(end)/10``,
``0.7*tspan(end) + 40``, ``-0.5 + 0.015*(t - 30)``, ``(t - 300)/12.5*4``. Keeping them as
formulas, evaluated in the script's order of operations, makes a protocol exact at the paper's
step and well defined at any other step. An expression is a number or a string using the
names ``t`` (grid time [ms]), ``t_end`` (the last grid time [ms]) and ``amp`` (the run's
amplitude), numbers, ``+ - * /``, unary minus and parentheses. Nothing else parses, so a
preset file can never run code.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import Any

NAMES = ("t", "t_end", "amp")

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_MAX_LENGTH = 200


class ExpressionError(ValueError):
    """An expression that is not in the protocol language."""


@dataclass(frozen=True, slots=True)
class Expr:
    """A parsed expression, stored as a nested tuple tree (hashable and comparable).

    Nodes are ``("num", value)``, ``("name", name)``, ``("neg", node)`` and
    ``(op, left, right)`` with ``op`` one of ``+ - * /``.
    """

    source: str
    tree: tuple

    @property
    def names(self) -> frozenset[str]:
        """The variable names the expression reads."""
        return frozenset(_names(self.tree))

    def evaluate(self, **values: Any) -> Any:
        """Evaluate with numbers or numpy arrays bound to the names, in source order."""
        return _evaluate(self.tree, values)

    def to_json(self) -> Any:
        """The tree as JSON-ready nested lists (for the browser twin)."""
        return _to_json(self.tree)


def parse(value: object) -> Expr:
    """Parse a TOML value (a number or a string) into an :class:`Expr`.

    Raises
    ------
    ExpressionError
        With a message that says what is wrong.
    """
    if isinstance(value, bool):
        raise ExpressionError("expected a number or an expression string, got a boolean")
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            raise ExpressionError(f"number {value!r} is not finite")
        return Expr(source=repr(number), tree=("num", number))
    if not isinstance(value, str):
        raise ExpressionError(
            f"expected a number or an expression string, got {type(value).__name__}"
        )
    if len(value) > _MAX_LENGTH:
        raise ExpressionError(f"expression longer than {_MAX_LENGTH} characters")
    try:
        node = ast.parse(value.strip(), mode="eval").body
    except SyntaxError as error:
        raise ExpressionError(f"cannot parse {value!r}: {error.msg}") from None
    return Expr(source=value.strip(), tree=_convert(node, value))


def _convert(node: ast.AST, source: str) -> tuple:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        number = float(node.value)
        if not math.isfinite(number):
            raise ExpressionError(f"number in {source!r} is not finite")
        return ("num", number)
    if isinstance(node, ast.Name):
        if node.id not in NAMES:
            allowed = ", ".join(NAMES)
            raise ExpressionError(f"unknown name {node.id!r} in {source!r} (allowed: {allowed})")
        return ("name", node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _convert(node.operand, source)
        if isinstance(node.op, ast.UAdd):
            return inner
        if inner[0] == "num":
            return ("num", -inner[1])
        return ("neg", inner)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return (_BINARY[type(node.op)], _convert(node.left, source), _convert(node.right, source))
    raise ExpressionError(
        f"{source!r} uses something outside the protocol language "
        "(numbers, t, t_end, amp, + - * /, parentheses)"
    )


def _evaluate(tree: tuple, values: dict[str, Any]) -> Any:
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "name":
        return values[tree[1]]
    if kind == "neg":
        return -_evaluate(tree[1], values)
    left = _evaluate(tree[1], values)
    right = _evaluate(tree[2], values)
    if kind == "+":
        return left + right
    if kind == "-":
        return left - right
    if kind == "*":
        return left * right
    return left / right


def _names(tree: tuple) -> list[str]:
    if tree[0] == "num":
        return []
    if tree[0] == "name":
        return [tree[1]]
    return [name for child in tree[1:] for name in _names(child)]


def _to_json(tree: tuple) -> Any:
    if tree[0] == "num":
        return tree[1]
    if tree[0] == "name":
        return tree[1]
    return [tree[0], *(_to_json(child) for child in tree[1:])]


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "num": 4, "name": 4}
_LATEX_NAMES = {"t": "t", "t_end": "T", "amp": r"I_0"}


def to_latex(expr: Expr, values: dict[str, float] | None = None) -> str:
    """LaTeX for the expression; names in ``values`` are replaced by their numbers."""
    return _latex(expr.tree, values or {})


def _format_number(value: float) -> str:
    text = f"{value:.6g}"
    return text.replace("e+0", r"\times 10^{").replace("e-0", r"\times 10^{-") + (
        "}" if "e" in f"{value:.6g}" else ""
    )


def _latex(tree: tuple, values: dict[str, float], parent: int = 0, right: bool = False) -> str:
    kind = tree[0]
    if kind == "num":
        text = _format_number(tree[1])
        return f"({text})" if tree[1] < 0 and (right or parent >= 2) else text
    if kind == "name":
        if tree[1] in values:
            return _latex(("num", values[tree[1]]), values, parent)
        return _LATEX_NAMES[tree[1]]
    if kind == "neg":
        return "-" + _latex(tree[1], values, _PRECEDENCE["neg"])
    precedence = _PRECEDENCE[kind]
    if kind == "/":
        return rf"\frac{{{_latex(tree[1], values)}}}{{{_latex(tree[2], values)}}}"
    left = _latex(tree[1], values, precedence)
    rhs = _latex(tree[2], values, precedence, right=True)
    symbol = {"+": " + ", "-": " - ", "*": r" \cdot "}[kind]
    text = left + symbol + rhs
    needs = precedence < parent or (right and precedence == parent and kind in "-/")
    return f"\\left({text}\\right)" if needs else text

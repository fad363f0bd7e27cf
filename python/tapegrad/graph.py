"""The computation graph as a picture: ``tg.to_dot(L)`` (Graphviz DOT text) and ``tg.draw(L, path)``.

As in the blog's pictures (and micrograd's ``draw_dot``), each value is a record showing its
label, data and grad, and each op is a small node of its own: edges run value -> op -> value.
The graph is walked from the output back to the leaves with an explicit stack (no recursion), so
a graph of a million ops draws as well as one of three.
"""

import numpy as np

from ._core import Tensor

__all__ = ["draw", "to_dot"]

# How each op appears: the symbol where the blog writes one, else the op's own name.
OP_LABELS = {"Add": "+", "Sub": "-", "Mul": "*", "Div": "/", "MatMul": "@", "Pow": "**"}

_INSTALL_HINT = (
    'tg.draw needs the graphviz Python package and Graphviz\'s "dot" program: '
    'pip install "tapegrad[graph]", and the system package (apt-get install graphviz, '
    "brew install graphviz, conda install graphviz, or https://graphviz.org/download/). "
    "tg.to_dot(tensor) gives the DOT text without either."
)


def _leaf_key(t):
    # Node.inputs wraps leaves in new Python objects: _uid names the tensor they share.
    return ("leaf", t._uid)


def _key(t):
    node = t.grad_fn
    return ("node", node._uid) if node is not None else _leaf_key(t)


def _labels(names):
    if names is None:
        return {}
    items = names.items() if hasattr(names, "items") else names
    labels = {}
    for name, value in items:
        # Anything that is not a Tensor is skipped, so that names=locals() works.
        if isinstance(value, Tensor):
            labels.setdefault(_key(value), str(name))
    return labels


def _escape(text):
    for ch in '\\{}|<>"':
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", " ")


def _fmt(array, max_values):
    array = np.asarray(array)
    if array.size == 1:
        return f"{array.item():.4f}"
    if array.size <= max_values:
        return np.array2string(
            array, separator=", ", max_line_width=10**6, formatter={"float_kind": lambda v: f"{v:.4g}"}
        ).replace("\n", "")
    return f"shape {array.shape}"


def _value_label(t, label, max_values):
    fields = [label] if label else []
    if t is None:
        fields.append("(not kept)")  # an intermediate that no variable and no saved input holds
    else:
        data = _fmt(t.numpy(), max_values)
        if t.numel() > max_values:
            data += f" {np.dtype(t.dtype)}"
        fields.append(f"data {data}")
        grad = t.grad
        fields.append("grad None" if grad is None else f"grad {_fmt(grad, max_values)}")
    return "{ " + " | ".join(_escape(f) for f in fields) + " }"


def to_dot(tensor, names=None, *, rankdir="LR", max_values=4):
    """The graph that produced ``tensor``, as Graphviz DOT text.

    ``names`` labels values: a mapping (or pairs) of name -> Tensor, such as
    ``{"a": a, "b": b, "L": L}`` or ``locals()`` (values that are not tensors are ignored).
    Values of up to ``max_values`` elements show their data and grad; larger ones their shape.
    An intermediate value's grad shows only if ``retain_grad()`` kept it, and its data only
    while it is alive ("(not kept)" once no variable and no op's saved inputs hold it). ``rankdir`` is
    Graphviz's layout direction ("LR": left to right, as the blog draws it; "TB": top to bottom).

    Args:
        tensor: The output whose graph is drawn (usually the loss).
        names: Labels for values: a mapping or pairs of name -> Tensor, or None.
        rankdir: ``"LR"``, ``"RL"``, ``"TB"`` or ``"BT"``.
        max_values: Values with at most this many elements show their data and grad.

    Returns:
        The DOT text, ending in a newline.

    Raises:
        TypeError: ``tensor`` is not a Tensor.
        ValueError: ``rankdir`` is not one of the four directions.
    """
    if not isinstance(tensor, Tensor):
        raise TypeError(f"to_dot: expected a tapegrad Tensor, got {type(tensor).__name__}")
    if rankdir not in ("LR", "RL", "TB", "BT"):
        raise ValueError(f"to_dot: rankdir must be one of LR, RL, TB, BT, got {rankdir!r}")
    labels = _labels(names)
    ids = {}  # value key -> DOT id
    values = []  # (DOT id, tensor or None, key)
    ops = {}  # node _uid -> (node, DOT id of its output value); holding the node keeps its _uid unique
    edges = []

    def value_id(key, t):
        if key not in ids:
            ids[key] = f"v{len(ids)}"
            values.append((ids[key], t, key))
        return ids[key]

    root = tensor.grad_fn
    value_id(_key(tensor), tensor)
    stack = [root] if root is not None else []
    outputs = {root._uid: tensor} if root is not None else {}
    constants = 0
    while stack:
        node = stack.pop()
        if node._uid in ops:
            continue
        out_key = ("node", node._uid)
        ops[node._uid] = (node, value_id(out_key, outputs.get(node._uid, node.output)))
        for inp in node.inputs:
            if isinstance(inp, Tensor):  # a leaf that requires a gradient
                src = value_id(_leaf_key(inp), inp)
            elif inp is None:  # an operand that needs no gradient: the tape keeps no link to it
                src = f"c{constants}"
                constants += 1
                values.append((src, None, None))
            else:  # the Node that produced this input
                src = value_id(("node", inp._uid), None)
                if inp._uid not in ops:
                    stack.append(inp)
            edges.append((src, node._uid))

    # Ops are numbered in tape order (not by their global sequence numbers), so the same graph
    # gives the same text in any process.
    order = sorted(ops, key=lambda uid: ops[uid][0].sequence_nr)
    op_ids = {uid: f"op{i}" for i, uid in enumerate(order)}
    lines = ["digraph tapegrad {", f"  graph [rankdir={rankdir}];", '  node [fontname="Helvetica"];']
    for vid, t, key in values:
        if key is None:
            lines.append(f'  {vid} [shape=record, style=dashed, label="{{ constant (no grad) }}"];')
            continue
        if t is None and key[0] == "node" and key[1] in ops:
            t = ops[key[1]][0].output
        lines.append(f'  {vid} [shape=record, label="{_value_label(t, labels.get(key), max_values)}"];')
    for uid in order:
        node, out_id = ops[uid]
        lines.append(f'  {op_ids[uid]} [label="{_escape(OP_LABELS.get(node.name, node.name))}"];')
        lines.append(f"  {op_ids[uid]} -> {out_id};")
    for src, uid in edges:
        lines.append(f"  {src} -> {op_ids[uid]};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def draw(tensor, path, names=None, *, rankdir="LR", max_values=4):
    """Renders ``to_dot(tensor, names)`` to ``path`` (``.svg``, ``.png`` or ``.pdf``); returns path.

    Needs the ``graphviz`` Python package (``pip install "tapegrad[graph]"``) and Graphviz's
    ``dot`` program from the system's package manager.

    Args:
        tensor: The output whose graph is drawn.
        path: The file to write; its extension chooses the format.
        names: Labels for values, as in ``to_dot``.
        rankdir: The layout direction, as in ``to_dot``.
        max_values: As in ``to_dot``.

    Returns:
        ``path``, as a string.

    Raises:
        ValueError: The extension is not ``.svg``, ``.png`` or ``.pdf``.
        ImportError: The graphviz package is missing.
        RuntimeError: Graphviz's ``dot`` program is missing.
    """
    import os

    path = os.fspath(path)
    fmt = os.path.splitext(path)[1].lstrip(".").lower()
    if fmt not in ("svg", "png", "pdf"):
        raise ValueError(f"draw: cannot tell the format from {path!r}: end the path in .svg, .png or .pdf")
    dot = to_dot(tensor, names, rankdir=rankdir, max_values=max_values)
    try:
        import graphviz
    except ImportError:
        raise ImportError(_INSTALL_HINT) from None
    try:
        data = graphviz.Source(dot).pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise RuntimeError(_INSTALL_HINT) from None
    with open(path, "wb") as fh:
        fh.write(data)
    return path

"""tg.to_dot / tg.draw: the blog's graph, value -> op -> value, no recursion, clear errors."""

import pathlib
import re
import shutil
import subprocess

import numpy as np
import pytest

import tapegrad as tg


def blog_graph():
    a, b, c, f = (tg.tensor(v, requires_grad=True) for v in (3.0, -2.0, 8.0, -2.0))
    e = a * b
    d = e + c
    L = d * f
    for t in (e, d, L):
        t.retain_grad()
    L.backward()
    return L, {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "L": L}


def parse(dot):
    """{id: label} for every node and the set of (src, dst) edges."""
    nodes = dict(re.findall(r'^\s*(\w+) \[.*?label="(.*?)"\];$', dot, flags=re.M))
    edges = set(re.findall(r"^\s*(\w+) -> (\w+);$", dot, flags=re.M))
    return nodes, edges


def by_name(nodes):
    return {label.strip("{} ").split(" | ")[0]: node for node, label in nodes.items() if node.startswith("v")}


def test_the_blog_graph_has_the_blogs_shape():
    L, names = blog_graph()
    nodes, edges = parse(tg.to_dot(L, names=names))
    v = by_name(nodes)
    assert set(v) == set("abcdefL")
    ops = {n: label for n, label in nodes.items() if n.startswith("op")}
    assert sorted(ops.values()) == ["*", "*", "+"]

    def op_between(inputs, output):
        (op,) = [o for o in ops if (o, v[output]) in edges]
        assert {src for src, dst in edges if dst == op} == {v[i] for i in inputs}
        return ops[op]

    assert op_between("ab", "e") == "*"
    assert op_between("ec", "d") == "+"
    assert op_between("df", "L") == "*"
    assert len(edges) == 9  # six value -> op edges, three op -> value edges


def test_values_show_data_and_grad_as_the_blog_does():
    L, names = blog_graph()
    nodes, _ = parse(tg.to_dot(L, names=names))
    labels = {k: nodes[n] for k, n in by_name(nodes).items()}
    assert labels["a"] == "{ a | data 3.0000 | grad 4.0000 }"
    assert labels["b"] == "{ b | data -2.0000 | grad -6.0000 }"
    assert labels["e"] == "{ e | data -6.0000 | grad -2.0000 }"
    assert labels["L"] == "{ L | data -4.0000 | grad 1.0000 }"


def test_names_accept_locals_and_skip_what_is_not_a_tensor():
    a = tg.tensor(2.0, requires_grad=True)
    y = a * a
    some_number = 3
    dot = tg.to_dot(y, names=locals())
    assert "{ a | data 2.0000 | grad None }" in dot
    assert "{ y | data 4.0000 | grad None }" in dot


def test_a_reused_leaf_is_one_node_and_unnamed_values_have_no_label():
    a = tg.tensor(3.0, requires_grad=True)
    y = a * a + a
    dot = tg.to_dot(y)
    nodes, _ = parse(dot)
    values = {n: label for n, label in nodes.items() if n.startswith("v")}
    assert sorted(values.values()) == [
        "{ (not kept) }",
        "{ data 12.0000 | grad None }",
        "{ data 3.0000 | grad None }",
    ]
    (leaf,) = [n for n, label in values.items() if "3.0000" in label]
    assert dot.count(f"{leaf} -> op") == 3  # twice into a * a, once into + a


def test_same_graph_same_text():
    L1, n1 = blog_graph()
    L2, n2 = blog_graph()
    assert tg.to_dot(L1, names=n1) == tg.to_dot(L2, names=n2)


def test_constants_layers_and_large_values():
    x = np.arange(6.0).reshape(3, 2)  # no gradient: a dashed constant node
    layer = tg.nn.Dense(2, 4)
    loss = tg.mse_loss(layer(x), np.zeros((3, 4)))
    dot = tg.to_dot(loss, names={"W": layer.weight, "loss": loss})
    assert "constant (no grad)" in dot
    assert "Dense" in dot and "MseLoss" in dot
    assert "{ W | data shape (2, 4) float64 | grad None }" in dot


def test_a_leaf_alone_and_a_long_chain_without_recursion():
    a = tg.tensor(1.5, requires_grad=True)
    nodes, edges = parse(tg.to_dot(a, names={"a": a}))
    assert list(nodes.values()) == ["{ a | data 1.5000 | grad None }"] and not edges
    y = a
    for _ in range(20000):
        y = y * 1.0
    nodes, edges = parse(tg.to_dot(y))
    assert len([n for n in nodes if n.startswith("op")]) == 20000


def test_labels_are_escaped():
    a = tg.tensor(1.0, requires_grad=True)
    dot = tg.to_dot(a * 2.0, names={'{x|"y"}': a})
    assert '\\{x\\|\\"y\\"\\}' in dot


def test_errors_name_the_problem(tmp_path):
    with pytest.raises(TypeError, match="Tensor"):
        tg.to_dot(3.0)
    with pytest.raises(ValueError, match="rankdir"):
        tg.to_dot(tg.tensor(1.0), rankdir="XY")
    with pytest.raises(ValueError, match=r"\.svg, \.png or \.pdf"):
        tg.draw(tg.tensor(1.0), tmp_path / "graph.gif")


def test_draw_without_the_graphviz_package_says_how_to_install_it(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_graphviz(name, *args, **kwargs):
        if name == "graphviz":
            raise ImportError("No module named 'graphviz'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_graphviz)
    with pytest.raises(ImportError, match=r'pip install "tapegrad\[graph\]"'):
        tg.draw(tg.tensor(1.0), tmp_path / "graph.svg")


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


@needs_dot
def test_the_dot_text_renders_with_graphviz(tmp_path):
    L, names = blog_graph()
    out = subprocess.run(["dot", "-Tsvg"], input=tg.to_dot(L, names=names), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "<svg" in out.stdout and ">L<" in out.stdout


@needs_dot
def test_draw_writes_svg_and_png(tmp_path):
    pytest.importorskip("graphviz")
    L, names = blog_graph()
    svg = tg.draw(L, tmp_path / "L.svg", names=names)
    assert "<svg" in pathlib.Path(svg).read_text()
    png = tg.draw(L, str(tmp_path / "L.png"), names=names)
    assert pathlib.Path(png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_leaves_sharing_memory_are_still_two_values():
    # Two leaf tensors over the same NumPy buffer are different values on the tape.
    buf = np.array([2.0])
    a = tg.from_numpy(buf)
    b = tg.from_numpy(buf)
    a.requires_grad = True
    b.requires_grad = True
    dot = tg.to_dot(a * b, names={"a": a, "b": b})
    assert "a |" in dot and "b |" in dot
    assert dot.count("shape=record") == 3  # a, b and the product

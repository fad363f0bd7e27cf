"""Draws the figures of docs/backprop-from-the-ground-up.md into docs/figures/ (or --out DIR).

    pip install "tapegrad[cli,graph]"     # matplotlib, tqdm, graphviz; plus Graphviz's dot program
    python docs/make_figures.py [--out DIR]

Every number in the figures is computed by tapegrad, as in the tutorial's code; CI runs this
script (.ci/docs_check.sh).
"""

import argparse
import os
import sys

import numpy as np

import tapegrad as tg
from tapegrad.train import plot_history, train

HERE = os.path.dirname(os.path.abspath(__file__))


def f(x):
    return 2 * x**2 - 3 * x + 4


def _figure(width, height):
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state

    return Figure(figsize=(width, height), layout="constrained")


def _save(fig, path):
    # No date in the metadata: the same figure gives the same file.
    metadata = {"Date": None} if path.endswith(".svg") else {}
    fig.savefig(path, dpi=100, metadata=metadata)
    print("wrote", path)


def fx_and_tangent(out):
    x0 = tg.tensor(2.0, requires_grad=True)
    y0 = f(x0)
    y0.backward()
    slope = x0.grad.item()  # 5.0, by backprop
    xs = np.linspace(-5, 5, 201)
    fig = _figure(6, 4)
    ax = fig.subplots()
    ax.plot(xs, f(xs), label="f(x) = 2x² - 3x + 4")
    ax.plot(xs, y0.item() + slope * (xs - 2.0), "--", label=f"tangent at x = 2: slope {slope:g}")
    ax.plot([2.0], [y0.item()], "o", color="black")
    ax.set(xlabel="x", ylabel="f(x)", ylim=(-20, 90), title="f and its slope at x = 2")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper center")
    _save(fig, os.path.join(out, "fx-tangent.png"))


def blog_graph(out):
    a = tg.tensor(3.0, requires_grad=True)
    b = tg.tensor(-2.0, requires_grad=True)
    c = tg.tensor(8.0, requires_grad=True)
    f_ = tg.tensor(-2.0, requires_grad=True)
    e = a * b
    d = e + c
    L = d * f_
    for t in (e, d, L):
        t.retain_grad()
    L.backward()
    names = {"a": a, "b": b, "c": c, "e": e, "d": d, "f": f_, "L": L}
    for ext in ("svg", "png"):
        print("wrote", tg.draw(L, os.path.join(out, f"graph-L.{ext}"), names=names))


def network_graph(out):
    model = tg.nn.Sequential(tg.nn.Dense(2, 2, activation="sigmoid"), tg.nn.Dense(2, 1, activation="sigmoid"))
    with tg.no_grad():
        for p, v in zip(model.parameters(), ([[0.2, 0.4], [0.1, 0.3]], [0.1, 0.2], [[0.5], [0.6]], [0.1])):
            p.numpy()[...] = v
    X = tg.tensor([[0.5, 0.3]])
    h = model[0](X)
    y = model[1](h)
    E = tg.mse_loss(y, [[0.7]])
    for t in (h, y, E):
        t.retain_grad()
    E.backward()
    names = {
        "W1": model[0].weight,
        "b1": model[0].bias,
        "W2": model[1].weight,
        "b2": model[1].bias,
        "hidden": h,
        "y": y,
        "E": E,
    }
    print("wrote", tg.draw(E, os.path.join(out, "graph-network.svg"), names=names))


def digits(out):
    images, labels = tg.datasets.load_digits()
    fig = _figure(8, 2.2)
    axes = fig.subplots(2, 10)
    for i, ax in enumerate(axes.flat):
        ax.imshow(images[i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(str(labels[i]), fontsize=10)
        ax.set_axis_off()
    _save(fig, os.path.join(out, "digits.png"))


def training_curves(out):
    result = train(seed=0, progress=None)
    plot_history(
        result.history,
        os.path.join(out, "digits-training.png"),
        title=f"python -m tapegrad train: test accuracy {100 * result.test_accuracy:.1f}%",
    )
    print("wrote", os.path.join(out, "digits-training.png"))


def physics_informed(out):
    """The tutorial's physics-informed network, trained by the tutorial's own block."""
    import re

    with open(os.path.join(HERE, "backprop-from-the-ground-up.md"), encoding="utf-8") as page:
        text = page.read()
    code = re.search(r"<!-- figure: physics-informed -->\n```python\n(.*?)```", text, flags=re.S).group(1)
    ns = {"tg": tg, "np": np}
    exec(compile(code, "backprop-from-the-ground-up.md", "exec"), ns)
    fig = _figure(8, 3)
    left, right = fig.subplots(1, 2)
    grid = ns["grid"].numpy().ravel()
    with tg.no_grad():
        left.plot(grid, ns["u"](ns["grid"]).numpy().ravel(), label="network u(x)", linewidth=2)
    left.plot(grid, np.sin(np.pi * grid), "--", label="sin(pi x)", color="black")
    left.set_xlabel("x")
    left.set_title(f"u'' = -pi^2 sin(pi x): largest error {ns['error']:.1e}")
    left.legend()
    right.semilogy(ns["losses"])
    right.set_xlabel("Adam step")
    right.set_title("loss: residual of u'' and boundary values")
    _save(fig, os.path.join(out, "physics-informed.png"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        default=os.path.join(HERE, "figures"),
        help="directory for the figures (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    for make in (fx_and_tangent, blog_graph, network_graph, digits, training_curves, physics_informed):
        make(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

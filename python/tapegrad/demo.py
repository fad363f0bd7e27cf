"""The documents' worked examples, computed by tapegrad and checked by finite differences."""

import numpy as np

import tapegrad as tg


def f(x):
    return 2 * x**2 - 3 * x + 4


def slopes():
    print("1. The slope of f(x) = 2x^2 - 3x + 4")
    print(f"   {'x':>6} {'f(x)':>10} {'backprop':>12} {'finite diff':>14}")
    for x0 in (2.0, 6.0, -2.0, 0.75):
        x = tg.tensor(x0, requires_grad=True)
        y = f(x)
        y.backward()
        print(f"   {x0:>6} {y.item():>10.4f} {x.grad.item():>12.6f} {tg.numeric_grad(f, x0):>14.6f}")


def chain_rule():
    print("\n2. L = (a*b + c) * f with a=3, b=-2, c=8, f=-2")
    a, b, c, f_ = (tg.tensor(v, requires_grad=True) for v in (3.0, -2.0, 8.0, -2.0))
    e = a * b
    d = e + c
    L = d * f_
    for t in (e, d, L):
        t.retain_grad()
    L.backward()
    values = {"L": L, "f": f_, "d": d, "e": e, "c": c, "a": a, "b": b}
    numeric = dict(zip("abcf", tg.numeric_grad(lambda a, b, c, f_: (a * b + c) * f_, a, b, c, f_)))
    print(f"   {'value':>6} {'data':>8} {'dL/d(value)':>12} {'finite diff':>12}")
    for name, t in values.items():
        fd = f"{float(numeric[name]):12.6f}" if name in numeric else ""
        print(f"   {name:>6} {t.item():>8.4f} {t.grad.item():>12.6f} {fd}")


def network():
    print("\n3. One SGD step of the 2-2-1 sigmoid network (E = (y - t)^2, lr = 0.1)")
    x = tg.tensor([[0.5, 0.3]])
    t = tg.tensor([[0.7]])
    model = tg.nn.Sequential(tg.nn.Dense(2, 2), tg.nn.Dense(2, 1))
    with tg.no_grad():
        for param, value in zip(
            model.parameters(), ([[0.2, 0.4], [0.1, 0.3]], [0.1, 0.2], [[0.5], [0.6]], [0.1])
        ):
            param.numpy()[...] = value
    w1, _b1, w2, b2 = model.parameters()
    hidden = model[0](x)
    y = model[1](hidden)
    hidden.retain_grad()
    y.retain_grad()
    E = tg.mse_loss(y, t)
    E.backward()
    numeric_w1 = tg.numeric_grad(lambda w: tg.mse_loss(model(x), t), w1)
    show = lambda a: np.array2string(np.asarray(a), precision=8, separator=", ").replace("\n", "")  # noqa: E731
    print(f"   hidden = {show(hidden)}")
    print(f"   y      = {show(y)}")
    print(f"   E      = {E.item():.8f}")
    print(f"   dE/dy  = {show(y.grad)}")
    print(f"   dE/dW2 = {show(w2.grad)}")
    print(f"   dE/dh  = {show(hidden.grad)}")
    print(f"   dE/dW1 = {show(w1.grad)}")
    print(f"            {show(numeric_w1)} (finite differences)")
    tg.optim.SGD(model.parameters(), lr=0.1).step()
    print(f"   after one step: W2 = {show(w2)}, b2 = {show(b2)}")
    with tg.no_grad():
        print(f"   E before {E.item():.8f}, after {tg.mse_loss(model(x), t).item():.8f}")
    print("   (The exercise's loop adds the gradient, w += lr * grad: that is gradient ascent and")
    print("    raises E. tapegrad descends, so its new weights are the ones printed above.)")


def main():
    slopes()
    chain_rule()
    network()

"""Fit y = sin(x) with a third-order polynomial, gradients by autograd, updates by hand.

PyTorch's "Learning PyTorch with Examples" (tensors and autograd), as written for PyTorch: only
the first line differs. The weights start from NumPy draws so that both libraries start equal.
"""

import math

import numpy as np

import tapegrad as torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)

x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)

a, b, c, d = (torch.tensor(rng.standard_normal(), requires_grad=True) for _ in range(4))

learning_rate = 1e-6
steps = 2000
for t in range(steps):
    y_pred = a + b * x + c * x**2 + d * x**3
    loss = (y_pred - y).pow(2).sum()
    if t % 500 == 499:
        print(t, loss.item())
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f"Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3")

"""A physics-informed network: u(x) learns u'' = -pi^2 sin(pi x) on [0, 1] with u(0) = u(1) = 0
(exact solution sin(pi x)) from a loss that contains u'', taken by autograd.grad with
create_graph=True twice."""

import math

import numpy as np

import tapegrad as torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)

u = torch.nn.Sequential(
    torch.nn.Linear(1, 16), torch.nn.Tanh(), torch.nn.Linear(16, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1)
)
with torch.no_grad():  # the same starting point in both libraries
    for p in u.parameters():
        p.copy_(torch.tensor(rng.uniform(-0.8, 0.8, tuple(p.shape))))
optimizer = torch.optim.Adam(u.parameters(), lr=0.01)
x = torch.linspace(0, 1, 25).reshape(-1, 1)
f = -(math.pi**2) * torch.sin(math.pi * x)
ends = torch.tensor([[0.0], [1.0]])

steps = 300
for t in range(steps):
    xs = x.clone().requires_grad_(True)
    (du,) = torch.autograd.grad(u(xs).sum(), xs, create_graph=True)
    (d2u,) = torch.autograd.grad(du.sum(), xs, create_graph=True)
    loss = ((d2u - f) ** 2).mean() + 100 * (u(ends) ** 2).mean()
    if t % 100 == 99:
        print(t, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.no_grad():
    print("largest error against sin(pi x):", (u(x) - torch.sin(math.pi * x)).abs().max().item())

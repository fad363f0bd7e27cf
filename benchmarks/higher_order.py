"""Higher-order gradients, tapegrad against PyTorch: the same code run with either library.

    python benchmarks/higher_order.py [--repeats 15] [--threads N]

Each workload is written once, against PyTorch's API (``lib`` is ``tapegrad`` or ``torch``), in
float64, and timed in interleaved blocks (``linear_vs_dense.py``'s timer): the median time per
call and PyTorch's time divided by tapegrad's are printed.

- hvp 2-2-1: a Hessian-vector product of the exercise's 2-2-1 sigmoid network's squared error
  with respect to its four parameter tensors (two reverse passes, the first recorded).
- pinn step: one training step of the tutorial's physics-informed network (a 1-24-24-1 tanh MLP,
  u'' by two recorded gradients at 33 points, the boundary values, backward, Adam).
- maml step: one meta-learning step on a 64-weight linear model: an inner SGD step taken with
  create_graph, the outer loss differentiated through it.
- gradient penalty: WGAN-GP's penalty (||d D(x) / dx|| - 1)^2 for a 16-64-64-1 tanh critic on a
  batch of 32, differentiated with respect to the critic's weights.
"""

import argparse
import math

import numpy as np
from linear_vs_dense import _medians_us

import tapegrad as tg

try:
    import torch
except ImportError:  # the torch column is left out
    torch = None


def hvp_221(lib):
    rng = np.random.default_rng(0)
    x = lib.tensor([[0.5, 0.3]])
    params = [lib.tensor(rng.uniform(-0.5, 0.5, s), requires_grad=True) for s in [(2, 2), (2,), (1, 2), (1,)]]
    vector = [lib.tensor(rng.standard_normal(tuple(p.shape))) for p in params]
    w1, b1, w2, b2 = params

    def step():
        y = lib.sigmoid(lib.sigmoid(x @ w1.T + b1) @ w2.T + b2)
        loss = ((y - 0.7) ** 2).sum()
        grads = lib.autograd.grad(loss, params, create_graph=True)
        dot = sum((g * v).sum() for g, v in zip(grads, vector))
        return lib.autograd.grad(dot, params)

    return step


def pinn_step(lib):
    lib.manual_seed(0)
    nn = lib.nn
    u = nn.Sequential(nn.Linear(1, 24), nn.Tanh(), nn.Linear(24, 24), nn.Tanh(), nn.Linear(24, 1))
    adam = lib.optim.Adam(u.parameters(), lr=0.001)
    points = lib.linspace(0, 1, 33).reshape(-1, 1)
    rhs = -(math.pi**2) * lib.sin(math.pi * points)
    ends = lib.tensor([[0.0], [1.0]])

    def step():
        x = points.clone().requires_grad_(True)
        (du,) = lib.autograd.grad(u(x).sum(), x, create_graph=True)
        (d2u,) = lib.autograd.grad(du.sum(), x, create_graph=True)
        loss = ((d2u - rhs) ** 2).mean() + (u(ends) ** 2).mean() * 100
        adam.zero_grad()
        loss.backward()
        adam.step()

    return step


def maml_step(lib):
    rng = np.random.default_rng(1)
    w = lib.tensor(rng.standard_normal(64), requires_grad=True)
    x, y = lib.tensor(rng.standard_normal(64)), lib.tensor(rng.standard_normal(64))

    def step():
        inner = ((x * w - y) ** 2).mean()
        (g,) = lib.autograd.grad(inner, w, create_graph=True)
        adapted = w - 0.1 * g
        outer = ((x * adapted - y) ** 2).mean()
        return lib.autograd.grad(outer, w)

    return step


def gradient_penalty(lib):
    lib.manual_seed(0)
    nn = lib.nn
    critic = nn.Sequential(nn.Linear(16, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1))
    params = list(critic.parameters())
    batch = lib.tensor(np.random.default_rng(2).standard_normal((32, 16)))

    def step():
        x = batch.clone().requires_grad_(True)
        (dx,) = lib.autograd.grad(critic(x).sum(), x, create_graph=True)
        penalty = ((dx.pow(2).sum(dim=1).sqrt() - 1) ** 2).mean()
        return lib.autograd.grad(penalty, params, allow_unused=True)  # the last bias does not reach dx

    return step


WORKLOADS = [
    ("hvp 2-2-1", hvp_221),
    ("pinn step", pinn_step),
    ("maml step", maml_step),
    ("gradient penalty", gradient_penalty),
]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--repeats", type=int, default=15, help="timed blocks per workload (the median is shown)"
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="threads for both libraries (default: theirs)"
    )
    args = parser.parse_args()
    if args.threads:
        tg.set_num_threads(args.threads)
        if torch is not None:
            torch.set_num_threads(args.threads)
    if torch is not None:
        torch.set_default_dtype(torch.float64)
    print(
        f"threads: tapegrad {tg.get_num_threads()}" + (f", torch {torch.get_num_threads()}" if torch else "")
    )
    print(f"{'workload':<20}{'tapegrad us':>13}{'torch us':>11}{'torch/tapegrad':>16}")
    for name, make in WORKLOADS:
        steps = [make(tg)] + ([make(torch)] if torch is not None else [])
        ours, theirs = [*_medians_us(steps, args.repeats), float("nan")][:2]
        print(f"{name:<20}{ours:>13.1f}{theirs:>11.1f}{theirs / ours:>16.2f}")


if __name__ == "__main__":
    main()

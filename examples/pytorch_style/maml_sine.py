"""MAML on sine waves (Finn et al. 2017): a network whose weights adapt to a new sine wave in one
SGD step. The inner step's gradient is taken with create_graph=True, so the outer loss is
differentiated through it (second derivatives); the forward pass takes the weights as arguments."""

import numpy as np

import tapegrad as torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)

shapes = [(32, 1), (32,), (32, 32), (32,), (1, 32), (1,)]
params = [torch.tensor(rng.uniform(-0.5, 0.5, s), requires_grad=True) for s in shapes]
meta_optimizer = torch.optim.Adam(params, lr=0.003)
inner_lr = 0.05


def forward(weights, x):
    h = torch.tanh(x @ weights[0].T + weights[1])
    h = torch.tanh(h @ weights[2].T + weights[3])
    return h @ weights[4].T + weights[5]


def task(n=10):
    amplitude, phase = rng.uniform(0.1, 5.0), rng.uniform(0.0, np.pi)
    x = rng.uniform(-5.0, 5.0, (2 * n, 1))
    y = amplitude * np.sin(x + phase)
    return torch.tensor(x[:n]), torch.tensor(y[:n]), torch.tensor(x[n:]), torch.tensor(y[n:])


steps = 200
for t in range(steps):
    meta_optimizer.zero_grad()
    loss = 0.0
    for _ in range(4):  # a meta-batch of four tasks
        x_train, y_train, x_test, y_test = task()
        inner = torch.nn.functional.mse_loss(forward(params, x_train), y_train)
        grads = torch.autograd.grad(inner, params, create_graph=True)
        adapted = [p - inner_lr * g for p, g in zip(params, grads)]
        loss = loss + torch.nn.functional.mse_loss(forward(adapted, x_test), y_test) / 4
    loss.backward()
    meta_optimizer.step()
    if t % 50 == 49:
        print(t, loss.item())

"""A Wasserstein critic with a gradient penalty (WGAN-GP, Gulrajani et al. 2017) between two
2-D point clouds: the penalty (|grad_x D(x)| - 1)^2 is differentiated with respect to the
critic's weights (second derivatives). The critic's activation is a custom autograd.Function
whose backward is written with tensor ops, so that it can be differentiated again."""

import numpy as np

import tapegrad as torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)


class SoftSign(torch.autograd.Function):
    """x / (1 + |x|), with d/dx = 1 / (1 + |x|)^2."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x / (1 + x.abs())

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output / (1 + x.abs()) ** 2


class Critic(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(2, 32)
        self.out = torch.nn.Linear(32, 1)

    def forward(self, x):
        return self.out(SoftSign.apply(self.hidden(x)))


critic = Critic()
with torch.no_grad():  # the same starting point in both libraries
    for p in critic.parameters():
        p.copy_(torch.tensor(rng.uniform(-0.7, 0.7, tuple(p.shape))))
optimizer = torch.optim.Adam(critic.parameters(), lr=0.002, betas=(0.5, 0.9))
real_points = rng.standard_normal((512, 2)) * 0.5 + np.array([2.0, 1.0])
fake_points = rng.standard_normal((512, 2))

steps = 150
for t in range(steps):
    batch = rng.integers(0, 512, 64)
    real, fake = torch.tensor(real_points[batch]), torch.tensor(fake_points[batch])
    mix = torch.tensor(rng.uniform(0, 1, (64, 1)))
    between = (mix * real + (1 - mix) * fake).requires_grad_(True)
    (slope,) = torch.autograd.grad(critic(between).sum(), between, create_graph=True)
    penalty = ((slope.norm(2, dim=1) - 1) ** 2).mean()
    loss = critic(fake).mean() - critic(real).mean() + 10 * penalty
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if t % 50 == 49:
        print(t, loss.item(), penalty.item())

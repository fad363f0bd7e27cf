"""A network whose depth changes every step: Python control flow picks how many times the fourth
and fifth order terms are reused (PyTorch's DynamicNet), trained by SGD with momentum."""

import math
import random

import numpy as np

import tapegrad as torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)
random.seed(0)  # Python's own generator picks the depth: the same in every library


class DynamicNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.tensor(rng.standard_normal()))
        self.b = torch.nn.Parameter(torch.tensor(rng.standard_normal()))
        self.c = torch.nn.Parameter(torch.tensor(rng.standard_normal()))
        self.d = torch.nn.Parameter(torch.tensor(rng.standard_normal()))
        self.e = torch.nn.Parameter(torch.tensor(rng.standard_normal()))

    def forward(self, x):
        y = self.a + self.b * x + self.c * x**2 + self.d * x**3
        for exp in range(4, random.randint(4, 6)):
            y = y + self.e * x**exp
        return y


x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)

model = DynamicNet()
criterion = torch.nn.MSELoss(reduction="sum")
optimizer = torch.optim.SGD(model.parameters(), lr=1e-8, momentum=0.9)
steps = 3000
for t in range(steps):
    y_pred = model(x)
    loss = criterion(y_pred, y)
    if t % 1000 == 999:
        print(t, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print(
    f"Result: y = {model.a.item()} + {model.b.item()} x + {model.c.item()} x^2 + {model.d.item()} x^3 "
    f"+ {model.e.item()} x^4 ? + {model.e.item()} x^5 ?"
)

"""A digits classifier in the usual PyTorch shape: TensorDataset and DataLoader, an nn.Sequential
MLP, CrossEntropyLoss, AdamW with a OneCycleLR schedule, gradient clipping, train() and eval()."""

import numpy as np

import tapegrad as torch
from tapegrad.datasets import load_digits  # the 8x8 digits as NumPy arrays (no download)

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)

images, labels = load_digits(dtype="float64")
order = rng.permutation(len(images))
train_idx, test_idx = order[:1500], order[1500:]
train_set = torch.utils.data.TensorDataset(torch.tensor(images[train_idx]), torch.tensor(labels[train_idx]))
x_test, y_test = torch.tensor(images[test_idx]), torch.tensor(labels[test_idx])


class NumpyShuffle(torch.utils.data.Sampler):
    """A new order every epoch, drawn by NumPy: the same in every library."""

    def __init__(self, n, seed):
        self.n, self.rng = n, np.random.default_rng(seed)

    def __iter__(self):
        return iter(self.rng.permutation(self.n).tolist())

    def __len__(self):
        return self.n


loader = torch.utils.data.DataLoader(train_set, batch_size=64, sampler=NumpyShuffle(len(train_set), 1))

model = torch.nn.Sequential(
    torch.nn.Linear(64, 128),
    torch.nn.ReLU(),
    torch.nn.Linear(128, 10),
)
with torch.no_grad():
    for param in model.parameters():
        param.copy_(torch.from_numpy(rng.uniform(-0.1, 0.1, tuple(param.shape))))

criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=1e-2)
epochs = 3
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-2, total_steps=epochs * len(loader))

steps = 0
for epoch in range(epochs):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        scheduler.step()
        steps += 1
    model.eval()
    with torch.no_grad():
        accuracy = (model(x_test).argmax(dim=1) == y_test).float().mean().item()
    print(
        f"epoch {epoch + 1}: loss {loss.item():.4f}, test accuracy {accuracy:.3f}, "
        f"lr {scheduler.get_last_lr()[0]:.5f}"
    )

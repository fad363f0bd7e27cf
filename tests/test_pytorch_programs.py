"""Small programs written for PyTorch, run unchanged under ``import tapegrad as torch``.

Each program is a function of the module it runs on (``torch`` or ``tapegrad``): its body is
the PyTorch program as people write it (the tutorial's polynomial fit, d2l's softmax regression
from scratch, makemore's character-level MLP, micrograd's own engine tests). Random draws differ
between the libraries (tapegrad has its own generator), so the initial values come from NumPy
and are handed to both; everything after that is the program's own code. Both runs must end on
the same numbers.
"""

import math

import numpy as np
import pytest

import tapegrad

from torch_oracle import torch as real_torch

LIBS = {"tapegrad": tapegrad, "torch": real_torch}


def both(program, *args):
    """The program's results under tapegrad and under PyTorch."""
    return program(tapegrad, *args), program(real_torch, *args)


def close(a, b, rtol=1e-10, atol=1e-12):
    for x, y in zip(a, b):
        np.testing.assert_allclose(
            np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64), rtol=rtol, atol=atol
        )


# --- PyTorch's tutorial: fit sin(x) with a third-order polynomial, updating by hand -----------


def polynomial_fit(torch, init):
    dtype = torch.float64
    x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
    y = torch.sin(x)
    a, b, c, d = (torch.tensor(v, dtype=dtype, requires_grad=True) for v in init)
    learning_rate = 1e-6
    for t in range(500):
        y_pred = a + b * x + c * x**2 + d * x**3
        loss = (y_pred - y).pow(2).sum()
        if t % 100 == 99:
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
    return [loss.item(), a.item(), b.item(), c.item(), d.item()]


def test_polynomial_fit_by_hand():
    init = np.random.default_rng(0).standard_normal(4).tolist()
    ours, theirs = both(polynomial_fit, init)
    close(ours, theirs, rtol=1e-9)
    # The fit heads for sin's Taylor series: b near 1 - ..., d near -1/6 (after 500 small steps).
    assert ours[0] < 200 and 0.4 < ours[2] < 1.0 and ours[4] < 0


# --- d2l: softmax regression from scratch ------------------------------------------------------


def softmax(X):
    X_exp = X.exp()
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition


def softmax_regression(torch, data, W0, b0):
    features, labels = (torch.tensor(a) for a in data)
    W = torch.tensor(W0, requires_grad=True)
    b = torch.tensor(b0, requires_grad=True)
    num_inputs = W.shape[0]

    def net(X):
        return softmax(torch.matmul(X.reshape((-1, num_inputs)), W) + b)

    def cross_entropy(y_hat, y):
        return -torch.log(y_hat[list(range(len(y_hat))), y])

    def accuracy(y_hat, y):
        if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
            y_hat = y_hat.argmax(axis=1)
        cmp = y_hat.type(y.dtype) == y
        return float(cmp.type(y.dtype).sum())

    def sgd(params, lr, batch_size):
        with torch.no_grad():
            for param in params:
                param -= lr * param.grad / batch_size
                param.grad.zero_()

    batch_size, lr, losses = 10, 0.1, []
    for _ in range(3):
        for i in range(0, len(features), batch_size):
            X, y = features[i : i + batch_size], labels[i : i + batch_size]
            l = cross_entropy(net(X), y)  # noqa: E741  (d2l's name)
            l.sum().backward()
            sgd([W, b], lr, batch_size)
        with torch.no_grad():
            losses.append(float(cross_entropy(net(features), labels).mean()))
    return [losses, accuracy(net(features), labels), W.detach().numpy(), b.detach().numpy()]


def test_softmax_regression_from_scratch():
    rng = np.random.default_rng(1)
    features = rng.standard_normal((60, 5))
    labels = (features @ rng.standard_normal((5, 3))).argmax(1)
    W0 = rng.normal(0, 0.01, (5, 3))
    ours, theirs = both(softmax_regression, (features, labels), W0, np.zeros(3))
    close(ours, theirs)
    assert ours[0][-1] < ours[0][0] and ours[1] > 30  # it learns


# --- makemore, part 2: a character-level MLP with an embedding table ------------------------

WORDS = [
    "emma",
    "olivia",
    "ava",
    "isabella",
    "sophia",
    "charlotte",
    "mia",
    "amelia",
    "harper",
    "evelyn",
    "abigail",
    "emily",
    "elizabeth",
    "mila",
    "ella",
    "avery",
    "sofia",
    "camila",
    "aria",
    "scarlett",
    "victoria",
    "madison",
    "luna",
    "grace",
    "chloe",
    "penelope",
    "layla",
    "riley",
    "zoey",
    "nora",
    "lily",
    "eleanor",
    "hannah",
    "lillian",
    "addison",
    "aubrey",
    "ellie",
    "stella",
    "natalie",
    "zoe",
    "leah",
]


def build_dataset(words, block_size=3):
    chars = sorted(set("".join(words)))
    stoi = {s: i + 1 for i, s in enumerate(chars)}
    stoi["."] = 0
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + ".":
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = [*context[1:], ix]
    return X, Y, len(stoi)


def char_mlp(torch, X_list, Y_list, init, batches):
    F = torch.nn.functional
    X, Y = torch.tensor(X_list), torch.tensor(Y_list)
    C, W1, b1, W2, b2 = (torch.tensor(p) for p in init)
    parameters = [C, W1, b1, W2, b2]
    for p in parameters:
        p.requires_grad = True
    lossi = []
    for ix in batches:
        ix = torch.tensor(ix)
        emb = C[X[ix]]  # (32, 3, 10)
        h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
        logits = h @ W2 + b2
        loss = F.cross_entropy(logits, Y[ix])
        for p in parameters:
            p.grad = None
        loss.backward()
        for p in parameters:
            p.data += -0.1 * p.grad
        lossi.append(loss.item())
    emb = C[X]
    h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
    logits = h @ W2 + b2
    full = F.cross_entropy(logits, Y)
    probs = F.softmax(logits[:5], dim=1)
    return [lossi, full.item(), probs.detach().numpy(), C.detach().numpy()]


def test_character_level_mlp_with_an_embedding_table():
    X, Y, vocab = build_dataset(WORDS)
    rng = np.random.default_rng(2147483647)
    init = [
        rng.standard_normal((vocab, 10)),
        rng.standard_normal((30, 100)) * 0.2,
        rng.standard_normal(100) * 0.01,
        rng.standard_normal((100, vocab)) * 0.01,
        np.zeros(vocab),
    ]
    batches = [rng.integers(0, len(X), 32).tolist() for _ in range(60)]
    ours, theirs = both(char_mlp, X, Y, init, batches)
    close(ours, theirs, rtol=1e-9)
    assert ours[0][-1] < ours[0][0]


# --- micrograd's own engine tests, which check micrograd against PyTorch ----------------------


def micrograd_sanity_check(torch):
    x = torch.Tensor([-4.0]).double()
    x.requires_grad = True
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    return [y.data.item(), x.grad.item()]


def micrograd_more_ops(torch):
    a = torch.Tensor([-4.0]).double()
    b = torch.Tensor([2.0]).double()
    a.requires_grad = True
    b.requires_grad = True
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    return [g.data.item(), a.grad.item(), b.grad.item()]


@pytest.mark.parametrize("program", [micrograd_sanity_check, micrograd_more_ops])
def test_micrograd_engine_tests(program):
    ours, theirs = both(program)
    close(ours, theirs, rtol=1e-12)


# --- bits of everyday PyTorch -----------------------------------------------------------------


def everyday(torch):
    torch.manual_seed(0)
    x = torch.arange(12, dtype=torch.float64).reshape(3, 4)
    out = []
    out.append(x[x > 5].sum().item())
    out.append(x.max(dim=1).values.tolist())
    out.append(x.argmax(dim=0).tolist())
    out.append(torch.cat([x, x * 2], dim=1).mean(0).tolist())
    out.append(torch.stack([x[0], x[1]]).std().item())
    out.append((x.T @ x).diagonal().tolist())
    out.append(torch.where(x > 4, x, torch.zeros_like(x)).sum().item())
    out.append(x.unsqueeze(0).expand(2, 3, 4).sum().item())
    out.append(torch.nn.functional.one_hot(torch.tensor([0, 2]), 3).tolist())
    out.append(torch.softmax(x, dim=1)[0].tolist())
    out.append(f"{x.mean():.4f}")
    w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    loss = ((x[:, :3] @ w - torch.ones(3, dtype=torch.float64)) ** 2).mean()
    loss.backward()
    out.append(w.grad.tolist())
    return out


def test_everyday_idioms():
    ours, theirs = both(everyday)
    for a, b in zip(ours, theirs):
        if isinstance(a, str):
            assert a == b
        else:
            np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-12)

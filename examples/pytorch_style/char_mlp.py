"""A character-level MLP with an embedding table (makemore, part 2): a context of three
characters, C[X] looks up their embeddings, one tanh layer, F.cross_entropy, SGD by hand."""

import numpy as np

import tapegrad as torch
import tapegrad.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)

words = (  # noqa: SIM905 (a list of names, written as text)
    "emma olivia ava isabella sophia charlotte mia amelia harper evelyn abigail emily "
    "elizabeth mila ella avery sofia camila aria scarlett victoria madison luna grace chloe "
    "penelope layla riley zoey nora lily eleanor hannah lillian addison aubrey ellie stella "
    "natalie zoe leah hazel "
).split()
chars = sorted(set("".join(words)))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
vocab = len(stoi)

block_size = 3
X, Y = [], []
for w in words:
    context = [0] * block_size
    for ch in w + ".":
        ix = stoi[ch]
        X.append(context)
        Y.append(ix)
        context = [*context[1:], ix]
X = torch.tensor(X)
Y = torch.tensor(Y)

C = torch.tensor(rng.standard_normal((vocab, 2)))
W1 = torch.tensor(rng.standard_normal((6, 100)) * 0.3)
b1 = torch.tensor(rng.standard_normal(100) * 0.1)
W2 = torch.tensor(rng.standard_normal((100, vocab)) * 0.1)
b2 = torch.zeros(vocab)
parameters = [C, W1, b1, W2, b2]
for p in parameters:
    p.requires_grad = True

steps = 300
for i in range(steps):
    ix = torch.from_numpy(rng.integers(0, X.shape[0], (32,)))  # a minibatch, drawn by NumPy
    emb = C[X[ix]]  # (32, 3, 2)
    h = torch.tanh(emb.view(-1, 6) @ W1 + b1)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, Y[ix])
    for p in parameters:
        p.grad = None
    loss.backward()
    lr = 0.1 if i < 200 else 0.01
    for p in parameters:
        p.data += -lr * p.grad

with torch.no_grad():
    emb = C[X]
    h = torch.tanh(emb.view(-1, 6) @ W1 + b1)
    loss = F.cross_entropy(h @ W2 + b2, Y)
print(f"loss on all {len(Y)} examples: {loss.item():.4f}")

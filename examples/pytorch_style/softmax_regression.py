"""Softmax regression from scratch (d2l, chapter 4): softmax written out with exp and sum,
cross-entropy by picking each row's true class with y_hat[range(n), y], minibatch SGD by hand."""

import numpy as np

import tapegrad as torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)

# Three Gaussian blobs in 4 dimensions, 300 samples, labels 0..2.
centers = rng.normal(0.0, 2.0, (3, 4))
labels = rng.integers(0, 3, 300)
features = torch.tensor(centers[labels] + rng.normal(0.0, 1.0, (300, 4)))
labels = torch.tensor(labels)

num_inputs, num_outputs = 4, 3
W = torch.tensor(rng.normal(0, 0.01, (num_inputs, num_outputs)), requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition


def net(X):
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])


def accuracy(y_hat, y):
    return float((y_hat.argmax(axis=1).type(y.dtype) == y).type(y.dtype).sum())


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


lr, num_epochs, batch_size = 0.1, 10, 30
steps = 0
for epoch in range(num_epochs):
    for i in range(0, len(features), batch_size):
        X, y = features[i : i + batch_size], labels[i : i + batch_size]
        l = cross_entropy(net(X), y)  # noqa: E741 (d2l's name)
        l.sum().backward()
        sgd([W, b], lr, batch_size)
        steps += 1
    with torch.no_grad():
        loss = cross_entropy(net(features), labels).mean()
        print(
            f"epoch {epoch + 1}, loss {loss.item():f}, "
            f"accuracy {accuracy(net(features), labels) / len(labels):.3f}"
        )

"""Long graphs: forward, backward and destruction without recursion anywhere."""

import gc
import time
import weakref

import numpy as np

import tapegrad as tg

N = 1_000_000  # y = y * 1.0 + 0.0 makes two nodes per step: a 2,000,000-node chain


def test_million_step_chain_forward_backward_and_free():
    x = tg.tensor([3.0], requires_grad=True)
    start = time.perf_counter()
    y = x
    for _ in range(N):
        y = y * 1.0 + 0.0
    assert y.grad_fn.name == "Affine"
    np.testing.assert_array_equal(y.numpy(), [3.0])
    y.backward()  # a recursive sweep would overflow the C stack long before this
    np.testing.assert_array_equal(x.grad, [1.0])
    wr = weakref.ref(y)
    del y  # destroying the chain must not recurse either
    gc.collect()
    assert wr() is None
    elapsed = time.perf_counter() - start
    assert elapsed < 60, f"the 2M-node chain took {elapsed:.1f} s"


def test_long_chain_freed_without_backward():
    x = tg.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(200_000):
        y = y * 1.0
    del y  # never backwarded: the chain is unlinked iteratively
    gc.collect()
    z = x * 2.0
    z.backward()
    np.testing.assert_array_equal(x.grad, [2.0])


def test_long_chain_with_real_gradient():
    # d/dx of x * 1.001^n is 1.001^n: the sweep carries a real value through every node.
    n = 20_000
    x = tg.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(n):
        y = y * 1.001
    y.backward()
    np.testing.assert_allclose(x.grad, [1.001**n], rtol=1e-9)


def test_wide_graph_reuse_sums_gradients():
    # One leaf used many times: every contribution is summed.
    x = tg.tensor([2.0], requires_grad=True)
    total = x * 0.0
    for k in range(1, 1001):
        total = total + x * float(k)
    total.backward()
    np.testing.assert_array_equal(x.grad, [sum(range(1, 1001))])


def test_diamond_graph_visits_shared_node_once_with_summed_gradient():
    x = tg.tensor([3.0], requires_grad=True)
    h = x * x  # dh/dx = 6
    y = h * 2.0 + h.exp() * 0.0 + h  # dy/dh = 3
    y.backward()
    np.testing.assert_array_equal(x.grad, [18.0])

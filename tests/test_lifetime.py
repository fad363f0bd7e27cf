"""Who keeps whom alive: views outlive tensors, tensors outlive arrays, graphs are freed."""

import gc
import sys
import threading
import weakref

import numpy as np

import tapegrad as tg


def test_numpy_view_outlives_its_tensor():
    t = tg.tensor(np.arange(5.0) * 1.5)
    view = t.numpy()
    wr = weakref.ref(t)
    del t
    gc.collect()
    assert wr() is None
    # Fill some fresh memory so a dangling view would likely read garbage.
    junk = [tg.tensor(np.full(5, -1.0)) for _ in range(50)]
    np.testing.assert_array_equal(view, np.arange(5.0) * 1.5)
    view[0] = 3.0  # still writable memory of its own
    assert view[0] == 3.0
    del junk


def test_array_protocol_and_memoryview_outlive_the_tensor():
    t = tg.tensor([1.0, 2.0, 3.0])
    a = np.asarray(t)
    m = memoryview(t)
    del t
    gc.collect()
    np.testing.assert_array_equal(a, [1.0, 2.0, 3.0])
    assert m.tolist() == [1.0, 2.0, 3.0]


def test_tensor_outlives_its_source_array():
    arr = np.linspace(0, 1, 7)
    expected = arr.copy()
    arr_ref = weakref.ref(arr)
    t = tg.from_numpy(arr)
    del arr
    gc.collect()
    assert arr_ref() is not None  # the tensor keeps the array alive
    np.testing.assert_array_equal(t.numpy(), expected)
    np.testing.assert_array_equal((t * 2.0).numpy(), expected * 2)
    del t
    gc.collect()
    assert arr_ref() is None  # and lets it go with the last tensor


def test_view_of_from_numpy_tensor_keeps_array_alive():
    arr = np.ones(4)
    arr_ref = weakref.ref(arr)
    view = tg.from_numpy(arr).numpy()
    del arr
    gc.collect()
    assert arr_ref() is not None
    np.testing.assert_array_equal(view, np.ones(4))
    del view
    gc.collect()
    assert arr_ref() is None


def test_grad_view_outlives_the_tensor():
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    (x * x * 0.5).sum().backward()
    g = x.grad
    del x
    gc.collect()
    np.testing.assert_array_equal(g, [1.0, 2.0])


def test_weakref_to_tensor_dies_with_last_reference():
    x = tg.tensor([1.0], requires_grad=True)
    y = (x * 2.0).exp()
    refs = [weakref.ref(x), weakref.ref(y)]
    y.backward()
    del x, y
    # No reference cycles: plain reference counting frees them, without the cycle collector.
    assert all(r() is None for r in refs)


def test_graph_never_backwarded_is_freed():
    # The saved tensors of a Mul node hold the storage of its inputs; a from_numpy constant
    # makes that storage observable through a weakref to the array.
    gc.disable()
    try:
        arr = np.full(3, 2.0)
        arr_ref = weakref.ref(arr)
        x = tg.tensor([1.0, 2.0, 3.0], requires_grad=True)
        c = tg.from_numpy(arr)
        del arr
        h = x * c  # the node saves c
        y = (h.exp() * 3.0).sum()
        del c
        assert arr_ref() is not None
        del h
        assert arr_ref() is not None  # y's graph still needs it
        del y
        assert arr_ref() is None  # freed with the graph, by reference counting alone
        assert x.grad is None
    finally:
        gc.enable()


def test_graph_is_freed_after_backward_and_after_retained_backward():
    for retain in (False, True):
        arr = np.full(2, 3.0)
        arr_ref = weakref.ref(arr)
        x = tg.tensor([1.0, 2.0], requires_grad=True)
        y = (x * tg.from_numpy(arr)).sum()
        del arr
        y.backward(retain_graph=retain)
        if retain:
            assert arr_ref() is not None  # retained for a second backward
            y.backward()
            np.testing.assert_array_equal(x.grad, [6.0, 6.0])
        else:
            assert arr_ref() is None  # saved tensors freed by backward itself
        del y
        assert arr_ref() is None


def test_intermediate_output_freed_when_only_graph_remains():
    x = tg.tensor([0.5], requires_grad=True)
    h = x * 3.0
    node = (h * 2.0).grad_fn
    assert node.inputs[0].output is not None  # h is alive
    del h
    gc.collect()
    assert node.inputs[0].output is None  # the node did not keep its output alive
    assert node.inputs[0].name == "Affine"


def test_leaf_kept_alive_by_graph_receives_gradient():
    x = tg.tensor([2.0], requires_grad=True)
    x_ref = weakref.ref(x)
    y = x * x
    leaf = y.grad_fn.inputs[0]  # the leaf itself, as the graph sees it (a new wrapper)
    assert leaf is not x and leaf.is_leaf
    del x
    y.backward()
    assert x_ref() is None  # the first Python wrapper is gone, the tensor is not
    np.testing.assert_array_equal(leaf.grad, [4.0])


def test_refcounts_do_not_leak_for_operands():
    x = tg.tensor(np.ones(3), requires_grad=True)
    arr = np.ones(3)
    before = sys.getrefcount(arr)
    for _ in range(100):
        (x * arr).sum().backward()
    assert sys.getrefcount(arr) == before


def test_tensors_from_another_thread():
    out = {}

    def work():
        t = tg.tensor([1.0, 2.0], requires_grad=True)
        (t * t).sum().backward()
        out["grad"] = t.grad
        out["view"] = (t * 5.0).numpy()

    th = threading.Thread(target=work)
    th.start()
    th.join()
    gc.collect()
    np.testing.assert_array_equal(out["grad"], [2.0, 4.0])
    np.testing.assert_array_equal(out["view"], [5.0, 10.0])

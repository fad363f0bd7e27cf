"""x[...] and x[...] = v with tensor ("advanced") indices, against NumPy and PyTorch.

Hypothesis draws indices mixing integers, slices (any step), None, an ellipsis, integer
index arrays (tensors, lists, NumPy arrays, ranges) that broadcast together and bool masks
over one or more dimensions. NumPy is the oracle for the result's shape, values and the
placement of the index dimensions; where NumPy's rules and PyTorch's disagree on that
placement (integers separated from the index tensors, an ellipsis between them) tapegrad must
refuse with an IndexError that explains both. PyTorch is the oracle for values and gradients
(float32 and float64), repeated indices included.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tapegrad as tg

from torch_oracle import torch

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONFLICT = "laid out differently"


# --- the strategy --------------------------------------------------------------------------------


@st.composite
def index_cases(draw, positive_steps=False):
    """(shape, index) with the index as plain Python/NumPy objects (converted per library later).

    Entries are tagged: ("int", i), ("slice", s), ("none",), ("ellipsis",), ("array", values,
    kind), ("mask", bool array), ("bool", True/False).
    """
    ndim = draw(st.integers(1, 4))
    shape = tuple(draw(st.integers(1, 4)) for _ in range(ndim))
    mode = draw(st.sampled_from(["arrays", "arrays", "mask", "mask", "basic"]))
    bshape = tuple(draw(st.integers(1, 3)) for _ in range(draw(st.integers(0, 2))))
    consumed = draw(st.integers(0 if mode == "basic" else 1, ndim))
    entries, dim, mask_used = [], 0, False
    while dim < consumed:
        kinds = ["int", "slice"]
        if mode == "arrays":
            kinds += ["array"] * 4
        if mode == "mask" and not mask_used:
            kinds += ["mask"] * 4
        kind = draw(st.sampled_from(kinds))
        n = shape[dim]
        if kind == "int":
            entries.append(("int", draw(st.integers(-n, n - 1))))
            dim += 1
        elif kind == "slice":
            bound = st.one_of(st.none(), st.integers(-6, 6))
            steps = st.integers(1, 3) if positive_steps else st.integers(-3, 3).filter(bool)
            entries.append(("slice", slice(draw(bound), draw(bound), draw(st.one_of(st.none(), steps)))))
            dim += 1
        elif kind == "array":
            # A shape broadcasting to bshape: leading dimensions dropped, some set to 1.
            drop = draw(st.integers(0, len(bshape)))
            own = tuple(1 if draw(st.booleans()) else s for s in bshape[drop:])
            values = np.asarray(
                draw(
                    st.lists(
                        st.integers(-n, n - 1),
                        min_size=int(np.prod(own, dtype=int)),
                        max_size=int(np.prod(own, dtype=int)),
                    )
                ),
                dtype=np.int64,
            )
            entries.append(("array", values.reshape(own), draw(st.sampled_from(["tensor", "list", "numpy"]))))
            dim += 1
        else:
            k = draw(st.integers(1, consumed - dim))
            values = draw(
                st.lists(
                    st.booleans(),
                    min_size=int(np.prod(shape[dim : dim + k])),
                    max_size=int(np.prod(shape[dim : dim + k])),
                )
            )
            entries.append(("mask", np.asarray(values, dtype=bool).reshape(shape[dim : dim + k])))
            mask_used = True
            dim += k
    for _ in range(draw(st.integers(0, 2 if ndim < 4 else 1))):
        entries.insert(draw(st.integers(0, len(entries))), ("none",))
    if draw(st.booleans()):
        entries.insert(draw(st.integers(0, len(entries))), ("ellipsis",))
    if mode == "mask" and not mask_used and draw(st.booleans()):
        entries.insert(draw(st.integers(0, len(entries))), ("bool", draw(st.booleans())))
    return shape, entries


def numpy_index(entries):
    special = {"none": None, "ellipsis": Ellipsis}
    return tuple(special[e[0]] if e[0] in special else e[1] for e in entries)


def tapegrad_index(entries):
    out = []
    for e in entries:
        if e[0] == "array":
            values, kind = e[1], e[2]
            out.append({"tensor": tg.tensor(values), "list": values.tolist(), "numpy": values}[kind])
        elif e[0] == "mask":
            out.append(tg.tensor(e[1]))
        else:
            out.append(numpy_index([e])[0])
    return tuple(out)


def torch_index(entries):
    out = []
    for e in entries:
        if e[0] == "array" or e[0] == "mask":
            out.append(torch.tensor(e[1]))
        else:
            out.append(numpy_index([e])[0])
    return tuple(out)


def torch_rule_with_numpy(x, entries):
    """x[index] laid out as PyTorch does, computed with NumPy: the integers applied first (as
    basic indices) and the ellipsis written out, so NumPy's and PyTorch's rules coincide."""
    ndim = x.ndim
    consumed = sum(
        e[1].ndim if e[0] == "mask" else 1 for e in entries if e[0] in ("int", "slice", "array", "mask")
    )
    expanded = []
    for e in entries:
        if e[0] == "ellipsis":
            expanded += [("slice", slice(None))] * (ndim - consumed)
        else:
            expanded.append(e)
    if not any(e[0] == "ellipsis" for e in entries):
        expanded += [("slice", slice(None))] * (ndim - consumed)
    first = []
    for e in expanded:
        if e[0] == "int":
            first.append(e[1])
        elif e[0] == "mask":
            first += [slice(None)] * e[1].ndim
        elif e[0] in ("slice", "array"):
            first.append(slice(None))
    rest = [e for e in expanded if e[0] != "int"]
    return x[tuple(first)][numpy_index(rest)]


def numpy_result(x, entries):
    try:
        return x[numpy_index(entries)], None
    except IndexError as e:
        return None, e


# --- x[...] --------------------------------------------------------------------------------------


@SETTINGS
@given(index_cases())
def test_getitem_matches_numpy_or_refuses_where_numpy_and_torch_disagree(case):
    shape, entries = case
    x_np = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    expected, np_error = numpy_result(x_np, entries)
    x = tg.tensor(x_np)
    if np_error is not None:  # NumPy refuses (arrays that do not broadcast, ...): so must tapegrad
        with pytest.raises(IndexError):
            x[tapegrad_index(entries)]
        return
    torch_layout = torch_rule_with_numpy(x_np, entries)
    same_layout = torch_layout.shape == expected.shape and np.array_equal(torch_layout, expected)
    try:
        got = x[tapegrad_index(entries)]
    except IndexError as e:
        assert CONFLICT in str(e), str(e)
        assert not same_layout or expected.size <= 1 or 1 in expected.shape, "refused an index both agree on"
        return
    assert same_layout, f"NumPy {expected.shape} and PyTorch {torch_layout.shape} disagree: should refuse"
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got.numpy(), expected)


@SETTINGS
@given(index_cases(positive_steps=True), st.sampled_from([torch.float32, torch.float64]))
def test_getitem_values_and_gradients_match_torch(case, dtype):
    shape, entries = case
    rng = np.random.default_rng(0)
    x_np = rng.standard_normal(shape)
    xt = torch.tensor(x_np, dtype=dtype, requires_grad=True)
    try:
        expected = xt[torch_index(entries)]
    except IndexError:
        return
    x = tg.tensor(x_np, dtype=tg.float32 if dtype == torch.float32 else tg.float64, requires_grad=True)
    try:
        got = x[tapegrad_index(entries)]
    except IndexError as e:
        # A layout NumPy and PyTorch disagree on, or an index out of range: PyTorch checks none
        # when the result is empty, tapegrad (as NumPy) always does (docs/pytorch.md).
        assert CONFLICT in str(e) or ("out of bounds" in str(e) and expected.numel() == 0), str(e)
        return
    assert tuple(got.shape) == tuple(expected.shape)
    np.testing.assert_array_equal(got.detach().numpy(), expected.detach().numpy())
    w = rng.standard_normal(tuple(expected.shape))
    (expected * torch.tensor(w, dtype=dtype)).sum().backward()
    (got * tg.tensor(w, dtype=got.dtype)).sum().backward()
    tol = 1e-6 if dtype == torch.float32 else 1e-12
    np.testing.assert_allclose(np.asarray(x.grad), xt.grad.numpy(), rtol=tol, atol=tol)


# --- x[...] = v ----------------------------------------------------------------------------------


def positions(shape, entries):
    """The flat positions x[index] addresses (NumPy), to tell repeated writes apart."""
    return np.arange(int(np.prod(shape))).reshape(shape)[numpy_index(entries)]


@SETTINGS
@given(index_cases(), st.sampled_from(["full", "scalar", "row"]), st.booleans())
def test_setitem_matches_numpy(case, value_kind, accumulate):
    shape, entries = case
    x_np = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    target, np_error = numpy_result(x_np, entries)
    if np_error is not None or not any(e[0] in ("array", "mask", "bool") for e in entries):
        return
    torch_layout = torch_rule_with_numpy(x_np, entries)
    if torch_layout.shape != target.shape:
        with pytest.raises(IndexError, match=CONFLICT):
            tg.tensor(x_np)[tapegrad_index(entries)] = 1.0
        return
    rng = np.random.default_rng(1)
    if value_kind == "full":
        v = rng.standard_normal(target.shape)
    elif value_kind == "row":
        v = rng.standard_normal(target.shape[-1:])
    else:
        v = 2.5
    expected = x_np.copy()
    if accumulate:
        np.add.at(expected, numpy_index(entries), v)
    else:
        pos = positions(shape, entries)
        if np.unique(pos).size < pos.size:  # NumPy's order for repeats is not documented
            return
        expected[numpy_index(entries)] = v
    x = tg.tensor(x_np)
    try:
        if accumulate:
            x.index_put_(tapegrad_index(entries), tg.tensor(np.asarray(v)), accumulate=True)
        else:
            x[tapegrad_index(entries)] = tg.tensor(np.asarray(v)) if value_kind != "scalar" else v
    except IndexError as e:
        assert CONFLICT in str(e)
        return
    np.testing.assert_array_equal(x.numpy(), expected)


@SETTINGS
@given(index_cases(positive_steps=True), st.booleans(), st.sampled_from([torch.float32, torch.float64]))
def test_setitem_gradients_match_torch(case, accumulate, dtype):
    shape, entries = case
    if not any(e[0] in ("array", "mask", "bool") for e in entries):
        return
    rng = np.random.default_rng(2)
    x_np = rng.standard_normal(shape)
    base_t = torch.tensor(x_np, dtype=dtype, requires_grad=True)
    yt = base_t * 1.0
    try:
        target_shape = yt[torch_index(entries)].shape
    except IndexError:
        return
    try:
        pos = positions(shape, entries)
    except IndexError:
        return  # out of bounds where the result is empty: PyTorch does not check (NumPy and tapegrad do)
    repeats = np.unique(pos).size < pos.size
    if repeats and not accumulate:
        return  # PyTorch's gradient for repeated writes follows no order (tapegrad's: the last)
    v_np = rng.standard_normal(tuple(target_shape))
    vt = torch.tensor(v_np, dtype=dtype, requires_grad=True)
    if accumulate:  # torch's index_put_ takes tensors only: through the flat positions
        if tuple(pos.shape) != tuple(target_shape):
            return  # NumPy and PyTorch lay this index out differently (tapegrad refuses: above)
        flat = torch.tensor(pos.reshape(-1))
        yt = yt.reshape(-1).index_put((flat,), vt.reshape(-1), accumulate=True).reshape(shape)
    else:
        yt[torch_index(entries)] = vt
    tdt = tg.float32 if dtype == torch.float32 else tg.float64
    base = tg.tensor(x_np, dtype=tdt, requires_grad=True)
    v = tg.tensor(v_np, dtype=tdt, requires_grad=True)
    y = base * 1.0
    try:
        if accumulate:
            y.index_put_(tapegrad_index(entries), v, accumulate=True)
        else:
            y[tapegrad_index(entries)] = v
    except IndexError as e:
        assert CONFLICT in str(e)
        return
    np.testing.assert_allclose(y.detach().numpy(), yt.detach().numpy(), rtol=1e-6, atol=1e-6)
    w = rng.standard_normal(shape)
    (yt * torch.tensor(w, dtype=dtype)).sum().backward()
    (y * tg.tensor(w, dtype=tdt)).sum().backward()
    tol = 1e-5 if dtype == torch.float32 else 1e-12
    np.testing.assert_allclose(np.asarray(base.grad), base_t.grad.numpy(), rtol=tol, atol=tol)
    np.testing.assert_allclose(np.asarray(v.grad), vt.grad.numpy(), rtol=tol, atol=tol)

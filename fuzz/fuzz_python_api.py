"""Atheris harness: random op sequences over random shapes, dtypes and values through tapegrad's
Python API. Every call must either return the right result (NumPy forward; central finite
differences of the NumPy program for the backward of small float64 programs) or raise one of the
documented exceptions with a message (docs/errors.md). A crash, a wrong value or shape, any other
exception, or a success where NumPy raised is a finding.

    python fuzz/fuzz_python_api.py -atheris_runs=100000 -seed=1     # or -max_total_time=60
"""

import contextlib
import math
import operator
import resource
import sys
import warnings

import atheris
import numpy as np

with atheris.instrument_imports():
    import tapegrad as tg

ALLOWED = (ValueError, TypeError, IndexError, OverflowError, RuntimeError)
SPECIAL = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    2.0,
    1000.0,
    -1000.0,
    np.inf,
    -np.inf,
    np.nan,
    1e-30,
    88.0,
    710.0,
    1e-40,
    1e-310,
    -1e-310,
]
LARGE = 2**16  # elements; results above it are "large" (see Program.expect)
HUGE = 2**24  # elements; results above it are not computed in NumPy (see Program.expect_huge)
MEMORY_CAP = 8 * 2**30  # bytes of address space the harness runs in (main)
EXPONENTS = [2.0, 3.0, 0.5, -1.0, 0.0, 1.5, -0.5, 1.0]
UNARY = ["exp", "log", "tanh", "sigmoid", "relu", "neg"]
BINARY = ["add", "sub", "mul", "div"]
LOSSES = ["mse_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits"]


def matmul_size(a_shape, b_shape):
    """The number of elements of a @ b (batched, broadcasting), 0 when the shapes do not fit."""
    rows = a_shape[-2] if len(a_shape) >= 2 else 1
    cols = b_shape[-1] if len(b_shape) >= 2 else 1
    try:
        batch = np.broadcast_shapes(a_shape[:-2], b_shape[:-2])
    except ValueError:
        return 0
    return int(np.prod(batch, dtype=np.float64) * rows * cols)


def reduced_size(shape, axis):
    """The number of elements of a reduction over `axis` of an array of `shape`."""
    return int(np.prod([d for i, d in enumerate(shape) if i != axis % len(shape)], dtype=np.float64))


def ref_pow(a, p):
    """x ** p as PyTorch computes it: the exponents 0.5 and -0.5 are sqrt and 1 / sqrt, so a
    negative infinity gives NaN where C's pow (and NumPy) gives inf or 0."""
    if p == 0.5:
        return np.sqrt(a)
    if p == -0.5:
        return 1 / np.sqrt(a)
    return np.power(a, p)


class Finding(AssertionError):
    pass


# Calls made and calls that raised a documented exception (bad input handled), printed every
# 2,000 inputs: the figures docs/fuzzing.md quotes.
STATS = {"inputs": 0, "calls": 0, "raised": 0, "backward_checks": 0, "overflow_checks": 0}


def report_stats():
    STATS["inputs"] += 1
    if STATS["inputs"] % 2000 == 0:
        print("[stats] " + " ".join(f"{k}={v}" for k, v in STATS.items()), file=sys.stderr, flush=True)


def stable_sigmoid(x):
    with np.errstate(all="ignore"):
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype)


def ref_unary(name, x):
    with np.errstate(all="ignore"):
        if name == "sigmoid":
            return stable_sigmoid(x)
        if name == "relu":
            return np.where(x < 0, x.dtype.type(0), x)  # keeps NaN and -0, as PyTorch
        if name == "neg":
            return -x
        return getattr(np, name)(x)


def ref_loss(name, x, t):
    """The loss in float64, and the mean of its terms' magnitudes (the scale of rounding errors:
    targets outside [0, 1] make terms of both signs cancel)."""
    x64, t64 = x.astype(np.float64), t.astype(np.float64)
    with np.errstate(all="ignore"):
        if name == "mse_loss":
            v = np.mean((x64 - t64) ** 2)
            return v, v
        if name == "binary_cross_entropy":
            if not np.all((x64 >= 0) & (x64 <= 1)):
                raise ValueError("outside [0, 1]")
            lp, lq = np.maximum(np.log(x64), -100), np.maximum(np.log1p(-x64), -100)
            return np.mean(-(t64 * lp + (1 - t64) * lq)), np.mean(np.abs(t64 * lp) + np.abs((1 - t64) * lq))
        c = np.where(x64 >= 0, 1 - t64, -t64)
        linear = np.where(c == 0, 0.0, c * x64)
        soft = np.log1p(np.exp(-np.abs(x64)))
        return np.mean(linear + soft), np.mean(np.abs(linear) + soft)


# In the instrumented functions below, arrays are compared with np.less & co., never with < and
# friends: atheris traces every comparison there and leaks its result when that is not a bool (an
# array of 2^20 elements per comparison, gigabytes over a run).
@atheris.instrument_func  # coverage of the harness's own branches guides the search
def close(got, want, dtype, scale=None):
    """Same shape, NaN and Inf pattern; finite values within the dtype's tolerance of `scale`."""
    got = np.asarray(got, np.float64)
    want = np.asarray(want, np.float64)
    if got.shape != want.shape:
        return f"shape {got.shape} != {want.shape}"
    if not np.array_equal(np.isnan(got), np.isnan(want)):
        return "NaN pattern differs"
    if not np.array_equal(np.isposinf(got), np.isposinf(want)) or not np.array_equal(
        np.isneginf(got), np.isneginf(want)
    ):
        return "Inf pattern differs"
    ok = np.isfinite(want)
    rtol = 1e-4 if dtype == np.float32 else 1e-10
    if callable(scale):
        scale = scale()
    s = np.abs(want) if scale is None else np.asarray(scale, np.float64)
    s = np.broadcast_to(s, want.shape)
    tiny = np.finfo(dtype).tiny * 4
    bad = np.greater(np.abs(got[ok] - want[ok]), rtol * s[ok] + tiny)
    if bad.any():
        return "values differ"
    zero = np.equal(want, 0) & np.equal(got, 0)
    if scale is None and not np.array_equal(np.signbit(got[zero]), np.signbit(want[zero])):
        return "sign of zero differs"  # elementwise results only: sums may round to either zero
    return None


class Program:
    """Builds tensors and applies ops, checking each against NumPy."""

    def __init__(self, fdp):
        self.fdp = fdp
        self.dtype = np.float32 if fdp.ConsumeBool() else np.float64
        self.pool = []  # (tapegrad tensor, numpy reference in dtype)

    def shape(self, max_dims=3):
        ndim = self.fdp.ConsumeIntInRange(0, max_dims)
        dims = [self.fdp.ConsumeIntInRange(0, 4) for _ in range(ndim)]
        if ndim > 1 and 0 in dims and self.fdp.ConsumeIntInRange(0, 7) == 0:
            others = [i for i in range(ndim) if i != dims.index(0)]
            dims[others[self.fdp.ConsumeIntInRange(0, len(others) - 1)]] = (
                2**20
            )  # empty, with a huge dimension
        return tuple(dims)

    def values(self, shape):
        n = int(np.prod(shape)) if shape else 1
        fi = np.finfo(self.dtype)
        out = np.empty(n, np.float64)
        for i in range(min(n, 64)):
            kind = self.fdp.ConsumeIntInRange(0, 9)
            if kind < 6:
                out[i] = self.fdp.ConsumeFloatInRange(-5.0, 5.0)
            elif kind < 9:
                out[i] = SPECIAL[self.fdp.ConsumeIntInRange(0, len(SPECIAL) - 1)]
            else:
                out[i] = [fi.max, -fi.max, fi.tiny, fi.eps][self.fdp.ConsumeIntInRange(0, 3)]
        out[64:] = 0.25
        with np.errstate(all="ignore"):
            return out.astype(self.dtype).reshape(shape)

    def new_tensor(self):
        shape = self.shape()
        arr = self.values(shape)
        how = self.fdp.ConsumeIntInRange(0, 2)
        if how == 0:
            t = tg.tensor(arr, requires_grad=self.fdp.ConsumeBool())
        elif how == 1:
            t = tg.from_numpy(arr.copy())
            t.requires_grad = self.fdp.ConsumeBool()
        else:
            t = tg.tensor(arr.astype(np.float64), dtype=self.dtype, requires_grad=True)
        self.pool.append((t, arr))

    def pick(self):
        return self.pool[self.fdp.ConsumeIntInRange(0, len(self.pool) - 1)]

    @atheris.instrument_func
    def expect(self, what, call, reference, scale=None, result_dtype=None):
        """Runs call(); when the reference raises, call must raise an allowed exception."""
        try:
            with np.errstate(all="ignore"):
                want = reference()
            ref_error = None
        except (ValueError, IndexError, TypeError, OverflowError, MemoryError) as e:
            # (MemoryError: a result NumPy cannot allocate, (2^20, 1) + (1, 2^20) is 4 TiB; tapegrad
            # must refuse it too.)
            want, ref_error = None, e
        STATS["calls"] += 1
        try:
            got = call()
        except ALLOWED as e:
            STATS["raised"] += 1
            if not str(e):
                raise Finding(f"{what}: {type(e).__name__} without a message") from e
            return None  # documented errors are fine, also where NumPy would answer (mean of empty, ...)
        except MemoryError as e:
            if not isinstance(ref_error, MemoryError):
                raise Finding(f"{what}: MemoryError where NumPy allocated the result") from e
            STATS["raised"] += 1
            return None
        if ref_error is not None:
            raise Finding(f"{what}: returned {got!r} where NumPy raised {ref_error!r}")
        got_np = got.numpy()
        if got.dtype != (result_dtype or self.dtype):
            raise Finding(f"{what}: dtype {got.dtype}, expected {result_dtype or self.dtype}")
        problem = close(got_np, want, self.dtype, scale)
        if problem:
            raise Finding(f"{what}: {problem}\n got {got_np!r}\nwant {np.asarray(want)!r}")
        # The next ops start from tapegrad's own values (checked just now): each op is compared on
        # identical inputs, so rounding differences do not compound (log near 1 amplifies them).
        # At most two large results (a mean over the empty axis of a (0, 2^20, 4) tensor is 4M
        # NaNs) are kept: two can still broadcast to a huge result, and a chain of them does not
        # hold gigabytes per input under the harness's memory cap.
        large = sum(kept.size > LARGE for _, kept in self.pool)
        if got_np.size <= LARGE or large < 2:
            self.pool.append((got, got_np.copy()))
        return got

    def expect_huge(self, what, call, elements):
        """A result of more than HUGE elements, not compared (NumPy's reference would take as
        long): call may make it or raise MemoryError, and must raise when it cannot fit under
        the harness's memory cap, as NumPy would."""
        STATS["calls"] += 1
        try:
            call()
        except (MemoryError, *ALLOWED):
            STATS["raised"] += 1
            return
        if elements * np.dtype(self.dtype).itemsize >= MEMORY_CAP:
            raise Finding(f"{what}: a result beyond the memory cap was allocated")

    @atheris.instrument_func
    def step(self):
        op = self.fdp.ConsumeIntInRange(0, 9)
        t, a = self.pick()
        if op <= 2:
            name = UNARY[self.fdp.ConsumeIntInRange(0, len(UNARY) - 1)]
            call = (lambda: -t) if name == "neg" else (lambda: getattr(tg, name)(t))
            self.expect(name, call, lambda: ref_unary(name, a))
        elif op <= 4:
            u, b = self.pick()
            name = BINARY[self.fdp.ConsumeIntInRange(0, 3)]
            op_fn = getattr(operator, "truediv" if name == "div" else name)  # the Python operator itself
            fn = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide}[name]
            if self.fdp.ConsumeBool():
                s = SPECIAL[self.fdp.ConsumeIntInRange(0, len(SPECIAL) - 1)]
                if self.fdp.ConsumeBool():
                    self.expect(f"t {name} {s}", lambda: op_fn(t, s), lambda: fn(a, self.dtype(s)))
                else:
                    self.expect(f"{s} {name} t", lambda: op_fn(s, t), lambda: fn(self.dtype(s), a))
            else:
                self.expect(f"{name} {a.shape} {b.shape}", lambda: op_fn(t, u), lambda: fn(a, b))
        elif op == 5:
            p = EXPONENTS[self.fdp.ConsumeIntInRange(0, len(EXPONENTS) - 1)]
            self.expect(f"pow {p}", lambda: t**p, lambda: ref_pow(a, self.dtype(p)))
        elif op == 6:
            axis = None if self.fdp.ConsumeBool() else self.fdp.ConsumeIntInRange(-4, 4)
            keep = self.fdp.ConsumeBool()
            name = "sum" if self.fdp.ConsumeBool() else "mean"
            size = reduced_size(a.shape, axis) if axis is not None and -a.ndim <= axis < a.ndim else 1
            if size > HUGE:
                # Over the empty axis of a (2^20, 2^20, 0) tensor: 2^40 zeros (or NaNs), 4 TiB.
                self.expect_huge(
                    f"{name} axis={axis} {a.shape}", lambda: getattr(t, name)(axis=axis, keepdims=keep), size
                )
                return
            if name == "mean" and (
                (axis is None and a.size == 0)
                or (axis is not None and -a.ndim <= axis < a.ndim and a.shape[axis] == 0)
            ):
                # The mean of nothing is NaN, as in PyTorch and NumPy (which also warns).
                want = np.full(np.sum(a, axis=axis, keepdims=keep).shape, np.nan, self.dtype)
                self.expect("mean of empty", lambda: t.mean(axis=axis, keepdims=keep), lambda: want)
                return
            # PyTorch's rule, which tapegrad follows: a 0-d tensor has one dimension to name (0 or
            # -1) and reduces to itself; NumPy refuses any axis there.
            rank = max(a.ndim, 1)
            if axis is not None and not -rank <= axis < rank:
                self.expect(
                    f"{name} axis {axis}",
                    lambda: getattr(t, name)(axis=axis, keepdims=keep),
                    lambda: (_ for _ in ()).throw(IndexError("axis")),
                )
                return
            np_axis = None if a.ndim == 0 else axis
            with np.errstate(all="ignore"):
                scale = getattr(np, name)(np.abs(a.astype(np.float64)), axis=np_axis, keepdims=keep)
                want = getattr(np, name)(a.astype(np.float64), axis=np_axis, keepdims=keep)
                total = np.sum(np.abs(a.astype(np.float64)), axis=np_axis)  # mean sums first, too
            if not np.all(np.less(total, np.finfo(self.dtype).max / 4)):
                return  # overflow, inf - inf: order-dependent
            self.expect(
                f"{name} axis={axis} keepdims={keep} {a.shape}",
                lambda: getattr(t, name)(axis=axis, keepdims=keep),
                lambda: want,
                scale=scale,
            )
        elif op == 7:
            if self.fdp.ConsumeBool():
                shape = tuple(
                    self.fdp.ConsumeIntInRange(-1, 6) for _ in range(self.fdp.ConsumeIntInRange(0, 3))
                )
                if self.fdp.ConsumeIntInRange(0, 5) == 0:
                    shape = (*shape, 2**62)
                self.expect(
                    f"reshape {a.shape} -> {shape}", lambda: t.reshape(shape), lambda: np.reshape(a, shape)
                )
            else:
                axes = (
                    tuple(self.fdp.ConsumeIntInRange(-3, 3) for _ in range(a.ndim))
                    if self.fdp.ConsumeBool()
                    else None
                )
                self.expect(
                    f"permute {a.shape} {axes}",
                    lambda: t.permute(*axes) if axes is not None else t.permute(*reversed(range(a.ndim))),
                    lambda: np.transpose(a, axes),
                )
        elif op == 8:
            u, b = self.pick()
            want_ok = a.ndim >= 1 and b.ndim >= 1  # N-D operands broadcast as np.matmul
            scale = None
            if want_ok and matmul_size(a.shape, b.shape) > HUGE:
                # (2^20, 0) @ (0, 2^20): an 8 TiB result. MemoryError, as in NumPy, is the answer.
                self.expect_huge(f"matmul {a.shape} {b.shape}", lambda: t @ u, matmul_size(a.shape, b.shape))
                return
            if want_ok:
                try:
                    with np.errstate(all="ignore"):
                        scale = np.abs(a.astype(np.float64)) @ np.abs(b.astype(np.float64))
                except ValueError:
                    pass
                if scale is not None and not np.all(np.less(np.abs(scale), np.finfo(self.dtype).max / 4)):
                    return  # overflow: order-dependent
            self.expect(
                f"matmul {a.shape} {b.shape}",
                lambda: t @ u,
                lambda: (a @ b) if want_ok else (_ for _ in ()).throw(ValueError("dims")),
                scale=scale,
            )
        else:
            u, b = self.pick()
            name = LOSSES[self.fdp.ConsumeIntInRange(0, 2)]

            loss_scale = []

            def ref():
                if a.shape != b.shape or a.size == 0:
                    raise ValueError("shape")
                value, scale = ref_loss(name, a, b)
                loss_scale.append(scale)
                return value

            fine = (
                a.shape == b.shape
                and a.size
                and np.all(np.less(np.abs(a), 1e15))
                and np.all(np.less(np.abs(b), 1e15))
            )
            if a.shape == b.shape and a.size and not fine:
                # Huge values: only the kind of result is checked (accumulation order).
                with contextlib.suppress(ALLOWED):
                    getattr(tg, name)(t, u)
                return
            self.expect(
                f"{name} {a.shape}", lambda: getattr(tg, name)(t, u), ref, scale=lambda: loss_scale[0]
            )


class _Lib:
    """The few functions a smooth program needs, for one library (tapegrad, NumPy or PyTorch)."""

    def __init__(self, tanh, sigmoid, exp, log, col_sum):
        self.tanh, self.sigmoid, self.exp, self.log, self.col_sum = tanh, sigmoid, exp, log, col_sum


LIBS = {
    "tg": _Lib(tg.tanh, tg.sigmoid, tg.exp, tg.log, lambda t: t.sum(axis=0, keepdims=True)),
    "np": _Lib(
        np.tanh, lambda x: 1 / (1 + np.exp(-x)), np.exp, np.log, lambda a: a.sum(axis=0, keepdims=True)
    ),
}
try:  # the oracle for programs whose forward overflows (below); CI installs it
    import torch

    LIBS["torch"] = _Lib(
        torch.tanh, torch.sigmoid, torch.exp, torch.log, lambda t: t.sum(dim=0, keepdim=True)
    )
except ImportError:
    torch = None


def run_program(ops, values, lib, shape, seen=None):
    """Replays a smooth program; `seen` collects every intermediate value (NumPy replay only)."""
    f = LIBS[lib]
    cur, other = values[0], values[-1]
    for op in ops:
        if op == 0:
            cur = cur * other + 0.5
        elif op == 1:
            cur = f.tanh(cur) * 2.0
        elif op == 2:
            cur = f.sigmoid(cur)
        elif op == 3:
            cur = cur / (other * other + 1.0)
        elif op == 4:
            cur = f.exp(cur * 0.3)
        elif op == 5:
            cur = f.log(cur * cur + 1.0)
        elif op == 6:
            cur = cur**2.0 - other
        elif op == 7:
            cur = (cur @ other.T) @ other * 0.25  # (m, n) @ (n, m) @ (m, n)
        elif op == 8:
            cur = f.col_sum(cur) * other
        else:
            cur = cur.T.reshape(shape) + other
        if seen is not None:
            seen.append(cur)
    return cur.sum()


def check_backward_against_torch(ops, xs, ts, shape):
    """The program overflowed on the way (exp of a large value is inf) but its output is finite.
    Finite differences then see a flat function and say 0, while the chain rule meets 0 * inf and
    gives NaN wherever an overflowed value is multiplied by a saturated op's zero derivative. That
    is IEEE arithmetic, and what PyTorch returns: tapegrad must match PyTorch exactly here (NaN
    for NaN, values within rounding), which tg.detect_anomaly() then reports by op."""
    leaves = [torch.tensor(x, requires_grad=True) for x in xs]
    run_program(ops, leaves, "torch", shape).backward()
    STATS["overflow_checks"] += 1
    for t, leaf in zip(ts, leaves):
        want = leaf.grad.numpy() if leaf.grad is not None else np.zeros(shape)
        got = t.grad if t.grad is not None else np.zeros(shape)
        if not np.allclose(got, want, rtol=1e-9, atol=1e-12, equal_nan=True):
            raise Finding(f"program {ops}: backward after an overflow {got!r} != PyTorch {want!r}")


@atheris.instrument_func
def check_small_program(fdp):
    """A separate smooth float64 program with an independent NumPy replay for the backward."""
    n_leaves = fdp.ConsumeIntInRange(1, 2)
    shape = (fdp.ConsumeIntInRange(1, 3), fdp.ConsumeIntInRange(1, 3))
    leaves = [
        fdp.ConsumeFloatInRange(0.6, 2.0) * (1 if fdp.ConsumeBool() else -1)
        for _ in range(n_leaves * shape[0] * shape[1])
    ]
    xs = [
        np.array(leaves[i * shape[0] * shape[1] : (i + 1) * shape[0] * shape[1]]).reshape(shape)
        for i in range(n_leaves)
    ]
    ops = [fdp.ConsumeIntInRange(0, 9) for _ in range(fdp.ConsumeIntInRange(1, 5))]

    intermediates = []
    with np.errstate(all="ignore"):
        want = float(run_program(ops, xs, "np", shape, intermediates))
    if not math.isfinite(want) or abs(want) > 1e100:
        return  # the output itself overflowed: nothing smooth to check
    ts = [tg.tensor(x, requires_grad=True) for x in xs]
    out = run_program(ops, ts, "tg", shape)
    if not math.isclose(out.item(), want, rel_tol=1e-9, abs_tol=1e-9):
        raise Finding(f"program {ops}: forward {out.item()} != NumPy {want}")
    out.backward()
    if not all(np.all(np.isfinite(v)) for v in intermediates):
        if torch is None:
            raise RuntimeError("PyTorch is the oracle for programs that overflow: pip install torch")
        check_backward_against_torch(ops, xs, ts, shape)
        return
    STATS["backward_checks"] += 1
    h = 1e-6
    for i, x in enumerate(xs):
        num = np.zeros_like(x)
        for j in range(x.size):
            up, down = [v.copy() for v in xs], [v.copy() for v in xs]
            up[i].flat[j] += h
            down[i].flat[j] -= h
            with np.errstate(all="ignore"):
                num.flat[j] = (run_program(ops, up, "np", shape) - run_program(ops, down, "np", shape)) / (
                    2 * h
                )
        grad = ts[i].grad if ts[i].grad is not None else np.zeros_like(x)
        if not np.all(np.isfinite(num)):
            continue
        if not np.allclose(grad, num, rtol=1e-4, atol=1e-5 * max(1.0, np.abs(num).max())):
            raise Finding(f"program {ops}: backward {grad!r} != finite differences {num!r}")


@atheris.instrument_func
def TestOneInput(data):
    fdp = atheris.FuzzedDataProvider(data)
    report_stats()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a floating-point warning from tapegrad is a finding
        if fdp.ConsumeIntInRange(0, 3) == 0:
            check_small_program(fdp)
            return
        prog = Program(fdp)
        for _ in range(fdp.ConsumeIntInRange(1, 3)):
            prog.new_tensor()
        for _ in range(fdp.ConsumeIntInRange(1, 8)):
            prog.step()
        last, _ = prog.pool[-1]
        if last.requires_grad and last.size:
            try:
                last.backward(np.ones(last.shape))
            except ALLOWED as e:
                if not str(e):
                    raise Finding("backward error without a message") from e


def main():
    # A runaway allocation is a MemoryError here, not the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, resource.RLIM_INFINITY))
    tg.set_num_threads(1)
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

"""tapegrad.utils.data against torch.utils.data: the same datasets give batches of the same
shapes, dtypes and values (identical batches without shuffle), shuffled epochs are permutations
(reproducible under a seed, different from epoch to epoch), len(), drop_last, random_split's
lengths, and default_collate on nested structures."""

import collections
import warnings

import numpy as np
import pytest

import tapegrad as tg
import tapegrad.utils.data as D

from torch_oracle import torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")


def tdata():
    """torch.utils.data, looked up in the tests (torch_oracle skips them where it is missing)."""
    return torch.utils.data


def same(ours, theirs):
    """Recursively: the same structure, and tensors with the same shape, dtype and values."""
    if isinstance(theirs, torch.Tensor):
        assert isinstance(ours, tg.Tensor), type(ours)
        assert tuple(ours.shape) == tuple(theirs.shape)
        assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    elif isinstance(theirs, dict):
        assert type(ours) is type(theirs) and ours.keys() == theirs.keys()
        for k in theirs:
            same(ours[k], theirs[k])
    elif isinstance(theirs, (list, tuple)):
        assert type(ours) is type(theirs) and len(ours) == len(theirs), (ours, theirs)
        for a, b in zip(ours, theirs, strict=True):
            same(a, b)
    else:
        assert ours == theirs


def arrays(n=10):
    x = np.arange(n * 3, dtype=np.float64).reshape(n, 3) / 7
    y = np.arange(n, dtype=np.int64) % 4
    return x, y


def datasets(n=10):
    x, y = arrays(n)
    ours = D.TensorDataset(tg.tensor(x), tg.tensor(y))
    theirs = tdata().TensorDataset(torch.tensor(x), torch.tensor(y))
    return ours, theirs


@pytest.mark.parametrize("n", [10, 12, 1])
@pytest.mark.parametrize("batch_size", [1, 3, 4, 10, 16])
@pytest.mark.parametrize("drop_last", [False, True])
def test_sequential_batches_equal_pytorchs(n, batch_size, drop_last):
    ours, theirs = datasets(n)
    a = D.DataLoader(ours, batch_size=batch_size, drop_last=drop_last)
    b = tdata().DataLoader(theirs, batch_size=batch_size, drop_last=drop_last)
    assert len(a) == len(b)
    got, want = list(a), list(b)
    assert len(got) == len(want) == len(a)
    for g, w in zip(got, want, strict=True):
        same(g, w)


def test_batch_size_none_gives_samples_as_pytorch():
    ours, theirs = datasets(5)
    a = list(D.DataLoader(ours, batch_size=None))
    b = list(tdata().DataLoader(theirs, batch_size=None))
    assert len(a) == len(b) == 5
    for g, w in zip(a, b, strict=True):
        same(g, w)
    assert len(D.DataLoader(ours, batch_size=None)) == 5


class Samples(D.Dataset):
    """A dataset of nested samples: dicts, tuples, namedtuples, NumPy values, numbers, strings."""

    Pair = collections.namedtuple("Pair", "left right")

    def __init__(self, tensor, n=7):
        self.tensor, self.n = tensor, n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return {
            "x": self.tensor(np.full((2, 2), float(i))),
            "arr": np.arange(3, dtype=np.float32) + i,
            "int": i,
            "float": i / 2,
            "flag": i % 2 == 0,
            "np_int": np.int64(i),
            "name": f"s{i}",
            "pair": self.Pair(i, (float(i), np.float64(i) * 2)),
            "list": [i, [i + 1.0, i + 2.0]],
        }


class TorchSamples:
    def __init__(self, n=7):
        self.inner = Samples(torch.tensor, n)

    def __len__(self):
        return len(self.inner)

    def __getitem__(self, i):
        return self.inner[i]


@pytest.mark.parametrize("batch_size", [1, 3])
def test_nested_samples_collate_as_pytorch(batch_size):
    a = list(D.DataLoader(Samples(tg.tensor), batch_size=batch_size))
    b = list(tdata().DataLoader(TorchSamples(), batch_size=batch_size))
    assert len(a) == len(b)
    for g, w in zip(a, b, strict=True):
        same(g, w)


def test_default_collate_numbers_and_arrays():
    assert D.default_collate([1.0, 2.0]).dtype == tg.float64
    assert D.default_collate([1, 2]).dtype == tg.int64
    assert D.default_collate([True, False]).dtype == tg.bool
    assert D.default_collate([np.float32(1), np.float32(2)]).dtype == tg.float32
    batch = D.default_collate([np.ones((2, 3), dtype=np.float32)] * 4)
    assert tuple(batch.shape) == (4, 2, 3) and batch.dtype == tg.float32
    with pytest.raises(TypeError, match="default_collate: batch must contain"):
        D.default_collate([object(), object()])
    with pytest.raises(RuntimeError, match="equal size"):
        D.default_collate([[1, 2], [1]])


def test_shuffle_is_a_permutation_reproducible_and_new_each_epoch():
    x, _ = arrays(20)
    ds = D.TensorDataset(tg.tensor(np.arange(20)), tg.tensor(x))

    def epochs(loader, k=3):
        return [np.concatenate([i.numpy() for i, _ in loader]).tolist() for _ in range(k)]

    tg.manual_seed(123)
    first = epochs(D.DataLoader(ds, batch_size=6, shuffle=True))
    tg.manual_seed(123)
    again = epochs(D.DataLoader(ds, batch_size=6, shuffle=True))
    assert first == again
    for order in first:
        assert sorted(order) == list(range(20))
    assert first[0] != first[1] != first[2]
    assert first[0] != list(range(20))
    # A generator of its own gives its own reproducible stream, untouched by the default one.
    g1, g2 = tg.Generator().manual_seed(5), tg.Generator().manual_seed(5)
    a = epochs(D.DataLoader(ds, batch_size=4, shuffle=True, generator=g1), 2)
    tg.manual_seed(999)
    b = epochs(D.DataLoader(ds, batch_size=4, shuffle=True, generator=g2), 2)
    assert a == b
    # The rows stay together: each batch's x rows are those of its indices.
    for idx, xb in D.DataLoader(ds, batch_size=7, shuffle=True):
        np.testing.assert_array_equal(xb.numpy(), x[idx.numpy()])


def test_shuffle_drop_last_and_len():
    ds, theirs = datasets(10)
    loader = D.DataLoader(ds, batch_size=3, shuffle=True, drop_last=True)
    assert len(loader) == len(tdata().DataLoader(theirs, batch_size=3, shuffle=True, drop_last=True)) == 3
    batches = list(loader)
    assert [tuple(b[0].shape) for b in batches] == [(3, 3)] * 3


def test_samplers_as_pytorchs():
    ds, theirs = datasets(10)
    assert list(D.SequentialSampler(ds)) == list(tdata().SequentialSampler(theirs))
    for drop_last in (False, True):
        ours = D.BatchSampler(D.SequentialSampler(ds), 4, drop_last)
        want = tdata().BatchSampler(tdata().SequentialSampler(theirs), 4, drop_last)
        assert list(ours) == list(want) and len(ours) == len(want)
    tg.manual_seed(0)
    rs = D.RandomSampler(ds)
    assert len(rs) == 10 and sorted(rs) == list(range(10))
    more = D.RandomSampler(ds, num_samples=25)
    drawn = list(more)
    assert len(drawn) == len(more) == 25 and sorted(drawn[:20]) == sorted(list(range(10)) * 2)
    with_repl = list(D.RandomSampler(ds, replacement=True, num_samples=70))
    assert len(with_repl) == 70 and all(0 <= i < 10 for i in with_repl)
    sub = D.SubsetRandomSampler([3, 5, 7, 9])
    assert len(sub) == 4 and sorted(sub) == [3, 5, 7, 9]
    loader = D.DataLoader(ds, batch_size=2, sampler=D.SubsetRandomSampler([0, 2, 4]))
    assert len(loader) == 2 and sorted(np.concatenate([b[1].numpy() for b in loader]).tolist()) == [0, 0, 2]
    loader = D.DataLoader(ds, batch_sampler=[[0, 1, 2], [9]])
    assert len(loader) == 2 and [tuple(b[0].shape) for b in loader] == [(3, 3), (1, 3)]
    loader = D.DataLoader(ds, sampler=[4, 1])
    same(list(loader), list(tdata().DataLoader(theirs, sampler=[4, 1])))


@pytest.mark.parametrize(
    "n, lengths",
    [
        (10, [0.3, 0.7]),
        (10, [0.33, 0.33, 0.34]),
        (7, [0.5, 0.5]),
        (11, [0.1, 0.2, 0.3, 0.4]),
        (5, [0.1, 0.1, 0.8]),
        (100, [0.25, 0.25, 0.25, 0.25]),
        (10, [3, 7]),
        (10, [0, 10]),
    ],
)
def test_random_split_lengths_equal_pytorchs(n, lengths):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a split of length 0 warns (as PyTorch's)
        ours = D.random_split(range(n), lengths, generator=tg.Generator().manual_seed(1))
        theirs = tdata().random_split(range(n), lengths, generator=torch.Generator().manual_seed(1))
    assert [len(s) for s in ours] == [len(s) for s in theirs]
    items = sorted(i for s in ours for i in s)
    assert items == list(range(n))


def test_random_split_warns_of_an_empty_split():
    with pytest.warns(UserWarning, match="Length of split at index 1 is 0"):
        D.random_split(range(3), [0.1, 0.1, 0.8])


def test_random_split_reproducible_and_default_generator():
    a = D.random_split(range(20), [5, 15], generator=tg.Generator().manual_seed(3))
    b = D.random_split(range(20), [5, 15], generator=tg.Generator().manual_seed(3))
    assert [list(s) for s in a] == [list(s) for s in b]
    tg.manual_seed(7)
    c = D.random_split(range(20), [0.5, 0.5])
    tg.manual_seed(7)
    d = D.random_split(range(20), [0.5, 0.5])
    assert [list(s) for s in c] == [list(s) for s in d]
    assert isinstance(c[0], D.Subset) and c[0].dataset == range(20)


def test_concat_and_subset_as_pytorchs():
    ours, theirs = datasets(6)
    cat = ours + D.Subset(ours, [5, 0])
    tcat = theirs + tdata().Subset(theirs, [5, 0])
    assert isinstance(cat, D.ConcatDataset) and len(cat) == len(tcat) == 8
    assert cat.cumulative_sizes == tcat.cumulative_sizes
    for i in [*range(8), -1, -8]:
        same(cat[i], tcat[i])
    with pytest.raises(ValueError, match="absolute value of index"):
        cat[-9]
    same(list(D.DataLoader(cat, batch_size=3)), list(tdata().DataLoader(tcat, batch_size=3)))


class Stream(D.IterableDataset):
    def __iter__(self):
        return iter(float(i) for i in range(7))


def test_iterable_dataset_batches_in_order():
    batches = [b.tolist() for b in D.DataLoader(Stream(), batch_size=3)]
    assert batches == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0]]
    assert [b.tolist() for b in D.DataLoader(Stream(), batch_size=3, drop_last=True)] == batches[:2]
    with pytest.raises(ValueError, match="shuffle"):
        D.DataLoader(Stream(), shuffle=True)


def test_namespace():
    assert tg.utils.data is D
    import tapegrad.utils.data as again

    assert again.DataLoader is D.DataLoader
    assert D.get_worker_info() is None


def test_loader_errors():
    ds, _ = datasets(4)
    with pytest.raises(ValueError, match="use num_workers=0"):
        D.DataLoader(ds, num_workers=2)
    with pytest.raises(ValueError, match="mutually exclusive with shuffle"):
        D.DataLoader(ds, shuffle=True, sampler=D.SequentialSampler(ds))
    with pytest.raises(ValueError, match="batch_sampler option is mutually exclusive"):
        D.DataLoader(ds, batch_size=2, batch_sampler=[[0]])
    with pytest.raises(ValueError, match="drop_last"):
        D.DataLoader(ds, batch_size=None, drop_last=True)
    loader = D.DataLoader(ds)
    with pytest.raises(ValueError, match="should not be set after DataLoader is initialized"):
        loader.batch_size = 3
    with pytest.warns(UserWarning, match="pin"):
        D.DataLoader(ds, pin_memory=True)
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        D.TensorDataset(tg.zeros(3), tg.zeros(4))
    with pytest.raises(ValueError, match="Sum of input lengths"):
        D.random_split(range(5), [2, 2])
    with pytest.raises(ValueError, match="batch_size should be a positive integer"):
        D.BatchSampler(range(3), 0, False)


def test_every_public_name_is_documented():
    # test_docstrings checks the top-level modules; the same rules for this package's names.
    import inspect

    from test_docstrings import check_python_class, check_python_function

    problems = []
    for module in (tg.utils, D):
        assert (module.__doc__ or "").strip()
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj):
                check_python_class(f"{module.__name__}.{name}", obj, problems)
            elif inspect.isfunction(obj):
                check_python_function(f"{module.__name__}.{name}", obj, problems)
    assert not problems, problems

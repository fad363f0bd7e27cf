"""Datasets: ``Dataset``, ``TensorDataset``, ``ConcatDataset``, ``Subset`` and ``random_split``,
as ``torch.utils.data``."""

import bisect
import itertools
import math
import warnings

from ... import _core
from ..._random import randperm

__all__ = ["ConcatDataset", "Dataset", "IterableDataset", "Subset", "TensorDataset", "random_split"]


class Dataset:
    """A map-style dataset, as ``torch.utils.data.Dataset``: subclasses define
    ``__getitem__(index)`` (and ``__len__``, which samplers and ``len(loader)`` use).

    ``a + b`` concatenates two datasets (a :class:`ConcatDataset`).
    """

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """A dataset that is a stream, as ``torch.utils.data.IterableDataset``: subclasses define
    ``__iter__``. A DataLoader batches it in order (no shuffle, sampler or batch_sampler)."""

    def __iter__(self):
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")

    def __add__(self, other):
        raise TypeError("ConcatDataset does not support IterableDataset")


def _first_dim(tensor):
    shape = tensor.shape
    if len(shape) == 0:
        raise ValueError("TensorDataset: every tensor needs a first dimension (got a 0-d tensor)")
    return shape[0]


class TensorDataset(Dataset):
    """Samples that are rows of tensors, as ``torch.utils.data.TensorDataset``: item ``i`` is
    ``tuple(t[i] for t in tensors)``.

    Args:
        *tensors: Tensors with the same size of the first dimension.

    Raises:
        AssertionError: The tensors' first dimensions differ (PyTorch's error).
        TypeError: An argument is not a tensor.
    """

    def __init__(self, *tensors):
        for i, t in enumerate(tensors):
            if not isinstance(t, _core.Tensor):
                raise TypeError(f"TensorDataset: argument {i} must be a Tensor, not {type(t).__name__}")
        if tensors and any(_first_dim(tensors[0]) != _first_dim(t) for t in tensors):
            sizes = [_first_dim(t) for t in tensors]
            raise AssertionError(f"Size mismatch between tensors: first dimensions {sizes}")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return _first_dim(self.tensors[0]) if self.tensors else 0


class ConcatDataset(Dataset):
    """Datasets one after the other, as ``torch.utils.data.ConcatDataset``.

    Args:
        datasets: An iterable of map-style datasets (each with ``__len__``).

    Raises:
        AssertionError: No datasets, or an IterableDataset among them (PyTorch's errors).
    """

    @staticmethod
    def cumsum(sequence):
        """The running totals of the lengths of ``sequence``'s datasets.

        Args:
            sequence: Datasets.

        Returns:
            list: the cumulative lengths.
        """
        out, total = [], 0
        for dataset in sequence:
            total += len(dataset)
            out.append(total)
        return out

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise AssertionError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        dataset_idx = bisect.bisect_right(self.cumulative_sizes, idx)
        sample_idx = idx if dataset_idx == 0 else idx - self.cumulative_sizes[dataset_idx - 1]
        return self.datasets[dataset_idx][sample_idx]


class Subset(Dataset):
    """The items of a dataset at some indices, as ``torch.utils.data.Subset``.

    Args:
        dataset: The whole dataset.
        indices: The indices (a sequence of ints) of the subset's items, in order.
    """

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __len__(self):
        return len(self.indices)


def random_split(dataset, lengths, generator=None):
    """Splits a dataset into random, non-overlapping subsets, as ``torch.utils.data.random_split``.

    Fractions that sum to 1 become lengths as PyTorch's do: ``floor(len(dataset) * frac)``
    each, and the remainder handed out one by one from the first split on. The permutation is
    tapegrad's (``tg.randperm``): a seeded split is reproducible, but not PyTorch's split.

    Args:
        dataset: The dataset to split (with ``__len__``).
        lengths: The lengths of the splits (ints summing to ``len(dataset)``), or fractions
            summing to 1.
        generator: The generator of the permutation; default: tapegrad's default generator
            (``tg.manual_seed`` seeds it).

    Returns:
        list: one :class:`Subset` per length.

    Raises:
        ValueError: A fraction outside [0, 1], or lengths that do not sum to the dataset's
            length.
    """
    lengths = list(lengths)
    n = len(dataset)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        subset_lengths = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            subset_lengths.append(math.floor(n * frac))
        remainder = n - sum(subset_lengths)
        for i in range(remainder):
            subset_lengths[i % len(subset_lengths)] += 1
        lengths = subset_lengths
        for i, length in enumerate(lengths):
            if length == 0:
                warnings.warn(
                    f"Length of split at index {i} is 0. This might result in an empty dataset.", stacklevel=2
                )
    if sum(lengths) != n:
        raise ValueError(
            f"Sum of input lengths does not equal the length of the input dataset! "
            f"(lengths sum to {sum(lengths)}, the dataset has {n} items; give ints summing to "
            f"{n} or fractions summing to 1)"
        )
    for i, length in enumerate(lengths):
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise ValueError(f"random_split: length at index {i} must be a non-negative int, got {length!r}")
    indices = randperm(n, generator=generator).tolist()
    return [
        Subset(dataset, indices[offset - length : offset])
        for offset, length in zip(itertools.accumulate(lengths), lengths, strict=True)
    ]

"""Samplers: the orders in which a DataLoader visits a dataset's indices, as ``torch.utils.data``'s.

The random ones draw from tapegrad's generators (``tg.randperm``, ``tg.randint``): a seeded
order is reproducible, but it is not the order PyTorch draws for that seed.
"""

import itertools

from ..._random import randint, randperm

__all__ = ["BatchSampler", "RandomSampler", "Sampler", "SequentialSampler", "SubsetRandomSampler"]


class Sampler:
    """The base of samplers, as ``torch.utils.data.Sampler``: subclasses define ``__iter__``
    (over indices, or lists of indices for a batch sampler) and usually ``__len__``.

    Args:
        data_source: Ignored (PyTorch deprecated it); kept for subclasses that pass it.
    """

    def __init__(self, data_source=None):
        pass

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """The indices 0, 1, ..., len(data_source) - 1, as ``torch.utils.data.SequentialSampler``.

    Args:
        data_source: The dataset (anything with ``__len__``).
    """

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """Random indices, as ``torch.utils.data.RandomSampler``: a new permutation on every pass
    (without replacement), or independent draws (with replacement).

    Args:
        data_source: The dataset (anything with ``__len__``).
        replacement: Whether to draw with replacement.
        num_samples: How many indices a pass gives; default: ``len(data_source)`` (more than
            that without replacement chains whole permutations).
        generator: The generator to draw from; default: tapegrad's default generator.

    Raises:
        TypeError: replacement not a bool.
        ValueError: num_samples not a positive integer.
    """

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={self.replacement}")
        if (
            isinstance(self.num_samples, bool)
            or not isinstance(self.num_samples, int)
            or self.num_samples <= 0
        ):
            raise ValueError(
                f"num_samples should be a positive integer value, but got num_samples={self.num_samples}"
            )

    @property
    def num_samples(self):
        """The number of indices a pass gives."""
        if self._num_samples is None:
            return len(self.data_source)
        return self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        generator = self.generator
        if self.replacement:
            for _ in range(self.num_samples // 32):
                yield from randint(high=n, size=(32,), generator=generator).tolist()
            rest = self.num_samples % 32
            if rest:
                yield from randint(high=n, size=(rest,), generator=generator).tolist()
        else:
            for _ in range(self.num_samples // n):
                yield from randperm(n, generator=generator).tolist()
            rest = self.num_samples % n
            if rest:
                yield from randperm(n, generator=generator).tolist()[:rest]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices in a new random order every pass, as ``torch.utils.data.SubsetRandomSampler``.

    Args:
        indices: A sequence of indices.
        generator: The generator to draw from; default: tapegrad's default generator.
    """

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for i in randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class BatchSampler(Sampler):
    """Groups another sampler's indices into lists of ``batch_size``, as ``torch.utils.data.BatchSampler``.

    Args:
        sampler: A sampler, or any iterable of indices.
        batch_size: The size of a batch (a positive integer).
        drop_last: Whether to drop the last batch when it is smaller than batch_size.

    Raises:
        ValueError: batch_size not a positive integer, or drop_last not a bool.
    """

    def __init__(self, sampler, batch_size, drop_last):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(
                f"batch_size should be a positive integer value, but got batch_size={batch_size}"
            )
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self):
        it = iter(self.sampler)
        if self.drop_last:
            for batch in zip(*([it] * self.batch_size), strict=False):
                yield [*batch]
        else:
            batch = [*itertools.islice(it, self.batch_size)]
            while batch:
                yield batch
                batch = [*itertools.islice(it, self.batch_size)]

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size

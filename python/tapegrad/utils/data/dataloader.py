"""The DataLoader, as ``torch.utils.data.DataLoader``, loading in the main process."""

import itertools
import warnings

from ._collate import default_collate, default_convert
from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, SequentialSampler

__all__ = ["DataLoader", "get_worker_info"]


def get_worker_info():
    """Information about the current loader worker, as ``torch.utils.data.get_worker_info``.

    Returns:
        None: tapegrad loads in the main process, never in a worker.
    """
    return None


class DataLoader:
    """Iterates over a dataset in batches, as ``torch.utils.data.DataLoader``, in the main process.

    With a ``batch_size`` (the default, 1), a sampler's indices are grouped into batches
    (:class:`BatchSampler`) and each batch's samples are merged by ``collate_fn``
    (:func:`default_collate`: tensors stacked along a new first dimension). ``batch_size=None``
    gives the samples one by one (``collate_fn`` default: :func:`default_convert`). With
    ``shuffle=True`` every pass (epoch) visits the dataset in a new random order, drawn from
    ``generator`` or tapegrad's default generator (reproducible after ``tg.manual_seed``, but
    not PyTorch's order).

    Args:
        dataset: A map-style dataset (``__getitem__`` and ``__len__``) or an
            :class:`IterableDataset`.
        batch_size: The number of samples per batch, or None to turn batching off.
        shuffle: Whether to visit the indices in a new random order every epoch.
        sampler: The order of the indices (a sampler or an iterable); excludes shuffle.
        batch_sampler: Lists of indices, one per batch; excludes batch_size, shuffle, sampler
            and drop_last.
        num_workers: Only 0: tapegrad loads in the main process.
        collate_fn: Merges a list of samples into a batch.
        pin_memory: Accepted for compatibility; tapegrad has no accelerator to pin memory for
            (a warning, as PyTorch gives without one).
        drop_last: Whether to drop the last batch when it is smaller than batch_size.
        timeout: The time limit of a worker (>= 0); unused without workers.
        worker_init_fn: Called in each worker; unused without workers.
        multiprocessing_context: Only None (it needs workers, as in PyTorch).
        generator: The generator of the shuffle (RandomSampler's); default: tapegrad's default
            generator.
        prefetch_factor: Only None (it needs workers, as in PyTorch).
        persistent_workers: Only False (it needs workers, as in PyTorch).
        pin_memory_device: Accepted for compatibility, unused.
        in_order: Accepted for compatibility (batches always come in order).

    Raises:
        ValueError: num_workers not 0 (tapegrad has no worker processes), a negative timeout,
            options that exclude each other (as PyTorch's), or options that need workers.
    """

    _initialized = False

    def __init__(
        self,
        dataset,
        batch_size=1,
        shuffle=None,
        sampler=None,
        batch_sampler=None,
        num_workers=0,
        collate_fn=None,
        pin_memory=False,
        drop_last=False,
        timeout=0,
        worker_init_fn=None,
        multiprocessing_context=None,
        generator=None,
        *,
        prefetch_factor=None,
        persistent_workers=False,
        pin_memory_device="",
        in_order=True,
    ):
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; use num_workers=0 to disable multiprocessing."
            )
        if num_workers > 0:
            raise ValueError(
                f"DataLoader(num_workers={num_workers}): tapegrad loads data in the main process and "
                "has no worker processes; use num_workers=0"
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing; tapegrad loads in "
                "the main process: leave prefetch_factor as None"
            )
        if persistent_workers:
            raise ValueError("persistent_workers option needs num_workers > 0 (tapegrad has no workers)")
        if multiprocessing_context is not None:
            raise ValueError(
                "multiprocessing_context can only be used with multi-process loading (num_workers > 0), "
                "which tapegrad does not have"
            )
        if pin_memory:
            warnings.warn(
                "'pin_memory' argument is set as true but no accelerator is found, then device pinned "
                "memory won't be used.",
                UserWarning,
                stacklevel=2,
            )

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            if shuffle not in {False, None}:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified shuffle option, "
                    f"but got shuffle={shuffle}"
                )
            if sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified sampler option, "
                    f"but got sampler={sampler}"
                )
            if batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified batch_sampler option, but got "
                    f"batch_sampler={batch_sampler}"
                )
        else:
            shuffle = bool(shuffle)

        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                    "and drop_last"
                )
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError(
                "batch_size=None option disables auto-batching and is mutually exclusive with drop_last"
            )

        if sampler is None and not self._iterable:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None and not self._iterable:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self._initialized = True

    def __setattr__(self, attr, val):
        if self._initialized and attr in (
            "batch_size",
            "batch_sampler",
            "sampler",
            "drop_last",
            "dataset",
            "persistent_workers",
        ):
            raise ValueError(f"{attr} attribute should not be set after {type(self).__name__} is initialized")
        super().__setattr__(attr, val)

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None or (self._iterable and self.batch_size is not None)

    def __iter__(self):
        if self._iterable:
            it = iter(self.dataset)
            if self.batch_size is None:
                for sample in it:
                    yield self.collate_fn(sample)
                return
            while True:
                batch = list(itertools.islice(it, self.batch_size))
                if not batch or (self.drop_last and len(batch) < self.batch_size):
                    return
                yield self.collate_fn(batch)
        elif self.batch_sampler is not None:
            getitems = getattr(self.dataset, "__getitems__", None)
            for indices in self.batch_sampler:
                samples = getitems(indices) if callable(getitems) else [self.dataset[i] for i in indices]
                yield self.collate_fn(samples)
        else:
            for index in self.sampler:
                yield self.collate_fn(self.dataset[index])

    def __len__(self):
        if self._iterable:
            length = len(self.dataset)
            if self.batch_size is not None:
                length = length // self.batch_size if self.drop_last else -(-length // self.batch_size)
            return length
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return len(self.sampler)

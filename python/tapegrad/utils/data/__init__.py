"""Datasets, samplers and the DataLoader, as ``torch.utils.data`` (loading in the main process).

    ds = tg.utils.data.TensorDataset(x, y)
    loader = tg.utils.data.DataLoader(ds, batch_size=32, shuffle=True)
    for xb, yb in loader:
        ...

tapegrad has no worker processes: ``num_workers`` must be 0. Shuffling draws from tapegrad's
generators, so a seeded run is reproducible but does not give PyTorch's order.
"""

from ._collate import default_collate, default_convert
from .dataloader import DataLoader, get_worker_info
from .dataset import ConcatDataset, Dataset, IterableDataset, Subset, TensorDataset, random_split
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler, SubsetRandomSampler

__all__ = [
    "BatchSampler",
    "ConcatDataset",
    "DataLoader",
    "Dataset",
    "IterableDataset",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "Subset",
    "SubsetRandomSampler",
    "TensorDataset",
    "default_collate",
    "default_convert",
    "get_worker_info",
    "random_split",
]

"""Small real data sets shipped inside the package (no download).

``load_digits()`` is the 8x8 handwritten digits of the UCI "Optical Recognition of Handwritten
Digits" data set (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0), the 1,797-image copy that
scikit-learn ships, stored once as ``tapegrad/data/digits.npz`` (see ``tapegrad/data/NOTICE``).
"""

import os

import numpy as np

__all__ = ["load_digits", "train_test_split"]

_DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
DIGITS_PATH = os.path.join(_DATA_DIR, "digits.npz")
DIGITS_CREDIT = (
    'UCI "Optical Recognition of Handwritten Digits" (E. Alpaydin, C. Kaynak, 1998), CC BY 4.0, '
    "via scikit-learn's copy"
)


def load_digits(dtype="float64", raw=False):
    """The 1,797 handwritten digits as ``(images, labels)``.

    ``images`` has shape ``(1797, 64)``: each row is an 8x8 image, row by row, scaled from the
    data's 0..16 counts to ``[0, 1]`` in ``dtype`` (``raw=True`` keeps the original uint8
    counts). ``labels`` is an int64 array of the digits 0..9. ``images[i].reshape(8, 8)`` shows one.

    Args:
        dtype: ``"float32"`` or ``"float64"`` (anything ``numpy.dtype()`` accepts for them).
        raw: Return the stored uint8 counts (0..16) instead, ignoring ``dtype``.

    Returns:
        ``(images, labels)``: NumPy arrays of shapes ``(1797, 64)`` and ``(1797,)``.

    Raises:
        TypeError: ``dtype`` is not float32 or float64.
    """
    with np.load(DIGITS_PATH, allow_pickle=False) as data:
        images, labels = data["images"], data["labels"]
    labels = labels.astype(np.int64)
    if raw:
        return images, labels
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"load_digits: dtype must be float32 or float64, got {dtype}")
    return images.astype(dtype) / dtype.type(16), labels


def train_test_split(*arrays, test_fraction=0.2, seed=0):
    """Splits arrays of equal length into train and test parts by one random permutation drawn
    from ``seed``: the same seed gives the same split on every machine.

    Args:
        *arrays: Arrays (or sequences) of the same length, split along their first axis.
        test_fraction: The share of samples in the test part, in (0, 1); rounded to a whole
            number of samples, neither part may be empty.
        seed: The seed of the permutation (``numpy.random.default_rng``).

    Returns:
        ``[train_0, test_0, train_1, test_1, ...]`` as NumPy arrays, as scikit-learn's function
        of the same name.

    Raises:
        ValueError: No arrays, arrays of different lengths, or a fraction that leaves a part
            empty.
    """
    if not arrays:
        raise ValueError("train_test_split: give at least one array")
    n = len(arrays[0])
    if any(len(a) != n for a in arrays):
        raise ValueError(f"train_test_split: arrays differ in length: {[len(a) for a in arrays]}")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"train_test_split: test_fraction must be in (0, 1), got {test_fraction!r}")
    n_test = round(test_fraction * n)
    if n_test == 0 or n_test == n:
        raise ValueError(
            f"train_test_split: test_fraction {test_fraction} of {n} samples leaves an empty part"
        )
    order = np.random.default_rng(seed).permutation(n)
    test, train = order[:n_test], order[n_test:]
    out = []
    for a in arrays:
        a = np.asarray(a)
        out += [a[train], a[test]]
    return out

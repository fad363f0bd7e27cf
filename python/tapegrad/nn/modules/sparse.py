"""Embedding, as ``torch.nn.Embedding``: a lookup table of trainable rows."""

from ... import _dtype
from ..._core import Tensor
from ..._factories import empty
from ...grad_mode import no_grad
from .. import _embedding
from ..parameter import Parameter
from .module import Module

__all__ = ["Embedding"]


class Embedding(Module):
    """A table of ``num_embeddings`` rows of size ``embedding_dim``, looked up by integer index.

    The weight starts N(0, 1) (from tapegrad's generator), with the ``padding_idx`` row zero; that
    row's gradient stays zero. The input is an int64 (or int32) tensor of any shape; the output
    has shape ``input.shape + (embedding_dim,)``.

    Args:
        num_embeddings: The number of rows.
        embedding_dim: The size of each row.
        padding_idx: A row that gets no gradient (negative counts from the end), or None.
        max_norm: Rows looked up whose ``norm_type``-norm exceeds it are rescaled to it, in place.
        norm_type: The p of the p-norm for ``max_norm``.
        scale_grad_by_freq: Divide each row's gradient by the number of times the batch names it.
        sparse: Must be False: tapegrad has no sparse gradients.
        _weight: An initial ``(num_embeddings, embedding_dim)`` weight, used as is (shared).
        _freeze: The weight does not require a gradient.
        device: None or ``"cpu"``.
        dtype: The weight's dtype (default: tapegrad's default float dtype, float64).

    Attributes:
        weight: The ``(num_embeddings, embedding_dim)`` table, a Parameter.

    Raises:
        AssertionError: ``padding_idx`` out of range, or ``_weight`` of another shape (as
            PyTorch, which asserts).
        NotImplementedError: ``sparse=True``.
    """

    def __init__(
        self,
        num_embeddings,
        embedding_dim,
        padding_idx=None,
        max_norm=None,
        norm_type=2.0,
        scale_grad_by_freq=False,
        sparse=False,
        _weight=None,
        _freeze=False,
        device=None,
        dtype=None,
    ):
        super().__init__()
        _dtype._check_device(device)
        if sparse:
            raise NotImplementedError(
                "Embedding(sparse=True): tapegrad has no sparse tensors, so no sparse gradients; use "
                "sparse=False (the dense gradient has the same values and works with every optimizer)"
            )
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        if padding_idx is not None:
            if padding_idx > 0 and padding_idx >= num_embeddings:
                raise AssertionError("Padding_idx must be within num_embeddings")
            if padding_idx < 0:
                if padding_idx < -num_embeddings:
                    raise AssertionError("Padding_idx must be within num_embeddings")
                padding_idx = num_embeddings + padding_idx
        self.padding_idx = padding_idx
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        if _weight is None:
            self.weight = Parameter(
                empty((num_embeddings, embedding_dim), dtype=dtype), requires_grad=not _freeze
            )
            self.reset_parameters()
        else:
            if not isinstance(_weight, Tensor):
                raise TypeError(f"Embedding(): _weight must be a Tensor, not {type(_weight).__name__}")
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise AssertionError("Shape of weight does not match num_embeddings and embedding_dim")
            self.weight = Parameter(_weight, requires_grad=not _freeze)
        self.sparse = sparse

    def reset_parameters(self):
        """Draws the weight from N(0, 1) again and zeroes the ``padding_idx`` row."""
        with no_grad():
            self.weight.normal_()
        self._fill_padding_idx_with_zero()

    def _fill_padding_idx_with_zero(self):
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx].fill_(0)

    def forward(self, input):
        """The rows of ``weight`` at ``input`` (``tg.nn.functional.embedding``).

        Args:
            input: An int64 or int32 Tensor of indices in ``[0, num_embeddings)``.

        Raises:
            NotImplementedError: ``sparse`` was set to True after construction.
        """
        if self.sparse:
            raise NotImplementedError(
                "Embedding.sparse = True: tapegrad has no sparse gradients; set sparse = False (the dense "
                "gradient has the same values)"
            )
        return _embedding.embedding(
            input,
            self.weight,
            self.padding_idx,
            self.max_norm,
            self.norm_type,
            self.scale_grad_by_freq,
            self.sparse,
        )

    def extra_repr(self):
        """``num_embeddings, embedding_dim`` and the options that differ from the defaults.

        Returns:
            str: The layer's arguments, as PyTorch prints them.
        """
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq is not False:
            s += f", scale_grad_by_freq={self.scale_grad_by_freq}"
        if self.sparse is not False:
            s += ", sparse=True"
        return s

    @classmethod
    def from_pretrained(
        cls,
        embeddings,
        freeze=True,
        padding_idx=None,
        max_norm=None,
        norm_type=2.0,
        scale_grad_by_freq=False,
        sparse=False,
    ):
        """An Embedding whose weight is ``embeddings`` (shared, not copied), frozen by default.

        Args:
            embeddings: A 2-D Tensor, ``(num_embeddings, embedding_dim)``.
            freeze: The weight does not require a gradient (``weight.requires_grad = not freeze``).
            padding_idx: A row that gets no gradient (its values are kept as given).
            max_norm: As in ``Embedding``.
            norm_type: As in ``Embedding``.
            scale_grad_by_freq: As in ``Embedding``.
            sparse: Must be False.

        Returns:
            Embedding: the layer.

        Raises:
            AssertionError: ``embeddings`` is not 2-D (as PyTorch).
        """
        if not isinstance(embeddings, Tensor):
            raise TypeError(
                f"from_pretrained(): embeddings must be a Tensor, not {type(embeddings).__name__}"
            )
        if embeddings.dim() != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        return cls(
            num_embeddings=rows,
            embedding_dim=cols,
            _weight=embeddings,
            _freeze=freeze,
            padding_idx=padding_idx,
            max_norm=max_norm,
            norm_type=norm_type,
            scale_grad_by_freq=scale_grad_by_freq,
            sparse=sparse,
        )

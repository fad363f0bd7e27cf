"""BatchNorm1d, as ``torch.nn.BatchNorm1d``: per-channel normalization with running statistics."""

from ... import _dtype
from ..._core import tensor
from ..._factories import empty, ones, zeros
from ...grad_mode import no_grad
from .. import _normalization
from ..parameter import Parameter
from .module import Module

__all__ = ["BatchNorm1d"]


class _NormBase(Module):
    """The parameters, buffers and resets shared by the batch normalization layers."""

    def __init__(
        self,
        num_features,
        eps=1e-5,
        momentum=0.1,
        affine=True,
        track_running_stats=True,
        device=None,
        dtype=None,
        *,
        bias=True,
    ):
        super().__init__()
        _dtype._check_device(device)
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = Parameter(empty(num_features, dtype=dtype))
            if bias:
                self.bias = Parameter(empty(num_features, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", tensor(0, dtype=_dtype.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self):
        """Running mean to zeros, running variance to ones, ``num_batches_tracked`` to 0."""
        if self.track_running_stats:
            with no_grad():
                self.running_mean.zero_()
                self.running_var.fill_(1)
                self.num_batches_tracked.zero_()

    def reset_parameters(self):
        """Resets the running statistics, ``weight`` to ones and ``bias`` to zeros."""
        self.reset_running_stats()
        if self.affine:
            with no_grad():
                self.weight.fill_(1.0)
                if self.bias is not None:
                    self.bias.zero_()

    def _check_input_dim(self, input):
        raise NotImplementedError

    def _load_from_state_dict(self, state_dict, prefix, missing_keys, unexpected_keys, error_msgs, copies):
        # As PyTorch for checkpoints written before num_batches_tracked existed: a state dict
        # without it loads, keeping the module's count.
        key = prefix + "num_batches_tracked"
        if self.track_running_stats and self.num_batches_tracked is not None and key not in state_dict:
            state_dict[key] = self.num_batches_tracked.clone()
        super()._load_from_state_dict(state_dict, prefix, missing_keys, unexpected_keys, error_msgs, copies)

    def forward(self, input):
        """Normalizes ``input`` with the batch's statistics in training mode (updating the
        running ones), with the running statistics in evaluation mode.

        Args:
            input: A floating-point Tensor, channels along dimension 1.
        """
        self._check_input_dim(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            with no_grad():
                self.num_batches_tracked.add_(1)
            factor = 1.0 / float(self.num_batches_tracked.item()) if self.momentum is None else self.momentum
        bn_training = self.training or (self.running_mean is None and self.running_var is None)
        use_running = not self.training or self.track_running_stats
        return _normalization.batch_norm(
            input,
            self.running_mean if use_running else None,
            self.running_var if use_running else None,
            self.weight,
            self.bias,
            bn_training,
            factor,
            self.eps,
        )

    def extra_repr(self):
        """``3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True``, as
        PyTorch 2.13.

        Returns:
            str: The layer's arguments.
        """
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
            f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_NormBase):
    """Batch normalization of ``(N, C)`` or ``(N, C, L)`` inputs, over N (and L) per channel.

    In training mode each channel is normalized with the batch's mean and biased variance, and
    the buffers ``running_mean`` / ``running_var`` move toward the batch's mean and unbiased
    variance by ``momentum`` (``momentum=None``: their cumulative average over
    ``num_batches_tracked`` batches). In evaluation mode the running statistics normalize.

    Args:
        num_features: C, the number of channels.
        eps: Added to the variance before the square root.
        momentum: The weight of each batch in the running statistics, or None for a cumulative
            average.
        affine: Learn ``weight`` (ones at first) and ``bias`` (zeros), each ``(C,)``.
        track_running_stats: Keep running statistics (otherwise batch statistics are used in
            evaluation mode too).
        device: None or ``"cpu"``.
        dtype: The parameters' and running statistics' dtype (default: float64).
        bias: Learn ``bias`` too (with ``affine``; keyword only).

    Attributes:
        weight: The ``(C,)`` scale, a Parameter (None without ``affine``).
        bias: The ``(C,)`` shift, a Parameter (None without ``affine`` or ``bias``).
        running_mean: The ``(C,)`` running mean, a buffer (None without tracking).
        running_var: The ``(C,)`` running variance, a buffer (None without tracking).
        num_batches_tracked: The number of training batches seen, an int64 0-d buffer.

    Raises:
        ValueError: In ``forward``: an input that is not 2-D or 3-D, or training with one value
            per channel.
    """

    def _check_input_dim(self, input):
        if input.dim() != 2 and input.dim() != 3:
            raise ValueError(f"expected 2D or 3D input (got {input.dim()}D input)")

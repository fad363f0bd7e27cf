#pragma once
// Shape ops, with PyTorch's names and meanings: views that share their input's memory, and the
// copies that join, repeat, flip and mask tensors.
//
// Views (view, reshape when the strides allow, flatten, unflatten, squeeze, unsqueeze, permute,
// transpose, movedim, expand, narrow, unbind, split, chunk, tensor_split, diagonal, as_strided)
// make no copy: writes to the view show in the input and the other way round, and the gradient
// of a view flows back into its input's positions (summed where expand repeats an element).
// The copies (cat, stack, repeat, tile, flip, roll, tril, triu, ...) return new contiguous
// tensors.
//
// Dimensions may be negative (counting from the end); a 0-d tensor takes the dimensions 0 and
// -1, as in PyTorch. Errors: std::out_of_range for a dimension out of range ("Dimension out of
// range (expected to be in range of [-2, 1], but got 5)"), std::invalid_argument for sizes and
// shapes that do not fit, tapegrad::type_error for dtypes.
#include <cstdint>
#include <optional>
#include <vector>

#include "tapegrad/tensor.hpp"

namespace tapegrad {

// ---- views --------------------------------------------------------------------------------

// x's elements in another shape of the same size, sharing x's memory (one size may be -1). The
// strides must allow it (PyTorch's computeStride rule: a view can merge or split dimensions only
// where they are laid out one after the other); otherwise std::invalid_argument says to use
// reshape, which copies.
Tensor view(const Tensor& x, const std::vector<std::int64_t>& shape);
// As view when the strides allow it, else a contiguous copy of x in the new shape.
Tensor reshape(const Tensor& x, const std::vector<std::int64_t>& shape);
// Dimensions start_dim..end_dim merged into one (a view when the strides allow, as reshape); x
// itself when start_dim and end_dim are one dimension. A 0-d tensor becomes 1-D.
Tensor flatten(const Tensor& x, int start_dim = 0, int end_dim = -1);
// Dimension dim split into `sizes` (one may be -1): a view.
Tensor unflatten(const Tensor& x, int dim, const std::vector<std::int64_t>& sizes);
// Every size-1 dimension removed; or those of `dims` that have size 1 (others stay, as PyTorch).
Tensor squeeze(const Tensor& x);
Tensor squeeze(const Tensor& x, const std::vector<int>& dims);
// A size-1 dimension inserted at dim (in -ndim-1..ndim).
Tensor unsqueeze(const Tensor& x, int dim);
// The dimensions reordered: result dimension i is x's dimension dims[i].
Tensor permute(const Tensor& x, const std::vector<int>& dims);
// Dimensions dim0 and dim1 swapped (PyTorch's transpose; swapaxes and swapdims too).
Tensor transpose(const Tensor& x, int dim0, int dim1);
// NumPy's transpose, kept for existing C++ callers: the dimensions permuted by `axes`, or
// reversed when it is empty. Prefer permute(x, dims), transpose(x, dim0, dim1) or numpy_T(x).
Tensor transpose(const Tensor& x, const std::vector<int>& axes = {});
// All dimensions reversed (PyTorch's x.T).
Tensor numpy_T(const Tensor& x);
// x of at most 2 dimensions transposed (PyTorch's t()); std::invalid_argument for more.
Tensor t(const Tensor& x);
// The last two dimensions swapped (PyTorch's x.mT); std::invalid_argument below 2 dimensions.
Tensor mT(const Tensor& x);
// Dimensions `source` moved to positions `destination`, the others keeping their order.
Tensor movedim(const Tensor& x, const std::vector<int>& source, const std::vector<int>& destination);
// x repeated along size-1 dimensions (and new leading ones) without copying: stride 0. A size
// of -1 keeps x's size. The result cannot be written in place (its elements share memory).
Tensor expand(const Tensor& x, const std::vector<std::int64_t>& sizes);
// expand to exactly `shape` (NumPy's and PyTorch's broadcast_to).
Tensor broadcast_to(const Tensor& x, const std::vector<std::int64_t>& shape);
// Elements start..start+length-1 of dimension dim (start may be negative).
Tensor narrow(const Tensor& x, int dim, std::int64_t start, std::int64_t length);
// Each index of dimension dim, as views without that dimension.
std::vector<Tensor> unbind(const Tensor& x, int dim = 0);
// Views of split_size elements along dim (the last one shorter when it does not divide).
std::vector<Tensor> split(const Tensor& x, std::int64_t split_size, int dim = 0);
// Views of the given sizes along dim; they must add up to x's size there.
std::vector<Tensor> split_with_sizes(const Tensor& x, const std::vector<std::int64_t>& sizes, int dim = 0);
// At most `chunks` views of ceil(size / chunks) elements along dim (PyTorch's chunk: fewer
// when the size does not call for them all).
std::vector<Tensor> chunk(const Tensor& x, std::int64_t chunks, int dim = 0);
// `sections` views of sizes differing by at most one (the first ones larger), as NumPy's
// array_split; or views split before each of `indices`.
std::vector<Tensor> tensor_split(const Tensor& x, std::int64_t sections, int dim = 0);
std::vector<Tensor> tensor_split_indices(const Tensor& x, const std::vector<std::int64_t>& indices,
                                         int dim = 0);
// The diagonal of the (dim1, dim2) planes, offset above (> 0) or below (< 0) the main one, as the
// last dimension of the view.
Tensor diagonal(const Tensor& x, std::int64_t offset = 0, int dim1 = 0, int dim2 = 1);
// A view of x's storage with any sizes and strides (in elements), from storage_offset (x's own
// offset when absent). std::invalid_argument when it reaches outside the storage.
Tensor as_strided(const Tensor& x, const std::vector<std::int64_t>& size,
                  const std::vector<std::int64_t>& stride,
                  std::optional<std::int64_t> storage_offset = std::nullopt);
// x itself when 1-D or more; else a view with leading size-1 dimensions (PyTorch's atleast_*d:
// 1-D becomes (1, n) for 2-D, and (1, n, 1) for 3-D; 2-D (m, n) becomes (m, n, 1)).
Tensor atleast_1d(const Tensor& x);
Tensor atleast_2d(const Tensor& x);
Tensor atleast_3d(const Tensor& x);

// ---- copies -------------------------------------------------------------------------------

// The tensors joined along an existing dimension. Their dtypes promote (promote_types); all
// sizes but dim's must agree; 1-D tensors with no elements are skipped (PyTorch's legacy rule).
// Any number of tensors (at least one); one node on the tape per three inputs.
Tensor cat(const std::vector<Tensor>& tensors, int dim = 0);
// The tensors (all of one shape) joined along a new dimension dim.
Tensor stack(const std::vector<Tensor>& tensors, int dim = 0);
// cat along dimension 1 (0 for 1-D tensors), 0 (after atleast_2d) and 2 (after atleast_3d).
Tensor hstack(const std::vector<Tensor>& tensors);
Tensor vstack(const std::vector<Tensor>& tensors);
Tensor dstack(const std::vector<Tensor>& tensors);
// x tiled `repeats[i]` times along each dimension; repeats may have more entries than x has
// dimensions (new leading ones), never fewer (PyTorch's repeat).
Tensor repeat(const Tensor& x, const std::vector<std::int64_t>& repeats);
// As repeat, with fewer entries than dimensions allowed (leading 1s are added: NumPy's tile).
Tensor tile(const Tensor& x, const std::vector<std::int64_t>& dims);
// The order of elements reversed along each of dims (a copy).
Tensor flip(const Tensor& x, const std::vector<int>& dims);
// Elements shifted by shifts[i] along dims[i], wrapping around; with no dims, x flattened is
// shifted and the shape restored (one shift).
Tensor roll(const Tensor& x, const std::vector<std::int64_t>& shifts, const std::vector<int>& dims = {});
// Elements above (tril) or below (triu) the given diagonal of the last two dimensions zeroed.
Tensor tril(const Tensor& x, std::int64_t diagonal = 0);
Tensor triu(const Tensor& x, std::int64_t diagonal = 0);

}  // namespace tapegrad

// multinomial of tapegrad/random.hpp: each row's weights in a tree of partial sums, one draw
// per sample (2 words), with or without replacement.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "random/fill.hpp"
#include "tapegrad/random.hpp"

namespace tapegrad {

using namespace random_detail;

namespace {

// One row's weights as a complete binary tree of partial sums: leaves hold the weights (padded
// with zeros to a power of two), each inner node the sum of its two children. A draw descends
// from the root in O(log C); removing a category (sampling without replacement) recomputes its
// path from the children, never by subtraction, so a removed category has weight exactly 0 and
// the sums carry no drift. The order of additions is fixed by the tree: the same on every
// platform and thread count.
class SumTree {
 public:
  explicit SumTree(std::int64_t categories) {
    while (leaves_ < static_cast<std::size_t>(categories)) leaves_ *= 2;
    node_.assign(2 * leaves_, 0.0);
  }

  template <class P>
  void assign(const P* w, std::int64_t categories) {
    const auto c = static_cast<std::size_t>(categories);
    for (std::size_t i = 0; i < c; ++i) node_[leaves_ + i] = static_cast<double>(w[i]);
    std::fill(node_.begin() + static_cast<std::ptrdiff_t>(leaves_ + c), node_.end(), 0.0);
    for (std::size_t i = leaves_ - 1; i >= 1; --i) node_[i] = node_[2 * i] + node_[2 * i + 1];
  }

  // The category at u * total, u in [0, 1), the total being positive. The descent only enters
  // subtrees of positive sum (a right one of sum 0 is never entered, even where rounding puts
  // the target at or past the left sum), so a zero-weight category is never drawn.
  std::size_t draw(double u) const {
    double t = u * node_[1];
    std::size_t i = 1;
    while (i < leaves_) {
      const double left = node_[2 * i], right = node_[2 * i + 1];
      if (t < left || right == 0.0) {
        i = 2 * i;
      } else {
        t -= left;
        i = 2 * i + 1;
      }
    }
    return i - leaves_;
  }

  void remove(std::size_t category) {
    std::size_t i = leaves_ + category;
    node_[i] = 0.0;
    for (i /= 2; i >= 1; i /= 2) node_[i] = node_[2 * i] + node_[2 * i + 1];
  }

 private:
  std::size_t leaves_ = 1;
  std::vector<double> node_;
};

template <class P>
void check_multinomial(const P* probs, std::int64_t rows, std::int64_t categories, std::int64_t num_samples,
                       bool replacement) {
  if (rows < 0) throw std::invalid_argument("multinomial: rows must be >= 0, got " + std::to_string(rows));
  if (categories < 1) {
    throw std::invalid_argument("multinomial: a distribution needs at least one category, got " +
                                std::to_string(categories));
  }
  if (num_samples <= 0) throw std::invalid_argument("cannot sample n_sample <= 0 samples");
  if (!replacement && num_samples > categories) {
    throw std::invalid_argument("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  }
  if (rows > std::numeric_limits<std::int64_t>::max() / categories ||
      rows > std::numeric_limits<std::int64_t>::max() / num_samples) {
    throw std::overflow_error("multinomial: rows * categories or rows * num_samples overflows");
  }
  // Bounds each row's sum, whatever the order of additions: it cannot overflow to inf.
  const double max_weight = DBL_MAX / 2 / static_cast<double>(categories);
  for (std::int64_t r = 0; r < rows; ++r) {
    std::int64_t nonzero = 0;
    for (std::int64_t c = 0; c < categories; ++c) {
      const double w = static_cast<double>(probs[r * categories + c]);
      if (!(w >= 0.0 && w <= max_weight)) {
        if (w >= 0.0 && std::isfinite(w))
          throw std::invalid_argument("multinomial: a weight is too large to sum");
        throw std::invalid_argument("probability tensor contains either `inf`, `nan` or element < 0");
      }
      nonzero += w > 0.0 ? 1 : 0;
    }
    if (nonzero == 0)
      throw std::invalid_argument("invalid multinomial distribution (sum of probabilities <= 0)");
    if (!replacement && num_samples > nonzero) {
      throw std::invalid_argument(
          "invalid multinomial distribution (with replacement=False, not enough non-negative category to "
          "sample)");
    }
  }
}

}  // namespace

template <class P>
void multinomial(std::int64_t* out, const P* probs, std::int64_t rows, std::int64_t categories,
                 std::int64_t num_samples, bool replacement, Generator& gen) {
  check_multinomial(probs, rows, categories, num_samples, replacement);
  if (rows == 0) return;
  const Stream s = reserve(gen, checked_words(rows * num_samples, 2, "multinomial"));
  // Draws samples [begin, end) of row r from its tree; sample k has the 2 words at
  // s.start + 2 * (r * num_samples + k), whichever thread draws it.
  const auto draw_row = [&](SumTree& tree, std::int64_t r, std::int64_t begin, std::int64_t end) {
    std::int64_t* row_out = out + r * num_samples;
    const Stream row{s.key, s.start + 2 * static_cast<std::uint64_t>(r * num_samples)};
    auto sample = [&](std::int64_t k, Words w) {
      const std::size_t c = tree.draw(unit53(w));
      row_out[k] = static_cast<std::int64_t>(c);
      if (!replacement) tree.remove(c);
    };
    for_elements<2>(row, begin, end, sample);
  };
  if (replacement && num_samples > kPiece) {
    // Many independent samples per row: one tree per row, read by all the threads.
    SumTree tree(categories);
    for (std::int64_t r = 0; r < rows; ++r) {
      tree.assign(probs + r * categories, categories);
      split(num_samples, kPiece,
            [&](std::int64_t begin, std::int64_t end) { draw_row(tree, r, begin, end); });
    }
    return;
  }
  // Otherwise rows in parallel, each row's samples in order (without replacement they depend on
  // the ones before). A row costs about categories + num_samples steps: pieces of about kPiece.
  const std::int64_t row_cost = categories + std::min(num_samples, kPiece);
  split(rows, std::max<std::int64_t>(1, kPiece / row_cost), [&](std::int64_t begin, std::int64_t end) {
    SumTree tree(categories);
    for (std::int64_t r = begin; r < end; ++r) {
      tree.assign(probs + r * categories, categories);
      draw_row(tree, r, 0, num_samples);
    }
  });
}

template void multinomial<float>(std::int64_t*, const float*, std::int64_t, std::int64_t, std::int64_t, bool,
                                 Generator&);
template void multinomial<double>(std::int64_t*, const double*, std::int64_t, std::int64_t, std::int64_t,
                                  bool, Generator&);

}  // namespace tapegrad

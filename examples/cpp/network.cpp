// The exercise's 2-2-1 sigmoid network with tapegrad's C++ API: forward, backward, one SGD step.
//
//   X = [0.5, 0.3], t = [0.7], W1 = [[0.2, 0.4], [0.1, 0.3]], b1 = [0.1, 0.2],
//   W2 = [[0.5], [0.6]], b2 = [0.1], E = (y - t)^2, lr = 0.1
//
// Each layer is Y = sigmoid(X @ W + b) with W of shape (in, out), one tape node per layer.
// The numbers printed are the documents' (docs/backprop-from-the-ground-up.md, "The documents'
// numbers"); gradients are descended.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "tapegrad/tapegrad.hpp"

namespace tg = tapegrad;

namespace {

// A leaf tensor that collects a gradient.
tg::Tensor parameter(const std::vector<double>& values, const tg::Shape& shape) {
  tg::Tensor t = tg::Tensor::from_vector(values, shape);
  t.set_requires_grad(true);
  return t;
}

// "[0.55724785, 0.62010643]" for 1-D, "[[0.5], [0.6]]" for 2-D, as NumPy prints them.
std::string format(const tg::Tensor& t) {
  const std::vector<double> v = t.to_vector();
  const std::int64_t cols = t.ndim() == 0 ? 1 : t.shape()[t.ndim() - 1];
  const bool nested = t.ndim() == 2;
  std::string s = nested ? "[" : "";
  char number[32];
  for (std::size_t i = 0; i < v.size(); ++i) {
    const bool row_start = i % static_cast<std::size_t>(cols) == 0;
    if (row_start)
      s += i == 0 ? "[" : "], [";
    else
      s += ", ";
    std::snprintf(number, sizeof number, "%.8f", v[i]);
    s += number;
  }
  s += "]";
  return nested ? s + "]" : s;
}

void show(const char* name, const tg::Tensor& t) { std::printf("  %-6s = %s\n", name, format(t).c_str()); }

}  // namespace

int main() {
  const tg::Tensor x = tg::Tensor::from_vector({0.5, 0.3}, tg::Shape{1, 2});
  const tg::Tensor target = tg::Tensor::from_vector({0.7}, tg::Shape{1, 1});
  tg::Tensor w1 = parameter({0.2, 0.4, 0.1, 0.3}, tg::Shape{2, 2});
  tg::Tensor b1 = parameter({0.1, 0.2}, tg::Shape{2});
  tg::Tensor w2 = parameter({0.5, 0.6}, tg::Shape{2, 1});
  tg::Tensor b2 = parameter({0.1}, tg::Shape{1});

  // Forward: two fused dense layers and the squared error (the mean of one element).
  tg::Tensor hidden = tg::dense(x, w1, b1, tg::Activation::Sigmoid);
  tg::Tensor y = tg::dense(hidden, w2, b2, tg::Activation::Sigmoid);
  const tg::Tensor error = tg::mse_loss(y, target);
  hidden.retain_grad();  // keep dE/dh and dE/dy, which are not leaves, to print them
  y.retain_grad();

  std::printf("the 2-2-1 sigmoid network, E = (y - t)^2\n");
  std::printf("forward\n");
  show("hidden", hidden);
  show("y", y);
  std::printf("  %-6s = %.8f\n", "E", error.item());

  error.backward();
  std::printf("backward\n");
  show("dE/dy", y.grad());
  show("dE/dW2", w2.grad());
  show("dE/db2", b2.grad());
  show("dE/dh", hidden.grad());
  show("dE/dW1", w1.grad());
  show("dE/db1", b1.grad());

  tg::optim::SGD sgd({w1, b1, w2, b2}, /*lr=*/0.1);
  sgd.step();  // w -= lr * dE/dw
  std::printf("after one SGD step (lr = 0.1)\n");
  show("W1", w1);
  show("b1", b1);
  show("W2", w2);
  show("b2", b2);
  {
    tg::NoGradGuard no_grad;
    const tg::Tensor y_new =
        tg::dense(tg::dense(x, w1, b1, tg::Activation::Sigmoid), w2, b2, tg::Activation::Sigmoid);
    std::printf("  %-6s = %.8f (was %.8f)\n", "E", tg::mse_loss(y_new, target).item(), error.item());
  }
  return 0;
}

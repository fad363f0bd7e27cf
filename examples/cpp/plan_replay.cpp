// The exercise's 2-2-1 sigmoid network trained for 1,000 SGD steps by replaying a recorded step
// (tapegrad::Plan, what tg.compile does in Python), beside an identical network trained eagerly.
//
//   X = [0.5, 0.3], t = [0.7], W1 = [[0.2, 0.4], [0.1, 0.3]], b1 = [0.1, 0.2],
//   W2 = [[0.5], [0.6]], b2 = [0.1], E = (y - t)^2, lr = 0.1, float64
//
// Plan::record runs the step (zero_grad, forward, mse_loss, backward, SGD step) once, eagerly,
// and records it; plan.run replays it 999 times in C++, with no tape nodes and its intermediate
// buffers reused (the returned loss gets a new one while the caller holds the last). A replay runs the same
// kernels in the same order as eager execution, so the two networks end bit for bit equal: the program checks
// every loss and every weight with memcmp and fails (exit 1) if one byte differs.
//
// Plain SGD makes no state. SGD with momentum makes its velocity on its first step, which a plan
// refuses to record: with it, run one eager step first and record the second.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "tapegrad/plan.hpp"
#include "tapegrad/tapegrad.hpp"

namespace tg = tapegrad;

namespace {

constexpr int kSteps = 1000;
constexpr double kLr = 0.1;

// A leaf tensor that collects a gradient.
tg::Tensor parameter(const std::vector<double>& values, const tg::Shape& shape) {
  tg::Tensor t = tg::Tensor::from_vector(values, shape);
  t.set_requires_grad(true);
  return t;
}

// The exercise's network: two nn::Dense layers with sigmoid, the weights set to the exercise's.
struct Network {
  tg::nn::Dense hidden{2, 2, tg::Activation::Sigmoid, tg::DType::Float64};
  tg::nn::Dense output{2, 1, tg::Activation::Sigmoid, tg::DType::Float64};
  tg::optim::SGD sgd;

  Network() : sgd(init(), kLr) {}

  std::vector<tg::Tensor> init() {
    hidden.weight = parameter({0.2, 0.4, 0.1, 0.3}, tg::Shape{2, 2});
    hidden.bias = parameter({0.1, 0.2}, tg::Shape{2});
    output.weight = parameter({0.5, 0.6}, tg::Shape{2, 1});
    output.bias = parameter({0.1}, tg::Shape{1});
    return {hidden.weight, hidden.bias, output.weight, output.bias};
  }

  // One training step; returns the loss before the update.
  tg::Tensor step(const tg::Tensor& x, const tg::Tensor& target) {
    sgd.zero_grad();
    const tg::Tensor loss = tg::mse_loss(output(hidden(x)), target);
    loss.backward();
    sgd.step();
    return loss;
  }

  std::vector<tg::Tensor> parameters() const { return sgd.parameters(); }
};

bool same_bytes(const tg::Tensor& a, const tg::Tensor& b) {
  return a.shape() == b.shape() && a.dtype() == b.dtype() &&
         std::memcmp(a.raw_data(), b.raw_data(),
                     static_cast<std::size_t>(a.numel()) * tg::itemsize(a.dtype())) == 0;
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

}  // namespace

int main() {
  const tg::Tensor x = tg::Tensor::from_vector({0.5, 0.3}, tg::Shape{1, 2});
  const tg::Tensor target = tg::Tensor::from_vector({0.7}, tg::Shape{1, 1});
  Network replayed;
  Network eager;

  // Step 1: recorded (and run: its effects happen). The inputs are bound by position, so the
  // lambda reads them from `in`; the loss it returns is what plan.run returns.
  tg::Tensor first_loss;
  const tg::Plan plan = tg::Plan::record(
      [&](const std::vector<tg::Tensor>& in) {
        first_loss = replayed.step(in[0], in[1]);
        return std::vector<tg::Tensor>{first_loss};
      },
      {x, target});

  std::vector<tg::Tensor> replayed_losses{first_loss};
  std::vector<tg::Tensor> eager_losses;
  for (int i = 1; i < kSteps; ++i) replayed_losses.push_back(plan.run({x, target})[0]);
  for (int i = 0; i < kSteps; ++i) eager_losses.push_back(eager.step(x, target));

  std::printf("the 2-2-1 sigmoid network, E = (y - t)^2, SGD (lr = %.1f): step 1 recorded, then replayed\n",
              kLr);
  std::printf("                     replayed      eager\n");
  bool equal = true;
  for (int i = 0; i < kSteps; ++i) {
    const auto k = static_cast<std::size_t>(i);
    equal = equal && same_bytes(replayed_losses[k], eager_losses[k]);
    const int n = i + 1;
    if (n == 1 || n == 10 || n == 100 || n == kSteps) {
      std::printf("  step %4d  E = %.4e    %.4e\n", n, replayed_losses[k].item(), eager_losses[k].item());
    }
  }
  const char* names[] = {"W1", "b1", "W2", "b2"};
  const std::vector<tg::Tensor> a = replayed.parameters();
  const std::vector<tg::Tensor> b = eager.parameters();
  std::printf("after %d steps\n", kSteps);
  for (std::size_t i = 0; i < a.size(); ++i) {
    equal = equal && same_bytes(a[i], b[i]);
    std::printf("  %-3s replayed = %s\n", names[i], format(a[i]).c_str());
    std::printf("  %-3s eager    = %s\n", names[i], format(b[i]).c_str());
  }
  std::printf("losses and weights bit for bit equal (memcmp): %s\n", equal ? "yes" : "NO");
  return equal ? 0 : 1;
}

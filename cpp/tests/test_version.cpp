// Version counters: each in-place op of the core (add_, mul_, fill_, copy_) and an optimizer step,
// made after an op saved the tensor for backward, makes that backward throw naming the saved
// tensor's shape and the op; a failed backward changes no gradient; ops that saved nothing of the
// changed tensor still work.
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tg::Shape;
using tg::Tensor;

namespace {
// The in-place updates, each as an optimizer would make it (under no_grad).
const std::vector<std::pair<const char*, std::function<void(Tensor&)>>>& updates() {
  static const std::vector<std::pair<const char*, std::function<void(Tensor&)>>> all{
      {"add_", [](Tensor& t) { tg::add_(t, Tensor::scalar(1.0)); }},
      {"mul_", [](Tensor& t) { tg::mul_(t, 0.5); }},
      {"fill_", [](Tensor& t) { tg::fill_(t, 3.0); }},
      {"copy_", [](Tensor& t) { tg::copy_(t, Tensor::full(t.shape(), 2.0)); }},
      {"SGD.step",
       [](Tensor& t) {
         t.set_grad(Tensor::full(t.shape(), 1.0));
         tg::optim::SGD({t}, 0.1).step();
       }},
  };
  return all;
}
}  // namespace

TG_TEST(every_in_place_update_after_save_makes_backward_throw) {
  for (const auto& [name, update] : updates()) {
    for (int op = 0; op < 4; ++op) {
      Tensor w = Tensor::from_vector({1, 2, 3, 4, 5, 6}, Shape{2, 3}).set_requires_grad(true);
      const Tensor x = Tensor::full(Shape{4, 2}, 0.5);
      Tensor loss;
      const char* saved_by = "";
      switch (op) {
        case 0:
          loss = tg::sum(w * w);
          saved_by = "Mul";
          break;
        case 1:
          loss = tg::sum(tg::exp(w));
          saved_by = "Exp";
          break;  // saves its output, not w
        case 2:
          loss = tg::sum(tg::matmul(x, w));
          saved_by = "MatMul";
          break;
        default:
          loss = tg::sum(tg::dense(x, w, Tensor(), tg::Activation::Tanh));
          saved_by = "Dense";
          break;
      }
      {
        tg::NoGradGuard no_grad;
        update(w);
      }
      if (op == 1 || op == 2) {
        // exp saved its own output and matmul's dW = x^T g does not read w: both still correct.
        w.set_grad(Tensor());
        loss.backward();
        TG_CHECK(w.grad().defined());
        continue;
      }
      w.set_grad(Tensor());
      try {
        loss.backward();
        TG_CHECK(false && "backward did not throw");
      } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        if (what.find("(2, 3)") == std::string::npos || what.find(saved_by) == std::string::npos ||
            what.find("modified in place") == std::string::npos) {
          tapegrad_testing::fail(__FILE__, __LINE__, std::string(name) + ": message '" + what + "'");
        }
      }
      TG_CHECK(!w.grad().defined());
    }
  }
}

TG_TEST(in_place_on_a_tensor_that_requires_grad_needs_no_grad) {
  Tensor w = Tensor::from_vector({1, 2}, Shape{2}).set_requires_grad(true);
  TG_CHECK_THROWS(std::runtime_error, tg::mul_(w, 2.0), "no_grad");
  TG_CHECK_THROWS(std::runtime_error, tg::fill_(w, 0.0), "no_grad");
  TG_CHECK_THROWS(std::runtime_error, tg::copy_(w, Tensor::scalar(1.0)), "no_grad");
  TG_CHECK(w.to_vector() == std::vector<double>({1, 2}));
}

TG_TEST(constant_changed_in_place_is_caught_too) {
  // A constant (no requires_grad) saved by Mul, changed through tapegrad: no_grad is not needed.
  Tensor c = Tensor::from_vector({1, 2}, Shape{2});
  const Tensor w = Tensor::from_vector({3, 4}, Shape{2}).set_requires_grad(true);
  const Tensor loss = tg::sum(w * c);
  tg::add_(c, Tensor::scalar(1.0));
  TG_CHECK_THROWS(std::runtime_error, loss.backward(), "(2,)");
}

TG_TEST_MAIN()

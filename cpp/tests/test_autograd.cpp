// The tape: the documents' worked examples, accumulation where a value is reused, retain_graph,
// a second backward after the graph was freed, the no-grad guard, the version check after an
// in-place change, threads, and a million-node chain built, swept and destroyed without recursion.
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gradcheck.hpp"
#include "tapegrad/tapegrad.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
using tapegrad_testing::leaf;
using tg::Shape;
using tg::Tensor;

namespace {
Tensor scalar_leaf(double v) { return Tensor::scalar(v).set_requires_grad(true); }
}  // namespace

// ---- the documents' examples ----

TG_TEST(slope_of_a_quadratic) {
  // f(x) = 2x^2 - 3x + 4: f(2) = 6, f(6) = 58, f(-2) = 18, slopes 5, 21, -11, and 0 at 0.75.
  const double xs[] = {2, 6, -2, 0.75}, fs[] = {6, 58, 18, 2.875}, slopes[] = {5, 21, -11, 0};
  for (int i = 0; i < 4; ++i) {
    const Tensor x = scalar_leaf(xs[i]);
    const Tensor y = 2.0 * tg::pow(x, 2.0) - 3.0 * x + 4.0;
    TG_CHECK_NEAR(y.item(), fs[i], 1e-12);
    y.backward();
    TG_CHECK_NEAR(x.grad().item(), slopes[i], 1e-12);
    const double h = 1e-6, x0 = xs[i];
    const auto f = [](double v) { return 2 * v * v - 3 * v + 4; };
    TG_CHECK_NEAR((f(x0 + h) - f(x0 - h)) / (2 * h), x.grad().item(), 1e-5);
  }
}

TG_TEST(d_equals_a_times_b_plus_c) {
  const Tensor a = scalar_leaf(3), b = scalar_leaf(-2), c = scalar_leaf(8);
  const Tensor d = a * b + c;
  TG_CHECK_NEAR(d.item(), 2, 0);
  d.backward();
  TG_CHECK_NEAR(a.grad().item(), -2, 0);
  TG_CHECK_NEAR(b.grad().item(), 3, 0);
  TG_CHECK_NEAR(c.grad().item(), 1, 0);
}

TG_TEST(chain_rule_through_named_intermediates) {
  // L = (a*b + c) * f with a=3, b=-2, c=8, f=-2.
  const Tensor a = scalar_leaf(3), b = scalar_leaf(-2), c = scalar_leaf(8), f = scalar_leaf(-2);
  Tensor e = a * b;
  Tensor d = e + c;
  Tensor L = d * f;
  for (Tensor* t : {&e, &d, &L}) t->retain_grad();
  TG_CHECK_NEAR(L.item(), -4, 0);
  L.backward();
  TG_CHECK_NEAR(L.grad().item(), 1, 0);
  TG_CHECK_NEAR(e.grad().item(), -2, 0);
  TG_CHECK_NEAR(f.grad().item(), 2, 0);
  TG_CHECK_NEAR(d.grad().item(), -2, 0);
  TG_CHECK_NEAR(c.grad().item(), -2, 0);
  TG_CHECK_NEAR(a.grad().item(), 4, 0);
  TG_CHECK_NEAR(b.grad().item(), -6, 0);
}

// ---- the tape ----

TG_TEST(gradients_of_a_reused_value_sum) {
  const Tensor x = scalar_leaf(3);
  const Tensor y = x * x + x;  // dy/dx = 2x + 1 = 7: three uses, three contributions
  y.backward();
  TG_CHECK_NEAR(x.grad().item(), 7, 0);

  // A non-leaf used by two branches: its node receives both gradients before it runs.
  const Tensor a = scalar_leaf(2);
  const Tensor h = tg::exp(a);
  const Tensor z = h * 3.0 + h * h;  // dz/da = (3 + 2h) h
  z.backward();
  const double hv = std::exp(2.0);
  TG_CHECK_NEAR(a.grad().item(), (3 + 2 * hv) * hv, 1e-9);
}

TG_TEST(leaf_gradients_accumulate_across_backward_calls) {
  const Tensor x = leaf({1, 2}, Shape{2});
  tg::sum(x * 3.0).backward();
  tg::sum(x * 3.0).backward();
  const auto g = x.grad().to_vector();
  TG_CHECK_NEAR(g[0], 6, 0);
  TG_CHECK_NEAR(g[1], 6, 0);
  Tensor handle = x;
  handle.zero_grad();
  TG_CHECK_NEAR(x.grad().to_vector()[0], 0, 0);
}

// Backward sums a leaf's contributions during the sweep and updates .grad once at the end.
TG_TEST(a_weight_used_many_times_gets_every_contribution) {
  const Tensor w = scalar_leaf(0.5);
  Tensor y = scalar_leaf(1);
  for (int i = 0; i < 100; ++i) y = tg::add(tg::mul(y, w), Tensor::scalar(1));
  y.backward();
  // y_n = w y_{n-1} + 1 from y_0 = 1: dy/dw = sum over k of y_{k-1} w^(n-k).
  std::vector<double> ys{1};
  for (int i = 0; i < 100; ++i) ys.push_back(0.5 * ys.back() + 1);
  double expected = 0;
  for (int k = 1; k <= 100; ++k) expected += ys[static_cast<std::size_t>(k - 1)] * std::pow(0.5, 100 - k);
  TG_CHECK_NEAR(w.grad().item(), expected, 1e-12);
  // A second backward adds its sum to the gradient already there.
  Tensor z = w * 3.0 + w * 4.0;
  z.backward();
  TG_CHECK_NEAR(w.grad().item(), expected + 7, 1e-12);
}

TG_TEST(many_leaves_in_one_backward) {
  // More leaves than the sweep searches one by one: each still gets exactly its own sum.
  std::vector<Tensor> leaves;
  Tensor total = Tensor::scalar(0);
  for (int i = 0; i < 40; ++i) leaves.push_back(scalar_leaf(i));
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 40; ++i)
      total = total + leaves[static_cast<std::size_t>(i)] * static_cast<double>(i + 1);
  }
  total.backward();
  for (int i = 0; i < 40; ++i)
    TG_CHECK_NEAR(leaves[static_cast<std::size_t>(i)].grad().item(), 3.0 * (i + 1), 0);
}

TG_TEST(a_failed_backward_changes_no_grad) {
  const Tensor w = scalar_leaf(2);
  Tensor x = Tensor::scalar(3);
  const Tensor y = w * x + w * 5.0;  // w gets 5 before the sweep reaches Mul, which saved x
  tg::fill_(x, 4);                   // changes a saved tensor: that backward must throw
  TG_CHECK_THROWS(std::runtime_error, y.backward(), "modified in place");
  TG_CHECK(!w.grad().defined());
}

TG_TEST(shared_gradients_are_not_written_in_place) {
  // Add hands one gradient to both of its inputs; each Mul below must not scale it in place
  // for the other.
  const Tensor a = scalar_leaf(2), b = scalar_leaf(3);
  const Tensor h = tg::exp(a);
  const Tensor y = tg::add(h * 5.0, b * 7.0);
  const Tensor z = tg::mul(y, Tensor::scalar(2)) + tg::mul(y, Tensor::scalar(3));
  z.backward();
  TG_CHECK_NEAR(a.grad().item(), 5 * 5 * std::exp(2.0), 1e-9);
  TG_CHECK_NEAR(b.grad().item(), 5 * 7, 1e-12);
}

TG_TEST(retain_graph_allows_a_second_backward) {
  const Tensor x = scalar_leaf(2);
  const Tensor y = tg::pow(x, 3.0);  // saves x
  y.backward(Tensor(), /*retain_graph=*/true);
  TG_CHECK_NEAR(x.grad().item(), 12, 1e-12);
  y.backward();  // the graph was kept: works, and the gradient accumulates
  TG_CHECK_NEAR(x.grad().item(), 24, 1e-12);
}

TG_TEST(second_backward_without_retain_graph_throws) {
  const Tensor x = scalar_leaf(2);
  const Tensor y = tg::exp(x) * x;
  y.backward();
  TG_CHECK_THROWS(std::runtime_error, y.backward(), "a second time");
  TG_CHECK_THROWS(std::runtime_error, y.backward(), "retain_graph=True");
  // Nodes that saved nothing throw as well: the graph is released as a whole.
  const Tensor z = x + 1.0;
  z.backward();
  TG_CHECK_THROWS(std::runtime_error, z.backward(), "a second time");
}

TG_TEST(no_grad_guard_records_nothing_and_restores_the_mode) {
  const Tensor x = scalar_leaf(2);
  TG_CHECK(tg::GradMode::enabled());
  {
    tg::NoGradGuard no_grad;
    TG_CHECK(!tg::GradMode::enabled());
    const Tensor y = x * x;
    TG_CHECK(!y.requires_grad());
    TG_CHECK(y.grad_fn() == nullptr);
    TG_CHECK_THROWS(std::runtime_error, y.backward(), "does not require a gradient");
    {
      tg::NoGradGuard nested;
      TG_CHECK(!tg::GradMode::enabled());
    }
    TG_CHECK(!tg::GradMode::enabled());  // the inner guard restores the outer state
  }
  TG_CHECK(tg::GradMode::enabled());
  const Tensor y = x * x;
  TG_CHECK(y.requires_grad());
  TG_CHECK(y.grad_fn() != nullptr);
}

TG_TEST(grad_mode_is_per_thread) {
  tg::NoGradGuard no_grad;
  bool other_thread_records = false;
  std::thread worker([&] {
    const Tensor x = scalar_leaf(1);
    other_thread_records = tg::GradMode::enabled() && (x * 2.0).grad_fn() != nullptr;
  });
  worker.join();
  TG_CHECK(other_thread_records);
  TG_CHECK(!tg::GradMode::enabled());
}

TG_TEST(independent_graphs_on_several_threads) {
  std::vector<double> grads(4, 0.0);
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([t, &grads] {
      const Tensor x = leaf({static_cast<double>(t), 1.0}, Shape{2});
      for (int rep = 0; rep < 200; ++rep) {
        Tensor handle = x;
        handle.set_grad(Tensor());
        tg::sum(x * x).backward();
      }
      grads[static_cast<std::size_t>(t)] = x.grad().to_vector()[0];  // 2x
    });
  }
  for (auto& w : workers) w.join();
  for (int t = 0; t < 4; ++t) TG_CHECK_NEAR(grads[static_cast<std::size_t>(t)], 2.0 * t, 0);
}

TG_TEST(in_place_change_of_a_saved_tensor_makes_backward_throw) {
  const Tensor a = leaf({1, 2}, Shape{2});
  Tensor b = Tensor::from_vector({3, 4}, Shape{2});  // a constant, saved by mul for a's gradient
  const Tensor y = tg::sum(a * b);
  tg::add_(b, Tensor::scalar(1.0));  // through tapegrad: bumps b's version
  TG_CHECK_THROWS(std::runtime_error, y.backward(),
                  "saved by Mul for backward was modified in place (version 0, now 1)");
}

TG_TEST(in_place_change_of_a_parameter_while_recording_throws) {
  Tensor w = leaf({1, 2}, Shape{2});
  TG_CHECK_THROWS(std::runtime_error, tg::add_(w, Tensor::scalar(1.0)), "cannot be changed in place");
  tg::NoGradGuard no_grad;
  tg::add_(w, Tensor::scalar(1.0));  // as an optimizer does
  TG_CHECK_NEAR(w.to_vector()[1], 3, 0);
}

TG_TEST(backward_seeds_and_their_errors) {
  const Tensor x = leaf({1, 2, 3}, Shape{3});
  const Tensor y = x * 2.0;
  TG_CHECK_THROWS(std::runtime_error, y.backward(),
                  "needs a one-element output, but this one has shape (3,)");
  TG_CHECK_THROWS(std::invalid_argument, y.backward(Tensor::zeros(Shape{2})),
                  "the gradient's shape (2,) does not match the output's shape (3,)");
  y.backward(Tensor::from_vector({1, 10, 100}, Shape{3}));
  const auto g = x.grad().to_vector();
  TG_CHECK_NEAR(g[0], 2, 0);
  TG_CHECK_NEAR(g[1], 20, 0);
  TG_CHECK_NEAR(g[2], 200, 0);
  const Tensor constant = Tensor::scalar(1);
  TG_CHECK_THROWS(std::runtime_error, constant.backward(), "does not require a gradient");
}

TG_TEST(leaves_non_leaves_and_detach) {
  const Tensor x = scalar_leaf(2);
  Tensor y = x * 3.0;
  TG_CHECK(x.is_leaf());
  TG_CHECK(!y.is_leaf());
  TG_CHECK_THROWS(std::invalid_argument, y.set_requires_grad(false), "leaf tensors");
  const Tensor d = y.detach();
  TG_CHECK(d.is_leaf());
  TG_CHECK(!d.requires_grad());
  TG_CHECK(d.storage() == y.storage());  // same memory, no history
  TG_CHECK_THROWS(std::runtime_error, Tensor::scalar(1).retain_grad(), "does not require a gradient");
  // Without retain_grad a non-leaf keeps no gradient.
  (y * y).backward();
  TG_CHECK(!y.grad().defined());
  TG_CHECK_NEAR(x.grad().item(), 36, 0);  // d(9x^2)/dx
}

TG_TEST(nodes_form_the_tape) {
  const Tensor a = scalar_leaf(1), b = scalar_leaf(2);
  const Tensor e = a * b;
  const Tensor d = e + 1.0;
  TG_CHECK(std::string(e.grad_fn()->name()) == "Mul");
  TG_CHECK(std::string(d.grad_fn()->name()) == "Affine");
  TG_CHECK(d.grad_fn()->sequence_nr() > e.grad_fn()->sequence_nr());  // later ops, larger numbers
  TG_CHECK(d.grad_fn()->num_inputs() == 1);
  TG_CHECK(d.grad_fn()->input(0).node == e.grad_fn());
  TG_CHECK(e.grad_fn()->input(0).leaf == a.impl_ptr());
  TG_CHECK(e.grad_fn()->input(1).leaf == b.impl_ptr());
}

TG_TEST(nodes_link_their_output_only_when_asked) {
  const Tensor a = scalar_leaf(1), b = scalar_leaf(2);
  TG_CHECK(!tg::OutputLinks::enabled());  // off by default in C++
  Tensor plain = a * b;
  TG_CHECK(plain.grad_fn()->output.expired());
  plain.retain_grad();  // retain_grad links its own tensor
  TG_CHECK(plain.grad_fn()->output.lock() == plain.impl_ptr());
  tg::OutputLinks::set_enabled(true);
  const Tensor linked = a * b;
  tg::OutputLinks::set_enabled(false);
  TG_CHECK(linked.grad_fn()->output.lock() == linked.impl_ptr());
  TG_CHECK((a * b).grad_fn()->output.expired());
}

TG_TEST(nodes_live_as_long_as_a_dependent_tensor) {
  std::weak_ptr<tg::Node> node;
  {
    const Tensor x = scalar_leaf(1);
    Tensor y = tg::exp(x);
    node = y.grad_fn();
    const Tensor z = y * 2.0;
    y = Tensor();  // z still depends on the Exp node
    TG_CHECK(!node.expired());
  }
  TG_CHECK(node.expired());
}

// ---- a million nodes ----

TG_TEST(million_node_chain_without_recursion) {
  constexpr int kNodes = 1000000;
  const Tensor x = scalar_leaf(0.5);
  {
    Tensor y = x;
    for (int i = 0; i < kNodes; ++i) y = y + 1.0;
    TG_CHECK_NEAR(y.item(), 0.5 + kNodes, 0);
    y.backward();  // the sweep keeps its own stack
    TG_CHECK_NEAR(x.grad().item(), 1, 0);
  }  // y dies: the chain behind it is unlinked node by node
  {
    Tensor y = x;
    for (int i = 0; i < kNodes; ++i) y = y * 1.0;
    TG_CHECK(y.grad_fn() != nullptr);
  }  // destroyed without ever running backward
}

TG_TEST_MAIN()

// A custom op written against tapegrad's C++ API: softplus(x) = log(1 + exp(x)), elementwise (tapegrad
// has tg::softplus; this one is written from scratch to show how).
//
// Its node has a fused backward (one loop: g * sigmoid(x)) for ordinary backward passes, and a
// backward_graph computing the same rule with tapegrad ops for recorded ones (create_graph), so
// second derivatives flow through it. The program checks the gradient against central finite
// differences and takes a Hessian-vector product with autograd::grad(..., create_graph=true)
// twice, checked against finite differences of the gradient and against the exact Hessian
// (diagonal: w * sigmoid(x) * (1 - sigmoid(x))). ctest compares the printed numbers with
// custom_op_expected.txt.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "tapegrad/tapegrad.hpp"

namespace tg = tapegrad;

namespace {

// The node: one input (x), which it saves.
class SoftplusNode final : public tg::Node {
 public:
  SoftplusNode() : tg::Node("SoftplusBackward") {}
  tg::SavedTensor x;

  // create_graph=False: a fused loop, with recording off.
  Grads backward(tg::Tensor grad_output) override {
    const tg::Tensor xv = x.unpack(*this);  // throws if x was changed in place since the forward
    const tg::Tensor g = grad_output.contiguous();
    tg::Tensor dx = tg::Tensor::empty(xv.shape(), xv.dtype());
    const double* px = xv.data<double>();
    const double* pg = g.data<double>();
    double* pd = dx.data<double>();
    for (std::int64_t i = 0; i < xv.numel(); ++i) pd[i] = pg[i] / (1.0 + std::exp(-px[i]));
    return {dx};
  }

  // create_graph=True: the same rule with ops; x unpacks with its history, so the result is
  // differentiable again.
  Grads backward_graph(tg::Tensor grad_output) override {
    return {grad_output * tg::sigmoid(x.unpack(*this))};
  }

 protected:
  void release_saved() noexcept override { x.reset(); }
};

// The op: forward with a loop of its own (float64 only, for brevity), then the tape.
tg::Tensor my_softplus(const tg::Tensor& input) {
  const tg::Tensor xc = input.contiguous();
  tg::Tensor out = tg::Tensor::empty(xc.shape(), xc.dtype());
  const double* px = xc.data<double>();
  double* po = out.data<double>();
  for (std::int64_t i = 0; i < xc.numel(); ++i)
    po[i] = std::log1p(std::exp(-std::fabs(px[i]))) + std::fmax(px[i], 0.0);
  if (tg::GradMode::enabled() && xc.requires_grad()) {
    auto node = std::make_shared<SoftplusNode>();
    node->set_inputs({&xc});
    tg::set_history(out, node);
    node->x = tg::SavedTensor(xc);  // saved after set_history, as autograd.hpp says
  }
  return out;
}

// loss(x) = sum(w * softplus(x))
tg::Tensor loss(const tg::Tensor& x, const tg::Tensor& w) { return tg::sum(w * my_softplus(x)); }

double sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

void show(const char* name, const std::vector<double>& v) {
  std::printf("  %-20s = [", name);
  for (std::size_t i = 0; i < v.size(); ++i) std::printf(i ? ", %.8f" : "%.8f", v[i]);
  std::printf("]\n");
}

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::fmax(m, std::fabs(a[i] - b[i]));
  return m;
}

}  // namespace

int main() {
  const std::vector<double> xs = {-1.5, 0.2, 2.0};
  const std::vector<double> ws = {0.5, -1.0, 2.0};
  const std::vector<double> vs = {1.0, 0.5, -2.0};
  const tg::Shape shape{3};
  const tg::Tensor w = tg::Tensor::from_vector(ws, shape);
  tg::Tensor x = tg::Tensor::from_vector(xs, shape);
  x.set_requires_grad(true);

  std::printf("custom op softplus, loss = sum(w * softplus(x))\n");
  show("x", xs);
  show("softplus(x)", my_softplus(x).detach().to_vector());

  // First order: backward() through the fused loop, against central differences.
  const std::vector<double> grad = tg::autograd::grad({loss(x, w)}, {x})[0].to_vector();
  std::vector<double> fd(xs.size());
  const double h = 1e-6;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    std::vector<double> plus = xs, minus = xs;
    plus[i] += h;
    minus[i] -= h;
    fd[i] = (loss(tg::Tensor::from_vector(plus, shape), w).item() -
             loss(tg::Tensor::from_vector(minus, shape), w).item()) /
            (2 * h);
  }
  show("dloss/dx", grad);
  std::printf("  gradient matches finite differences (1e-7): %s\n",
              max_abs_diff(grad, fd) < 1e-7 ? "yes" : "no");

  // Second order: the gradient recorded (create_graph), then the gradient of <grad, v>.
  const tg::Tensor v = tg::Tensor::from_vector(vs, shape);
  const tg::Tensor g = tg::autograd::grad({loss(x, w)}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  const tg::Tensor hv_t = tg::autograd::grad({tg::sum(g * v)}, {x})[0];
  const std::vector<double> hv = hv_t.to_vector();
  std::vector<double> exact(xs.size()), hv_fd(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double s = sigmoid(xs[i]);
    exact[i] = ws[i] * s * (1 - s) * vs[i];
  }
  std::vector<double> plus = xs, minus = xs;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    plus[i] += h * vs[i];
    minus[i] -= h * vs[i];
  }
  auto grad_at = [&](const std::vector<double>& at) {
    tg::Tensor p = tg::Tensor::from_vector(at, shape);
    p.set_requires_grad(true);
    return tg::autograd::grad({loss(p, w)}, {p})[0].to_vector();
  };
  const std::vector<double> gp = grad_at(plus), gm = grad_at(minus);
  for (std::size_t i = 0; i < xs.size(); ++i) hv_fd[i] = (gp[i] - gm[i]) / (2 * h);
  show("Hessian @ v", hv);
  std::printf("  matches the exact Hessian (1e-12): %s\n", max_abs_diff(hv, exact) < 1e-12 ? "yes" : "no");
  std::printf("  matches finite differences of the gradient (1e-7): %s\n",
              max_abs_diff(hv, hv_fd) < 1e-7 ? "yes" : "no");
  return 0;
}

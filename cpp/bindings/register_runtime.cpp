// The runtime: kernel path and thread count.
#include <climits>
#include <stdexcept>
#include <string>

#include "bindings.hpp"
#include "tapegrad/cpu_info.hpp"
#include "tapegrad/threading.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;

void register_runtime(py::module_& m) {
  m.def(
      "set_num_threads",
      [](py::handle n) {
        if (PyBool_Check(n.ptr()) || !PyLong_Check(n.ptr())) {
          throw py::type_error(std::string("set_num_threads(): argument 'n' must be int, not ") +
                               Py_TYPE(n.ptr())->tp_name);
        }
        int overflow = 0;
        const long long v = PyLong_AsLongLongAndOverflow(n.ptr(), &overflow);
        if (overflow || v > INT_MAX || v < INT_MIN) {
          throw std::overflow_error("set_num_threads(): " + std::string(py::str(n)) +
                                    " threads do not fit in an int");
        }
        set_num_threads(static_cast<int>(v));
      },
      py::arg("n"), "Threads for large kernels (default: TAPEGRAD_NUM_THREADS, else the number of CPUs).");
  m.def("get_num_threads", &get_num_threads);
  m.def(
      "cpu_info",
      [] {
        const CpuInfo info = cpu_info();
        py::dict d;
        d["isa"] = info.isa;
        d["has_avx2"] = info.has_avx2;
        d["has_fma"] = info.has_fma;
        d["has_avx512f"] = info.has_avx512f;
        d["num_threads"] = info.num_threads;
        return d;
      },
      "The GEMM path in use ('avx2', 'generic' or 'neon'; TAPEGRAD_ISA forces one), the CPU's "
      "features and the thread count.");
}

}  // namespace tapegrad::py_bindings

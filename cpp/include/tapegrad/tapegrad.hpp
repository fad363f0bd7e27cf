#pragma once
// The umbrella header of the embedding API.
#include "tapegrad/activation.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/cpu_info.hpp"
#include "tapegrad/dtype.hpp"
#include "tapegrad/nn.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/optim.hpp"
#include "tapegrad/shape.hpp"
#include "tapegrad/storage.hpp"
#include "tapegrad/tensor.hpp"
#include "tapegrad/threading.hpp"
#include "tapegrad/version.hpp"

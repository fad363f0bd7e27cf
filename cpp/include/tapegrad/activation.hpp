#pragma once
// The activations a dense layer can fuse into its GEMM epilogue.

namespace tapegrad {

enum class Activation : unsigned char { Identity, Sigmoid, Tanh, Relu };

// "identity", "sigmoid", "tanh" or "relu".
const char* activation_name(Activation act) noexcept;

}  // namespace tapegrad

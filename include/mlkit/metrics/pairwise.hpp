#pragma once
/// @file pairwise.hpp
/// @brief Pairwise distances between two row sets, on the CPU (BLAS GEMM plus norms, parallel
/// over row blocks) or on a CUDA GPU (cuBLAS GEMM plus a norm kernel).

#include <optional>
#include <string_view>

#include "mlkit/core/types.hpp"

namespace mlkit::metrics {

/// @brief D[i, j] = ||X_i - Y_j||² (or its square root when squared is false), computed as
/// ||x||² + ||y||² - 2 x·y and clipped at zero, as scikit-learn's euclidean_distances. When X and
/// Y view the same memory (scikit-learn's Y=None), the diagonal is exactly zero.
/// @param device "cpu", "cuda" or "auto"
/// @param n_jobs threads for the CPU path (scikit-learn's meaning)
Matrix euclidean_distances(MatrixView X, MatrixView Y, bool squared = false,
                           std::string_view device = "cpu",
                           std::optional<int> n_jobs = std::nullopt);

}  // namespace mlkit::metrics

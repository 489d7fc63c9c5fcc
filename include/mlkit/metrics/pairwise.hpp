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

/// @brief D[i, j] = distance between X_i and Y_j, as scikit-learn's pairwise_distances.
/// "euclidean" and "sqeuclidean" are euclidean_distances (exact zero diagonal when X and Y view
/// the same memory); "manhattan" is Σ |x - y|; "cosine" is 1 - x·y / (||x|| ||y||) clipped to
/// [0, 2], with a zero row treated as orthogonal to everything (and a zero diagonal for X with
/// itself).
/// @param metric "euclidean", "sqeuclidean", "manhattan" or "cosine"
/// @param n_jobs threads (scikit-learn's meaning); results are identical for any count
Matrix pairwise_distances(MatrixView X, MatrixView Y, std::string_view metric = "euclidean",
                          std::optional<int> n_jobs = std::nullopt);

}  // namespace mlkit::metrics

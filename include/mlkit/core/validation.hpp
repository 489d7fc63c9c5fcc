#pragma once
/// @file validation.hpp
/// @brief Input checks shared by every estimator, with scikit-learn's messages.

#include <string_view>

#include "mlkit/core/types.hpp"

namespace mlkit {

/// @brief Throws InvalidInput if X has no rows or no columns. `owner` names the estimator.
void check_not_empty(MatrixView X, std::string_view owner);
/// @brief Throws InvalidInput on NaN (unless allow_nan) or infinity; `what` is "X" or "y".
void check_finite(MatrixView X, bool allow_nan, std::string_view what);
void check_finite(VectorView v, bool allow_nan, std::string_view what);
/// @brief Throws InvalidInput unless both counts are equal.
void check_consistent_length(Index a, Index b);
/// @brief Validate a sample_weight vector for n samples: finite, non-negative, not all zero.
void check_sample_weight(VectorView w, Index n);

}  // namespace mlkit

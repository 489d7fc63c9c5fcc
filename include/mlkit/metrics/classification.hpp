#pragma once
/// @file classification.hpp
/// @brief Classification metrics, as scikit-learn's.

#include "mlkit/core/types.hpp"

namespace mlkit::metrics {

/// @brief Weighted fraction of exact label matches. An empty sample_weight means unit weights.
double accuracy_score(VectorView y_true, VectorView y_pred, VectorView sample_weight = Vector());

}  // namespace mlkit::metrics

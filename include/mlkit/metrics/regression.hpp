#pragma once
/// @file regression.hpp
/// @brief Regression metrics, as scikit-learn's.

#include "mlkit/core/types.hpp"

namespace mlkit::metrics {

/// @brief Coefficient of determination R². An empty sample_weight means unit weights.
/// As scikit-learn: 1.0 for a perfect fit of constant y, 0.0 for an imperfect one.
double r2_score(VectorView y_true, VectorView y_pred, VectorView sample_weight = Vector());

}  // namespace mlkit::metrics

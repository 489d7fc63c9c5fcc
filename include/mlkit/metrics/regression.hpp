#pragma once
/// @file regression.hpp
/// @brief Regression metrics, as scikit-learn's. An empty sample_weight means unit weights.
/// Mismatched lengths, empty input, NaN or infinity throw InvalidInput.

#include "mlkit/core/types.hpp"

namespace mlkit::metrics {

/// @brief Coefficient of determination R². An empty sample_weight means unit weights.
/// As scikit-learn: 1.0 for a perfect fit of constant y, 0.0 for an imperfect one.
double r2_score(VectorView y_true, VectorView y_pred, VectorView sample_weight = Vector());

/// @brief Weighted mean of the squared errors.
/// @param sample_weight per-sample weights; empty means unit weights
double mean_squared_error(VectorView y_true, VectorView y_pred,
                          VectorView sample_weight = Vector());

/// @brief Square root of mean_squared_error.
/// @param sample_weight per-sample weights; empty means unit weights
double root_mean_squared_error(VectorView y_true, VectorView y_pred,
                               VectorView sample_weight = Vector());

/// @brief Weighted mean of the absolute errors.
/// @param sample_weight per-sample weights; empty means unit weights
double mean_absolute_error(VectorView y_true, VectorView y_pred,
                           VectorView sample_weight = Vector());

/// @brief Median of the absolute errors; with weights, scikit-learn's weighted median (the
/// average of the two middle values where the cumulative weight falls exactly on one half).
/// @param sample_weight per-sample weights; empty means unit weights
double median_absolute_error(VectorView y_true, VectorView y_pred,
                             VectorView sample_weight = Vector());

/// @brief 1 - Var(y_true - y_pred) / Var(y_true), weighted. As scikit-learn: 1.0 for a perfect
/// fit of constant y, 0.0 for an imperfect one.
/// @param sample_weight per-sample weights; empty means unit weights
double explained_variance_score(VectorView y_true, VectorView y_pred,
                                VectorView sample_weight = Vector());

}  // namespace mlkit::metrics

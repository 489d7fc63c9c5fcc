#pragma once
// Non-negative least squares in normal-equation form, shared by LinearRegression(positive=True)
// and Ridge(positive=True).

#include <Eigen/Core>

#include "mlkit/core/types.hpp"

namespace mlkit::linear_model::detail {

/// @brief argmin_{b >= 0} ½ bᵀ A b − bᵀ r for a symmetric positive semi-definite A (p × p): for
/// A = X̃ᵀX̃ (+ αI) and r = X̃ᵀỹ this is the non-negative (ridge) least-squares solution.
/// Lawson & Hanson's active-set algorithm (Solving Least Squares Problems, 1974, ch. 23), on the
/// normal equations. Stops after @p max_iter outer iterations (then @p converged is false).
Vector nnls_normal(const Eigen::MatrixXd& A, const Vector& r, Index max_iter, bool& converged);

}  // namespace mlkit::linear_model::detail

#pragma once
// The centred, weighted normal equations of a least-squares problem, computed in one parallel
// pass over row blocks of the caller's row-major X, without a centred copy of X: the solvers
// of LinearRegression and Ridge work on these p × p and p × k matrices when n > p.

#include <Eigen/Core>

#include "mlkit/core/types.hpp"

namespace mlkit::linear_model::detail {

/// Gram matrix and right-hand sides of X̃ = diag(√w)(X − 1 x̄ᵀ), Ỹ = diag(√w)(Y − 1 ȳᵀ), where
/// x̄, ȳ are the w-weighted column means (zero when there is no intercept).
struct CenteredGram {
  Eigen::MatrixXd G;    // X̃ᵀX̃, p × p, both triangles filled
  Eigen::MatrixXd XtY;  // X̃ᵀỸ, p × k
  Vector y_sq;          // ‖Ỹ_t‖² per target
  Vector x_offset;      // x̄ (p)
  Vector y_offset;      // ȳ (k)
  double weight_sum = 0;
};

/// Computed on the calling thread's task arena (the caller sets its size through a Context).
/// The rows are cut into a fixed number of contiguous blocks that depends only on the shape, and
/// the blocks' sums are added in block order, so the result is bit-identical for any number of
/// threads. @p sample_weight may be empty (all ones).
CenteredGram centered_gram(MatrixView X, MatrixView Y, const Vector& sample_weight,
                           bool fit_intercept);

}  // namespace mlkit::linear_model::detail

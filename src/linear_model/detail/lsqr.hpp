#pragma once
// LSQR for damped least squares, min ||A x - b||² + damp² ||x||² (Paige & Saunders, "LSQR: An
// algorithm for sparse linear equations and sparse least squares", ACM TOMS 8(1), 1982), with
// the stable Givens rotation of S.-C. Choi (2006) and SciPy's stopping tests, so that Ridge's
// 'lsqr' solver takes scikit-learn's iterates.

#include <Eigen/Core>

#include "mlkit/core/types.hpp"

namespace mlkit::linear_model::detail {

struct LsqrResult {
  Vector x;
  Index n_iter = 0;
  int istop = 0;  ///< SciPy's reason code: 1, 2 converged; 3, 6 ill-conditioned; 7 iteration limit
};

/// Solves the damped problem on column-major A (m × n); stops when the relative residual is at
/// most btol + atol·‖A‖‖x‖/‖b‖, when ‖Aᵀr‖/(‖A‖‖r‖) ≤ atol, when cond(A) exceeds conlim, or
/// after iter_lim iterations.
LsqrResult lsqr(const Eigen::MatrixXd& A, const Eigen::Ref<const Vector>& b, double damp,
                double atol, double btol, Index iter_lim, double conlim = 1e8);

}  // namespace mlkit::linear_model::detail

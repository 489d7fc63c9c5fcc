#pragma once
// Proximal Newton coordinate descent for L1-penalised logistic losses (binary and multinomial):
// newGLMNET (G.-X. Yuan, C.-H. Ho and C.-J. Lin, "An improved GLMNET for L1-regularized logistic
// regression", JMLR 13, 2012), which is glmnet's outer/inner scheme (Friedman, Hastie and
// Tibshirani, J. Stat. Softw. 33(1), 2010) with an Armijo line search on the true objective.
//
// It minimises F(w) = f(w) + l1 · Σ |W_cj| where f is the LinearLossProblem objective of
// linear_loss.hpp (its l2 term included) and the intercepts are not penalised. Each outer step
// builds the quadratic model of f at w from the exact gradient and the Hessian (X̃ = [X, 1]):
// exact for two classes and for small multinomial problems (k (p + 1) <= 256); for larger ones
// only the diagonal blocks X̃ᵀ diag(s_i p_ic (1 − p_ic)) X̃ / Σs, as glmnet does. It minimises
// model + penalty by cyclic
// coordinate descent, and moves along the result with a backtracking line search. Every
// sum over rows runs in the fixed blocks of row_blocks.hpp, so the result does not depend on
// the number of threads.

#include <functional>

#include "mlkit/core/types.hpp"
#include "src/linear_model/detail/linear_loss.hpp"

namespace mlkit::linear_model::detail {

struct ProxNewtonOptions {
  double l1 = 0;       ///< L1 strength on the coefficients (not the intercepts)
  int max_iter = 100;  ///< outer (Newton) iterations
  double tol = 1e-4;   ///< stop when the largest minimum-norm subgradient entry is at most tol
};

struct ProxNewtonResult {
  Vector x;  ///< [W row by row, b], as linear_loss.hpp
  double objective = 0;
  int n_iter = 0;
  bool converged = false;
};

/// Minimise from w0; @p checkpoint is called once per outer iteration with the fraction done.
ProxNewtonResult minimize_prox_newton(const LinearLossProblem& pb, Vector w0,
                                      const ProxNewtonOptions& options,
                                      const std::function<void(double)>& checkpoint);

/// The largest entry of the minimum-norm subgradient of F at w, given f's gradient there: the
/// optimality measure the solver stops on (zero exactly at the minimiser).
double l1_optimality(const LinearLossProblem& pb, const Vector& w, const Vector& grad, double l1);

}  // namespace mlkit::linear_model::detail

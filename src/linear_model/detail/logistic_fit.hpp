#pragma once
// One logistic-regression fit, shared by LogisticRegression and LogisticRegressionCV: the
// objective of scikit-learn, C Σ s_i loss_i + (1 − r)/2 ‖W‖² + r ‖W‖₁ divided by C Σ s_i, by
// L-BFGS (r = 0) or by proximal Newton coordinate descent (solver 'saga', any r).

#include <functional>
#include <string>

#include "mlkit/core/estimator.hpp"
#include "mlkit/core/types.hpp"

namespace mlkit::linear_model::detail {

struct LogisticSetup {
  Index n_out = 1;  ///< 1 for two classes, else the number of classes
  bool fit_intercept = true;
  double C = 1.0;         ///< inf: no penalty
  double l1_ratio = 0.0;  ///< r
  std::string solver = "lbfgs";
  double tol = 1e-4;
  int max_iter = 100;
};

struct LogisticFit {
  Vector w;  ///< [W row by row, b (when fitted)]
  int n_iter = 0;
  bool converged = false;
  std::string warning;  ///< scikit-learn's ConvergenceWarning text when not converged
};

/// Fits codes (0..n_classes-1) with sample weights sw (class weights included) from w0 (sized
/// n_out · (p + intercept)). Runs on the calling thread's task arena.
LogisticFit fit_logistic(MatrixView X, const Vector& codes, const Vector& sw,
                         const LogisticSetup& setup, Vector w0,
                         const std::function<void(double)>& checkpoint);

/// Coefficients (n_out × p) and intercepts (zeros without one) of a parameter vector.
void unpack_logistic(const Vector& w, Index n_out, Index p, bool fit_intercept, Matrix& coef,
                     Vector& intercept);

/// The tags of LogisticRegression and LogisticRegressionCV.
const Tags& logistic_tags();

/// Class probabilities from decision values: the logistic function of the one column for two
/// classes, the softmax of the rows otherwise.
Matrix logistic_proba(const Matrix& decision, Index n_classes);

}  // namespace mlkit::linear_model::detail

#include "src/linear_model/detail/nnls.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace mlkit::linear_model::detail {

namespace {

// Solve A_PP s = r_P for the passive set P (indices), by LDLᵀ (robust to a semi-definite A).
Vector solve_passive(const Eigen::MatrixXd& A, const Vector& r, const std::vector<Index>& P) {
  const auto m = static_cast<Index>(P.size());
  Eigen::MatrixXd App(m, m);
  Vector rp(m);
  for (Index i = 0; i < m; ++i) {
    rp[i] = r[P[static_cast<std::size_t>(i)]];
    for (Index j = 0; j < m; ++j)
      App(i, j) = A(P[static_cast<std::size_t>(i)], P[static_cast<std::size_t>(j)]);
  }
  return App.ldlt().solve(rp);
}

}  // namespace

Vector nnls_normal(const Eigen::MatrixXd& A, const Vector& r, Index max_iter, bool& converged) {
  const Index p = A.rows();
  Vector x = Vector::Zero(p);
  std::vector<bool> passive(static_cast<std::size_t>(p), false);
  // The dual w = r − A x is the negative gradient; a free coordinate with w_j above this
  // tolerance would still lower the objective.
  const double scale = std::max(A.cwiseAbs().maxCoeff(), r.cwiseAbs().maxCoeff());
  const double tol = 10.0 * std::numeric_limits<double>::epsilon() * static_cast<double>(p) *
                     std::max(scale, std::numeric_limits<double>::min());
  converged = false;
  for (Index iter = 0; iter < max_iter; ++iter) {
    const Vector w = r - A * x;
    Index t = -1;
    double best = tol * std::max(1.0, x.cwiseAbs().maxCoeff());
    for (Index j = 0; j < p; ++j)
      if (!passive[static_cast<std::size_t>(j)] && w[j] > best) best = w[j], t = j;
    if (t < 0) {
      converged = true;
      return x;
    }
    passive[static_cast<std::size_t>(t)] = true;
    // Inner loop: step towards the unconstrained solution on P, dropping coordinates that
    // would turn negative, until the solution on P is strictly positive.
    for (Index inner = 0; inner < 3 * p + 3; ++inner) {
      std::vector<Index> P;
      for (Index j = 0; j < p; ++j)
        if (passive[static_cast<std::size_t>(j)]) P.push_back(j);
      const Vector s = solve_passive(A, r, P);
      double step = 1.0;
      bool feasible = true;
      for (std::size_t i = 0; i < P.size(); ++i) {
        const auto ii = static_cast<Index>(i);
        if (s[ii] <= 0.0) {
          feasible = false;
          const double xi = x[P[i]];
          step = std::min(step, xi / (xi - s[ii]));
        }
      }
      if (feasible) {
        x.setZero();
        for (std::size_t i = 0; i < P.size(); ++i) x[P[i]] = s[static_cast<Index>(i)];
        break;
      }
      for (std::size_t i = 0; i < P.size(); ++i) {
        const Index j = P[i];
        x[j] += step * (s[static_cast<Index>(i)] - x[j]);
        if (x[j] <= tol) x[j] = 0.0, passive[static_cast<std::size_t>(j)] = false;
      }
    }
  }
  return x;
}

}  // namespace mlkit::linear_model::detail

#pragma once
// The one L-BFGS of the linear_model area, over LBFGS++'s L-BFGS-B solver (Yixuan Qiu; the
// algorithm of Byrd, Lu, Nocedal and Zhu 1995, with the Moré-Thuente line search). Its stopping
// rules are mapped to the meaning SciPy's L-BFGS-B gives scikit-learn's `tol` and `max_iter`:
// the iteration stops when the largest entry of the projected gradient is at most gtol, when the
// relative decrease of the objective, (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1), is at most
// ftol, or after max_iter iterations; m = 10 corrections and up to 50 line-search steps.

#include <Eigen/Core>
#include <functional>
#include <limits>
#include <string>

#include "mlkit/core/types.hpp"

namespace mlkit::linear_model::detail {

/// An objective to minimise: returns f(x) and writes its gradient into grad (sized like x).
using Objective = std::function<double(const Vector& x, Vector& grad)>;

/// Stopping rules, as SciPy's L-BFGS-B options of the same names.
struct LbfgsOptions {
  int max_iter = 100;                                         ///< maxiter; 0 returns x0
  double gtol = 1e-4;                                         ///< on max |projected gradient|
  double ftol = 64 * std::numeric_limits<double>::epsilon();  ///< scikit-learn's choice
  int max_linesearch = 50;                                    ///< maxls
  int history = 10;                                           ///< m
};

struct LbfgsResult {
  Vector x;        ///< the best point found
  double f = 0;    ///< f(x)
  int n_iter = 0;  ///< iterations done (SciPy's nit)
  bool converged = false;
  std::string status;  ///< SciPy's termination message when not converged, else empty
};

/// Minimise f from x0, optionally within the bounds lower <= x <= upper (empty: unbounded).
LbfgsResult minimize_lbfgs(const Objective& f, Vector x0, const LbfgsOptions& options,
                           const Vector& lower = {}, const Vector& upper = {});

/// scikit-learn's ConvergenceWarning text for an L-BFGS run that did not converge.
std::string lbfgs_convergence_message(const LbfgsResult& r, int max_iter);

}  // namespace mlkit::linear_model::detail

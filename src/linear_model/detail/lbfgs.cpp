#include "src/linear_model/detail/lbfgs.hpp"

#include <LBFGSpp/BFGSMat.h>
#include <LBFGSpp/Cauchy.h>
#include <LBFGSpp/LineSearchMoreThuente.h>
#include <LBFGSpp/Param.h>
#include <LBFGSpp/SubspaceMin.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace mlkit::linear_model::detail {

namespace {

// max |P(x - g) - x|, the projected gradient's largest entry, as L-BFGS-B's sbgnrm.
double projected_gradient_norm(const Vector& x, const Vector& g, const Vector& lo,
                               const Vector& hi) {
  return ((x - g).cwiseMax(lo).cwiseMin(hi) - x).cwiseAbs().maxCoeff();
}

// The largest step along d from x that stays within the bounds.
double max_step_size(const Vector& x, const Vector& d, const Vector& lo, const Vector& hi) {
  double step = HUGE_VAL;
  for (Index i = 0; i < x.size(); ++i) {
    if (d[i] > 0) step = std::min(step, (hi[i] - x[i]) / d[i]);
    if (d[i] < 0) step = std::min(step, (lo[i] - x[i]) / d[i]);
  }
  return step;
}

}  // namespace

// The iteration of L-BFGS-B (Byrd, Lu, Nocedal and Zhu 1995) as SciPy's Fortran code runs it,
// built from LBFGS++'s parts: the compact limited-memory matrix (BFGSMat), the generalized
// Cauchy point, the subspace minimisation and the Moré-Thuente line search. The loop is ours so
// that the stopping tests, the iteration count and the recovery from a failed line search
// (drop the memory and retry along the steepest descent, stopping only when that fails too)
// are L-BFGS-B's; LBFGS++'s own driver stops at the first failed line search.
LbfgsResult minimize_lbfgs(const Objective& f, Vector x0, const LbfgsOptions& options,
                           const Vector& lower, const Vector& upper) {
  using IndexSet = std::vector<int>;
  const Index n = x0.size();
  const Vector lo = lower.size() ? lower : Vector::Constant(n, -HUGE_VAL);
  const Vector hi = upper.size() ? upper : Vector::Constant(n, HUGE_VAL);
  LbfgsResult r;
  Vector x = x0.cwiseMax(lo).cwiseMin(hi);
  Vector grad(n);
  double fx = f(x, grad);
  auto finish = [&](bool converged, const char* status) {
    r.x = std::move(x);
    r.f = fx;
    r.converged = converged;
    r.status = converged ? "" : status;
    return r;
  };
  if (projected_gradient_norm(x, grad, lo, hi) <= options.gtol) return finish(true, "");
  if (options.max_iter == 0) return finish(false, "STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT");

  LBFGSpp::LBFGSBParam<double> p;
  p.m = options.history;
  p.max_linesearch = options.max_linesearch;
  // The sufficient-decrease and curvature constants of SciPy's dcsrch call in L-BFGS-B.
  p.ftol = 1e-3;
  p.wolfe = 0.9;
  LBFGSpp::BFGSMat<double, true> bfgs;
  bfgs.reset(static_cast<int>(n), options.history);
  const double eps = std::numeric_limits<double>::epsilon();
  Vector xcp(n), vecc, drt(n), xp(n), gp(n);
  IndexSet newact_set, fv_set;
  // Direction from the generalized Cauchy point; with an empty memory it is the projected
  // steepest descent, scaled to length 1 as L-BFGS-B's first step.
  auto direction = [&] {
    LBFGSpp::Cauchy<double>::get_cauchy_point(bfgs, x, grad, lo, hi, xcp, vecc, newact_set, fv_set);
    if (bfgs.num_corrections() == 0) {
      drt = xcp - x;
      drt.normalize();
    } else {
      LBFGSpp::SubspaceMin<double>::subspace_minimize(bfgs, x, xcp, grad, lo, hi, vecc, newact_set,
                                                      fv_set, p.max_submin, drt);
    }
  };
  direction();
  // The best trial point of the current line search: where the line search gives up (rounding
  // errors near the optimum), SciPy's dcsrch ends with a warning and L-BFGS-B takes its last
  // point if it did not increase f; we take the best trial point under the same condition.
  double best_f = HUGE_VAL;
  Vector best_x(n), best_g(n);
  auto trial = [&](const Vector& xt, Vector& gt) {
    const double v = f(xt, gt);
    if (v < best_f) best_f = v, best_x = xt, best_g = gt;
    return v;
  };
  while (true) {
    xp = x;
    gp = grad;
    const double fp = fx;
    const double step_max = std::min(p.max_step, max_step_size(x, drt, lo, hi));
    double step = std::min(1.0, step_max);
    bool failed = !(step > 0) || !(grad.dot(drt) < 0);
    best_f = HUGE_VAL;
    if (!failed) {
      try {
        LBFGSpp::LineSearchMoreThuente<double>::LineSearch(trial, fx, x, grad, step, step_max, drt,
                                                           xp, p);
      } catch (const std::exception&) {
        failed = true;
      }
    }
    if (failed && best_f <= fp && best_f < HUGE_VAL) {
      x = best_x;
      grad = best_g;
      fx = best_f;
      failed = false;
    }
    if (failed || !std::isfinite(fx)) {
      x = xp;
      grad = gp;
      fx = fp;
      if (bfgs.num_corrections() == 0) return finish(false, "ABNORMAL_TERMINATION_IN_LNSRCH");
      bfgs.reset(static_cast<int>(n), options.history);
      direction();
      continue;
    }
    ++r.n_iter;
    if (projected_gradient_norm(x, grad, lo, hi) <= options.gtol) return finish(true, "");
    if (fp - fx <= options.ftol * std::max({std::abs(fp), std::abs(fx), 1.0}))
      return finish(true, "");
    if (r.n_iter >= options.max_iter)
      return finish(false, "STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT");
    const Vector s = x - xp, y = grad - gp;
    if (s.dot(y) > eps * y.squaredNorm()) bfgs.add_correction(s, y);
    direction();
  }
}

std::string lbfgs_convergence_message(const LbfgsResult& r, int max_iter) {
  const int status = r.status == "ABNORMAL_TERMINATION_IN_LNSRCH" ? 2 : 1;
  return "lbfgs failed to converge after " + std::to_string(r.n_iter) +
         " iteration(s) (status=" + std::to_string(status) + "):\n" + r.status +
         "\n\nIncrease the number of iterations to improve the convergence (max_iter=" +
         std::to_string(max_iter) +
         ").\nYou might also want to scale the data as shown in:\n"
         "    https://scikit-learn.org/stable/modules/preprocessing.html";
}

}  // namespace mlkit::linear_model::detail

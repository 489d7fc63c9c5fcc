#pragma once
// The one coordinate-descent core of the elastic-net family (Lasso, ElasticNet, their paths and
// cross-validated forms, MultiTaskLasso and MultiTaskElasticNet). It minimises, as
// scikit-learn's _cd_fast does,
//
//     P(w) = 1/2 ||y - X w||² + l1 ||w||_1 + l2/2 ||w||²
//
// on data already centred and scaled by sqrt(sample_weight), where the estimators pass
// l1 = n alpha l1_ratio and l2 = n alpha (1 - l1_ratio). Cyclic or random coordinate descent
// (Friedman, Hastie, Tibshirani 2010, "Regularization paths for generalized linear models via
// coordinate descent"); the multi-task problem by block coordinate descent on rows of W
// (Simon, Friedman, Hastie 2013). Convergence is scikit-learn's: when the largest coefficient
// change of an epoch is at most tol times the largest coefficient, the duality gap is computed
// and the solve stops when it is at most tol ||y||².

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::linear_model::detail {

/// Column-major copies: coordinate descent walks columns.
using ColMatrix = Eigen::MatrixXd;

/// Settings of one coordinate-descent solve.
struct CdSettings {
  int max_iter = 1000;
  double tol = 1e-4;  ///< as the estimator's tol; scaled by ||y||² inside
  bool random = false;
  bool positive = false;
  std::uint64_t seed = 0;    ///< seed of the random selection
  std::uint64_t stream = 0;  ///< its stream (e.g. the index of the penalty on a path)
  /// Gap safe screening (Fercoq, Gramfort, Salmon 2015, "Mind the duality gap: safer rules for
  /// the Lasso"; Ndiaye et al. 2017): features proven zero at the optimum are set to zero and
  /// skipped. It removes only such features, so it changes the speed, not the solution.
  bool screening = true;
};

/// What one solve reached.
struct CdOutcome {
  double gap = 0;      ///< duality gap of P (not divided by n)
  double gap_tol = 0;  ///< tol ||y||²
  int n_iter = 0;      ///< epochs run (0 when the start already met the tolerance)
  bool converged = true;
};

/// A single-target problem: the design X (n × p) and y, or its Gram form Q = XᵀX, q = Xᵀy,
/// ||y||² (scikit-learn's precompute). Holds references; the data must outlive it.
struct EnetDesign {
  const ColMatrix* X = nullptr;  ///< dense form
  const Vector* y = nullptr;
  const ColMatrix* Q = nullptr;  ///< Gram form
  const Vector* q = nullptr;
  double yy = 0;
  bool gram() const { return Q != nullptr; }
  Index n_features() const { return gram() ? Q->rows() : X->cols(); }
};

/// Minimise P from the start w (updated in place). @p working_set, when given, is the set of
/// features cycled first (a strong-rule guess on a path); features outside it that violate the
/// optimality conditions at a gap check are added, and the gap is always that of the full
/// problem, so the stopping rule is the same as without it. On return @p xtr (when given)
/// holds Xᵀ(y - X w) at the returned w.
CdOutcome enet_cd(const EnetDesign& d, Vector& w, double l1, double l2, const CdSettings& s,
                  const std::vector<char>* working_set = nullptr, Vector* xtr = nullptr);

/// The multi-task problem 1/2 ||Y - X Wᵀ||²_F + l1 Σ_j ||W_:j||_2 + l2/2 ||W||²_F, W being
/// n_tasks × p (updated in place).
CdOutcome multi_task_cd(const ColMatrix& X, const ColMatrix& Y, ColMatrix& W, double l1, double l2,
                        const CdSettings& s);

/// Sequential strong rule for the next penalty on a path (Tibshirani et al. 2012, "Strong
/// rules for discarding predictors in lasso-type problems"): keep j when |x_jᵀ r| at the
/// previous solution is at least 2 l1 - l1_prev, or w_j is already non-zero.
std::vector<char> strong_set(const Vector& xtr, const Vector& w, double l1, double l1_prev,
                             bool positive);

/// XᵀX of a column-major X, symmetric. Row blocks of a fixed size (independent of the thread
/// count) run in parallel on oneTBB and are summed in order, so the result is deterministic.
ColMatrix gram_matrix(const ColMatrix& X);
/// The same of a row-major X (no column-major copy is needed for it).
ColMatrix gram_matrix(MatrixView X);

/// Solutions of a warm-started path.
struct PathOutcome {
  ColMatrix coefs;  ///< p × n_alphas
  Vector gaps;      ///< duality gaps divided by n
  std::vector<int> n_iters;
};

/// The path over @p alphas in the given order (l1 = n alpha l1_ratio, l2 = n alpha (1 -
/// l1_ratio)), each solve warm-started from the previous one, starting from @p w. The random
/// selection of penalty i draws from stream i of s.seed. With @p strong_rules, the sequential
/// strong rule picks each solve's first working set.
PathOutcome solve_path(const EnetDesign& d, const Vector& alphas, double l1_ratio, double n,
                       Vector w, CdSettings s, bool strong_rules);

/// scikit-learn's _alpha_grid from Xᵀy (p × k, of data centred and weighted as fitted) and the
/// total weight n: alpha_max = max_j ||(Xᵀy)_j||_2 / (n l1_ratio) (the largest positive entry
/// with positive), then n_alphas values geometrically down to eps alpha_max; a constant grid of
/// 1e-15 when alpha_max is that small.
Vector alpha_grid(const ColMatrix& xty, double n, double l1_ratio, double eps, Index n_alphas,
                  bool positive);

}  // namespace mlkit::linear_model::detail

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
#include <cassert>
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

/// The columns of the Gram matrix Q = XᵀX of a row-major X, each computed when a solve first
/// needs it: coordinate descent in the Gram form reads Q only through the columns of the features
/// it updates, and the correlations Xᵀy - Q w only through those of the non-zero coefficients,
/// so on a sparse path most of Q is never formed (the covariance updates of Friedman, Hastie and
/// Tibshirani 2010, §2.2). Missing columns are computed together in one pass over X, with the
/// most correlated features not yet computed added to the batch. Row blocks of a fixed size are
/// summed in order, so every column is the same for any number of threads.
class LazyGram {
 public:
  explicit LazyGram(MatrixView X);
  Index n_features() const { return diag_.size(); }
  double diag(Index j) const { return diag_[j]; }
  bool has(Index j) const { return slot_[static_cast<std::size_t>(j)] >= 0; }
  /// Column j (p values), which must have been computed (has(j)); valid until the next
  /// require().
  const double* column(Index j) const {
    assert(has(j));
    return cols_.data() + slot_[static_cast<std::size_t>(j)] * diag_.size();
  }
  /// Computes the columns of @p needed that are missing, with more features in the same pass,
  /// those of largest |priority[j]| first; once half of the features would be reached, all of Q.
  void require(const std::vector<Index>& needed, const Vector& priority);
  /// Computes all of Q.
  void require_all();
  /// Number of columns computed so far.
  Index computed() const { return computed_; }

 private:
  void compute(const std::vector<Index>& features);
  MatrixView X_;
  Vector diag_;
  std::vector<Index> slot_;   // feature -> column slot, -1 when not computed
  std::vector<double> cols_;  // p values per computed column
  Index computed_ = 0;
  bool full_ = false;
};

/// A single-target problem: the design X (n × p) and y, or its Gram form Q = XᵀX, q = Xᵀy,
/// ||y||² (scikit-learn's precompute), Q whole or as a LazyGram. Holds references; the data
/// must outlive it.
struct EnetDesign {
  const ColMatrix* X = nullptr;  ///< dense form
  const Vector* y = nullptr;
  const ColMatrix* Q = nullptr;  ///< Gram form
  LazyGram* lazy_Q = nullptr;    ///< Gram form, columns on demand (instead of Q)
  const Vector* q = nullptr;
  double yy = 0;
  bool gram() const { return Q != nullptr || lazy_Q != nullptr; }
  Index n_features() const { return Q ? Q->rows() : (lazy_Q ? lazy_Q->n_features() : X->cols()); }
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

#include "src/linear_model/detail/coordinate_descent.hpp"

#include <algorithm>
#include <cmath>

#include <cblas.h>
#include <oneapi/tbb/parallel_for.h>

#include "mlkit/core/random.hpp"

namespace mlkit::linear_model::detail {

namespace {

double sign(double v) { return v > 0 ? 1.0 : (v < 0 ? -1.0 : 0.0); }

// Residual bookkeeping of the dense form: R = y - X w.
class DenseAccess {
 public:
  DenseAccess(const ColMatrix& X, const Vector& y, const Vector& w) : X_(X), y_(y) {
    norm2_ = X.colwise().squaredNorm().transpose();
    R_ = y;
    if (!w.isZero(0)) R_.noalias() -= X * w;  // a path's first solve starts at zero
    yy_ = y.squaredNorm();
    n_ = static_cast<blasint>(X.rows());
  }
  double norm2(Index j) const { return norm2_[j]; }
  // x_jᵀ R, and below R -= delta x_j when w_j changed by delta: OpenBLAS's level-1 kernels,
  // chosen for the running CPU at load time.
  double corr(Index j) const { return cblas_ddot(n_, X_.col(j).data(), 1, R_.data(), 1); }
  void update(Index j, double delta) { cblas_daxpy(n_, -delta, X_.col(j).data(), 1, R_.data(), 1); }
  void xtr(Vector& out) const { out.noalias() = X_.transpose() * R_; }
  double r_norm2(const Vector&) const { return R_.squaredNorm(); }
  double ry(const Vector&) const { return R_.dot(y_); }
  double yy() const { return yy_; }

 private:
  const ColMatrix& X_;
  const Vector& y_;
  Vector norm2_;
  Vector R_;
  double yy_;
  blasint n_;
};

// The Gram form keeps H = Q w instead of the residual, Q whole or a LazyGram.
class GramAccess {
 public:
  GramAccess(const ColMatrix* Q, LazyGram* lazy, const Vector& q, double yy, const Vector& w)
      : Q_(Q), lazy_(lazy), q_(q), yy_(yy) {
    p_ = static_cast<blasint>(q.size());
    if (Q_) {
      H_ = *Q_ * w;
      return;
    }
    H_ = Vector::Zero(q.size());
    std::vector<Index> nz;
    for (Index j = 0; j < w.size(); ++j)
      if (w[j] != 0) nz.push_back(j);
    lazy_->require(nz, q);
    for (Index j : nz) update(j, w[j]);
  }
  double norm2(Index j) const { return Q_ ? (*Q_)(j, j) : lazy_->diag(j); }
  double corr(Index j) const { return q_[j] - H_[j]; }
  // A lazy column is computed when its coefficient first leaves zero: the features that stay at
  // zero need only their correlation, which H gives. The batch adds the features now most
  // correlated with the residual, the likeliest to enter next.
  void update(Index j, double delta) {
    if (lazy_ && !lazy_->has(j)) lazy_->require({j}, q_ - H_);
    cblas_daxpy(p_, delta, column(j), 1, H_.data(), 1);
  }
  void xtr(Vector& out) const { out = q_ - H_; }
  // ||y - X w||² = ||y||² + wᵀQw - 2 qᵀw
  double r_norm2(const Vector& w) const { return yy_ + w.dot(H_) - 2.0 * q_.dot(w); }
  double ry(const Vector& w) const { return yy_ - q_.dot(w); }
  double yy() const { return yy_; }

 private:
  const double* column(Index j) const { return Q_ ? Q_->col(j).data() : lazy_->column(j); }
  const ColMatrix* Q_;
  LazyGram* lazy_;
  const Vector& q_;
  double yy_;
  Vector H_;
  blasint p_;
};

// Duality gap of scikit-learn's enet_coordinate_descent. With l1 > 0, formulation A: the dual
// point is the residual scaled into the feasible set ||Xᵀθ - l2 w||_inf <= l1. With l1 = 0 and
// l2 > 0, formulation B (Dünner et al. 2016); with both zero, ||XᵀR||² (the gradient).
// @p xta holds XᵀR on entry and XᵀR - l2 w on return; @p dual_norm the norm used for scaling.
double enet_gap(const Vector& w, double l1, double l2, double r2, double ry, Vector& xta,
                bool positive, double& dual_norm) {
  const double w2 = l2 > 0 ? w.squaredNorm() : 0.0;
  if (l1 == 0) {
    dual_norm = xta.squaredNorm();
    if (l2 == 0) return dual_norm;
    return r2 + 0.5 * l2 * w2 - ry + dual_norm / (2 * l2);
  }
  if (l2 != 0) xta.noalias() -= l2 * w;
  dual_norm = positive ? xta.maxCoeff() : xta.cwiseAbs().maxCoeff();
  const double primal = 0.5 * (r2 + l2 * w2) + l1 * w.lpNorm<1>();
  const double scale = dual_norm > l1 ? l1 / dual_norm : 1.0;
  const double dual = -0.5 * scale * scale * (r2 + l2 * w2) + scale * ry;
  return primal - dual;
}

template <class Access>
CdOutcome run_enet(Access& a, Vector& w, double l1, double l2, const CdSettings& s,
                   const std::vector<char>* working_set, Vector* xtr_out) {
  const Index p = w.size();
  CdOutcome out;
  out.gap_tol = s.tol * a.yy();
  const double dw_tol = s.tol;
  const bool screening = s.screening && l1 > 0;
  std::vector<char> excluded(static_cast<std::size_t>(p), 0);
  std::vector<char> in_ws(static_cast<std::size_t>(p), 1);
  if (working_set) in_ws = *working_set;
  std::vector<Index> active;
  active.reserve(static_cast<std::size_t>(p));
  Vector xta(p);
  double dual_norm = 0;
  Rng rng(s.seed, s.stream);

  auto compute_gap = [&] {
    a.xtr(xta);
    if (xtr_out) *xtr_out = xta;
    return enet_gap(w, l1, l2, a.r_norm2(w), a.ry(w), xta, s.positive, dual_norm);
  };
  // After a gap check: drop the features the gap safe sphere proves zero (scikit-learn's Eq. 11
  // of Ndiaye et al. 2017, arXiv:1802.07481), and add to the working set every feature whose
  // optimality condition |x_jᵀR - l2 w_j| <= l1 fails.
  auto rebuild = [&](double gap) {
    const double radius = std::sqrt(2 * std::fabs(gap)) / l1;
    const double denom = std::max(l1, dual_norm);
    active.clear();
    for (Index j = 0; j < p; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      if (excluded[ju]) continue;
      if (a.norm2(j) == 0.0) {
        excluded[ju] = 1;
        if (w[j] != 0) a.update(j, -w[j]), w[j] = 0;
        continue;
      }
      if (screening) {
        const double d_j = (1 - std::fabs(xta[j] / denom)) / std::sqrt(a.norm2(j) + l2);
        if (d_j > radius) {
          excluded[ju] = 1;
          if (w[j] != 0) a.update(j, -w[j]), w[j] = 0;
          continue;
        }
      }
      if (!in_ws[ju]) {
        const double v = s.positive ? xta[j] : std::fabs(xta[j]);
        if (v > l1) in_ws[ju] = 1;
      }
      if (in_ws[ju]) active.push_back(j);
    }
  };

  out.gap = compute_gap();
  if (out.gap <= out.gap_tol && out.gap >= 0) return out;
  rebuild(out.gap);
  out.converged = false;
  int n_iter = 0;
  for (n_iter = 0; n_iter < s.max_iter; ++n_iter) {
    double w_max = 0, dw_max = 0;
    const auto n_active = static_cast<std::uint64_t>(active.size());
    for (std::uint64_t f = 0; f < n_active; ++f) {
      const Index j = active[static_cast<std::size_t>(s.random ? rng.below(n_active) : f)];
      const double nj = a.norm2(j);
      const double w_j = w[j];
      const double tmp = a.corr(j) + w_j * nj;
      double w_new;
      if (s.positive && tmp < 0)
        w_new = 0.0;
      else
        w_new = sign(tmp) * std::max(std::fabs(tmp) - l1, 0.0) / (nj + l2);
      if (w_new != w_j) {
        a.update(j, w_new - w_j);
        w[j] = w_new;
      }
      dw_max = std::max(dw_max, std::fabs(w_new - w_j));
      w_max = std::max(w_max, std::fabs(w_new));
    }
    if (w_max == 0.0 || dw_max / w_max <= dw_tol || n_iter == s.max_iter - 1) {
      out.gap = compute_gap();
      if (out.gap <= out.gap_tol) {
        out.converged = true;
        break;
      }
      rebuild(out.gap);
    }
  }
  out.n_iter = std::min(n_iter + 1, s.max_iter);
  return out;
}

}  // namespace

CdOutcome enet_cd(const EnetDesign& d, Vector& w, double l1, double l2, const CdSettings& s,
                  const std::vector<char>* working_set, Vector* xtr) {
  if (d.gram()) {
    // Without the L1 penalty every coefficient leaves zero in the first epoch.
    if (d.lazy_Q && l1 == 0) d.lazy_Q->require_all();
    GramAccess a(d.Q, d.lazy_Q, *d.q, d.yy, w);
    return run_enet(a, w, l1, l2, s, working_set, xtr);
  }
  DenseAccess a(*d.X, *d.y, w);
  return run_enet(a, w, l1, l2, s, working_set, xtr);
}

std::vector<char> strong_set(const Vector& xtr, const Vector& w, double l1, double l1_prev,
                             bool positive) {
  std::vector<char> keep(static_cast<std::size_t>(w.size()), 0);
  const double threshold = 2 * l1 - l1_prev;
  for (Index j = 0; j < w.size(); ++j) {
    const double c = positive ? xtr[j] : std::fabs(xtr[j]);
    keep[static_cast<std::size_t>(j)] = (w[j] != 0 || c >= threshold) ? 1 : 0;
  }
  return keep;
}

CdOutcome multi_task_cd(const ColMatrix& X, const ColMatrix& Y, ColMatrix& W, double l1, double l2,
                        const CdSettings& s) {
  const Index p = X.cols(), k = Y.cols();
  const Vector norm2 = X.colwise().squaredNorm().transpose();
  ColMatrix R = Y - X * W.transpose();  // n × k
  CdOutcome out;
  out.gap_tol = s.tol * Y.squaredNorm();
  const bool screening = s.screening && l1 > 0;
  std::vector<char> excluded(static_cast<std::size_t>(p), 0);
  std::vector<Index> active;
  ColMatrix xta(p, k);
  Vector row_norms(p);
  double dual_norm = 0;
  Rng rng(s.seed, s.stream);

  // Gap of scikit-learn's enet_coordinate_descent_multi_task: formulation A with the l2,1 norm
  // and the largest row norm of XᵀR - l2 Wᵀ.
  auto compute_gap = [&] {
    xta.noalias() = X.transpose() * R;
    const double r2 = R.squaredNorm();
    const double w2 = l2 > 0 ? W.squaredNorm() : 0.0;
    const double ry = (R.array() * Y.array()).sum();
    if (l1 == 0) {
      dual_norm = xta.squaredNorm();
      if (l2 == 0) return dual_norm;
      return r2 + 0.5 * l2 * w2 - ry + dual_norm / (2 * l2);
    }
    if (l2 != 0) xta.noalias() -= l2 * W.transpose();
    row_norms = xta.rowwise().norm();
    dual_norm = row_norms.maxCoeff();
    const double l21 = W.colwise().norm().sum();
    const double primal = 0.5 * (r2 + l2 * w2) + l1 * l21;
    const double scale = dual_norm > l1 ? l1 / dual_norm : 1.0;
    const double dual = -0.5 * scale * scale * (r2 + l2 * w2) + scale * ry;
    return primal - dual;
  };
  // Gap safe rule for the group penalty (Ndiaye et al. 2017, arXiv:1703.07285, Eq. 2.2).
  auto rebuild = [&](double gap) {
    const double radius = std::sqrt(2 * std::fabs(gap)) / l1;
    const double denom = std::max(l1, dual_norm);
    active.clear();
    for (Index j = 0; j < p; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      if (excluded[ju]) continue;
      bool drop = norm2[j] == 0.0;
      if (!drop && screening) drop = (1 - row_norms[j] / denom) / std::sqrt(norm2[j] + l2) > radius;
      if (drop) {
        excluded[ju] = 1;
        if (!W.col(j).isZero(0)) {
          R.noalias() += X.col(j) * W.col(j).transpose();
          W.col(j).setZero();
        }
        continue;
      }
      active.push_back(j);
    }
  };

  out.gap = compute_gap();
  if (out.gap <= out.gap_tol) return out;
  rebuild(out.gap);
  out.converged = false;
  Vector w_old(k), tmp(k);
  int n_iter = 0;
  for (n_iter = 0; n_iter < s.max_iter; ++n_iter) {
    double w_max = 0, dw_max = 0;
    const auto n_active = static_cast<std::uint64_t>(active.size());
    for (std::uint64_t f = 0; f < n_active; ++f) {
      const Index j = active[static_cast<std::size_t>(s.random ? rng.below(n_active) : f)];
      w_old = W.col(j);
      tmp.noalias() = R.transpose() * X.col(j);
      tmp += norm2[j] * w_old;
      const double nn = tmp.norm();
      const double shrink = nn > 0 ? std::max(1.0 - l1 / nn, 0.0) / (norm2[j] + l2) : 0.0;
      W.col(j) = shrink * tmp;
      const Vector delta = W.col(j) - w_old;
      if (!delta.isZero(0)) R.noalias() -= X.col(j) * delta.transpose();
      dw_max = std::max(dw_max, delta.cwiseAbs().maxCoeff());
      w_max = std::max(w_max, W.col(j).cwiseAbs().maxCoeff());
    }
    if (w_max == 0.0 || dw_max / w_max <= s.tol || n_iter == s.max_iter - 1) {
      out.gap = compute_gap();
      if (out.gap <= out.gap_tol) {
        out.converged = true;
        break;
      }
      rebuild(out.gap);
    }
  }
  out.n_iter = std::min(n_iter + 1, s.max_iter);
  return out;
}

namespace {

// G (lower triangle) = X[r0:r0+m]ᵀ X[r0:r0+m] by OpenBLAS's dsyrk: half the work of a general
// product, with the kernels chosen for the running CPU.
void syrk_rows(const ColMatrix& X, Index r0, Index m, ColMatrix& G) {
  const auto p = static_cast<blasint>(X.cols());
  cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, p, static_cast<blasint>(m), 1.0, X.data() + r0,
              static_cast<blasint>(X.rows()), 0.0, G.data(), p);
}
// A row-major block is a column-major p × m matrix A with XᵀX = A Aᵀ.
void syrk_rows(MatrixView X, Index r0, Index m, ColMatrix& G) {
  const auto p = static_cast<blasint>(X.cols());
  cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, p, static_cast<blasint>(m), 1.0,
              X.data() + r0 * X.outerStride(), static_cast<blasint>(X.outerStride()), 0.0, G.data(),
              p);
}

template <class M>
ColMatrix gram_of(const M& X) {
  const Index n = X.rows(), p = X.cols();
  constexpr Index kBlock = 4096;
  // A fixed number of row blocks, bounded so that their partial Gram matrices stay small.
  const Index budget = std::max<Index>(1, (Index{1} << 26) / std::max<Index>(1, p * p));
  const Index n_blocks =
      std::max<Index>(1, std::min({(n + kBlock - 1) / kBlock, Index{8}, budget}));
  const Index rows = (n + n_blocks - 1) / n_blocks;
  std::vector<ColMatrix> part(static_cast<std::size_t>(n_blocks));
  oneapi::tbb::parallel_for(Index{0}, n_blocks, [&](Index b) {
    const Index r0 = b * rows, m = std::min(rows, n - r0);
    ColMatrix& G = part[static_cast<std::size_t>(b)];
    G = ColMatrix::Zero(p, p);
    if (m > 0) syrk_rows(X, r0, m, G);
  });
  ColMatrix G = std::move(part[0]);
  for (std::size_t b = 1; b < part.size(); ++b) G += part[b];
  G.triangularView<Eigen::StrictlyUpper>() = G.transpose();
  return G;
}

}  // namespace

ColMatrix gram_matrix(const ColMatrix& X) { return gram_of(X); }
ColMatrix gram_matrix(MatrixView X) { return gram_of(X); }

namespace {
// Columns per pass over X beyond those a solve asked for: a pass costs the reading of X whatever
// the batch, so it takes the next most likely features along.
constexpr Index kLazyBatch = 16;  // the fastest of 8, 16, 32 and growing batches
// Rows per block of a pass (each block's partial sums are kept, then added in block order).
constexpr Index kLazyBlockRows = 4096;
constexpr Index kLazyChunkRows = 1024;  // rows gathered at a time inside a block

// A fixed number of row blocks (it does not depend on the threads), few enough that their
// partial sums of @p width columns of p values stay within 512 MiB.
Index lazy_blocks(Index n, Index p, Index width) {
  const Index by_rows = std::max<Index>(1, (n + kLazyBlockRows - 1) / kLazyBlockRows);
  const Index budget = std::max<Index>(1, (Index{1} << 26) / std::max<Index>(1, p * width));
  return std::min({by_rows, Index{16}, budget});
}

template <class Fn>
void for_row_blocks(Index n, Index n_blocks, const Fn& fn) {
  const Index rows = (n + n_blocks - 1) / n_blocks;
  oneapi::tbb::parallel_for(Index{0}, n_blocks, [&](Index b) {
    const Index lo = std::min(n, b * rows);
    fn(b, lo, std::min(n, lo + rows));
  });
}
}  // namespace

LazyGram::LazyGram(MatrixView X) : X_(X) {
  const Index n = X.rows(), p = X.cols();
  const Index n_blocks = lazy_blocks(n, p, 1);
  ColMatrix part(p, n_blocks);
  for_row_blocks(n, n_blocks, [&](Index b, Index lo, Index hi) {
    part.col(b) = X.middleRows(lo, hi - lo).colwise().squaredNorm().transpose();
  });
  diag_ = Vector::Zero(p);
  for (Index b = 0; b < n_blocks; ++b) diag_ += part.col(b);
  slot_.assign(static_cast<std::size_t>(p), -1);
}

void LazyGram::require(const std::vector<Index>& needed, const Vector& priority) {
  const Index p = n_features();
  std::vector<char> wanted(static_cast<std::size_t>(p), 0);
  std::vector<Index> todo;
  for (Index j : needed)
    if (!has(j) && !wanted[static_cast<std::size_t>(j)])
      todo.push_back(j), wanted[static_cast<std::size_t>(j)] = 1;
  if (todo.empty()) return;
  const auto take = static_cast<std::size_t>(kLazyBatch);
  if (computed_ + static_cast<Index>(todo.size() + take) >= p / 2) {
    require_all();
    return;
  }
  std::vector<Index> rest;
  for (Index j = 0; j < p; ++j)
    if (!has(j) && !wanted[static_cast<std::size_t>(j)]) rest.push_back(j);
  const std::size_t k = std::min(take, rest.size());
  std::partial_sort(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(k), rest.end(),
                    [&](Index a, Index b) {
                      const double pa = std::fabs(priority[a]), pb = std::fabs(priority[b]);
                      return pa != pb ? pa > pb : a < b;
                    });
  todo.insert(todo.end(), rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(k));
  std::sort(todo.begin(), todo.end());
  compute(todo);
}

void LazyGram::require_all() {
  // Most of Q is wanted: all of it by the symmetric rank-k update, half the work of computing
  // columns (those already computed are replaced by the same values up to rounding).
  if (full_) return;
  const Index p = n_features();
  const ColMatrix Q = gram_of(X_);
  cols_.assign(Q.data(), Q.data() + p * p);
  for (Index j = 0; j < p; ++j) slot_[static_cast<std::size_t>(j)] = j;
  computed_ = p;
  full_ = true;
}

void LazyGram::compute(const std::vector<Index>& features) {
  using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Index n = X_.rows(), p = n_features(), k = static_cast<Index>(features.size());
  const Index n_blocks = lazy_blocks(n, p, k);
  std::vector<ColMatrix> part(static_cast<std::size_t>(n_blocks));
  for_row_blocks(n, n_blocks, [&](Index b, Index lo, Index hi) {
    ColMatrix& C = part[static_cast<std::size_t>(b)];
    C = ColMatrix::Zero(p, k);
    RowMat S(kLazyChunkRows, k);
    for (Index c = lo; c < hi; c += kLazyChunkRows) {
      const Index m = std::min(kLazyChunkRows, hi - c);
      for (Index i = 0; i < m; ++i)
        for (Index t = 0; t < k; ++t) S(i, t) = X_(c + i, features[static_cast<std::size_t>(t)]);
      C.noalias() += X_.middleRows(c, m).transpose() * S.topRows(m);
    }
  });
  for (Index b = 1; b < n_blocks; ++b) part[0] += part[static_cast<std::size_t>(b)];
  cols_.resize(static_cast<std::size_t>((computed_ + k) * p));
  for (Index t = 0; t < k; ++t) {
    const Index j = features[static_cast<std::size_t>(t)];
    std::copy(part[0].col(t).data(), part[0].col(t).data() + p, cols_.data() + (computed_ + t) * p);
    slot_[static_cast<std::size_t>(j)] = computed_ + t;
  }
  computed_ += k;
}

namespace {
// Q w in the Gram form, whole or lazy.
Vector gram_times(const EnetDesign& d, const Vector& w) {
  if (d.Q) return *d.Q * w;
  std::vector<Index> nz;
  for (Index j = 0; j < w.size(); ++j)
    if (w[j] != 0) nz.push_back(j);
  d.lazy_Q->require(nz, *d.q);
  Vector out = Vector::Zero(w.size());
  for (Index j : nz) out += w[j] * Eigen::Map<const Vector>(d.lazy_Q->column(j), w.size());
  return out;
}
}  // namespace

PathOutcome solve_path(const EnetDesign& d, const Vector& alphas, double l1_ratio, double n,
                       Vector w, CdSettings s, bool strong_rules) {
  const Index p = d.n_features(), m = alphas.size();
  PathOutcome out;
  out.coefs.resize(p, m);
  out.gaps.resize(m);
  out.n_iters.resize(static_cast<std::size_t>(m));
  Vector xtr;
  double l1_prev = 0;
  if (strong_rules) {
    // Correlations at the start, whose largest value is the penalty that makes it optimal.
    const bool zero = w.isZero(0);
    if (d.gram() && zero)
      xtr = *d.q;
    else if (d.gram())
      xtr = *d.q - gram_times(d, w);
    else
      xtr = d.X->transpose() * (zero ? Vector(*d.y) : Vector(*d.y - *d.X * w));
    l1_prev = s.positive ? std::max(0.0, xtr.maxCoeff()) : xtr.cwiseAbs().maxCoeff();
  }
  const std::uint64_t base_stream = s.stream;
  for (Index i = 0; i < m; ++i) {
    const double l1 = alphas[i] * l1_ratio * n;
    const double l2 = alphas[i] * (1.0 - l1_ratio) * n;
    s.stream = base_stream + static_cast<std::uint64_t>(i);
    CdOutcome r;
    if (strong_rules && l1 > 0) {
      const std::vector<char> ws = strong_set(xtr, w, l1, std::max(l1_prev, l1), s.positive);
      r = enet_cd(d, w, l1, l2, s, &ws, &xtr);
      l1_prev = l1;
    } else {
      r = enet_cd(d, w, l1, l2, s, nullptr, strong_rules ? &xtr : nullptr);
      l1_prev = l1;
    }
    out.coefs.col(i) = w;
    out.gaps[i] = r.gap / n;
    out.n_iters[static_cast<std::size_t>(i)] = r.n_iter;
  }
  return out;
}

Vector alpha_grid(const ColMatrix& xty, double n, double l1_ratio, double eps, Index n_alphas,
                  bool positive) {
  double top;
  if (positive)
    top = std::max(0.0, xty.maxCoeff());
  else
    top = std::sqrt(xty.rowwise().squaredNorm().maxCoeff());
  const double alpha_max = top / (n * l1_ratio);
  constexpr double kResolution = 1e-15;  // np.finfo(np.float64).resolution
  if (alpha_max <= kResolution) return Vector::Constant(n_alphas, kResolution);
  // np.geomspace(alpha_max, alpha_max * eps, n_alphas): evenly spaced logarithms, exact ends.
  Vector out(n_alphas);
  const double lo = std::log10(alpha_max), hi = std::log10(alpha_max * eps);
  const double step = n_alphas > 1 ? (hi - lo) / static_cast<double>(n_alphas - 1) : 0.0;
  for (Index i = 0; i < n_alphas; ++i) out[i] = std::pow(10.0, static_cast<double>(i) * step + lo);
  out[0] = alpha_max;
  if (n_alphas > 1) out[n_alphas - 1] = alpha_max * eps;
  return out;
}

}  // namespace mlkit::linear_model::detail

#include "src/linear_model/detail/prox_newton.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "src/linear_model/detail/gram.hpp"

namespace mlkit::linear_model::detail {

namespace {

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Multinomial problems with at most this many parameters use the exact Hessian (cost
// n (k d)² per step); larger ones its diagonal blocks (n k d²).
constexpr Index kFullHessian = 256;

bool penalised(Index j, Index p) { return j < p; }  // in a class's [w_c, b_c] layout

// Index of coefficient j of class c in the parameter vector ([W row by row, b]).
Index param_index(const LinearLossProblem& pb, Index c, Index j) {
  const Index p = pb.n_features();
  return j < p ? c * p + j : pb.n_out * p + c;
}

double l1_norm(const LinearLossProblem& pb, const Vector& w) {
  return w.head(pb.n_out * pb.n_features()).lpNorm<1>();
}

// Probabilities of rows [begin, begin + m) at W, b: the logistic function of the one raw
// prediction for two classes (one column), the softmax of the k of them otherwise.
RowMat row_probabilities(const LinearLossProblem& pb, const Eigen::Map<const RowMat>& W,
                         const Vector& b, Index begin, Index m) {
  RowMat P(m, W.rows());
  P.noalias() = pb.X.middleRows(begin, m) * W.transpose();
  P.rowwise() += b.transpose();
  for (Index i = 0; i < m; ++i) {
    if (W.rows() == 1) {
      P(i, 0) = expit(P(i, 0));
    } else {
      const double zmax = P.row(i).maxCoeff();
      P.row(i) = (P.row(i).array() - zmax).exp();
      P.row(i) /= P.row(i).sum();
    }
  }
  return P;
}

// A floor on the curvature keeps every coordinate step finite where the probabilities
// saturate (separable data); the line search keeps the step a descent step.
void floor_diagonal(Eigen::MatrixXd& A) {
  const double floor = 1e-12 * std::max(1.0, A.diagonal().maxCoeff());
  A.diagonal() = A.diagonal().cwiseMax(floor);
}

// Per-row Hessian weights s_i p_ic (1 − p_ic) / Σs of the (diagonal blocks of the) loss at w.
RowMat hessian_weights(const LinearLossProblem& pb, const Vector& w) {
  const Index n = pb.X.rows(), p = pb.n_features(), k = pb.n_out;
  const Eigen::Map<const RowMat> W(w.data(), k, p);
  const Vector b = pb.fit_intercept ? Vector(w.segment(k * p, k)) : Vector::Zero(k);
  const double sw_sum = pb.sw.sum();
  RowMat H(n, k);
  const Index n_blocks = (n + kRowBlock - 1) / kRowBlock;
  oneapi::tbb::parallel_for(Index{0}, n_blocks, [&](Index blk) {
    const Index begin = blk * kRowBlock, m = std::min(n, begin + kRowBlock) - begin;
    const RowMat P = row_probabilities(pb, W, b, begin, m);
    for (Index i = 0; i < m; ++i) {
      const double s = pb.sw[begin + i] / sw_sum;
      for (Index c = 0; c < k; ++c) H(begin + i, c) = s * P(i, c) * (1 - P(i, c));
    }
  });
  return H;
}

// The Hessian block of class c on [w_c, b_c]: (p + 1) × (p + 1) with an intercept, else p × p.
Eigen::MatrixXd hessian_block(const LinearLossProblem& pb, const Vector& h) {
  const Index n = pb.X.rows(), p = pb.n_features();
  const Matrix ones = Matrix::Ones(n, 1);
  const CenteredGram g = centered_gram(pb.X, ones, h, false);
  const Index d = p + (pb.fit_intercept ? 1 : 0);
  Eigen::MatrixXd A(d, d);
  A.topLeftCorner(p, p) = g.G;
  A.topLeftCorner(p, p).diagonal().array() += pb.l2;
  if (pb.fit_intercept) {
    A.col(p).head(p) = g.XtY.col(0);
    A.row(p).head(p) = g.XtY.col(0).transpose();
    A(p, p) = h.sum();
  }
  floor_diagonal(A);
  return A;
}

// The full multinomial Hessian on the parameters ordered class by class, [w_0, b_0, w_1, ...]:
// block (a, b) is X̃ᵀ diag(s_i (δ_ab p_ia − p_ia p_ib)) X̃ / Σs. The rows are summed in a fixed
// number of contiguous chunks, each on one task, added in chunk order: the same result for any
// number of threads.
Eigen::MatrixXd full_hessian(const LinearLossProblem& pb, const Vector& w) {
  const Index n = pb.X.rows(), p = pb.n_features(), k = pb.n_out;
  const Index d = p + (pb.fit_intercept ? 1 : 0), D = k * d;
  const Eigen::Map<const RowMat> W(w.data(), k, p);
  const Vector b = pb.fit_intercept ? Vector(w.segment(k * p, k)) : Vector::Zero(k);
  const double sw_sum = pb.sw.sum();
  constexpr Index kChunks = 16;
  const Index chunk = (n + kChunks - 1) / kChunks;
  std::vector<Eigen::MatrixXd> parts(kChunks);
  oneapi::tbb::parallel_for(Index{0}, kChunks, [&](Index c) {
    Eigen::MatrixXd& A = parts[static_cast<std::size_t>(c)];
    A = Eigen::MatrixXd::Zero(D, D);
    const Index begin0 = c * chunk, end0 = std::min(n, begin0 + chunk);
    for (Index begin = begin0; begin < end0; begin += kRowBlock) {
      const Index m = std::min(end0, begin + kRowBlock) - begin;
      Eigen::MatrixXd Xt(m, d);
      Xt.leftCols(p) = pb.X.middleRows(begin, m);
      if (pb.fit_intercept) Xt.col(p).setOnes();
      const RowMat P = row_probabilities(pb, W, b, begin, m);
      Vector s(m);
      for (Index i = 0; i < m; ++i) s[i] = pb.sw[begin + i] / sw_sum;
      Vector h(m);
      for (Index a = 0; a < k; ++a)
        for (Index bb = a; bb < k; ++bb) {
          for (Index i = 0; i < m; ++i)
            h[i] = s[i] * ((a == bb ? P(i, a) : 0.0) - P(i, a) * P(i, bb));
          A.block(a * d, bb * d, d, d).noalias() += Xt.transpose() * (h.asDiagonal() * Xt);
        }
    }
  });
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(D, D);
  for (const auto& part : parts) A += part;
  for (Index a = 0; a < k; ++a) {
    for (Index bb = a + 1; bb < k; ++bb)
      A.block(bb * d, a * d, d, d) = A.block(a * d, bb * d, d, d).transpose();
    A.block(a * d, a * d, p, p).diagonal().array() += pb.l2;
  }
  floor_diagonal(A);
  return A;
}

// Cyclic coordinate descent on  gᵀd + ½ dᵀAd + l1 Σ |w_j + d_j|  over the coefficients (not the
// intercepts) of one class, or of all classes laid out in blocks of `block` entries.
Vector solve_model(const Eigen::MatrixXd& A, const Vector& g, const Vector& w, Index p, Index block,
                   double l1, double inner_tol, int max_sweeps) {
  const Index d = A.rows();
  Vector delta = Vector::Zero(d), Ad = Vector::Zero(d);
  for (int sweep = 0; sweep < max_sweeps; ++sweep) {
    double max_change = 0;
    for (Index j = 0; j < d; ++j) {
      const double a = A(j, j);
      const double grad = g[j] + Ad[j];
      double step;
      if (penalised(j % block, p)) {
        const double cur = w[j] + delta[j];
        // Skip a coordinate that sits at zero and stays there.
        if (cur == 0 && std::abs(grad) <= l1) continue;
        const double u = cur - grad / a;
        const double t = l1 / a;
        const double next = u > t ? u - t : u < -t ? u + t : 0.0;
        step = next - cur;
      } else {
        step = -grad / a;
      }
      if (step == 0) continue;
      delta[j] += step;
      Ad.noalias() += step * A.col(j);
      max_change = std::max(max_change, std::abs(step) * std::sqrt(a));
    }
    if (max_change <= inner_tol) break;
  }
  return delta;
}

}  // namespace

double l1_optimality(const LinearLossProblem& pb, const Vector& w, const Vector& grad, double l1) {
  const Index p = pb.n_features(), k = pb.n_out;
  double worst = 0;
  for (Index i = 0; i < k * p; ++i) {
    const double v = w[i] > 0   ? std::abs(grad[i] + l1)
                     : w[i] < 0 ? std::abs(grad[i] - l1)
                                : std::max(0.0, std::abs(grad[i]) - l1);
    worst = std::max(worst, v);
  }
  for (Index i = k * p; i < grad.size(); ++i) worst = std::max(worst, std::abs(grad[i]));
  return worst;
}

ProxNewtonResult minimize_prox_newton(const LinearLossProblem& pb, Vector w0,
                                      const ProxNewtonOptions& o,
                                      const std::function<void(double)>& checkpoint) {
  const Index p = pb.n_features(), k = pb.n_out;
  const Index d = p + (pb.fit_intercept ? 1 : 0);
  auto loss = [&](const Vector& w, Vector& grad) {
    return k == 1 ? linear_loss_gradient(pb, HalfBinomial{}, w, grad)
                  : linear_loss_gradient(pb, HalfMultinomial{}, w, grad);
  };
  ProxNewtonResult r;
  r.x = std::move(w0);
  Vector grad;
  double F = loss(r.x, grad) + o.l1 * l1_norm(pb, r.x);
  for (;;) {
    const double opt = l1_optimality(pb, r.x, grad, o.l1);
    if (opt <= o.tol) {
      r.converged = true;
      break;
    }
    if (r.n_iter >= o.max_iter) break;
    checkpoint(static_cast<double>(r.n_iter) / std::max(1, o.max_iter));
    ++r.n_iter;
    // The inner problem is solved to a fraction of the current optimality: loosely far from
    // the optimum, tightly near it (steps are scaled by √H_jj, in the units of the gradient).
    const double inner_tol = std::max(0.05 * opt, 1e-18);

    Vector dir = Vector::Zero(r.x.size());
    if (k > 1 && k * d <= kFullHessian) {
      // Small multinomial problems: the exact Hessian, coupling the classes.
      const Eigen::MatrixXd A = full_hessian(pb, r.x);
      Vector g(k * d), wv(k * d);
      for (Index c = 0; c < k; ++c)
        for (Index j = 0; j < d; ++j) {
          g[c * d + j] = grad[param_index(pb, c, j)];
          wv[c * d + j] = r.x[param_index(pb, c, j)];
        }
      const Vector dv = solve_model(A, g, wv, p, d, o.l1, inner_tol, 1000);
      for (Index c = 0; c < k; ++c)
        for (Index j = 0; j < d; ++j) dir[param_index(pb, c, j)] = dv[c * d + j];
    } else {
      // The Newton direction class by class, from the diagonal blocks of the Hessian.
      const RowMat H = hessian_weights(pb, r.x);
      for (Index c = 0; c < k; ++c) {
        const Eigen::MatrixXd A = hessian_block(pb, H.col(c));
        Vector gc(d), wc(d);
        for (Index j = 0; j < d; ++j) {
          gc[j] = grad[param_index(pb, c, j)];
          wc[j] = r.x[param_index(pb, c, j)];
        }
        const Vector dc = solve_model(A, gc, wc, p, d, o.l1, inner_tol, 1000);
        for (Index j = 0; j < d; ++j) dir[param_index(pb, c, j)] = dc[j];
      }
    }
    // Armijo backtracking: F(w + t d) <= F(w) + σ t Δ with Δ = gᵀd + l1 (|w + d|₁ − |w|₁), the
    // L1 change summed entry by entry (a difference of two norms would cancel). Near the
    // optimum rounding can leave Δ a hair above zero; the step is then tried as it is.
    double l1_change = 0;
    for (Index i = 0; i < k * p; ++i) l1_change += std::abs(r.x[i] + dir[i]) - std::abs(r.x[i]);
    const double Delta = std::min(0.0, grad.dot(dir) + o.l1 * l1_change);
    if (dir.isZero(0)) {
      // The model's minimiser is the point itself: optimal to rounding.
      r.converged = opt <= std::max(o.tol, 1e3 * std::numeric_limits<double>::epsilon());
      break;
    }
    constexpr double sigma = 0.01;
    const double slack = 8 * std::numeric_limits<double>::epsilon() * std::abs(F);
    double t = 1;
    bool moved = false;
    Vector trial, trial_grad;
    for (int ls = 0; ls < 60; ++ls, t *= 0.5) {
      trial = r.x + t * dir;
      const double Ft = loss(trial, trial_grad) + o.l1 * l1_norm(pb, trial);
      // Near the optimum the decrease falls below the rounding of F: the step is accepted
      // when F does not grow by more than that rounding, so that the Newton steps still
      // shrink the subgradient.
      if (Ft <= F + sigma * t * Delta + slack) {
        moved = true;
        F = Ft;
        break;
      }
    }
    if (!moved) break;  // the line search failed: rounding dominates the decrease
    r.x.swap(trial);
    grad.swap(trial_grad);
  }
  if (k > 1 && pb.fit_intercept) {
    // The multinomial loss does not change when every intercept moves by the same amount;
    // centring them gives the solution with zero-sum intercepts, as scikit-learn's solvers
    // (which start at zero and move along gradients summing to zero) return.
    auto b = r.x.segment(k * p, k);
    b.array() -= b.mean();
  }
  r.objective = F;
  return r;
}

}  // namespace mlkit::linear_model::detail

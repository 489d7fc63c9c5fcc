#pragma once
// The objective of the L-BFGS linear models, as scikit-learn's LinearModelLoss: for
// coefficients W (k × p), intercepts b (k) and raw predictions z_i = W x_i + b,
//   f = sum_i s_i loss(y_i, z_i) / sum_i s_i + l2 / 2 ||W||²
// with its gradient. The parameter vector is [W row by row, b (when fitted)]. The sum over rows
// runs in fixed blocks on oneTBB (row_blocks.hpp); inside a block, one product computes the raw
// predictions and one the gradient, while the block is still in cache.

#include <Eigen/Core>
#include <cmath>

#include "mlkit/core/types.hpp"
#include "src/linear_model/detail/row_blocks.hpp"

namespace mlkit::linear_model::detail {

/// log(1 + exp(z)) without overflow.
inline double log1pexp(double z) {
  return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

/// 1 / (1 + exp(-z)) without overflow.
inline double expit(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

/// scikit-learn's HalfBinomialLoss, y in {0, 1}: log(1 + exp(z)) - y z.
struct HalfBinomial {
  static constexpr bool multiclass = false;
  double operator()(double y, double z, double& dz) const {
    // One exponential for both: with e = exp(-|z|), log(1 + exp(z)) = max(z, 0) + log1p(e) and
    // expit(z) = 1 / (1 + e) for z >= 0, e / (1 + e) otherwise.
    const double e = std::exp(-std::abs(z));
    const double inv = 1.0 / (1.0 + e);
    dz = (z >= 0 ? inv : e * inv) - y;
    return (z > 0 ? z : 0.0) + std::log1p(e) - y * z;
  }
};

/// scikit-learn's HalfMultinomialLoss over k classes, y a class code: logsumexp(z) - z_y.
struct HalfMultinomial {
  static constexpr bool multiclass = true;
  template <class Z, class D>
  double operator()(double y, const Z& z, D&& dz) const {
    const double zmax = z.maxCoeff();
    dz = (z.array() - zmax).exp();
    const double sum = dz.sum();
    dz /= sum;
    const auto c = static_cast<Index>(y);
    dz[c] -= 1.0;
    return std::log(sum) + zmax - z[c];
  }
};

/// scikit-learn's half Tweedie deviance losses (HalfTweedieLoss with the log link,
/// HalfTweedieLossIdentity with the identity link), Poisson (power 1) and Gamma (power 2)
/// included, without the terms that depend on y only, exactly as scikit-learn's.
struct HalfTweedie {
  static constexpr bool multiclass = false;
  double power = 0;
  bool log_link = true;
  double operator()(double y, double z, double& dz) const {
    const double p = power;
    if (log_link) {
      if (p == 0) {
        const double e = std::exp(z);
        dz = e * (e - y);
        return 0.5 * (e - y) * (e - y);
      }
      if (p == 1) {
        const double e = std::exp(z);
        dz = e - y;
        return e - y * z;
      }
      if (p == 2) {
        const double e = std::exp(-z);
        dz = 1.0 - y * e;
        return z + y * e;
      }
      const double e1 = std::exp((1.0 - p) * z), e2 = std::exp((2.0 - p) * z);
      dz = e2 - y * e1;
      return e2 / (2.0 - p) - y * e1 / (1.0 - p);
    }
    if (p == 0) {
      dz = z - y;
      return 0.5 * (z - y) * (z - y);
    }
    if (p == 1) {
      dz = 1.0 - y / z;
      return y == 0 ? z : y * std::log(y / z) + z - y;
    }
    if (p == 2) {
      dz = (z - y) / (z * z);
      return std::log(z / y) + y / z - 1.0;
    }
    const double t = std::pow(z, 1.0 - p);
    dz = std::pow(z, -p) * (z - y);
    double v = z * t / (2.0 - p) - y * t / (1.0 - p);
    if (y > 0) v += std::pow(y, 2.0 - p) / ((1.0 - p) * (2.0 - p));
    return v;
  }
};

/// The data and settings of one linear loss; X, y and weights are not owned.
struct LinearLossProblem {
  MatrixView X;
  const Vector& y;   // targets (class codes for the multinomial loss)
  const Vector& sw;  // sample weights, all given (ones when the caller has none)
  Index n_out = 1;   // k: 1, or the number of classes of the multinomial loss
  bool fit_intercept = true;
  double l2 = 0;  // l2_reg_strength

  Index n_features() const { return X.cols(); }
  Index dim() const { return n_out * (X.cols() + (fit_intercept ? 1 : 0)); }
};

/// Value and gradient of the loss for pointwise loss L (a single-output loss of (y, z) with its
/// derivative, or a multiclass one of (y, z row) when L::multiclass).
template <class L>
double linear_loss_gradient(const LinearLossProblem& pb, const L& loss, const Vector& w,
                            Vector& grad) {
  using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Index p = pb.n_features(), k = pb.n_out;
  const Eigen::Map<const RowMat> W(w.data(), k, p);
  const Vector b = pb.fit_intercept ? Vector(w.segment(k * p, k)) : Vector::Zero(k);
  const double sw_sum = pb.sw.sum();
  auto block = [&](Index begin, Index end, double& value, auto g) {
    const Index m = end - begin;
    const auto Xb = pb.X.middleRows(begin, m);
    double v = 0;
    if constexpr (!L::multiclass) {
      // One output: matrix-vector products (BLAS gemv) rather than m × 1 matrix products.
      Vector z = Xb * W.row(0).transpose();
      z.array() += b[0];
      for (Index i = 0; i < m; ++i) {
        const double s = pb.sw[begin + i];
        double dz;
        v += s * loss(pb.y[begin + i], z[i], dz);
        z[i] = s * dz;
      }
      g.head(p).noalias() += Xb.transpose() * z;
      if (pb.fit_intercept) g[p] += z.sum();
    } else {
      RowMat Z(m, k);
      Z.noalias() = Xb * W.transpose();
      Z.rowwise() += b.transpose();
      RowMat R(m, k);
      for (Index i = 0; i < m; ++i) {
        const double s = pb.sw[begin + i];
        v += s * loss(pb.y[begin + i], Z.row(i), R.row(i));
        R.row(i) *= s;
      }
      Eigen::Map<RowMat> GW(g.data(), k, p);
      GW.noalias() += R.transpose() * Xb;
      if (pb.fit_intercept) g.segment(k * p, k) += R.colwise().sum().transpose();
    }
    value = v;
  };
  const double total = sum_row_blocks(pb.X.rows(), pb.dim(), grad, block);
  grad /= sw_sum;
  Eigen::Map<RowMat>(grad.data(), k, p) += pb.l2 * W;
  return total / sw_sum + 0.5 * pb.l2 * W.squaredNorm();
}

}  // namespace mlkit::linear_model::detail

#include "mlkit/preprocessing/standard_scaler.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/preprocessing/detail/columns.hpp"

namespace mlkit::preprocessing {

namespace {

const ParamTable& table() {
  using P = StandardScalerParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("StandardScaler")
          .add("copy", &P::copy,
               "Kept for scikit-learn compatibility; mlkit always returns a new array.")
          .add("with_mean", &P::with_mean, "Centre the data before scaling.")
          .add("with_std", &P::with_std, "Scale the data to unit variance.")
          .build();
  return t;
}

}  // namespace

StandardScaler::StandardScaler(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> StandardScaler::clone() const {
  return std::make_unique<StandardScaler>(params_);
}

const Tags& StandardScaler::tags() const {
  static const Tags t = [] {
    Tags t = Tags::transformer();
    t.allow_nan = true;
    t.supports_sample_weight = true;
    t.has_inverse_transform = true;
    return t;
  }();
  return t;
}

const ParamTable& StandardScaler::param_table() const { return table(); }

const Vector& StandardScaler::mean() const {
  check_fitted();
  return state_.mean;
}
const Vector& StandardScaler::var() const {
  check_fitted();
  return state_.var;
}
const Vector& StandardScaler::scale() const {
  check_fitted();
  return state_.scale;
}
const Vector& StandardScaler::n_samples_seen() const {
  check_fitted();
  return state_.n_samples_seen;
}

void StandardScaler::fit_impl(MatrixView X, MatrixView, const FitOptions& opts) {
  const Index n = X.rows(), p = X.cols();
  const bool weighted = opts.sample_weight.size() > 0;
  const Vector& w = opts.sample_weight;
  // Mean and variance by the corrected two-pass algorithm (Chan, Golub & LeVeque, "Algorithms
  // for computing the sample variance", 1983), ignoring NaN, as scikit-learn's
  // _incremental_mean_and_var does for one batch. Fixed blocks of rows are the parallel tasks
  // and their partial sums are added in block order, so every statistic is the same whatever
  // the thread count. A block without NaN is reduced by vectorised column sums over its rows
  // (rows lie contiguous in memory); a block with NaN value by value.
  const Index n_blocks =
      std::max<Index>(1, std::min((n + 2047) / 2048, (Index{1} << 20) / std::max<Index>(1, p)));
  const Index rows = (n + n_blocks - 1) / n_blocks;
  Matrix part_count(n_blocks, p), part_sum(n_blocks, p), part_corr(n_blocks, p),
      part_var(n_blocks, p);
  std::vector<char> has_nan(static_cast<std::size_t>(n_blocks), 0);
  auto for_blocks = [&](auto&& fn) {
    Context ctx;
    ctx.run([&] {
      oneapi::tbb::parallel_for(Index{0}, n_blocks, [&](Index b) {
        const Index lo = std::min(n, b * rows);
        fn(b, lo, std::min(n, lo + rows) - lo);
      });
    });
  };
  for_blocks([&](Index b, Index lo, Index m) {
    const auto Xb = X.middleRows(lo, m);
    // x * 0 is NaN exactly for NaN (infinity was refused before the fit).
    has_nan[static_cast<std::size_t>(b)] = !((Xb.array() * 0.0).sum() == 0.0);
    if (!has_nan[static_cast<std::size_t>(b)]) {
      if (weighted) {
        part_sum.row(b).noalias() = w.segment(lo, m).transpose() * Xb;
        part_count.row(b).setConstant(w.segment(lo, m).sum());
      } else {
        part_sum.row(b) = Xb.colwise().sum();
        part_count.row(b).setConstant(static_cast<double>(m));
      }
      return;
    }
    part_sum.row(b).setZero();
    part_count.row(b).setZero();
    for (Index i = lo; i < lo + m; ++i) {
      const double wi = weighted ? w[i] : 1.0;
      for (Index c = 0; c < p; ++c) {
        const double x = X(i, c);
        if (std::isnan(x)) continue;
        part_count(b, c) += wi;
        part_sum(b, c) += weighted ? wi * x : x;
      }
    }
  });
  Vector count = part_count.row(0).transpose(), sum = part_sum.row(0).transpose();
  for (Index b = 1; b < n_blocks; ++b) {
    count += part_count.row(b).transpose();
    sum += part_sum.row(b).transpose();
  }
  const Vector mean = sum.cwiseQuotient(count);
  for_blocks([&](Index b, Index lo, Index m) {
    const auto Xb = X.middleRows(lo, m);
    if (!has_nan[static_cast<std::size_t>(b)]) {
      part_corr.row(b).setZero();
      part_var.row(b).setZero();
      for (Index r = 0; r < m; r += 256) {  // deviations of 256 rows at a time
        const Index k = std::min<Index>(256, m - r);
        const Matrix D = Xb.middleRows(r, k).rowwise() - mean.transpose();
        if (weighted) {
          const auto wk = w.segment(lo + r, k).transpose();
          part_corr.row(b).noalias() += wk * D;
          part_var.row(b).noalias() += wk * D.array().square().matrix();
        } else {
          part_corr.row(b) += D.colwise().sum();
          part_var.row(b) += D.array().square().colwise().sum().matrix();
        }
      }
      return;
    }
    part_corr.row(b).setZero();
    part_var.row(b).setZero();
    for (Index i = lo; i < lo + m; ++i) {
      const double wi = weighted ? w[i] : 1.0;
      for (Index c = 0; c < p; ++c) {
        const double x = X(i, c);
        if (std::isnan(x)) continue;
        const double d = x - mean[c];
        part_corr(b, c) += weighted ? wi * d : d;
        part_var(b, c) += weighted ? wi * d * d : d * d;
      }
    }
  });
  Vector corr = part_corr.row(0).transpose(), var = part_var.row(0).transpose();
  for (Index b = 1; b < n_blocks; ++b) {
    corr += part_corr.row(b).transpose();
    var += part_var.row(b).transpose();
  }
  var = (var - corr.cwiseProduct(corr).cwiseQuotient(count)).cwiseQuotient(count);
  State s;
  s.n_samples_seen = count;
  if (params_.with_mean || params_.with_std) s.mean = mean;
  if (params_.with_std) {
    s.var = var;
    s.scale = var.cwiseSqrt();
    const double eps = std::numeric_limits<double>::epsilon();
    for (Index c = 0; c < p; ++c) {
      // A feature whose variance is within the error bound of the two-pass algorithm is
      // treated as constant and left unscaled (scikit-learn's _is_constant_feature).
      const double bound = count[c] * eps * var[c] + std::pow(count[c] * s.mean[c] * eps, 2);
      if (var[c] <= bound) s.scale[c] = 1.0;
    }
  }
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix StandardScaler::transform_impl(MatrixView X) const {
  Matrix out(X.rows(), X.cols());
  const Vector zero = Vector::Zero(X.cols()), one = Vector::Ones(X.cols());
  const auto shift = (params_.with_mean ? state_.mean : zero).transpose().array();
  const auto scale = (params_.with_std ? state_.scale : one).transpose().array();
  // Blocks of rows in parallel, one pass over X.
  Context ctx;
  ctx.run([&] {
    oneapi::tbb::parallel_for(Index{0}, (X.rows() + 1023) / 1024, [&](Index b) {
      const Index lo = b * 1024, m = std::min<Index>(1024, X.rows() - lo);
      out.middleRows(lo, m).array() =
          (X.middleRows(lo, m).array().rowwise() - shift).rowwise() / scale;
    });
  });
  return out;
}

Matrix StandardScaler::inverse_transform_impl(MatrixView X) const {
  if (X.cols() != n_features_in())
    throw InvalidInput("X has " + std::to_string(X.cols()) +
                       " features, but StandardScaler is expecting " +
                       std::to_string(n_features_in()) + " features as input.");
  Matrix out = X;
  if (params_.with_std) out.array().rowwise() *= state_.scale.transpose().array();
  if (params_.with_mean) out.rowwise() += state_.mean.transpose();
  return out;
}

void StandardScaler::save_state(nlohmann::json& j) const {
  j["mean_"] = mlkit::detail::vector_to_json(state_.mean);
  j["var_"] = mlkit::detail::vector_to_json(state_.var);
  j["scale_"] = mlkit::detail::vector_to_json(state_.scale);
  j["n_samples_seen_"] = mlkit::detail::vector_to_json(state_.n_samples_seen);
}

void StandardScaler::load_state(const nlohmann::json& j, Index nf, Index) {
  // Which statistics exist follows the parameters; an all-NaN column legitimately has NaN ones.
  const Index with_mean = (params_.with_mean || params_.with_std) ? nf : 0;
  const Index with_std = params_.with_std ? nf : 0;
  State s;
  s.mean =
      mlkit::detail::vector_from_json(mlkit::detail::field(j, "mean_"), "mean_", with_mean, true);
  s.var = mlkit::detail::vector_from_json(mlkit::detail::field(j, "var_"), "var_", with_std, true);
  s.scale =
      mlkit::detail::vector_from_json(mlkit::detail::field(j, "scale_"), "scale_", with_std, true);
  s.n_samples_seen = mlkit::detail::vector_from_json(mlkit::detail::field(j, "n_samples_seen_"),
                                                     "n_samples_seen_", nf, false);
  for (Index c = 0; c < s.var.size(); ++c)
    if (s.var[c] < 0 || s.scale[c] <= 0)
      throw ModelFormatError("model field 'var_'/'scale_' holds an impossible value");
  if ((s.n_samples_seen.array() < 0).any())
    throw ModelFormatError("model field 'n_samples_seen_' holds a negative count");
  state_ = std::move(s);
}

}  // namespace mlkit::preprocessing

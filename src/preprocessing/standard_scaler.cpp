#include "mlkit/preprocessing/standard_scaler.hpp"

#include <cmath>
#include <limits>

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
  Vector count = Vector::Zero(p), sum = Vector::Zero(p), var = Vector::Zero(p);
  // Mean and variance by the corrected two-pass algorithm (Chan, Golub & LeVeque, "Algorithms
  // for computing the sample variance", 1983), ignoring NaN, as scikit-learn's
  // _incremental_mean_and_var does for one batch.
  // Column blocks are independent tasks; each walks the rows in order, so every sum is
  // accumulated in the same order whatever the thread count.
  detail::for_column_blocks(p, [&](Index c0, Index c1) {
    for (Index i = 0; i < n; ++i) {
      const double wi = weighted ? w[i] : 1.0;
      for (Index c = c0; c < c1; ++c) {
        const double x = X(i, c);
        if (std::isnan(x)) continue;
        count[c] += wi;
        sum[c] += weighted ? wi * x : x;
      }
    }
    Vector corr = Vector::Zero(c1 - c0);
    for (Index i = 0; i < n; ++i) {
      const double wi = weighted ? w[i] : 1.0;
      for (Index c = c0; c < c1; ++c) {
        const double x = X(i, c);
        if (std::isnan(x)) continue;
        const double d = x - sum[c] / count[c];
        corr[c - c0] += weighted ? wi * d : d;
        var[c] += weighted ? wi * d * d : d * d;
      }
    }
    for (Index c = c0; c < c1; ++c) {
      var[c] = (var[c] - corr[c - c0] * corr[c - c0] / count[c]) / count[c];
    }
  });
  State s;
  s.n_samples_seen = count;
  if (params_.with_mean || params_.with_std) s.mean = sum.cwiseQuotient(count);
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
  Matrix out = X;
  if (params_.with_mean) out.rowwise() -= state_.mean.transpose();
  if (params_.with_std) out.array().rowwise() /= state_.scale.transpose().array();
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

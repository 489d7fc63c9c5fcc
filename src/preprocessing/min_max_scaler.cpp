#include "mlkit/preprocessing/min_max_scaler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/preprocessing/detail/columns.hpp"

namespace mlkit::preprocessing {

namespace {

const ParamTable& table() {
  using P = MinMaxScalerParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("MinMaxScaler")
          .add("feature_range", &P::feature_range,
               "Desired range (min, max) of the transformed data; min must be below max.")
          .add("copy", &P::copy,
               "Kept for scikit-learn compatibility; mlkit always returns a new array.")
          .add("clip", &P::clip, "Clip transformed values of held-out data to feature_range.")
          .build();
  return t;
}

std::string range_repr(const std::vector<double>& r) {
  std::ostringstream s;
  s << "(";
  for (std::size_t i = 0; i < r.size(); ++i) s << (i ? ", " : "") << r[i];
  s << ")";
  return s.str();
}

}  // namespace

MinMaxScaler::MinMaxScaler(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> MinMaxScaler::clone() const {
  return std::make_unique<MinMaxScaler>(params_);
}

const Tags& MinMaxScaler::tags() const {
  static const Tags t = [] {
    Tags t = Tags::transformer();
    t.allow_nan = true;
    t.has_inverse_transform = true;
    return t;
  }();
  return t;
}

const ParamTable& MinMaxScaler::param_table() const { return table(); }

const Vector& MinMaxScaler::min() const {
  check_fitted();
  return state_.min;
}
const Vector& MinMaxScaler::scale() const {
  check_fitted();
  return state_.scale;
}
const Vector& MinMaxScaler::data_min() const {
  check_fitted();
  return state_.data_min;
}
const Vector& MinMaxScaler::data_max() const {
  check_fitted();
  return state_.data_max;
}
const Vector& MinMaxScaler::data_range() const {
  check_fitted();
  return state_.data_range;
}
Index MinMaxScaler::n_samples_seen() const {
  check_fitted();
  return state_.n_samples_seen;
}

void MinMaxScaler::validate_params() const {
  const auto& r = params_.feature_range;
  if (r.size() != 2)
    throw InvalidParameter(
        "The 'feature_range' parameter of MinMaxScaler must be a pair "
        "(min, max). Got " +
        range_repr(r) + " instead.");
  if (!(r[0] < r[1]) || !std::isfinite(r[0]) || !std::isfinite(r[1]))
    throw InvalidParameter("Minimum of desired feature range must be smaller than maximum. Got " +
                           range_repr(r) + ".");
}

void MinMaxScaler::fit_impl(MatrixView X, MatrixView, const FitOptions& opts) {
  const Index n = X.rows(), p = X.cols();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  State s;
  s.data_min = Vector::Constant(p, nan);
  s.data_max = Vector::Constant(p, nan);
  // Like numpy.nanmin/nanmax: NaN only where a column has no other value.
  detail::for_column_blocks(p, [&](Index c0, Index c1) {
    for (Index i = 0; i < n; ++i)
      for (Index c = c0; c < c1; ++c) {
        const double x = X(i, c);
        if (std::isnan(x)) continue;
        if (std::isnan(s.data_min[c]) || x < s.data_min[c]) s.data_min[c] = x;
        if (std::isnan(s.data_max[c]) || x > s.data_max[c]) s.data_max[c] = x;
      }
  });
  const double lo = params_.feature_range[0], hi = params_.feature_range[1];
  s.data_range = s.data_max - s.data_min;
  Vector range = s.data_range;
  detail::handle_zeros_in_scale(range);
  s.scale = (hi - lo) / range.array();
  s.min = lo - s.data_min.array() * s.scale.array();
  s.n_samples_seen = n;
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix MinMaxScaler::transform_impl(MatrixView X) const {
  Matrix out = X;
  out.array().rowwise() *= state_.scale.transpose().array();
  out.array().rowwise() += state_.min.transpose().array();
  if (params_.clip) {
    // numpy.clip keeps NaN.
    const double lo = params_.feature_range[0], hi = params_.feature_range[1];
    for (Index k = 0; k < out.size(); ++k) {
      double& v = out.data()[k];
      if (v < lo) v = lo;
      if (v > hi) v = hi;
    }
  }
  return out;
}

Matrix MinMaxScaler::inverse_transform_impl(MatrixView X) const {
  if (X.cols() != n_features_in())
    throw InvalidInput("X has " + std::to_string(X.cols()) +
                       " features, but MinMaxScaler is expecting " +
                       std::to_string(n_features_in()) + " features as input.");
  Matrix out = X;
  out.array().rowwise() -= state_.min.transpose().array();
  out.array().rowwise() /= state_.scale.transpose().array();
  return out;
}

void MinMaxScaler::save_state(nlohmann::json& j) const {
  using mlkit::detail::vector_to_json;
  j["min_"] = vector_to_json(state_.min);
  j["scale_"] = vector_to_json(state_.scale);
  j["data_min_"] = vector_to_json(state_.data_min);
  j["data_max_"] = vector_to_json(state_.data_max);
  j["data_range_"] = vector_to_json(state_.data_range);
  j["n_samples_seen_"] = state_.n_samples_seen;
}

void MinMaxScaler::load_state(const nlohmann::json& j, Index nf, Index) {
  namespace d = mlkit::detail;
  // An all-NaN column legitimately has NaN statistics.
  State s;
  s.min = d::vector_from_json(d::field(j, "min_"), "min_", nf, true);
  s.scale = d::vector_from_json(d::field(j, "scale_"), "scale_", nf, true);
  s.data_min = d::vector_from_json(d::field(j, "data_min_"), "data_min_", nf, true);
  s.data_max = d::vector_from_json(d::field(j, "data_max_"), "data_max_", nf, true);
  s.data_range = d::vector_from_json(d::field(j, "data_range_"), "data_range_", nf, true);
  s.n_samples_seen = d::integer_from_json(d::field(j, "n_samples_seen_"), "n_samples_seen_", 1,
                                          std::numeric_limits<std::int64_t>::max());
  for (Index c = 0; c < nf; ++c)
    if (s.scale[c] == 0 || std::isinf(s.scale[c]) || std::isinf(s.min[c]))
      throw ModelFormatError("model field 'scale_'/'min_' holds an impossible value");
  state_ = std::move(s);
}

}  // namespace mlkit::preprocessing

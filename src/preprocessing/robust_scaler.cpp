#include "mlkit/preprocessing/robust_scaler.hpp"

#include <boost/math/distributions/normal.hpp>
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
  using P = RobustScalerParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("RobustScaler")
          .add("with_centering", &P::with_centering, "Subtract the median before scaling.")
          .add("with_scaling", &P::with_scaling, "Divide by the interquantile range.")
          .add("quantile_range", &P::quantile_range,
               "Percentiles (q_min, q_max), 0 <= q_min <= q_max <= 100, of the range.")
          .add("copy", &P::copy,
               "Kept for scikit-learn compatibility; mlkit always returns a new array.")
          .add("unit_variance", &P::unit_variance,
               "Scale so that normally distributed features get unit variance.")
          .build();
  return t;
}

// The standard normal quantile; infinite at 0 and 1 as scipy.stats.norm.ppf.
double normal_ppf(double p) {
  if (p <= 0) return -std::numeric_limits<double>::infinity();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

}  // namespace

RobustScaler::RobustScaler(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> RobustScaler::clone() const {
  return std::make_unique<RobustScaler>(params_);
}

const Tags& RobustScaler::tags() const {
  static const Tags t = [] {
    Tags t = Tags::transformer();
    t.allow_nan = true;
    t.has_inverse_transform = true;
    return t;
  }();
  return t;
}

const ParamTable& RobustScaler::param_table() const { return table(); }

const Vector& RobustScaler::center() const {
  check_fitted();
  return state_.center;
}
const Vector& RobustScaler::scale() const {
  check_fitted();
  return state_.scale;
}

void RobustScaler::validate_params() const {
  const auto& q = params_.quantile_range;
  if (q.size() != 2 || !(0 <= q[0] && q[0] <= q[1] && q[1] <= 100)) {
    std::ostringstream s;
    s << "Invalid quantile range: (";
    for (std::size_t i = 0; i < q.size(); ++i) s << (i ? ", " : "") << q[i];
    s << ")";
    throw InvalidParameter(s.str());
  }
}

void RobustScaler::fit_impl(MatrixView X, MatrixView, const FitOptions& opts) {
  const Index p = X.cols();
  const double q_min = params_.quantile_range[0], q_max = params_.quantile_range[1];
  Vector center(p), lo(p), hi(p);
  detail::for_column_blocks(p, [&](Index c0, Index c1) {
    for (Index c = c0; c < c1; ++c) {
      const auto v = detail::sorted_column(X, c);
      center[c] = detail::median_sorted(v);
      lo[c] = detail::percentile_sorted(v, q_min);
      hi[c] = detail::percentile_sorted(v, q_max);
    }
  });
  State s;
  if (params_.with_centering) s.center = center;
  if (params_.with_scaling) {
    s.scale = hi - lo;
    detail::handle_zeros_in_scale(s.scale);
    if (params_.unit_variance) {
      const double adjust = normal_ppf(q_max / 100.0) - normal_ppf(q_min / 100.0);
      s.scale /= adjust;
    }
  }
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix RobustScaler::transform_impl(MatrixView X) const {
  Matrix out = X;
  if (params_.with_centering) out.rowwise() -= state_.center.transpose();
  if (params_.with_scaling) out.array().rowwise() /= state_.scale.transpose().array();
  return out;
}

Matrix RobustScaler::inverse_transform_impl(MatrixView X) const {
  if (X.cols() != n_features_in())
    throw InvalidInput("X has " + std::to_string(X.cols()) +
                       " features, but RobustScaler is expecting " +
                       std::to_string(n_features_in()) + " features as input.");
  Matrix out = X;
  if (params_.with_scaling) out.array().rowwise() *= state_.scale.transpose().array();
  if (params_.with_centering) out.rowwise() += state_.center.transpose();
  return out;
}

void RobustScaler::save_state(nlohmann::json& j) const {
  j["center_"] = mlkit::detail::vector_to_json(state_.center);
  j["scale_"] = mlkit::detail::vector_to_json(state_.scale);
}

void RobustScaler::load_state(const nlohmann::json& j, Index nf, Index) {
  namespace d = mlkit::detail;
  // Which statistics exist follows the parameters; an all-NaN column has NaN ones.
  State s;
  s.center =
      d::vector_from_json(d::field(j, "center_"), "center_", params_.with_centering ? nf : 0, true);
  s.scale =
      d::vector_from_json(d::field(j, "scale_"), "scale_", params_.with_scaling ? nf : 0, true);
  for (Index c = 0; c < s.scale.size(); ++c)
    if (s.scale[c] < 0 || std::isinf(s.center.size() ? s.center[c] : 0.0))
      throw ModelFormatError("model field 'scale_'/'center_' holds an impossible value");
  state_ = std::move(s);
}

}  // namespace mlkit::preprocessing

#include "mlkit/preprocessing/max_abs_scaler.hpp"

#include <cmath>
#include <limits>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/preprocessing/detail/columns.hpp"

namespace mlkit::preprocessing {

namespace {

const ParamTable& table() {
  using P = MaxAbsScalerParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("MaxAbsScaler")
          .add("copy", &P::copy,
               "Kept for scikit-learn compatibility; mlkit always returns a new array.")
          .add("clip", &P::clip, "Clip transformed values of held-out data to [-1, 1].")
          .build();
  return t;
}

}  // namespace

MaxAbsScaler::MaxAbsScaler(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> MaxAbsScaler::clone() const {
  return std::make_unique<MaxAbsScaler>(params_);
}

const Tags& MaxAbsScaler::tags() const {
  static const Tags t = [] {
    Tags t = Tags::transformer();
    t.allow_nan = true;
    t.has_inverse_transform = true;
    return t;
  }();
  return t;
}

const ParamTable& MaxAbsScaler::param_table() const { return table(); }

const Vector& MaxAbsScaler::max_abs() const {
  check_fitted();
  return state_.max_abs;
}
const Vector& MaxAbsScaler::scale() const {
  check_fitted();
  return state_.scale;
}
Index MaxAbsScaler::n_samples_seen() const {
  check_fitted();
  return state_.n_samples_seen;
}

void MaxAbsScaler::fit_impl(MatrixView X, MatrixView, const FitOptions& opts) {
  const Index n = X.rows(), p = X.cols();
  State s;
  // numpy.nanmax of |x|: NaN only where a column has no other value.
  s.max_abs = Vector::Constant(p, std::numeric_limits<double>::quiet_NaN());
  detail::for_column_blocks(p, [&](Index c0, Index c1) {
    for (Index i = 0; i < n; ++i)
      for (Index c = c0; c < c1; ++c) {
        const double x = std::abs(X(i, c));
        if (std::isnan(x)) continue;
        if (std::isnan(s.max_abs[c]) || x > s.max_abs[c]) s.max_abs[c] = x;
      }
  });
  s.scale = s.max_abs;
  detail::handle_zeros_in_scale(s.scale);
  s.n_samples_seen = n;
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix MaxAbsScaler::transform_impl(MatrixView X) const {
  Matrix out = X;
  out.array().rowwise() /= state_.scale.transpose().array();
  if (params_.clip) {
    // numpy.clip keeps NaN.
    for (Index k = 0; k < out.size(); ++k) {
      double& v = out.data()[k];
      if (v < -1.0) v = -1.0;
      if (v > 1.0) v = 1.0;
    }
  }
  return out;
}

Matrix MaxAbsScaler::inverse_transform_impl(MatrixView X) const {
  if (X.cols() != n_features_in())
    throw InvalidInput("X has " + std::to_string(X.cols()) +
                       " features, but MaxAbsScaler is expecting " +
                       std::to_string(n_features_in()) + " features as input.");
  Matrix out = X;
  out.array().rowwise() *= state_.scale.transpose().array();
  return out;
}

void MaxAbsScaler::save_state(nlohmann::json& j) const {
  j["max_abs_"] = mlkit::detail::vector_to_json(state_.max_abs);
  j["scale_"] = mlkit::detail::vector_to_json(state_.scale);
  j["n_samples_seen_"] = state_.n_samples_seen;
}

void MaxAbsScaler::load_state(const nlohmann::json& j, Index nf, Index) {
  namespace d = mlkit::detail;
  State s;
  s.max_abs = d::vector_from_json(d::field(j, "max_abs_"), "max_abs_", nf, true);
  s.scale = d::vector_from_json(d::field(j, "scale_"), "scale_", nf, true);
  s.n_samples_seen = d::integer_from_json(d::field(j, "n_samples_seen_"), "n_samples_seen_", 1,
                                          std::numeric_limits<std::int64_t>::max());
  for (Index c = 0; c < nf; ++c)
    if (s.max_abs[c] < 0 || s.scale[c] <= 0 || std::isinf(s.scale[c]))
      throw ModelFormatError("model field 'max_abs_'/'scale_' holds an impossible value");
  state_ = std::move(s);
}

}  // namespace mlkit::preprocessing

#include "mlkit/preprocessing/label_encoder.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/preprocessing/detail/categories.hpp"

namespace mlkit::preprocessing {

namespace {

const ParamTable& table() {
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<LabelEncoderParams>("LabelEncoder").build();
  return t;
}

}  // namespace

LabelEncoder::LabelEncoder(Params params) : params_(params) {}

std::unique_ptr<Estimator> LabelEncoder::clone() const {
  return std::make_unique<LabelEncoder>(params_);
}

const Tags& LabelEncoder::tags() const {
  static const Tags t = [] {
    Tags t = Tags::transformer();
    t.categorical = true;
    t.has_inverse_transform = true;
    return t;
  }();
  return t;
}

const ParamTable& LabelEncoder::param_table() const { return table(); }

const Vector& LabelEncoder::classes() const {
  check_fitted();
  return classes_;
}

void LabelEncoder::fit_impl(MatrixView X, MatrixView, const FitOptions& opts) {
  std::vector<double> v(X.data(), X.data() + X.size());
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  Vector classes = Eigen::Map<const Vector>(v.data(), static_cast<Index>(v.size()));
  opts.checkpoint(1.0);
  classes_ = std::move(classes);
}

Matrix LabelEncoder::transform_impl(MatrixView X) const {
  Matrix out(X.rows(), X.cols());
  const double* first = classes_.data();
  const double* last = first + classes_.size();
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < X.cols(); ++j) {
      const double* it = std::lower_bound(first, last, X(i, j));
      if (it == last || *it != X(i, j))
        throw InvalidInput("y contains previously unseen labels: [" +
                           detail::format_number(X(i, j)) + "]");
      out(i, j) = static_cast<double>(it - first);
    }
  return out;
}

Matrix LabelEncoder::inverse_transform_impl(MatrixView X) const {
  if (X.cols() != n_features_in())
    throw InvalidInput("X has " + std::to_string(X.cols()) +
                       " features, but LabelEncoder is expecting " +
                       std::to_string(n_features_in()) + " features as input.");
  Matrix out(X.rows(), X.cols());
  const auto n = static_cast<double>(classes_.size());
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < X.cols(); ++j) {
      const double code = X(i, j);
      if (!(code >= 0 && code < n && std::floor(code) == code))
        throw InvalidInput("y contains previously unseen labels: [" + detail::format_number(code) +
                           "]");
      out(i, j) = classes_[static_cast<Index>(code)];
    }
  return out;
}

void LabelEncoder::save_state(nlohmann::json& j) const {
  j["classes_"] = mlkit::detail::vector_to_json(classes_);
}

void LabelEncoder::load_state(const nlohmann::json& j, Index, Index) {
  namespace d = mlkit::detail;
  Vector c = d::vector_from_json(d::field(j, "classes_"), "classes_", -1, false);
  if (c.size() == 0) throw ModelFormatError("model field 'classes_' is empty");
  for (Index k = 1; k < c.size(); ++k)
    if (!(c[k] > c[k - 1])) throw ModelFormatError("model field 'classes_' is not increasing");
  classes_ = std::move(c);
}

}  // namespace mlkit::preprocessing

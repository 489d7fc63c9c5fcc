#include "mlkit/preprocessing/simple_imputer.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/preprocessing/detail/columns.hpp"

namespace mlkit::preprocessing {

namespace {

const ParamTable& table() {
  using P = SimpleImputerParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("SimpleImputer")
          .add("strategy", &P::strategy,
               "Statistic that replaces NaN: 'mean', 'median', 'most_frequent' or 'constant'.",
               {ParamAlternative::string({"mean", "median", "most_frequent", "constant"})})
          .add("fill_value", &P::fill_value, "Value used by strategy='constant'; None means 0.")
          .add("copy", &P::copy,
               "Kept for scikit-learn compatibility; mlkit always returns a new array.")
          .add("keep_empty_features", &P::keep_empty_features,
               "Keep features that are entirely missing in fit, imputed with 0 (or fill_value).")
          .build();
  return t;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The most frequent of sorted values, the smallest one among ties (scipy.stats.mode).
double most_frequent(const std::vector<double>& v) {
  double best = kNaN;
  std::size_t best_count = 0;
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i;
    while (j < v.size() && v[j] == v[i]) ++j;
    if (j - i > best_count) best_count = j - i, best = v[i];
    i = j;
  }
  return best;
}

}  // namespace

SimpleImputer::SimpleImputer(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> SimpleImputer::clone() const {
  return std::make_unique<SimpleImputer>(params_);
}

const Tags& SimpleImputer::tags() const {
  static const Tags t = [] {
    Tags t = Tags::transformer();
    t.allow_nan = true;
    return t;
  }();
  return t;
}

const ParamTable& SimpleImputer::param_table() const { return table(); }

const Vector& SimpleImputer::statistics() const {
  check_fitted();
  return statistics_;
}

void SimpleImputer::fit_impl(MatrixView X, MatrixView, const FitOptions& opts) {
  const Index n = X.rows(), p = X.cols();
  const std::string& strategy = params_.strategy;
  const double empty = params_.keep_empty_features ? 0.0 : kNaN;
  Vector stats(p);
  if (strategy == "constant") {
    const double fill = params_.fill_value.value_or(0.0);
    detail::for_column_blocks(p, [&](Index c0, Index c1) {
      for (Index c = c0; c < c1; ++c) {
        bool all_missing = true;
        for (Index i = 0; i < n && all_missing; ++i) all_missing = std::isnan(X(i, c));
        stats[c] = all_missing && !params_.keep_empty_features ? kNaN : fill;
      }
    });
  } else if (strategy == "mean") {
    // Rows added in order per column, as NumPy's masked mean does.
    detail::for_column_blocks(p, [&](Index c0, Index c1) {
      Vector sum = Vector::Zero(c1 - c0), count = Vector::Zero(c1 - c0);
      for (Index i = 0; i < n; ++i)
        for (Index c = c0; c < c1; ++c)
          if (!std::isnan(X(i, c))) sum[c - c0] += X(i, c), count[c - c0] += 1;
      for (Index c = c0; c < c1; ++c)
        stats[c] = count[c - c0] > 0 ? sum[c - c0] * 1.0 / count[c - c0] : empty;
    });
  } else {
    const bool median = strategy == "median";
    detail::for_column_blocks(p, [&](Index c0, Index c1) {
      for (Index c = c0; c < c1; ++c) {
        const auto v = detail::sorted_column(X, c);
        stats[c] = v.empty() ? empty : median ? detail::median_sorted(v) : most_frequent(v);
      }
    });
  }
  opts.checkpoint(1.0);
  statistics_ = std::move(stats);
}

Matrix SimpleImputer::transform_impl(MatrixView X) const {
  std::vector<Index> keep;
  for (Index c = 0; c < statistics_.size(); ++c)
    if (!std::isnan(statistics_[c])) keep.push_back(c);
  Matrix out(X.rows(), static_cast<Index>(keep.size()));
  for (Index i = 0; i < X.rows(); ++i)
    for (std::size_t k = 0; k < keep.size(); ++k) {
      const double x = X(i, keep[k]);
      out(i, static_cast<Index>(k)) = std::isnan(x) ? statistics_[keep[k]] : x;
    }
  return out;
}

void SimpleImputer::save_state(nlohmann::json& j) const {
  j["statistics_"] = mlkit::detail::vector_to_json(statistics_);
}

void SimpleImputer::load_state(const nlohmann::json& j, Index nf, Index) {
  namespace d = mlkit::detail;
  Vector s = d::vector_from_json(d::field(j, "statistics_"), "statistics_", nf, true);
  for (Index c = 0; c < nf; ++c)
    if (std::isinf(s[c])) throw ModelFormatError("model field 'statistics_' holds infinity");
  statistics_ = std::move(s);
}

}  // namespace mlkit::preprocessing

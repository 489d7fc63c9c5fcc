#include "mlkit/pipeline/column_transformer.hpp"

#include <algorithm>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/pipeline/detail/parts.hpp"

namespace mlkit::pipeline {

namespace {

const ParamTable& table() {
  using P = ColumnTransformerParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("ColumnTransformer")
          .add("remainder", &P::remainder,
               "What happens to the columns no part selects: dropped, or passed through after "
               "the parts' outputs.",
               {ParamAlternative::string({"drop", "passthrough"})})
          .build();
  return t;
}

constexpr std::initializer_list<const char*> kKeywords = {"passthrough", "drop"};

nlohmann::json columns_to_json(const Columns& c) {
  nlohmann::json a = nlohmann::json::array();
  if (!c.names.empty())
    for (const auto& n : c.names) a.push_back(n);
  else
    for (Index i : c.indices) a.push_back(i);
  return a;
}

Columns columns_from_json(const nlohmann::json& j) {
  if (!j.is_array()) throw ModelFormatError("component 'columns' must be an array");
  Columns c;
  for (const auto& v : j) {
    if (v.is_string() && c.indices.empty()) {
      c.names.push_back(v.get<std::string>());
    } else if (v.is_number_integer() && c.names.empty()) {
      c.indices.push_back(
          static_cast<Index>(mlkit::detail::integer_from_json(v, "columns", 0, INT32_MAX)));
    } else {
      throw ModelFormatError(
          "component 'columns' must hold column indices or column names, not both");
    }
  }
  return c;
}

}  // namespace

ColumnTransformer::ColumnTransformer() = default;
ColumnTransformer::ColumnTransformer(Params params) : params_(std::move(params)) {}

ColumnTransformer& ColumnTransformer::add(std::string name, std::unique_ptr<Estimator> transformer,
                                          Columns columns) {
  const bool drop = !transformer;
  parts_.push_back({std::move(name), std::move(transformer), drop ? "drop" : ""});
  columns_.push_back(std::move(columns));
  return *this;
}

ColumnTransformer& ColumnTransformer::add_passthrough(std::string name, Columns columns) {
  parts_.push_back({std::move(name), nullptr, "passthrough"});
  columns_.push_back(std::move(columns));
  return *this;
}

const std::vector<std::vector<Index>>& ColumnTransformer::fitted_columns() const {
  check_fitted();
  return fitted_columns_;
}

const std::vector<Index>& ColumnTransformer::remainder_columns() const {
  check_fitted();
  return remainder_;
}

std::unique_ptr<Estimator> ColumnTransformer::clone() const {
  auto c = std::make_unique<ColumnTransformer>(params_);
  c->parts_ = detail::clone_parts(parts_);
  c->columns_ = columns_;
  return c;
}

const Tags& ColumnTransformer::tags() const {
  static const Tags t = [] {
    Tags t = Tags::transformer();
    // Each part checks its own columns, as in scikit-learn: NaN reaches the parts, which decide.
    t.allow_nan = true;
    t.supports_sample_weight = true;
    return t;
  }();
  return t;
}

const ParamTable& ColumnTransformer::param_table() const { return table(); }

std::vector<std::pair<std::string, const Estimator*>> ColumnTransformer::parts() const {
  return detail::parts_view(parts_);
}

void ColumnTransformer::validate_params() const {
  detail::check_part_names(parts_, table());
  for (const auto& p : parts_) {
    detail::check_keyword(p, kKeywords, "ColumnTransformer");
    if (p.estimator && !p.estimator->tags().has_transform)
      throw InvalidParameter("All estimators should implement fit and transform. '" + p.name +
                             "' (" + std::string(p.estimator->class_name()) + ") doesn't.");
  }
  for (const auto& c : columns_)
    if (!c.indices.empty() && !c.names.empty())
      throw InvalidParameter(
          "ColumnTransformer columns must be given by index or by name, not both.");
}

void ColumnTransformer::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const Index p = X.cols();
  // Resolve every part's columns first, so a bad selection fails before any fitting.
  std::vector<std::vector<Index>> resolved(parts_.size());
  std::vector<bool> used(static_cast<std::size_t>(p), false);
  for (std::size_t k = 0; k < parts_.size(); ++k) {
    const Columns& c = columns_[k];
    for (Index i : c.indices) {
      if (i < 0 || i >= p)
        throw InvalidInput("ColumnTransformer part '" + parts_[k].name + "' selects column " +
                           std::to_string(i) + ", but X has " + std::to_string(p) + " columns.");
      resolved[k].push_back(i);
    }
    for (const auto& name : c.names) {
      if (opts.feature_names.empty())
        throw InvalidInput("ColumnTransformer part '" + parts_[k].name +
                           "' selects columns by name, but X's column names are unknown.");
      const auto it = std::find(opts.feature_names.begin(), opts.feature_names.end(), name);
      if (it == opts.feature_names.end())
        throw InvalidInput("ColumnTransformer part '" + parts_[k].name + "' selects column '" +
                           name + "', which is not among X's columns.");
      resolved[k].push_back(static_cast<Index>(it - opts.feature_names.begin()));
    }
    if (!opts.feature_names.empty() && static_cast<Index>(opts.feature_names.size()) != p)
      throw InvalidInput("ColumnTransformer was given " +
                         std::to_string(opts.feature_names.size()) + " column names for " +
                         std::to_string(p) + " columns.");
    for (Index i : resolved[k]) used[static_cast<std::size_t>(i)] = true;
  }
  std::vector<Index> remainder;
  for (Index i = 0; i < p; ++i)
    if (!used[static_cast<std::size_t>(i)]) remainder.push_back(i);

  std::vector<Part> fitted = detail::clone_parts(parts_);
  const double n = static_cast<double>(std::max<std::size_t>(fitted.size(), 1));
  for (std::size_t k = 0; k < fitted.size(); ++k) {
    Estimator* e = fitted[k].estimator.get();
    if (!e || resolved[k].empty()) continue;  // scikit-learn skips parts with no columns
    const Matrix Xk = detail::select_columns(X, resolved[k]);
    FitOptions o =
        detail::part_options(opts, *e, static_cast<double>(k) / n, static_cast<double>(k + 1) / n);
    if (!opts.feature_names.empty())
      for (Index i : resolved[k])
        o.feature_names.push_back(opts.feature_names[static_cast<std::size_t>(i)]);
    if (e->tags().requires_y)
      e->fit_multi(Xk, Y, o);
    else
      e->fit(Xk, o);
  }
  opts.checkpoint(1.0);
  parts_ = std::move(fitted);
  fitted_columns_ = std::move(resolved);
  remainder_ = std::move(remainder);
}

Matrix ColumnTransformer::transform_impl(MatrixView X) const {
  std::vector<Matrix> blocks;
  for (std::size_t k = 0; k < parts_.size(); ++k) {
    const auto& cols = fitted_columns_[k];
    if (cols.empty() || parts_[k].drop()) continue;
    Matrix Xk = detail::select_columns(X, cols);
    blocks.push_back(parts_[k].estimator ? parts_[k].estimator->transform(Xk) : std::move(Xk));
  }
  if (params_.remainder == "passthrough" && !remainder_.empty())
    blocks.push_back(detail::select_columns(X, remainder_));
  return detail::hstack(blocks, X.rows());
}

nlohmann::json ColumnTransformer::components_to_json(bool with_state) const {
  return detail::parts_to_json(parts_, with_state, [&](std::size_t k, nlohmann::json& c) {
    c["columns"] = columns_to_json(columns_[k]);
  });
}

void ColumnTransformer::components_from_json(const nlohmann::json& components) {
  std::vector<Columns> columns;
  auto parts = detail::parts_from_json(
      components, kKeywords, {"columns"}, [&](std::size_t, const nlohmann::json& c) {
        columns.push_back(columns_from_json(mlkit::detail::field(c, "columns")));
      });
  ColumnTransformer check(params_);
  check.parts_ = detail::clone_parts(parts);
  check.columns_ = columns;
  try {
    check.validate_params();
  } catch (const InvalidParameter& e) {
    throw ModelFormatError(e.what());
  }
  parts_ = std::move(parts);
  columns_ = std::move(columns);
}

void ColumnTransformer::save_state(nlohmann::json& state) const {
  nlohmann::json cols = nlohmann::json::array();
  for (const auto& c : fitted_columns_) cols.push_back(c);
  state["fitted_columns"] = std::move(cols);
  state["remainder_columns"] = remainder_;
}

void ColumnTransformer::load_state(const nlohmann::json& state, Index n_features_in, Index) {
  using mlkit::detail::field;
  auto read_indices = [&](const nlohmann::json& j, std::string_view what) {
    if (!j.is_array()) throw ModelFormatError(std::string(what) + " must be an array");
    std::vector<Index> out;
    for (const auto& v : j)
      out.push_back(
          static_cast<Index>(mlkit::detail::integer_from_json(v, what, 0, n_features_in - 1)));
    return out;
  };
  const auto& cols = field(state, "fitted_columns");
  if (!cols.is_array() || cols.size() != parts_.size())
    throw ModelFormatError("fitted_columns must hold one list per part");
  std::vector<std::vector<Index>> fitted;
  for (const auto& c : cols) fitted.push_back(read_indices(c, "fitted_columns"));
  auto remainder = read_indices(field(state, "remainder_columns"), "remainder_columns");
  for (std::size_t k = 0; k < parts_.size(); ++k) {
    const Estimator* e = parts_[k].estimator.get();
    if (!e || fitted[k].empty()) continue;
    if (!e->fitted()) throw ModelFormatError("component '" + parts_[k].name + "' has no state");
    if (e->n_features_in() != static_cast<Index>(fitted[k].size()))
      throw ModelFormatError("component '" + parts_[k].name + "' expects " +
                             std::to_string(e->n_features_in()) + " features but selects " +
                             std::to_string(fitted[k].size()) + " columns");
  }
  fitted_columns_ = std::move(fitted);
  remainder_ = std::move(remainder);
}

}  // namespace mlkit::pipeline

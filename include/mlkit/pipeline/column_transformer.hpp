#pragma once
/// @file column_transformer.hpp
/// @brief Different transformers on different columns, outputs concatenated, as scikit-learn's
/// ColumnTransformer.

#include <memory>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"
#include "mlkit/pipeline/part.hpp"

namespace mlkit::pipeline {

/// @brief Hyperparameters of ColumnTransformer (documented in its parameter table).
struct ColumnTransformerParams {
  std::string remainder = "drop";
};

/// @brief Each part transforms its own columns of X; the outputs are concatenated in the order of
/// the parts, followed by the remaining columns when remainder is "passthrough". Columns are
/// given by index or by name; names are resolved at fit against FitOptions::feature_names and the
/// resolved indices are kept, so later calls select by position. A part may be "passthrough" or
/// "drop". sample_weight goes to every part that accepts it.
///
/// @code
/// mlkit::pipeline::ColumnTransformer ct;
/// ct.add("num", mlkit::make_estimator("standard_scaler"), Columns::by_index({0, 1}))
///   .add("cat", mlkit::make_estimator("one_hot_encoder"), Columns::by_name({"colour"}));
/// @endcode
class ColumnTransformer final : public Estimator {
 public:
  using Params = ColumnTransformerParams;
  ColumnTransformer();
  explicit ColumnTransformer(Params params);

  /// @brief Append a part on the given columns; a null transformer is "drop". Returns *this.
  ColumnTransformer& add(std::string name, std::unique_ptr<Estimator> transformer, Columns columns);
  /// @brief Append a "passthrough" part on the given columns. Returns *this.
  ColumnTransformer& add_passthrough(std::string name, Columns columns);

  const Params& params() const { return params_; }
  const std::vector<Part>& transformers() const { return parts_; }
  const std::vector<Columns>& columns() const { return columns_; }
  /// @brief The column indices each part was fitted on (names resolved); NotFitted before fit.
  const std::vector<std::vector<Index>>& fitted_columns() const;
  /// @brief The columns no part selected, in order; NotFitted before fit.
  const std::vector<Index>& remainder_columns() const;

  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "column_transformer"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;
  std::vector<std::pair<std::string, const Estimator*>> parts() const override;
  nlohmann::json components_to_json(bool with_state) const override;
  void components_from_json(const nlohmann::json& components) override;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  Params params_;
  std::vector<Part> parts_;
  std::vector<Columns> columns_;
  std::vector<std::vector<Index>> fitted_columns_;
  std::vector<Index> remainder_;
};

}  // namespace mlkit::pipeline

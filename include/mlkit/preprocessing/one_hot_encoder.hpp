#pragma once
/// @file one_hot_encoder.hpp
/// @brief One-hot encode categorical features (numeric values), as scikit-learn's
/// OneHotEncoder with categories='auto' and dense output, infrequent categories included.

#include <optional>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit::preprocessing {

/// @brief Hyperparameters of OneHotEncoder (documented in its parameter table). Not supported:
/// explicit category lists, a per-feature drop list, sparse output, dtype and
/// feature_name_combiner.
struct OneHotEncoderParams {
  std::string categories = "auto";
  std::optional<std::string> drop = std::nullopt;
  bool sparse_output = true;
  std::string handle_unknown = "error";
  /// None, an int >= 1 (a count) or a float in (0, 1) (a fraction of the samples).
  ParamValue min_frequency = ParamValue();
  std::optional<int> max_categories = std::nullopt;
};

/// @brief One indicator column per category (infrequent categories share one column; a dropped
/// category has none), features side by side. inverse_transform gives NaN where scikit-learn
/// gives None (unknown) or 'infrequent_sklearn'.
class OneHotEncoder final : public Estimator {
 public:
  using Params = OneHotEncoderParams;
  explicit OneHotEncoder(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "one_hot_encoder"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Per feature, the categories seen in fit, ascending, NaN last.
  const std::vector<Vector>& categories() const;
  /// @brief Per feature, the infrequent categories (empty when there are none).
  const std::vector<Vector>& infrequent_categories() const;
  /// @brief Per feature, the index in categories_ of the dropped category (NaN: none); empty
  /// when drop is None.
  const Vector& drop_idx() const;

 protected:
  void validate_params() const override;
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  Matrix inverse_transform_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  /// Output layout of one feature, derived from the state.
  struct Layout {
    std::vector<Index> group;  ///< category index -> column group (infrequent ones share one)
    Index infrequent_group = -1;
    Index dropped_group = -1;
    Index offset = 0;  ///< first output column
    Index width = 0;   ///< output columns
  };
  struct State {
    std::vector<Vector> categories, infrequent;
    Vector drop_idx;
    std::vector<Layout> layout;
  };
  static std::vector<Layout> make_layout(const std::vector<Vector>& categories,
                                         const std::vector<Vector>& infrequent,
                                         const Vector& drop_idx);
  Params params_;
  State state_;
};

}  // namespace mlkit::preprocessing

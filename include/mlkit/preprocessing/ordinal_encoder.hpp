#pragma once
/// @file ordinal_encoder.hpp
/// @brief Encode categorical features (numeric values) as integer codes, as scikit-learn's
/// OrdinalEncoder with categories='auto'. NaN is a category of its own, encoded as
/// encoded_missing_value.

#include <optional>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit::preprocessing {

/// @brief Hyperparameters of OrdinalEncoder (documented in its parameter table). Not supported:
/// explicit category lists, dtype and unknown_value=NaN.
struct OrdinalEncoderParams {
  std::string categories = "auto";
  std::string handle_unknown = "error";
  std::optional<int> unknown_value = std::nullopt;
  /// None stands for NaN (scikit-learn's default np.nan).
  std::optional<int> encoded_missing_value = std::nullopt;
  /// None, an int >= 1 (a count) or a float in (0, 1) (a fraction of the samples).
  ParamValue min_frequency = ParamValue();
  std::optional<int> max_categories = std::nullopt;
};

/// @brief Code of x in column j: its index among the frequent categories of categories_[j]
/// (sorted values, NaN last); infrequent categories share the code after the frequent ones.
class OrdinalEncoder final : public Estimator {
 public:
  using Params = OrdinalEncoderParams;
  explicit OrdinalEncoder(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "ordinal_encoder"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Per feature, the categories seen in fit, ascending, NaN last.
  const std::vector<Vector>& categories() const;
  /// @brief Per feature, the infrequent categories (empty when there are none).
  const std::vector<Vector>& infrequent_categories() const;

 protected:
  void validate_params() const override;
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  Matrix inverse_transform_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  /// Per feature: the code of each non-missing category, and the category of each code (NaN for
  /// the infrequent code).
  struct Codes {
    std::vector<double> of_category, category_of;
  };
  static std::vector<Codes> make_codes(const std::vector<Vector>& categories,
                                       const std::vector<Vector>& infrequent);
  double missing_code_value() const;
  Params params_;
  std::vector<Vector> categories_, infrequent_;
  std::vector<Codes> codes_;
};

}  // namespace mlkit::preprocessing

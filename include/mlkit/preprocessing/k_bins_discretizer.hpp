#pragma once
/// @file k_bins_discretizer.hpp
/// @brief Bin continuous features into intervals, as scikit-learn's KBinsDiscretizer (one-hot
/// output is always dense here).

#include <optional>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit::preprocessing {

/// @brief Hyperparameters of KBinsDiscretizer (documented in its parameter table).
struct KBinsDiscretizerParams {
  /// An int >= 2 for every feature, or a list with one count per feature.
  ParamValue n_bins = 5;
  std::string encode = "onehot";
  std::string strategy = "quantile";
  std::string quantile_method = "averaged_inverted_cdf";
  std::optional<int> subsample = std::nullopt;
  std::optional<int> random_state = std::nullopt;
};

/// @brief Per feature, bin_edges_ from equal widths, percentiles or 1-D k-means; transform gives
/// bin indices (ordinal) or their one-hot encoding.
class KBinsDiscretizer final : public Estimator {
 public:
  using Params = KBinsDiscretizerParams;
  explicit KBinsDiscretizer(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "k_bins_discretizer"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Per feature, the increasing bin edges (n_bins_[j] + 1 of them).
  const std::vector<Vector>& bin_edges() const;
  /// @brief Per feature, the number of bins (after removing bins narrower than 1e-8).
  const std::vector<Index>& n_bins() const;

 protected:
  void validate_params() const override;
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  Matrix inverse_transform_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  struct State {
    std::vector<Vector> bin_edges;
    std::vector<Index> n_bins;
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::preprocessing

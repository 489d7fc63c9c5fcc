#pragma once
/// @file registry.hpp
/// @brief Estimators by name. Filled by explicit registration calls (no static initialisers that
/// a linker could drop); the CLI, the Python layer, model loading and the conformance tests all
/// iterate it.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit {

/// @brief One registered estimator: its name, a factory and a one-line summary. Its tags and
/// parameter table come from an instance (`create()->tags()`), so they are declared only once.
struct EstimatorInfo {
  std::string name;     ///< "linear_regression"
  std::string summary;  ///< one line for `mlkit list` and the docs
  std::function<std::unique_ptr<Estimator>()> create;
  /// Composite estimators only (Pipeline, ColumnTransformer, FeatureUnion), whose parts the user
  /// gives: a small instance ready to fit, for the conformance tests and the docs. Null for plain
  /// estimators, which `create` makes complete.
  std::function<std::unique_ptr<Estimator>()> example = nullptr;

  bool composite() const { return static_cast<bool>(example); }
  /// A complete instance: `example` for composites, `create` for plain estimators.
  std::unique_ptr<Estimator> instance() const { return example ? example() : create(); }
};

/// @brief The name-to-factory table.
class Registry {
 public:
  /// @brief The registry with every built-in estimator.
  static Registry& global();

  /// @brief Add an estimator; throws InvalidParameter if the name is already taken.
  void add(EstimatorInfo info);
  /// @brief nullptr when unknown.
  const EstimatorInfo* find(std::string_view name) const;
  /// @brief Throws InvalidParameter naming the known estimators when `name` is unknown.
  const EstimatorInfo& get(std::string_view name) const;
  /// @brief In registration order.
  const std::vector<EstimatorInfo>& all() const { return entries_; }

 private:
  std::vector<EstimatorInfo> entries_;
};

/// @brief A new estimator of the registered `name`, with `params` set.
std::unique_ptr<Estimator> make_estimator(std::string_view name, const ParamMap& params = {});

}  // namespace mlkit

namespace mlkit {
/// @brief The parameter reference of every registered estimator as Markdown (docs/parameters.md
/// is this text; a test keeps the two equal).
std::string parameter_reference_markdown();
}  // namespace mlkit

#pragma once
/// @file part.hpp
/// @brief A named part of a composite estimator (Pipeline, FeatureUnion, ColumnTransformer).

#include <memory>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit::pipeline {

/// @brief One named part: an estimator, or, with a null estimator, one of the keywords
/// "passthrough" (the data go through unchanged) or "drop" (FeatureUnion and ColumnTransformer
/// only: the part contributes no output).
struct Part {
  std::string name;
  std::unique_ptr<Estimator> estimator;
  std::string keyword;  ///< "passthrough" or "drop" when estimator is null; empty otherwise

  /// @brief Whether the part is the keyword "passthrough".
  bool passthrough() const { return !estimator && keyword == "passthrough"; }
  /// @brief Whether the part is the keyword "drop".
  bool drop() const { return !estimator && keyword == "drop"; }
};

/// @brief Columns a ColumnTransformer part works on: by index (0-based) or by name. Names are
/// resolved at fit against FitOptions::feature_names.
struct Columns {
  std::vector<Index> indices;
  std::vector<std::string> names;

  static Columns by_index(std::vector<Index> indices) { return {std::move(indices), {}}; }
  static Columns by_name(std::vector<std::string> names) { return {{}, std::move(names)}; }
};

}  // namespace mlkit::pipeline

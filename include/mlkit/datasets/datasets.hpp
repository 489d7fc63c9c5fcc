#pragma once
/// @file datasets.hpp
/// @brief Small data sets bundled with mlkit.

#include <string>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::datasets {

/// @brief A bundled data set: features, target, and their names.
struct Dataset {
  Matrix X;
  Vector y;
  std::vector<std::string> feature_names;
  std::vector<std::string> target_names;
};

/// @brief The folder mlkit reads bundled data from: $MLKIT_DATA_DIR when set, else the source
/// tree's datasets/ (in a build tree), else the installed share/mlkit/datasets.
std::string data_dir();

/// @brief Diabetes regression data (442 × 10, scaled as scikit-learn's load_diabetes).
Dataset load_diabetes();

}  // namespace mlkit::datasets

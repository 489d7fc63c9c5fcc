#pragma once
/// @file datasets.hpp
/// @brief Small data sets bundled with mlkit, and Fashion-MNIST from Debian's package.

#include <string>
#include <string_view>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::datasets {

/// @brief A data set: features, target, and their names.
struct Dataset {
  Matrix X;
  Vector y;
  std::vector<std::string> feature_names;
  /// Class names for classification data (class k is y == k), {"target"} for regression data.
  std::vector<std::string> target_names;
};

/// @brief The folder mlkit reads bundled data from: $MLKIT_DATA_DIR when set, else the source
/// tree's datasets/ (in a build tree), else the installed share/mlkit/datasets.
std::string data_dir();

/// @brief Iris (150 × 4, 3 classes), as scikit-learn's load_iris.
Dataset load_iris();
/// @brief Wine (178 × 13, 3 classes), as scikit-learn's load_wine.
Dataset load_wine();
/// @brief Breast cancer Wisconsin diagnostic (569 × 30, 2 classes), as load_breast_cancer.
Dataset load_breast_cancer();
/// @brief Optical handwritten digits (1797 × 64 pixels in 0..16, 10 classes), as load_digits.
Dataset load_digits();
/// @brief Diabetes regression data (442 × 10, scaled as scikit-learn's load_diabetes).
Dataset load_diabetes();
/// @brief A bundled data set by name: "iris", "wine", "breast_cancer", "digits", "diabetes".
Dataset load_dataset(std::string_view name);

/// @brief Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017): 28 × 28 grey-level images as rows of 784
/// pixel values in 0..255, labels 0..9.
/// @param subset "train" (60,000 rows), "test" (10,000) or "all" (70,000: train, then test)
/// @param dir folder with the gzipped IDX files; empty means $MLKIT_FASHION_MNIST_DIR, else
///        /usr/share/datasets/fashion-mnist, where Debian's dataset-fashion-mnist installs them.
/// Throws IoError naming the package when the files are absent, and on any malformed file.
Dataset load_fashion_mnist(std::string_view subset = "all", std::string dir = "");

}  // namespace mlkit::datasets

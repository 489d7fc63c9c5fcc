#include "mlkit/datasets/datasets.hpp"

#include <cstdlib>
#include <filesystem>

#include "mlkit/core/errors.hpp"
#include "mlkit/io/csv.hpp"

namespace mlkit::datasets {

std::string data_dir() {
  if (const char* env = std::getenv("MLKIT_DATA_DIR"); env && *env) return env;
  // A build tree reads the source's datasets/; an installed library its share/ folder.
  if (std::filesystem::is_directory(MLKIT_SOURCE_DATA_DIR)) return MLKIT_SOURCE_DATA_DIR;
  return MLKIT_INSTALL_DATA_DIR;
}

namespace {

// Bundled files keep the target in the last column, named "target".
Dataset load_bundled(const std::string& file, std::vector<std::string> target_names) {
  const std::string path = data_dir() + "/" + file;
  if (!std::filesystem::exists(path))
    throw IoError("bundled data set '" + path +
                  "' not found; set MLKIT_DATA_DIR to the folder holding mlkit's datasets");
  auto table = io::read_numeric_csv(path);
  const Index p = static_cast<Index>(table.columns.size()) - 1;
  if (p < 1 || table.columns.back() != "target")
    throw IoError(path + ": the last column must be named 'target'");
  Dataset d;
  d.X = table.values.leftCols(p);
  d.y = table.values.col(p);
  d.feature_names.assign(table.columns.begin(), table.columns.end() - 1);
  d.target_names = std::move(target_names);
  return d;
}

}  // namespace

Dataset load_iris() { return load_bundled("iris.csv", {"setosa", "versicolor", "virginica"}); }

Dataset load_wine() { return load_bundled("wine.csv", {"class_0", "class_1", "class_2"}); }

Dataset load_breast_cancer() { return load_bundled("breast_cancer.csv", {"malignant", "benign"}); }

Dataset load_digits() {
  return load_bundled("digits.csv", {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
}

Dataset load_diabetes() { return load_bundled("diabetes.csv", {"target"}); }

Dataset load_dataset(std::string_view name) {
  if (name == "iris") return load_iris();
  if (name == "wine") return load_wine();
  if (name == "breast_cancer") return load_breast_cancer();
  if (name == "digits") return load_digits();
  if (name == "diabetes") return load_diabetes();
  throw InvalidParameter("unknown data set '" + std::string(name) +
                         "'; bundled: iris, wine, breast_cancer, digits, diabetes");
}

}  // namespace mlkit::datasets

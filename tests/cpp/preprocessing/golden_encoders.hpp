#pragma once
// Golden model files of the encoders. The generic generator ("[.generate-golden]") records
// outputs on continuous data that an encoder fitted with handle_unknown='error' has not seen,
// so the encoders' files are written here ("[.generate-golden-encoders]", run before the
// generic one): fitted on rounded data, outputs recorded on rows of the training data.

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "mlkit/mlkit.hpp"
#include "tests/cpp/support/data.hpp"

namespace mlkit::test {

inline void write_encoder_golden(const std::string& name) {
  const std::string dir = MLKIT_TEST_DIR "/golden/v1";
  if (std::filesystem::exists(dir + "/" + name + ".expected.json")) return;
  std::filesystem::create_directories(dir);
  const Matrix X = (2.0 * normal_matrix(30, 4, 2024).array()).round();
  auto est = make_estimator(name);
  est->fit(X);
  save(*est, dir + "/" + name + ".json");
  save(*est, dir + "/" + name + ".mlkb");
  const Matrix Xg = X.topRows(12), out = outputs(*est, Xg);
  auto rows = [](const Matrix& m) {
    nlohmann::json r = nlohmann::json::array();
    for (Index i = 0; i < m.rows(); ++i) {
      nlohmann::json row = nlohmann::json::array();
      for (Index j = 0; j < m.cols(); ++j) row.push_back(m(i, j));
      r.push_back(row);
    }
    return r;
  };
  std::ofstream(dir + "/" + name + ".expected.json")
      << nlohmann::json{{"X", rows(Xg)}, {"outputs", rows(out)}}.dump(1) << "\n";
}

}  // namespace mlkit::test

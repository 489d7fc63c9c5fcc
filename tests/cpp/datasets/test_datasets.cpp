#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "tests/cpp/support/data.hpp"

using namespace mlkit;
using namespace mlkit::datasets;

namespace {

const nlohmann::json& reference() {
  static const nlohmann::json j = test::read_json(MLKIT_TEST_DIR "/reference/datasets.json");
  return j;
}

std::map<double, Index> counts(const Vector& y) {
  std::map<double, Index> c;
  for (Index i = 0; i < y.size(); ++i) ++c[y[i]];
  return c;
}

// A gzipped IDX file with the given header words and payload.
void write_idx(const std::string& path, std::vector<std::uint32_t> header,
               const std::vector<unsigned char>& payload) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f);
  for (std::uint32_t w : header) {
    const unsigned char b[4] = {static_cast<unsigned char>(w >> 24),
                                static_cast<unsigned char>(w >> 16),
                                static_cast<unsigned char>(w >> 8), static_cast<unsigned char>(w)};
    gzwrite(f, b, 4);
  }
  if (!payload.empty()) gzwrite(f, payload.data(), static_cast<unsigned>(payload.size()));
  gzclose(f);
}

// A miniature Fashion-MNIST folder: n training and m test images.
std::string fake_fashion_dir(const std::string& name, std::uint32_t n, std::uint32_t m) {
  const auto dir = std::filesystem::temp_directory_path() / ("mlkit-fmnist-" + name);
  std::filesystem::create_directories(dir);
  for (auto [prefix, count] : {std::pair{"train", n}, std::pair{"t10k", m}}) {
    std::vector<unsigned char> pixels(count * 784), labels(count);
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<unsigned char>(i % 251);
    for (std::uint32_t i = 0; i < count; ++i) labels[i] = static_cast<unsigned char>(i % 10);
    write_idx((dir / (std::string(prefix) + "-images-idx3-ubyte.gz")).string(),
              {0x803, count, 28, 28}, pixels);
    write_idx((dir / (std::string(prefix) + "-labels-idx1-ubyte.gz")).string(), {0x801, count},
              labels);
  }
  return dir.string();
}

}  // namespace

TEST_CASE("bundled data sets hold scikit-learn's data", "[datasets]") {
  for (const auto& [name, ref] : reference().items()) {
    INFO("data set: " << name);
    const Dataset d = load_dataset(name);
    REQUIRE(d.X.rows() == ref.at("shape")[0].get<Index>());
    REQUIRE(d.X.cols() == ref.at("shape")[1].get<Index>());
    CHECK(d.y.size() == d.X.rows());
    // The sum of a centred data set is ~0: compare it on the scale of the absolute sum.
    CHECK(d.X.sum() == Approx(ref.at("X_sum").get<double>())
                           .epsilon(1e-12)
                           .margin(1e-12 * ref.at("X_abs_sum").get<double>()));
    CHECK(d.X.cwiseAbs().sum() == Approx(ref.at("X_abs_sum").get<double>()).epsilon(1e-12));
    CHECK(d.y.sum() == Approx(ref.at("y_sum").get<double>()).epsilon(1e-12));
    for (Index j = 0; j < d.X.cols(); ++j) {
      CHECK(d.X(0, j) == ref.at("first_row")[static_cast<std::size_t>(j)].get<double>());
      CHECK(d.X(d.X.rows() - 1, j) ==
            ref.at("last_row")[static_cast<std::size_t>(j)].get<double>());
    }
    CHECK(d.feature_names == ref.at("feature_names").get<std::vector<std::string>>());
    CHECK(d.target_names == ref.at("target_names").get<std::vector<std::string>>());
  }
  const auto iris = counts(load_iris().y);
  CHECK(iris == std::map<double, Index>{{0, 50}, {1, 50}, {2, 50}});
  CHECK_THROWS_AS(load_dataset("mnist"), InvalidParameter);
}

TEST_CASE("MLKIT_DATA_DIR points the loaders elsewhere", "[datasets]") {
  const std::string before = data_dir();
  setenv("MLKIT_DATA_DIR", "/nonexistent-mlkit-data", 1);
  CHECK(data_dir() == "/nonexistent-mlkit-data");
  CHECK_THROWS_WITH(load_iris(), Catch::Matchers::Contains("MLKIT_DATA_DIR"));
  unsetenv("MLKIT_DATA_DIR");
  CHECK(data_dir() == before);
}

TEST_CASE("Fashion-MNIST IDX files are decoded and validated", "[datasets][fashion_mnist]") {
  const std::string dir = fake_fashion_dir("ok", 12, 5);
  const Dataset all = load_fashion_mnist("all", dir);
  REQUIRE(all.X.rows() == 17);
  REQUIRE(all.X.cols() == 784);
  CHECK(all.X(0, 0) == 0);
  CHECK(all.X(0, 251) == 0);
  CHECK(all.X(0, 250) == 250);
  CHECK(all.X(12, 3) == 3);  // the first test image starts again at 0
  CHECK(all.y[11] == 1);
  CHECK(all.y[12] == 0);
  CHECK(load_fashion_mnist("train", dir).X.rows() == 12);
  CHECK(load_fashion_mnist("test", dir).X.rows() == 5);
  CHECK(all.target_names.size() == 10);
  CHECK(all.feature_names.at(29) == "pixel_1_1");
  CHECK_THROWS_AS(load_fashion_mnist("validation", dir), InvalidParameter);
  CHECK_THROWS_WITH(load_fashion_mnist("all", "/nonexistent-fmnist"),
                    Catch::Matchers::Contains("dataset-fashion-mnist"));

  const std::string bad = fake_fashion_dir("bad", 3, 2);
  const std::string images = bad + "/train-images-idx3-ubyte.gz";
  const std::string labels = bad + "/train-labels-idx1-ubyte.gz";
  write_idx(images, {0x801, 3, 28, 28}, std::vector<unsigned char>(3 * 784));
  CHECK_THROWS_AS(load_fashion_mnist("train", bad), IoError);
  write_idx(images, {0x803, 3, 28, 28}, std::vector<unsigned char>(2 * 784));  // truncated
  CHECK_THROWS_WITH(load_fashion_mnist("train", bad), Catch::Matchers::Contains("truncated"));
  write_idx(images, {0x803, 3, 27, 28}, std::vector<unsigned char>(3 * 756));
  CHECK_THROWS_AS(load_fashion_mnist("train", bad), IoError);
  write_idx(images, {0x803, 3, 28, 28}, std::vector<unsigned char>(3 * 784));
  write_idx(labels, {0x801, 3}, {1, 12, 3});
  CHECK_THROWS_WITH(load_fashion_mnist("train", bad), Catch::Matchers::Contains("0..9"));
  write_idx(labels, {0x801, 4}, {1, 2, 3, 4});
  CHECK_THROWS_AS(load_fashion_mnist("train", bad), IoError);
  write_idx(labels, {0x801, 3}, {1, 2, 3, 4});  // trailing data
  CHECK_THROWS_AS(load_fashion_mnist("train", bad), IoError);
}

TEST_CASE("Fashion-MNIST from Debian's package", "[datasets][fashion_mnist]") {
  if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")) {
    WARN("dataset-fashion-mnist is not installed; skipping");
    return;
  }
  const Dataset d = load_fashion_mnist("all");
  REQUIRE(d.X.rows() == 70000);
  REQUIRE(d.X.cols() == 784);
  CHECK(d.X.minCoeff() == 0);
  CHECK(d.X.maxCoeff() == 255);
  for (const auto& [label, count] : counts(d.y)) CHECK(count == 7000);
}

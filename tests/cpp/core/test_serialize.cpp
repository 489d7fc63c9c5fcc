// Model files: golden files from every format version keep loading and predicting identically;
// truncated, bit-flipped and hand-edited hostile files throw ModelFormatError.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "tests/cpp/support/data.hpp"

using namespace mlkit;
using nlohmann::json;

namespace {

const std::string kGoldenDir = MLKIT_TEST_DIR "/golden/v1";

// The input on which golden outputs are recorded.
Matrix golden_input() { return test::normal_matrix(12, 4, 2024, 1); }

json matrix_json(const Matrix& m) {
  json rows = json::array();
  for (Index i = 0; i < m.rows(); ++i) {
    json r = json::array();
    for (Index j = 0; j < m.cols(); ++j) r.push_back(m(i, j));
    rows.push_back(r);
  }
  return rows;
}

Matrix matrix_from(const json& rows) {
  Matrix m(static_cast<Index>(rows.size()), static_cast<Index>(rows.at(0).size()));
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j) m(i, j) = rows.at(i).at(j).get<double>();
  return m;
}

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::unique_ptr<Estimator> fitted(const std::string& name) {
  auto est = Registry::global().get(name).instance();
  const Matrix X = test::normal_matrix(30, 4, 2024);
  test::fit_any(*est, X, test::target_for(*est, X, 2024));
  return est;
}

json valid_doc() { return to_document(*fitted("linear_regression")); }

// A binary model file: mlkit's magic, then BJData.
std::vector<std::uint8_t> binary_file(std::vector<std::uint8_t> body) {
  const std::uint8_t magic[] = {'M', 'L', 'K', 'B', 0x00, 0x01};
  body.insert(body.begin(), std::begin(magic), std::end(magic));
  return body;
}

void expect_rejected(const json& doc) {
  const std::string text = doc.dump();
  CHECK_THROWS_AS(
      load_bytes(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())),
      ModelFormatError);
  CHECK_THROWS_AS(load_bytes(binary_file(json::to_bjdata(doc, true, true))), ModelFormatError);
}

// Loading may succeed (a flip in a value) or fail, but only ever with ModelFormatError.
void load_or_format_error(std::span<const std::uint8_t> bytes) {
  try {
    auto est = load_bytes(bytes);
    const Matrix X = Matrix::Zero(2, est->n_features_in());
    (void)test::outputs(*est, X);
  } catch (const ModelFormatError&) {
  }
}

}  // namespace

// Run by hand (`mlkit_tests "[.generate-golden]"`) when a new estimator is added: it writes the
// files of estimators that have none yet. Existing golden files are never regenerated.
TEST_CASE("generate golden model files", "[.generate-golden]") {
  std::filesystem::create_directories(kGoldenDir);
  for (const auto& info : Registry::global().all()) {
    if (std::filesystem::exists(kGoldenDir + "/" + info.name + ".expected.json")) continue;
    const auto est = fitted(info.name);
    save(*est, kGoldenDir + "/" + info.name + ".json");
    save(*est, kGoldenDir + "/" + info.name + ".mlkb");
    const Matrix X = golden_input();
    std::ofstream(kGoldenDir + "/" + info.name + ".expected.json")
        << json{{"X", matrix_json(X)}, {"outputs", matrix_json(test::outputs(*est, X))}}.dump(1)
        << "\n";
  }
}

TEST_CASE("golden model files of every estimator load and predict identically",
          "[serialize][golden]") {
  for (const auto& info : Registry::global().all()) {
    INFO("estimator: " << info.name);
    const std::string base = kGoldenDir + "/" + info.name;
    REQUIRE(std::filesystem::exists(base + ".expected.json"));
    const json expected = test::read_json(base + ".expected.json");
    const Matrix X = matrix_from(expected.at("X"));
    const Matrix want = matrix_from(expected.at("outputs"));
    for (const char* ext : {".json", ".mlkb"}) {
      INFO("file: " << base + ext);
      const auto est = load(base + ext);
      CHECK(est->name() == info.name);
      CHECK(test::identical(test::outputs(*est, X), want));
    }
  }
}

TEST_CASE("save picks the encoding from the extension and writes atomically", "[serialize]") {
  const auto dir = std::filesystem::temp_directory_path() / "mlkit-test-serialize";
  std::filesystem::create_directories(dir);
  const auto est = fitted("linear_regression");
  save(*est, (dir / "m.json").string());
  save(*est, (dir / "m.mlkb").string());
  CHECK(read_file((dir / "m.json").string()).front() == '{');
  CHECK(read_file((dir / "m.mlkb").string()).front() == 'M');
  CHECK(std::filesystem::file_size(dir / "m.mlkb") < std::filesystem::file_size(dir / "m.json"));
  CHECK_THROWS_AS(save(*est, (dir / "m.txt").string()), InvalidParameter);
  CHECK(!std::filesystem::exists(dir / "m.txt"));
  CHECK_THROWS_AS(save(*est, (dir / "no-such-dir" / "m.json").string()), IoError);
  CHECK_THROWS_AS(load((dir / "missing.json").string()), IoError);
  CHECK(!std::filesystem::exists(dir / "m.json.tmp"));
}

TEST_CASE("every truncation of a model file is refused", "[serialize][hostile]") {
  const auto est = fitted("standard_scaler");
  for (auto enc : {ModelEncoding::Json, ModelEncoding::Binary}) {
    const auto bytes = save_bytes(*est, enc);
    for (std::size_t n = 0; n < bytes.size(); ++n)
      CHECK_THROWS_AS(load_bytes(std::span(bytes.data(), n)), ModelFormatError);
  }
}

TEST_CASE("bit flips give a model or a ModelFormatError, nothing else", "[serialize][hostile]") {
  const auto est = fitted("linear_regression");
  for (auto enc : {ModelEncoding::Json, ModelEncoding::Binary}) {
    auto bytes = save_bytes(*est, enc);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      for (std::uint8_t bit : {0x01, 0x10, 0x80}) {
        bytes[i] ^= bit;
        load_or_format_error(bytes);
        bytes[i] ^= bit;
      }
    }
  }
}

TEST_CASE("hand-edited hostile documents are refused", "[serialize][hostile]") {
  const json good = valid_doc();
  REQUIRE_NOTHROW(from_document(good));
  auto edited = [&](auto&& edit) {
    json d = good;
    edit(d);
    return d;
  };
  expect_rejected(json::array());
  expect_rejected(edited([](json& d) { d["format"] = "other"; }));
  expect_rejected(edited([](json& d) { d["format_version"] = kModelFormatVersion + 1; }));
  expect_rejected(edited([](json& d) { d["format_version"] = 0; }));
  expect_rejected(edited([](json& d) { d["format_version"] = "1"; }));
  expect_rejected(edited([](json& d) { d["estimator"] = "no_such_estimator"; }));
  expect_rejected(edited([](json& d) { d["estimator"] = 7; }));
  expect_rejected(edited([](json& d) { d["surprise"] = true; }));
  expect_rejected(edited([](json& d) { d.erase("state"); }));
  expect_rejected(edited([](json& d) { d["params"]["alpha"] = 1.0; }));
  expect_rejected(edited([](json& d) { d["params"]["tol"] = -1.0; }));
  expect_rejected(edited([](json& d) { d["params"]["fit_intercept"] = "yes"; }));
  expect_rejected(edited([](json& d) { d["state"]["n_features_in_"] = 0; }));
  expect_rejected(edited([](json& d) { d["state"]["n_features_in_"] = 5; }));
  expect_rejected(edited([](json& d) { d["state"]["n_features_in_"] = -3; }));
  expect_rejected(edited([](json& d) { d["state"]["n_features_in_"] = 1e300; }));
  expect_rejected(edited([](json& d) { d["state"]["n_targets"] = 0; }));
  expect_rejected(edited([](json& d) { d["state"]["coef_"]["shape"] = {1, 5}; }));
  expect_rejected(edited([](json& d) { d["state"]["coef_"]["shape"] = {4294967296LL, 1}; }));
  expect_rejected(edited([](json& d) { d["state"]["coef_"]["data"].erase(0); }));
  expect_rejected(edited([](json& d) { d["state"]["coef_"]["data"][0] = "x"; }));
  expect_rejected(edited([](json& d) { d["state"]["coef_"]["data"][0] = "NaN"; }));
  expect_rejected(edited([](json& d) { d["state"]["coef_"] = 3; }));
  expect_rejected(edited([](json& d) { d["state"]["intercept_"] = json::array(); }));
  expect_rejected(edited([](json& d) { d["state"]["rank_"] = 99; }));
  expect_rejected(edited([](json& d) { d["state"]["rank_"] = "2"; }));
  expect_rejected(edited([](json& d) {
    d["state"]["singular_"] = json::array({1, 2, 3, 4, 5, 6});
  }));
  expect_rejected(edited([](json& d) { d["state"] = json::array(); }));

  const json scaler = to_document(*fitted("standard_scaler"));
  json neg = scaler;
  neg["state"]["scale_"][0] = -1.0;
  expect_rejected(neg);
  json count = scaler;
  count["state"]["n_samples_seen_"][1] = -5.0;
  expect_rejected(count);
  json no_mean = scaler;
  no_mean["state"]["mean_"] = json::array();
  expect_rejected(no_mean);
}

TEST_CASE("deeply nested and oversized documents are refused", "[serialize][hostile]") {
  std::string deep(100000, '[');
  deep = "{\"format\":" + deep;
  CHECK_THROWS_AS(
      load_bytes(std::span(reinterpret_cast<const std::uint8_t*>(deep.data()), deep.size())),
      ModelFormatError);
  CHECK_THROWS_AS(load_bytes(binary_file(std::vector<std::uint8_t>(100000, '['))),
                  ModelFormatError);
  // A binary array that declares 2^60 elements but holds none.
  CHECK_THROWS_AS(load_bytes(binary_file({'[', '#', 'L', 0, 0, 0, 0, 0, 0, 0, 0x10})),
                  ModelFormatError);
  // Neither JSON text nor the binary magic.
  CHECK_THROWS_AS(load_bytes(std::vector<std::uint8_t>{'M', 'L', 'K'}), ModelFormatError);
  CHECK_THROWS_AS(load_bytes(std::vector<std::uint8_t>{}), ModelFormatError);
  CHECK_THROWS_AS(load_bytes(std::vector<std::uint8_t>{' ', '\n'}), ModelFormatError);
}

TEST_CASE("metadata is kept beside the model and validated", "[serialize]") {
  auto est = fitted("standard_scaler");
  const json meta = {{"feature_names", {"a", "b", "c", "d"}}, {"target_classes", {"no", "yes"}}};
  for (auto enc : {ModelEncoding::Json, ModelEncoding::Binary}) {
    const auto bytes = save_bytes(*est, enc, meta);
    LoadedModel m = load_bytes_with_metadata(bytes);
    CHECK(m.metadata == meta);
    const Matrix X = test::normal_matrix(5, 4, 7);
    CHECK(m.estimator->transform(X) == est->transform(X));
    // A model without metadata has null metadata.
    CHECK(load_bytes_with_metadata(save_bytes(*est, enc)).metadata.is_null());
  }
  CHECK_THROWS_AS(to_document(*est, json::array({1, 2})), InvalidParameter);
  json doc = to_document(*est, meta);
  doc["metadata"] = "not an object";
  expect_rejected(doc);
}

TEST_CASE("specs describe unfitted estimators and round trip fitted ones", "[serialize]") {
  auto est = make_estimator("standard_scaler", {{"with_mean", false}});
  const json spec = to_spec(*est);
  CHECK(spec == json{{"estimator", "standard_scaler"},
                     {"params", {{"copy", true}, {"with_mean", false}, {"with_std", true}}}});
  auto back = from_spec(spec);
  CHECK_FALSE(back->fitted());
  CHECK(back->get_params() == est->get_params());
  // Parameters may be left out; defaults apply.
  CHECK(from_spec(json{{"estimator", "standard_scaler"}})->get_params() ==
        make_estimator("standard_scaler")->get_params());
  // With state, the spec is a fitted model.
  auto fit = fitted("standard_scaler");
  auto fit_back = from_spec(to_spec(*fit, /*with_state=*/true));
  const Matrix X = test::normal_matrix(5, 4, 7);
  CHECK(fit_back->transform(X) == fit->transform(X));
  // Defects name themselves.
  CHECK_THROWS_WITH(from_spec(json{{"estimator", "no_such"}}),
                    Catch::Contains("unknown estimator 'no_such'"));
  CHECK_THROWS_WITH(from_spec(json{{"estimator", "standard_scaler"}, {"params", {{"bogus", 1}}}}),
                    Catch::Contains("unknown parameter 'bogus'"));
  CHECK_THROWS_WITH(from_spec(json{{"estimator", "standard_scaler"}, {"extra", 1}}),
                    Catch::Contains("unknown field 'extra'"));
  CHECK_THROWS_WITH(
      from_spec(json{{"estimator", "standard_scaler"}, {"params", {{"with_mean", "yes"}}}}),
      Catch::Contains("with_mean"));
  CHECK_THROWS_AS(from_spec(json{{"estimator", "standard_scaler"}, {"components", json::array()}}),
                  ModelFormatError);
  CHECK_THROWS_AS(from_spec(json::array()), ModelFormatError);
}

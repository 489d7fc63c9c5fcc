#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "mlkit/model_selection/split.hpp"
#include "tests/cpp/support/data.hpp"

using namespace mlkit;
using namespace mlkit::model_selection;

namespace {

Vector to_vector(const nlohmann::json& j) {
  Vector v(static_cast<Index>(j.size()));
  for (std::size_t i = 0; i < j.size(); ++i) v[static_cast<Index>(i)] = j[i].get<double>();
  return v;
}

std::optional<SplitSize> size_of(const nlohmann::json& params, const char* key) {
  if (!params.contains(key)) return std::nullopt;
  const auto& v = params.at(key);
  if (v.is_number_integer()) return SplitSize::count(v.get<Index>());
  return SplitSize::fraction(v.get<double>());
}

// Every row is in exactly one of train and test, and each test row in exactly one fold.
void check_partition(const std::vector<Split>& folds, Index n, bool covers_all) {
  std::vector<int> tested(static_cast<std::size_t>(n), 0);
  for (const auto& s : folds) {
    CHECK(std::is_sorted(s.train.begin(), s.train.end()));
    CHECK(std::is_sorted(s.test.begin(), s.test.end()));
    std::set<Index> train(s.train.begin(), s.train.end());
    for (Index t : s.test) {
      CHECK(train.count(t) == 0);
      ++tested[static_cast<std::size_t>(t)];
    }
  }
  if (covers_all)
    for (int c : tested) CHECK(c == 1);
}

}  // namespace

TEST_CASE("deterministic splitters give scikit-learn's folds", "[split][parity]") {
  const auto ref = test::read_json(MLKIT_TEST_DIR "/reference/splits.json");
  for (const auto& c : ref.at("cases")) {
    const std::string kind = c.at("kind");
    const auto& p = c.at("params");
    const Index n = c.at("n");
    INFO(kind << " " << p.dump() << " n=" << n);
    const Vector y = c.at("y").is_null() ? Vector() : to_vector(c.at("y"));
    const Vector groups = c.at("groups").is_null() ? Vector() : to_vector(c.at("groups"));
    std::vector<Split> got;
    if (kind == "KFold") got = KFold(p.at("n_splits")).split(n);
    if (kind == "StratifiedKFold") got = StratifiedKFold(p.at("n_splits")).split(n, y);
    if (kind == "GroupKFold") got = GroupKFold(p.at("n_splits")).split(n, Vector(), groups);
    if (kind == "TimeSeriesSplit") {
      auto opt = [&](const char* k) {
        return p.contains(k) ? std::optional<Index>(p.at(k).get<Index>()) : std::nullopt;
      };
      got = TimeSeriesSplit(p.at("n_splits"), opt("max_train_size"), opt("test_size"),
                            p.value("gap", Index{0}))
                .split(n);
    }
    if (kind == "train_test_split")
      got = {train_test_split(n, size_of(p, "test_size"), size_of(p, "train_size"), std::nullopt,
                              false)};
    const auto& want = c.at("folds");
    REQUIRE(got.size() == want.size());
    for (std::size_t f = 0; f < got.size(); ++f) {
      CHECK(got[f].train == want[f].at("train").get<std::vector<Index>>());
      CHECK(got[f].test == want[f].at("test").get<std::vector<Index>>());
    }
  }
}

TEST_CASE("shuffled splitters are reproducible partitions", "[split]") {
  const Index n = 97;
  Vector y(n);
  for (Index i = 0; i < n; ++i) y[i] = static_cast<double>(i % 3 == 0 ? 0 : (i % 3 == 1 ? 1 : 7));
  const auto a = KFold(5, true, 42).split(n);
  CHECK(a.size() == 5);
  check_partition(a, n, true);
  const auto b = KFold(5, true, 42).split(n);
  for (std::size_t f = 0; f < a.size(); ++f) CHECK(a[f].test == b[f].test);
  CHECK(KFold(5, true, 43).split(n)[0].test != a[0].test);

  const auto strat = StratifiedKFold(4, true, 1).split(n, y);
  check_partition(strat, n, true);
  for (const auto& s : strat) {
    std::map<double, Index> per_class;
    for (Index t : s.test) ++per_class[y[t]];
    for (const auto& [label, count] : per_class) CHECK(count >= 8);  // 32-33 per class / 4
  }
  const auto rep = RepeatedKFold(3, 4, 0).split(n);
  CHECK(rep.size() == 12);
  for (int r = 0; r < 4; ++r)
    check_partition({rep.begin() + 3 * r, rep.begin() + 3 * r + 3}, n, true);
  CHECK(rep[0].test != rep[3].test);
  const auto rs = repeated_stratified_kfold(3, 2, 5)->split(n, y);
  CHECK(rs.size() == 6);

  const auto ss = ShuffleSplit(6, SplitSize::fraction(0.2), std::nullopt, 3).split(n);
  CHECK(ss.size() == 6);
  check_partition(ss, n, false);
  for (const auto& s : ss) {
    CHECK(s.test.size() == 20);  // ceil(0.2 * 97)
    CHECK(s.train.size() == 77);
  }
  const auto sss = stratified_shuffle_split(3, SplitSize::count(30), std::nullopt, 9)->split(n, y);
  for (const auto& s : sss) {
    std::map<double, Index> per_class;
    for (Index t : s.test) ++per_class[y[t]];
    for (const auto& [label, count] : per_class) CHECK(count == 10);
  }
  const auto tts = train_test_split(n, SplitSize::fraction(0.25), std::nullopt, 11, true, y);
  CHECK(tts.test.size() == 25);
  CHECK(tts.train.size() == 72);
  const auto g = GroupKFold(3, true, 2)
                     .split(12, Vector(), Vector::LinSpaced(12, 0, 5).array().floor().matrix());
  check_partition(g, 12, true);
}

TEST_CASE("splitters reject impossible requests", "[split]") {
  CHECK_THROWS_AS(KFold(1), InvalidParameter);
  CHECK_THROWS_WITH(KFold(5).split(3), Catch::Matchers::Contains("n_splits=5 greater than"));
  Vector y(6);
  y << 0, 0, 0, 0, 1, 1;
  CHECK_NOTHROW(StratifiedKFold(3).split(6, y));
  CHECK_THROWS_WITH(StratifiedKFold(5).split(6, y),
                    Catch::Matchers::Contains("cannot be greater than the number of members"));
  CHECK_THROWS_AS(StratifiedKFold(2).split(5, y), InvalidInput);
  Vector groups(6);
  groups << 1, 1, 2, 2, 3, 3;
  CHECK_THROWS_WITH(GroupKFold(4).split(6, Vector(), groups),
                    Catch::Matchers::Contains("number of groups: 3"));
  CHECK_THROWS_AS(GroupKFold(2).split(6), InvalidInput);
  CHECK_THROWS_WITH(TimeSeriesSplit(5).split(5), Catch::Matchers::Contains("number of folds=6"));
  CHECK_THROWS_AS(TimeSeriesSplit(3, std::nullopt, 3, 2).split(10), InvalidInput);
  CHECK_THROWS_AS(train_test_split(10, SplitSize::fraction(1.5)), InvalidParameter);
  CHECK_THROWS_AS(train_test_split(10, SplitSize::count(10)), InvalidParameter);
  CHECK_THROWS_AS(train_test_split(10, SplitSize::count(6), SplitSize::count(6)), InvalidParameter);
  CHECK_THROWS_AS(train_test_split(1), InvalidInput);
  Vector one_member(5);
  one_member << 0, 0, 0, 0, 1;
  CHECK_THROWS_AS(train_test_split(5, SplitSize::count(2), std::nullopt, 0, true, one_member),
                  InvalidInput);
  CHECK_THROWS_AS(take_rows(Matrix::Zero(3, 2), {0, 3}), InvalidInput);
}

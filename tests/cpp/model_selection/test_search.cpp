#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "tests/cpp/model_selection/model_selection_reference.hpp"
#include "tests/cpp/support/data.hpp"

using namespace mlkit;
using namespace mlkit::model_selection;
using mlkit::test::check_close;

namespace {

// Every column of the reference except "params" (a separate accessor here) and the timings.
void check_results(const SearchCV& search, const nlohmann::json& ref) {
  const ResultsTable& t = search.cv_results();
  std::vector<std::string> want;
  for (const auto& c : ref.at("columns"))
    if (c != "params") want.push_back(c);
  CHECK(t.columns() == want);
  REQUIRE(t.params().size() == ref.at("params").size());
  for (std::size_t i = 0; i < t.params().size(); ++i)
    CHECK(t.params()[i] == test::to_params(ref.at("params")[i]));
  for (const auto& [name, values] : ref.at("scores").items()) {
    INFO(name);
    check_close(t.numbers(name), values);
  }
  // Candidates whose scores agree to rounding (here: an intercept, or a bias column doing its
  // work) are ties whose order rounding decides, in either library; elsewhere the ranks agree.
  for (const auto& [name, values] : ref.at("ranks").items()) {
    INFO(name);
    const auto& means = ref.at("scores").at("mean_" + name.substr(5));
    const auto got = t.column(name);
    REQUIRE(got.size() == means.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      Index lo = 1, hi = 0;
      const double mi = test::ref_number(means[i]);
      for (const auto& m : means) {
        const double mj = test::ref_number(m);
        if (!test::close(mi, mj) && mj > mi) ++lo;
        if (test::close(mi, mj) || mj > mi) ++hi;
      }
      INFO("candidate " << i << " ranked " << values[i] << " by scikit-learn");
      CHECK(got[i].as_int() >= lo);
      CHECK(got[i].as_int() <= hi);
    }
  }
  const auto best = static_cast<std::size_t>(search.best_index());
  const std::string refit_mean =
      "mean_test_" + (ref.contains("refit") ? ref.at("refit").get<std::string>() : "score");
  CHECK(test::close(test::ref_number(ref.at("scores").at(refit_mean)[best]),
                    ref.at("best_score").get<double>()));
  CHECK(test::close(search.best_score(), ref.at("best_score").get<double>()));
  CHECK(search.best_params() == t.params()[best]);
  const Vector pred = search.predict(test::diabetes().X.topRows(20));
  check_close({pred.data(), pred.data() + pred.size()}, ref.at("refit_predict"));
}

}  // namespace

TEST_CASE("parameter_grid lists candidates in scikit-learn's order", "[search]") {
  const auto& ref = test::ms_reference().at("grid_search");
  const auto cands = parameter_grid(test::to_grids(ref.at("grids")));
  REQUIRE(cands.size() == ref.at("params").size());
  for (std::size_t i = 0; i < cands.size(); ++i)
    CHECK(cands[i] == test::to_params(ref.at("params")[i]));
  CHECK(parameter_grid({ParamGrid{}}).size() == 1);  // an empty grid is one default candidate
  MLKIT_CHECK_THROWS(parameter_grid({ParamGrid{{"a", {}}}}), InvalidParameter,
                     Catch::Contains("non-empty"));
}

TEST_CASE("GridSearchCV gives scikit-learn's cv_results, best candidate and refit",
          "[search][parity]") {
  const auto& d = test::diabetes();
  {
    const auto& ref = test::ms_reference().at("grid_search");
    SearchOptions o;
    o.cv.return_train_score = true;
    GridSearchCV search(*test::poly_pipeline(), test::to_grids(ref.at("grids")),
                        KFold(ref.at("n_splits").get<Index>()), o);
    search.fit(d.X, d.y);
    check_results(search, ref);
    CHECK(search.n_splits() == 3);
    CHECK(search.fit_errors().empty());
    CHECK(search.best_estimator().fitted());
    CHECK(test::close(search.score(d.X, d.y), search.best_estimator().score(d.X, d.y), 0));
  }
  {
    const auto& ref = test::ms_reference().at("grid_search_multi");
    SearchOptions o;
    o.cv.scoring = ref.at("scoring").get<std::vector<std::string>>();
    o.refit_scorer = ref.at("refit").get<std::string>();
    GridSearchCV search(*test::poly_pipeline(), test::to_grids(ref.at("grids")),
                        KFold(ref.at("n_splits").get<Index>()), o);
    search.fit(d.X, d.y);
    check_results(search, ref);
    // score() uses the refit scorer: negative MSE.
    CHECK(search.score(d.X, d.y) < 0);
  }
}

TEST_CASE("successive halving follows scikit-learn's schedule", "[search][parity]") {
  const auto& d = test::diabetes();
  const auto& ref = test::ms_reference().at("halving");
  for (const auto& c : ref.at("cases")) {
    INFO(c.dump());
    HalvingOptions h;
    h.factor = c.at("factor").get<double>();
    h.min_resources = c.at("min_resources").get<std::string>();
    if (!c.at("max_resources").is_null()) h.max_resources = c.at("max_resources").get<Index>();
    h.aggressive_elimination = c.at("aggressive_elimination").get<bool>();
    h.random_state = 0;
    SearchOptions o;
    o.cv.return_train_score = true;
    HalvingGridSearchCV search(*test::poly_pipeline(),
                               test::to_grids(nlohmann::json::array(
                                   {ref.at("grids").at(c.at("grid").get<std::string>())})),
                               KFold(ref.at("n_splits").get<Index>()), o, h);
    search.fit(d.X, d.y);
    const HalvingInfo& info = search.halving_info();
    CHECK(info.n_resources == c.at("n_resources").get<std::vector<Index>>());
    CHECK(info.n_candidates == c.at("n_candidates").get<std::vector<Index>>());
    CHECK(info.n_iterations == c.at("n_iterations").get<Index>());
    CHECK(info.n_possible_iterations == c.at("n_possible_iterations").get<Index>());
    CHECK(info.n_required_iterations == c.at("n_required_iterations").get<Index>());
    CHECK(info.min_resources == c.at("min_resources_").get<Index>());
    CHECK(info.max_resources == c.at("max_resources_").get<Index>());
    CHECK(info.n_remaining_candidates == c.at("n_remaining_candidates").get<Index>());
    std::vector<std::string> want;
    for (const auto& col : c.at("columns"))
      if (col != "params") want.push_back(col);
    CHECK(search.cv_results().columns() == want);
    // One row per candidate and round; the best is a candidate of the last round.
    Index rows = 0;
    for (Index n : info.n_candidates) rows += n;
    CHECK(search.cv_results().rows() == rows);
    const auto iters = search.cv_results().column("iter");
    CHECK(iters[static_cast<std::size_t>(search.best_index())].as_int() == info.n_iterations - 1);
  }
}

TEST_CASE("successive halving keeps the best candidates of each round", "[search]") {
  const auto& d = test::diabetes();
  HalvingOptions h;
  h.factor = 2;
  h.random_state = 1;
  HalvingGridSearchCV search(
      *test::poly_pipeline(),
      {ParamGrid{{"poly__degree", {1, 2, 3}}, {"lr__fit_intercept", {true, false}}}}, KFold(3), {},
      h);
  search.fit(d.X, d.y);
  const auto& t = search.cv_results();
  const auto iters = t.column("iter");
  const auto means = t.numbers("mean_test_score");
  // Every candidate of round r + 1 was among the best ceil(n / 2) of round r.
  for (std::int64_t r = 0; r + 1 < search.halving_info().n_iterations; ++r) {
    std::vector<std::pair<double, ParamMap>> round;
    std::vector<ParamMap> next;
    for (std::size_t i = 0; i < iters.size(); ++i) {
      if (iters[i].as_int() == r) round.emplace_back(means[i], t.params()[i]);
      if (iters[i].as_int() == r + 1) next.push_back(t.params()[i]);
    }
    std::stable_sort(round.begin(), round.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    REQUIRE(next.size() == (round.size() + 1) / 2);
    for (std::size_t k = 0; k < next.size(); ++k) CHECK(next[k] == round[k].second);
  }
  // Reproducible from random_state.
  HalvingGridSearchCV again(
      *test::poly_pipeline(),
      {ParamGrid{{"poly__degree", {1, 2, 3}}, {"lr__fit_intercept", {true, false}}}}, KFold(3), {},
      h);
  again.fit(d.X, d.y);
  CHECK(again.cv_results().numbers("mean_test_score") == means);
}

TEST_CASE("RandomizedSearchCV draws reproducibly from lists and distributions", "[search]") {
  const auto& d = test::diabetes();
  // Lists only: distinct grid points, without replacement, at most the grid's size.
  const std::vector<ParamDistributions> lists = {
      {{"poly__degree", Distribution::choice({1, 2, 3})},
       {"lr__fit_intercept", Distribution::choice({true, false})}}};
  const auto six = parameter_sampler(lists, 50, 0);
  CHECK(six.size() == 6);
  for (std::size_t i = 0; i < six.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) CHECK(six[i] != six[j]);
  CHECK(parameter_sampler(lists, 4, 7) == parameter_sampler(lists, 4, 7));
  // Distributions: values in range, log-uniform spread evenly over the decades.
  const std::vector<ParamDistributions> dists = {{{"a", Distribution::int_range(2, 5)},
                                                  {"b", Distribution::uniform(-1, 3)},
                                                  {"c", Distribution::log_uniform(1e-4, 1e2)}}};
  const auto draws = parameter_sampler(dists, 4000, 11);
  CHECK(draws == parameter_sampler(dists, 4000, 11));
  CHECK(draws != parameter_sampler(dists, 4000, 12));
  std::set<std::int64_t> ints;
  int below_one = 0;
  double sum_b = 0;
  for (const auto& p : draws) {
    const auto a = p.at("a").as_int();
    const double b = p.at("b").as_double(), c = p.at("c").as_double();
    ints.insert(a);
    CHECK((a >= 2 && a < 5));
    CHECK((b >= -1 && b <= 3));
    CHECK((c >= 1e-4 && c <= 1e2));
    sum_b += b;
    below_one += c < 1.0;
  }
  CHECK(ints == std::set<std::int64_t>{2, 3, 4});
  CHECK(std::abs(sum_b / 4000 - 1.0) < 0.1);
  // Four of six decades lie below 1: about 2/3 of the draws.
  CHECK(std::abs(below_one / 4000.0 - 2.0 / 3.0) < 0.03);
  MLKIT_CHECK_THROWS(Distribution::int_range(3, 3), InvalidParameter, Catch::Contains("low"));
  CHECK_THROWS_AS(Distribution::log_uniform(0, 1), InvalidParameter);
  CHECK_THROWS_AS(Distribution::uniform(2, 1), InvalidParameter);
  CHECK_THROWS_AS(Distribution::choice({}), InvalidParameter);
  CHECK_THROWS_AS(parameter_sampler(dists, 0, 0), InvalidParameter);

  // The search scores exactly the candidates parameter_sampler draws.
  RandomizedSearchCV search(*test::poly_pipeline(), lists, 4, KFold(3), {}, 5);
  search.fit(d.X, d.y);
  CHECK(search.cv_results().params() == parameter_sampler(lists, 4, 5));
  GridSearchCV grid(*test::poly_pipeline(),
                    {ParamGrid{{"poly__degree", {1, 2, 3}}, {"lr__fit_intercept", {true, false}}}},
                    KFold(3));
  grid.fit(d.X, d.y);
  for (Index i = 0; i < 4; ++i) {
    const auto& p = search.cv_results().params()[static_cast<std::size_t>(i)];
    const auto& gp = grid.cv_results().params();
    const auto at = static_cast<std::size_t>(std::find(gp.begin(), gp.end(), p) - gp.begin());
    REQUIRE(at < gp.size());
    CHECK(search.cv_results().numbers("mean_test_score")[static_cast<std::size_t>(i)] ==
          grid.cv_results().numbers("mean_test_score")[at]);
  }
}

TEST_CASE("search results do not depend on the number of threads", "[search][threads]") {
  const auto& d = test::diabetes();
  const std::vector<ParamGrid> grid = {
      ParamGrid{{"poly__degree", {1, 2}}, {"scale__with_std", {true, false}}}};
  auto run = [&](int threads) {
    SearchOptions o;
    o.cv.n_jobs = threads;
    o.cv.return_train_score = true;
    GridSearchCV s(*test::poly_pipeline(), grid, KFold(4, true, 2), o);
    s.fit(d.X, d.y);
    std::vector<std::vector<double>> cols;
    for (const auto& c : s.cv_results().columns())
      if (c.find("_time") == std::string::npos) cols.push_back(s.cv_results().numbers(c));
    return std::pair{cols, s.best_estimator().predict(d.X)};
  };
  const auto a = run(1), b = run(2);
  CHECK(a.first.size() == b.first.size());
  for (std::size_t i = 0; i < a.first.size(); ++i) {
    const auto& x = a.first[i];
    const auto& y = b.first[i];
    REQUIRE(x.size() == y.size());
    for (std::size_t k = 0; k < x.size(); ++k)
      CHECK((x[k] == y[k] || (std::isnan(x[k]) && std::isnan(y[k]))));
  }
  CHECK((a.second.array() == b.second.array()).all());
}

TEST_CASE("failing candidates are scored NaN or rethrown; bad searches are refused",
          "[search][errors]") {
  const auto& d = test::diabetes();
  // degree [3, 1] passes the type check but fails PolynomialFeatures' fit.
  const std::vector<ParamGrid> grid = {
      ParamGrid{{"poly__degree", {ParamValue(2), ParamValue(ParamValue::List{3.0, 1.0})}}}};
  GridSearchCV search(*test::poly_pipeline(), grid, KFold(3));
  search.fit(d.X, d.y);
  const auto means = search.cv_results().numbers("mean_test_score");
  CHECK(std::isfinite(means[0]));
  CHECK(std::isnan(means[1]));
  CHECK(search.cv_results().column("rank_test_score")[1].as_int() == 2);
  CHECK(search.best_index() == 0);
  REQUIRE(search.fit_errors().size() == 3);
  CHECK_THAT(search.fit_errors()[0], Catch::StartsWith("candidate 1, split 0: "));
  SearchOptions raise;
  raise.raise_on_error = true;
  GridSearchCV strict(*test::poly_pipeline(), grid, KFold(3), raise);
  CHECK_THROWS_AS(strict.fit(d.X, d.y), InvalidParameter);
  CHECK_THROWS_AS(strict.cv_results(), NotFitted);  // a failed fit leaves it unfitted
  GridSearchCV all_bad(*test::poly_pipeline(),
                       {ParamGrid{{"poly__degree", {ParamValue(ParamValue::List{3.0, 1.0})}}}},
                       KFold(3));
  MLKIT_CHECK_THROWS(all_bad.fit(d.X, d.y), InvalidInput, Catch::Contains("All the 3 fits failed"));

  // Unknown names and bad values fail before any fitting, with the parameter's message.
  GridSearchCV unknown(*test::poly_pipeline(), {ParamGrid{{"poly__no_such", {1}}}}, KFold(3));
  MLKIT_CHECK_THROWS(unknown.fit(d.X, d.y), InvalidParameter, Catch::Contains("no_such"));
  GridSearchCV bad_value(*test::poly_pipeline(), {ParamGrid{{"poly__degree", {-1}}}}, KFold(3));
  MLKIT_CHECK_THROWS(bad_value.fit(d.X, d.y), InvalidParameter, Catch::Contains("degree"));

  // Several scorers need refit_scorer naming one of them.
  SearchOptions multi;
  multi.cv.scoring = {"r2", "neg_mean_squared_error"};
  GridSearchCV no_refit(*test::poly_pipeline(), grid, KFold(3), multi);
  MLKIT_CHECK_THROWS(no_refit.fit(d.X, d.y), InvalidParameter, Catch::Contains("refit_scorer"));
  multi.refit_scorer = "accuracy";
  GridSearchCV wrong_refit(*test::poly_pipeline(), grid, KFold(3), multi);
  MLKIT_CHECK_THROWS(wrong_refit.fit(d.X, d.y), InvalidParameter,
                     Catch::Contains("not among the scorers"));

  // Without refit there is no best estimator, but the table and best parameters exist.
  SearchOptions no;
  no.refit = false;
  GridSearchCV plain(*test::poly_pipeline(), {ParamGrid{{"poly__degree", {1, 2}}}}, KFold(3), no);
  CHECK_THROWS_AS(plain.best_params(), NotFitted);
  plain.fit(d.X, d.y);
  CHECK(plain.best_params().at("poly__degree") == ParamValue(1));
  MLKIT_CHECK_THROWS(plain.best_estimator(), NotFitted, Catch::Contains("refit"));
  CHECK_THROWS_AS(plain.predict(d.X), NotFitted);

  // Halving settings outside their ranges.
  HalvingOptions h;
  h.factor = 1;
  HalvingGridSearchCV f1(*test::poly_pipeline(), grid, KFold(3), {}, h);
  CHECK_THROWS_AS(f1.fit(d.X, d.y), InvalidParameter);
  h = {};
  h.min_resources = "lots";
  HalvingGridSearchCV mr(*test::poly_pipeline(), grid, KFold(3), {}, h);
  MLKIT_CHECK_THROWS(mr.fit(d.X, d.y), InvalidParameter, Catch::Contains("min_resources"));
  h = {};
  h.max_resources = 10000;
  HalvingGridSearchCV mx(*test::poly_pipeline(), grid, KFold(3), {}, h);
  CHECK_THROWS_AS(mx.fit(d.X, d.y), InvalidParameter);
  CHECK_THROWS_AS(
      HalvingRandomSearchCV(*test::poly_pipeline(),
                            {{{"poly__degree", Distribution::choice({1, 2})}}}, KFold(3)),
      InvalidParameter);
}

TEST_CASE("cv_results writes as JSON and CSV with every column", "[search]") {
  const auto& d = test::diabetes();
  GridSearchCV s(*test::poly_pipeline(), {ParamGrid{{"poly__degree", {1, 2}}}}, KFold(3));
  s.fit(d.X, d.y);
  const auto j = nlohmann::json::parse(s.cv_results().to_json());
  for (const auto& c : s.cv_results().columns()) CHECK(j.at(c).size() == 2);
  CHECK(j.at("params")[1].at("poly__degree") == 2);
  const std::string csv = s.cv_results().to_csv();
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
  CHECK_THAT(csv, Catch::StartsWith("mean_fit_time,std_fit_time,"));
  CHECK_THAT(csv, Catch::Contains("\"{\"\"poly__degree\"\":1}\""));
}

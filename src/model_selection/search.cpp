#include "mlkit/model_selection/search.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

#include "mlkit/core/errors.hpp"
#include "src/model_selection/detail/fit_and_score.hpp"

namespace mlkit::model_selection {

using nlohmann::json;

// ---------------------------------------------------------------- candidates

std::vector<ParamMap> parameter_grid(const std::vector<ParamGrid>& grids) {
  std::vector<ParamMap> out;
  for (const auto& grid : grids) {
    for (const auto& [name, values] : grid)
      if (values.empty())
        throw InvalidParameter("Parameter grid for parameter '" + name +
                               "' needs to be a non-empty sequence.");
    // Odometer over the sorted names, the last one fastest (itertools.product order).
    std::vector<const std::pair<const std::string, std::vector<ParamValue>>*> keys;
    for (const auto& kv : grid) keys.push_back(&kv);
    std::vector<std::size_t> at(keys.size(), 0);
    bool done = false;
    while (!done) {
      ParamMap p;
      for (std::size_t k = 0; k < keys.size(); ++k)
        p.emplace(keys[k]->first, keys[k]->second[at[k]]);
      out.push_back(std::move(p));
      // Advance the odometer; carrying out of the first name ends the grid.
      done = true;
      for (std::size_t k = keys.size(); k-- > 0;) {
        if (++at[k] < keys[k]->second.size()) {
          done = false;
          break;
        }
        at[k] = 0;
      }
    }
  }
  return out;
}

Distribution Distribution::choice(std::vector<ParamValue> values) {
  if (values.empty()) throw InvalidParameter("a choice distribution needs at least one value.");
  Distribution d;
  d.kind_ = Kind::Choice;
  d.values_ = std::move(values);
  return d;
}

Distribution Distribution::int_range(std::int64_t low, std::int64_t high) {
  if (high <= low)
    throw InvalidParameter("int_range needs low < high; got [" + std::to_string(low) + ", " +
                           std::to_string(high) + ").");
  Distribution d;
  d.kind_ = Kind::IntRange;
  d.low_ = static_cast<double>(low);
  d.high_ = static_cast<double>(high);
  return d;
}

Distribution Distribution::uniform(double low, double high) {
  if (!(std::isfinite(low) && std::isfinite(high) && low <= high))
    throw InvalidParameter("uniform needs finite low <= high.");
  Distribution d;
  d.kind_ = Kind::Uniform;
  d.low_ = low;
  d.high_ = high;
  return d;
}

Distribution Distribution::log_uniform(double low, double high) {
  if (!(std::isfinite(low) && std::isfinite(high) && low > 0 && low <= high))
    throw InvalidParameter("log_uniform needs finite 0 < low <= high.");
  Distribution d;
  d.kind_ = Kind::LogUniform;
  d.low_ = low;
  d.high_ = high;
  return d;
}

ParamValue Distribution::sample(Rng& rng) const {
  switch (kind_) {
    case Kind::Choice:
      return values_[rng.below(values_.size())];
    case Kind::IntRange:
      return static_cast<std::int64_t>(low_) +
             static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(high_ - low_)));
    case Kind::Uniform:
      return low_ + (high_ - low_) * rng.uniform();
    case Kind::LogUniform:
      return std::exp(std::log(low_) + (std::log(high_) - std::log(low_)) * rng.uniform());
  }
  return {};
}

std::vector<ParamMap> parameter_sampler(const std::vector<ParamDistributions>& distributions,
                                        Index n_iter, std::optional<std::int64_t> random_state) {
  if (distributions.empty()) throw InvalidParameter("parameter distributions must not be empty.");
  if (n_iter < 1) throw InvalidParameter("n_iter must be at least 1.");
  Rng rng(random_state ? static_cast<std::uint64_t>(*random_state) : std::random_device{}());
  const bool all_lists = std::all_of(distributions.begin(), distributions.end(), [](const auto& d) {
    return std::all_of(d.begin(), d.end(), [](const auto& kv) { return kv.second.is_choice(); });
  });
  std::vector<ParamMap> out;
  if (all_lists) {
    // Distinct grid points without replacement, as scikit-learn does for lists only.
    std::vector<ParamGrid> grids;
    for (const auto& d : distributions) {
      ParamGrid g;
      for (const auto& [k, v] : d) g.emplace(k, v.values());
      grids.push_back(std::move(g));
    }
    auto grid = parameter_grid(grids);
    std::vector<std::size_t> order(grid.size());
    std::iota(order.begin(), order.end(), 0);
    const std::size_t n = std::min<std::size_t>(grid.size(), static_cast<std::size_t>(n_iter));
    for (std::size_t i = 0; i < n; ++i) {
      std::swap(order[i], order[i + rng.below(order.size() - i)]);
      out.push_back(grid[order[i]]);
    }
    return out;
  }
  for (Index i = 0; i < n_iter; ++i) {
    const auto& d = distributions[rng.below(distributions.size())];
    ParamMap p;
    for (const auto& [k, dist] : d) p.emplace(k, dist.sample(rng));
    out.push_back(std::move(p));
  }
  return out;
}

// ---------------------------------------------------------------- results table

Index ResultsTable::rows() const {
  return values_.empty() ? static_cast<Index>(params_.size())
                         : static_cast<Index>(values_.front().size());
}

bool ResultsTable::has(std::string_view column) const {
  return std::find(names_.begin(), names_.end(), column) != names_.end();
}

const std::vector<ParamValue>& ResultsTable::column(std::string_view name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end())
    throw InvalidParameter("cv_results has no column '" + std::string(name) + "'.");
  return values_[static_cast<std::size_t>(it - names_.begin())];
}

std::vector<double> ResultsTable::numbers(std::string_view name) const {
  std::vector<double> out;
  for (const auto& v : column(name)) out.push_back(v.is_number() ? v.as_double() : std::nan(""));
  return out;
}

void ResultsTable::add(std::string name, std::vector<ParamValue> values) {
  names_.push_back(std::move(name));
  values_.push_back(std::move(values));
}

namespace {

json value_json(const ParamValue& v) {
  if (v.is_none()) return nullptr;
  if (v.is_bool()) return v.as_bool();
  if (v.is_int()) return v.as_int();
  if (v.is_double()) return std::isfinite(v.as_double()) ? json(v.as_double()) : json(nullptr);
  if (v.is_string()) return v.as_string();
  json a = json::array();
  for (const auto& e : v.as_list()) a.push_back(value_json(e));
  return a;
}

json params_json(const ParamMap& p) {
  json o = json::object();
  for (const auto& [k, v] : p) o[k] = value_json(v);
  return o;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string csv_value(const ParamValue& v) {
  if (v.is_none()) return "";
  if (v.is_string()) return v.as_string();
  if (v.is_double()) {
    if (std::isnan(v.as_double())) return "";
    std::ostringstream s;
    s.precision(17);
    s << v.as_double();
    return s.str();
  }
  return value_json(v).dump();
}

}  // namespace

std::string ResultsTable::to_json() const {
  json o = json::object();
  for (std::size_t c = 0; c < names_.size(); ++c) {
    json a = json::array();
    for (const auto& v : values_[c]) a.push_back(value_json(v));
    o[names_[c]] = std::move(a);
  }
  json p = json::array();
  for (const auto& m : params_) p.push_back(params_json(m));
  o["params"] = std::move(p);
  return o.dump();
}

std::string ResultsTable::to_csv() const {
  std::string out;
  auto cell = [&out](bool first, const std::string& text) {
    if (!first) out += ',';
    out += csv_field(text);
  };
  for (std::size_t c = 0; c < names_.size(); ++c) cell(c == 0, names_[c]);
  cell(names_.empty(), "params");
  out += '\n';
  for (Index r = 0; r < rows(); ++r) {
    const auto row = static_cast<std::size_t>(r);
    for (std::size_t c = 0; c < names_.size(); ++c) cell(c == 0, csv_value(values_[c][row]));
    cell(names_.empty(), row < params_.size() ? params_json(params_[row]).dump() : "{}");
    out += '\n';
  }
  return out;
}

// ---------------------------------------------------------------- the search

struct SearchCV::Fitted {
  ResultsTable results;
  Index best_index = 0;
  ParamMap best_params;
  double best_score = std::nan("");
  std::unique_ptr<Estimator> best_estimator;
  double refit_time = 0;
  std::vector<std::string> fit_errors;
  Index n_splits = 0;
  std::string refit_name;
  const metrics::Scorer* refit_scorer = nullptr;
};

SearchCV::SearchCV(const Estimator& estimator, const Splitter& cv, SearchOptions options)
    : estimator_(estimator.clone()), cv_(cv.clone()), options_(std::move(options)) {}

SearchCV::~SearchCV() = default;

namespace {

// scipy.stats.rankdata(-means, method="min"), with NaN ranked after every number, as
// scikit-learn's _format_results does.
std::vector<ParamValue> rank_min(const std::vector<double>& means) {
  std::vector<ParamValue> ranks(means.size());
  for (std::size_t i = 0; i < means.size(); ++i) {
    std::int64_t better = 0;
    for (std::size_t j = 0; j < means.size(); ++j) {
      const bool nan_i = std::isnan(means[i]), nan_j = std::isnan(means[j]);
      if (nan_i ? !nan_j : (!nan_j && means[j] > means[i])) ++better;
    }
    ranks[i] = better + 1;
  }
  return ranks;
}

std::vector<ParamValue> as_values(const std::vector<double>& v) { return {v.begin(), v.end()}; }

}  // namespace

SearchCV& SearchCV::fit(MatrixView X, VectorView y) {
  const CvOptions& cvo = options_.cv;
  detail::check_cv_input(*estimator_, X, y, cvo);
  const auto scorers = detail::resolve_scorers(cvo.scoring);
  std::string refit_name = scorers.front().name;
  if (scorers.size() > 1) {
    if (options_.refit_scorer.empty())
      throw InvalidParameter(
          "For multi-metric scoring, refit_scorer must name the scorer that picks the best "
          "candidate.");
    if (std::none_of(scorers.begin(), scorers.end(),
                     [&](const auto& s) { return s.name == options_.refit_scorer; }))
      throw InvalidParameter("refit_scorer '" + options_.refit_scorer +
                             "' is not among the scorers.");
    refit_name = options_.refit_scorer;
  } else if (!options_.refit_scorer.empty() && options_.refit_scorer != refit_name) {
    throw InvalidParameter("refit_scorer '" + options_.refit_scorer +
                           "' is not among the scorers.");
  }
  const std::size_t refit_k =
      static_cast<std::size_t>(std::find_if(scorers.begin(), scorers.end(),
                                            [&](const auto& s) { return s.name == refit_name; }) -
                               scorers.begin());

  // Everything evaluated, round after round.
  std::vector<ParamMap> all_params;
  std::vector<std::vector<detail::FitResult>> all_results;  // candidate → split results
  std::vector<std::vector<std::pair<std::string, std::int64_t>>> all_extra;
  std::vector<std::string> errors;
  Index n_splits = 0;
  Index total_fits = 0, failed_fits = 0;

  struct Eval final : Evaluator {
    std::function<std::vector<double>(Round)> fn;
    std::vector<double> operator()(Round round) override { return fn(std::move(round)); }
  } evaluate;
  evaluate.fn = [&](Round round) {
    for (const auto& p : round.candidates) estimator_->clone()->set_params(p);  // fail early
    n_splits = static_cast<Index>(round.splits.size());
    if (n_splits == 0) throw InvalidParameter("the splitter produced no splits.");
    std::vector<detail::FitTask> tasks;
    for (const auto& p : round.candidates)
      for (const auto& s : round.splits)
        tasks.push_back({&p, &s.train, &s.test, cvo.return_train_score});
    auto results =
        detail::run_tasks(*estimator_, X, y, tasks, scorers, cvo, !options_.raise_on_error);
    std::vector<double> means;
    for (std::size_t c = 0; c < round.candidates.size(); ++c) {
      std::vector<detail::FitResult> rs(
          results.begin() + static_cast<std::ptrdiff_t>(c * round.splits.size()),
          results.begin() + static_cast<std::ptrdiff_t>((c + 1) * round.splits.size()));
      std::vector<double> test;
      for (std::size_t k = 0; k < rs.size(); ++k) {
        ++total_fits;
        if (rs[k].error) {
          ++failed_fits;
          errors.push_back("candidate " + std::to_string(all_params.size()) + ", split " +
                           std::to_string(k) + ": " + rs[k].error_message);
        }
        test.push_back(rs[k].test_scores[refit_k]);
      }
      means.push_back(detail::mean_of(test));
      all_params.push_back(round.candidates[c]);
      all_results.push_back(std::move(rs));
      all_extra.push_back(round.extra);
    }
    return means;
  };
  run_search(evaluate, X, y);
  if (all_params.empty()) throw InvalidParameter("the search has no candidates.");
  if (failed_fits == total_fits)
    throw InvalidInput("All the " + std::to_string(total_fits) +
                       " fits failed. The first error: " + errors.front());

  // cv_results_ in scikit-learn's column order.
  auto fitted = std::make_shared<Fitted>();
  ResultsTable& t = fitted->results;
  for (const auto& [name, v] : all_extra.front()) {
    std::vector<ParamValue> col;
    for (const auto& e : all_extra)
      for (const auto& [k, val] : e)
        if (k == name) col.emplace_back(val);
    t.add(name, std::move(col));
  }
  auto per_split = [&](auto get) {
    std::vector<double> mean, sd;
    for (const auto& rs : all_results) {
      std::vector<double> v;
      for (const auto& r : rs) v.push_back(get(r));
      mean.push_back(detail::mean_of(v));
      sd.push_back(detail::std_of(v));
    }
    return std::pair{mean, sd};
  };
  {
    auto [mf, sf] = per_split([](const detail::FitResult& r) { return r.fit_time; });
    auto [ms, ss] = per_split([](const detail::FitResult& r) { return r.score_time; });
    t.add("mean_fit_time", as_values(mf));
    t.add("std_fit_time", as_values(sf));
    t.add("mean_score_time", as_values(ms));
    t.add("std_score_time", as_values(ss));
  }
  std::vector<std::string> param_names;
  for (const auto& p : all_params)
    for (const auto& [k, v] : p)
      if (std::find(param_names.begin(), param_names.end(), k) == param_names.end())
        param_names.push_back(k);
  for (const auto& name : param_names) {
    std::vector<ParamValue> col;
    for (const auto& p : all_params) {
      auto it = p.find(name);
      col.push_back(it == p.end() ? ParamValue() : it->second);
    }
    t.add("param_" + name, std::move(col));
  }
  t.set_params(all_params);
  const std::size_t max_splits = static_cast<std::size_t>(n_splits);
  for (std::size_t k = 0; k < scorers.size(); ++k) {
    for (const bool train : {false, true}) {
      if (train && !cvo.return_train_score) continue;
      const std::string which = (train ? "train_" : "test_") + scorers[k].name;
      // Halving rounds may use different numbers of splits; a missing split is NaN.
      for (std::size_t s = 0; s < max_splits; ++s) {
        std::vector<ParamValue> col;
        for (const auto& rs : all_results)
          col.emplace_back(s < rs.size() ? (train ? rs[s].train_scores[k] : rs[s].test_scores[k])
                                         : std::nan(""));
        t.add("split" + std::to_string(s) + "_" + which, std::move(col));
      }
      auto [mean, sd] = per_split(
          [&](const detail::FitResult& r) { return train ? r.train_scores[k] : r.test_scores[k]; });
      t.add("mean_" + which, as_values(mean));
      t.add("std_" + which, as_values(sd));
      if (!train) t.add("rank_" + which, rank_min(mean));
    }
  }
  fitted->best_index = select_best(t, refit_name);
  fitted->best_params = all_params[static_cast<std::size_t>(fitted->best_index)];
  fitted->best_score =
      t.numbers("mean_test_" + refit_name)[static_cast<std::size_t>(fitted->best_index)];
  fitted->fit_errors = std::move(errors);
  fitted->n_splits = n_splits;
  fitted->refit_name = refit_name;
  fitted->refit_scorer = scorers[refit_k].scorer;
  if (options_.refit) {
    auto best = estimator_->clone();
    best->set_params(fitted->best_params);
    FitOptions fo;
    fo.sample_weight = cvo.sample_weight;
    fo.cancel = cvo.cancel;
    fo.feature_names = cvo.feature_names;
    const auto t0 = std::chrono::steady_clock::now();
    if (y.size() > 0)
      best->fit(X, y, fo);
    else
      best->fit(X, fo);
    fitted->refit_time =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fitted->best_estimator = std::move(best);
  }
  fitted_ = std::move(fitted);
  return *this;
}

Index SearchCV::select_best(const ResultsTable& results, const std::string& refit_name) const {
  const auto& ranks = results.column("rank_test_" + refit_name);
  for (std::size_t i = 0; i < ranks.size(); ++i)
    if (ranks[i].as_int() == 1) return static_cast<Index>(i);
  return 0;
}

namespace {
[[noreturn]] void not_fitted() {
  throw NotFitted(
      "This search instance is not fitted yet. Call 'fit' with appropriate arguments before "
      "using this estimator.");
}
}  // namespace

const ResultsTable& SearchCV::cv_results() const {
  if (!fitted_) not_fitted();
  return fitted_->results;
}
Index SearchCV::best_index() const {
  if (!fitted_) not_fitted();
  return fitted_->best_index;
}
const ParamMap& SearchCV::best_params() const {
  if (!fitted_) not_fitted();
  return fitted_->best_params;
}
double SearchCV::best_score() const {
  if (!fitted_) not_fitted();
  return fitted_->best_score;
}
const Estimator& SearchCV::best_estimator() const {
  if (!fitted_) not_fitted();
  if (!fitted_->best_estimator)
    throw NotFitted("This search was run with refit off: it has no best_estimator.");
  return *fitted_->best_estimator;
}
double SearchCV::refit_time() const {
  if (!fitted_) not_fitted();
  return fitted_->refit_time;
}
const std::vector<std::string>& SearchCV::fit_errors() const {
  if (!fitted_) not_fitted();
  return fitted_->fit_errors;
}
Index SearchCV::n_splits() const {
  if (!fitted_) not_fitted();
  return fitted_->n_splits;
}

double SearchCV::score(MatrixView X, VectorView y) const {
  const Estimator& best = best_estimator();
  return fitted_->refit_scorer ? (*fitted_->refit_scorer)(best, X, y) : best.score(X, y);
}

GridSearchCV::GridSearchCV(const Estimator& estimator, std::vector<ParamGrid> grids,
                           const Splitter& cv, SearchOptions options)
    : SearchCV(estimator, cv, std::move(options)), grids_(std::move(grids)) {}

void GridSearchCV::run_search(Evaluator& evaluate, MatrixView X, VectorView y) {
  evaluate({parameter_grid(grids_), splitter().split(X.rows(), y, options().cv.groups), {}});
}

RandomizedSearchCV::RandomizedSearchCV(const Estimator& estimator,
                                       std::vector<ParamDistributions> distributions, Index n_iter,
                                       const Splitter& cv, SearchOptions options,
                                       std::optional<std::int64_t> random_state)
    : SearchCV(estimator, cv, std::move(options)),
      distributions_(std::move(distributions)),
      n_iter_(n_iter),
      random_state_(random_state) {}

void RandomizedSearchCV::run_search(Evaluator& evaluate, MatrixView X, VectorView y) {
  evaluate({parameter_sampler(distributions_, n_iter_, random_state_),
            splitter().split(X.rows(), y, options().cv.groups),
            {}});
}

// ---------------------------------------------------------------- successive halving

HalvingSearchCV::HalvingSearchCV(const Estimator& estimator, const Splitter& cv,
                                 SearchOptions options, HalvingOptions halving)
    : SearchCV(estimator, cv, std::move(options)), halving_(std::move(halving)) {}

void HalvingSearchCV::run_search(Evaluator& evaluate, MatrixView X, VectorView y) {
  const HalvingOptions& h = halving_;
  if (!(h.factor > 1)) throw InvalidParameter("factor must be greater than 1.");
  const Index n_samples = X.rows();
  HalvingInfo info;
  // scikit-learn's rule for "smallest": two samples per split (per split and class for
  // classifiers).
  Index min_resources = 0;
  if (h.min_resources == "exhaust" || h.min_resources == "smallest") {
    min_resources = splitter().n_splits() * 2;
    if (estimator().tags().kind == Tags::Kind::Classifier && y.size() > 0) {
      std::set<double> classes(y.data(), y.data() + y.size());
      min_resources *= static_cast<Index>(classes.size());
    }
  } else {
    char* end = nullptr;
    const long long v = std::strtoll(h.min_resources.c_str(), &end, 10);
    if (end == h.min_resources.c_str() || *end != '\0' || v < 1)
      throw InvalidParameter(
          "min_resources must be 'exhaust', 'smallest' or a positive number of samples; got '" +
          h.min_resources + "'.");
    min_resources = static_cast<Index>(v);
  }
  const Index max_resources = h.max_resources.value_or(n_samples);
  if (max_resources < 1 || max_resources > n_samples)
    throw InvalidParameter("max_resources must be within [1, n_samples].");
  if (min_resources > max_resources)
    throw InvalidParameter("min_resources_=" + std::to_string(min_resources) +
                           " is greater than max_resources_=" + std::to_string(max_resources) +
                           ".");
  std::vector<ParamMap> cands = candidates(min_resources, max_resources);
  if (cands.empty()) throw InvalidParameter("the search has no candidates.");
  const auto log_factor = [&](double v) {
    // floor(log(v, factor)), guarded against rounding just below an integer.
    double r = std::floor(std::log(v) / std::log(h.factor) + 1e-12);
    return static_cast<Index>(r);
  };
  const Index n_required = 1 + log_factor(static_cast<double>(cands.size()));
  if (h.min_resources == "exhaust")
    min_resources = std::max(
        min_resources, static_cast<Index>(static_cast<double>(max_resources) /
                                          std::pow(h.factor, static_cast<double>(n_required - 1))));
  const Index n_possible = 1 + log_factor(static_cast<double>(max_resources / min_resources));
  const Index n_iterations =
      h.aggressive_elimination ? n_required : std::min(n_possible, n_required);
  const auto base_splits = splitter().split(n_samples, y, options().cv.groups);
  const std::uint64_t seed =
      h.random_state ? static_cast<std::uint64_t>(*h.random_state) : std::random_device{}();
  for (Index itr = 0; itr < n_iterations; ++itr) {
    Index power = itr;
    if (h.aggressive_elimination) power = std::max<Index>(0, itr - n_required + n_possible);
    Index n_res = static_cast<Index>(std::pow(h.factor, static_cast<double>(power)) *
                                     static_cast<double>(min_resources));
    n_res = std::min(n_res, max_resources);
    info.n_resources.push_back(n_res);
    info.n_candidates.push_back(static_cast<Index>(cands.size()));
    // Subsample each split's train and test rows to the round's fraction of the samples; the
    // same seed every round, so the subsets grow as prefixes of one permutation.
    const double fraction = static_cast<double>(n_res) / static_cast<double>(n_samples);
    std::vector<Split> splits;
    for (std::size_t k = 0; k < base_splits.size(); ++k) {
      Rng rng(seed, k);
      Split s = base_splits[k];
      for (auto* part : {&s.train, &s.test}) {
        std::shuffle(part->begin(), part->end(), rng);
        part->resize(static_cast<std::size_t>(fraction * static_cast<double>(part->size())));
        if (part->empty())
          throw InvalidParameter("round " + std::to_string(itr) + " leaves a split with no rows;" +
                                 " raise min_resources.");
      }
      splits.push_back(std::move(s));
    }
    const std::vector<double> means =
        evaluate({cands, std::move(splits), {{"iter", itr}, {"n_resources", n_res}}});
    // Keep the best ceil(n / factor); NaN scores count as the worst.
    const std::size_t keep =
        static_cast<std::size_t>(std::ceil(static_cast<double>(cands.size()) / h.factor));
    std::vector<std::size_t> order(cands.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const bool na = std::isnan(means[a]), nb = std::isnan(means[b]);
      if (na != nb) return nb;
      return !na && means[a] > means[b];
    });
    std::vector<ParamMap> next;
    for (std::size_t i = 0; i < keep && i < order.size(); ++i) next.push_back(cands[order[i]]);
    cands = std::move(next);
  }
  info.n_iterations = n_iterations;
  info.n_possible_iterations = n_possible;
  info.n_required_iterations = n_required;
  info.min_resources = min_resources;
  info.max_resources = max_resources;
  info.n_remaining_candidates = static_cast<Index>(cands.size());
  info_ = std::move(info);
}

Index HalvingSearchCV::select_best(const ResultsTable& results,
                                   const std::string& refit_name) const {
  // The best of the last round, as scikit-learn's _select_best_index for halving.
  const auto iters = results.column("iter");
  const auto means = results.numbers("mean_test_" + refit_name);
  std::int64_t last = 0;
  for (const auto& v : iters) last = std::max(last, v.as_int());
  Index best = -1;
  for (std::size_t i = 0; i < means.size(); ++i) {
    if (iters[i].as_int() != last) continue;
    if (best < 0) best = static_cast<Index>(i);
    if (!std::isnan(means[i]) && (std::isnan(means[static_cast<std::size_t>(best)]) ||
                                  means[i] > means[static_cast<std::size_t>(best)]))
      best = static_cast<Index>(i);
  }
  return best;
}

HalvingGridSearchCV::HalvingGridSearchCV(const Estimator& estimator, std::vector<ParamGrid> grids,
                                         const Splitter& cv, SearchOptions options,
                                         HalvingOptions halving)
    : HalvingSearchCV(estimator, cv, std::move(options), std::move(halving)),
      grids_(std::move(grids)) {}

std::vector<ParamMap> HalvingGridSearchCV::candidates(Index, Index) const {
  return parameter_grid(grids_);
}

HalvingRandomSearchCV::HalvingRandomSearchCV(const Estimator& estimator,
                                             std::vector<ParamDistributions> distributions,
                                             const Splitter& cv, std::optional<Index> n_candidates,
                                             SearchOptions options, HalvingOptions halving)
    : HalvingSearchCV(estimator, cv, std::move(options), std::move(halving)),
      distributions_(std::move(distributions)),
      n_candidates_(n_candidates) {
  if (!n_candidates_ && this->halving().min_resources == "exhaust")
    throw InvalidParameter("n_candidates and min_resources cannot be both set to 'exhaust'.");
}

std::vector<ParamMap> HalvingRandomSearchCV::candidates(Index min_resources,
                                                        Index max_resources) const {
  const Index n = n_candidates_.value_or(std::max<Index>(1, max_resources / min_resources));
  return parameter_sampler(distributions_, n, halving().random_state);
}

}  // namespace mlkit::model_selection

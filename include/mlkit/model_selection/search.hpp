#pragma once
/// @file search.hpp
/// @brief Hyperparameter search by cross-validation: GridSearchCV, RandomizedSearchCV and
/// successive halving (HalvingGridSearchCV, HalvingRandomSearchCV), as scikit-learn's.
///
/// Every (candidate, split) fit runs as its own task on oneTBB and writes its own slot, so
/// cv_results (scores, ranks, best candidate) are identical for any number of threads; only the
/// timing columns differ from run to run.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mlkit/core/estimator.hpp"
#include "mlkit/core/random.hpp"
#include "mlkit/model_selection/split.hpp"
#include "mlkit/model_selection/validation.hpp"

namespace mlkit::model_selection {

/// @brief One grid: parameter name (`step__param` for composites) → values to try.
using ParamGrid = std::map<std::string, std::vector<ParamValue>, std::less<>>;

/// @brief Every candidate of the grids, in scikit-learn's ParameterGrid order: grid after grid;
/// within a grid the names sorted and the last name varying fastest.
/// @throws InvalidParameter for an empty list of values.
std::vector<ParamMap> parameter_grid(const std::vector<ParamGrid>& grids);

/// @brief Where RandomizedSearchCV draws one parameter from.
class Distribution {
 public:
  /// One of the values, each equally likely.
  static Distribution choice(std::vector<ParamValue> values);
  /// An integer in [low, high), each equally likely (scipy.stats.randint(low, high)).
  static Distribution int_range(std::int64_t low, std::int64_t high);
  /// A float uniform in [low, high] (scipy.stats.uniform(low, high - low)).
  static Distribution uniform(double low, double high);
  /// A float whose logarithm is uniform in [log low, log high] (scipy.stats.loguniform).
  static Distribution log_uniform(double low, double high);

  ParamValue sample(Rng& rng) const;
  /// Whether this is a list of values (choice).
  bool is_choice() const { return kind_ == Kind::Choice; }
  const std::vector<ParamValue>& values() const { return values_; }

 private:
  enum class Kind { Choice, IntRange, Uniform, LogUniform };
  Kind kind_ = Kind::Choice;
  std::vector<ParamValue> values_;
  double low_ = 0, high_ = 0;
};

/// @brief Parameter name → distribution.
using ParamDistributions = std::map<std::string, Distribution, std::less<>>;

/// @brief n_iter candidates drawn as scikit-learn's ParameterSampler: when every distribution is
/// a list, distinct grid points drawn without replacement (at most the grid's size); otherwise
/// each candidate picks one of the dicts, then draws each name in sorted order.
std::vector<ParamMap> parameter_sampler(const std::vector<ParamDistributions>& distributions,
                                        Index n_iter, std::optional<std::int64_t> random_state);

/// @brief cv_results_: named columns of equal length, one row per candidate, in scikit-learn's
/// column order. Times and scores are floats, ranks and iterations ints, parameter columns hold
/// the candidates' values (None where a candidate does not set that parameter).
class ResultsTable {
 public:
  const std::vector<std::string>& columns() const { return names_; }
  Index rows() const;
  bool has(std::string_view column) const;
  /// @throws InvalidParameter for an unknown column.
  const std::vector<ParamValue>& column(std::string_view name) const;
  /// A numeric column as doubles.
  std::vector<double> numbers(std::string_view name) const;
  /// The parameters of each candidate (scikit-learn's "params" column).
  const std::vector<ParamMap>& params() const { return params_; }

  /// The table as JSON text: an object of column name → array, plus "params".
  std::string to_json() const;
  /// The table as CSV text, "params" as a JSON object per row.
  std::string to_csv() const;

  void add(std::string name, std::vector<ParamValue> values);
  void set_params(std::vector<ParamMap> params) { params_ = std::move(params); }

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<ParamValue>> values_;
  std::vector<ParamMap> params_;
};

/// @brief Options of every search.
struct SearchOptions {
  /// Scorers, threads, groups, sample weights (to every fit), progress and cancellation.
  CvOptions cv;
  /// Refit the best candidate on the whole data, so that predict and friends work.
  bool refit = true;
  /// With several scorers: the one that picks the best candidate (required then).
  std::string refit_scorer;
  /// Rethrow the first failing fit instead of scoring it NaN (scikit-learn's error_score).
  bool raise_on_error = false;
};

/// @brief The base of every search: fit runs the candidates, then refits the best.
class SearchCV {
 public:
  virtual ~SearchCV();
  SearchCV(const SearchCV&) = delete;
  SearchCV& operator=(const SearchCV&) = delete;

  /// @brief Run the search on X and y (y empty for unsupervised estimators).
  SearchCV& fit(MatrixView X, VectorView y);

  const ResultsTable& cv_results() const;
  Index best_index() const;
  const ParamMap& best_params() const;
  /// Mean cross-validated score of the best candidate (for the refit scorer).
  double best_score() const;
  /// The best candidate refitted on the whole data; NotFitted when refit is off.
  const Estimator& best_estimator() const;
  double refit_time() const;
  /// Messages of the fits that failed (scored NaN), "candidate i, split k: message".
  const std::vector<std::string>& fit_errors() const;
  Index n_splits() const;

  Vector predict(MatrixView X) const { return best_estimator().predict(X); }
  Matrix predict_proba(MatrixView X) const { return best_estimator().predict_proba(X); }
  Matrix decision_function(MatrixView X) const { return best_estimator().decision_function(X); }
  Matrix transform(MatrixView X) const { return best_estimator().transform(X); }
  /// The refit scorer on X and y (the estimator's own score when no scorer was named).
  double score(MatrixView X, VectorView y) const;

 protected:
  SearchCV(const Estimator& estimator, const Splitter& cv, SearchOptions options);

  /// One round of candidates on the given splits; extra int columns (halving's "iter",
  /// "n_resources") go first in cv_results. Returns each candidate's mean test score of the
  /// refit scorer.
  struct Round {
    std::vector<ParamMap> candidates;
    std::vector<Split> splits;
    std::vector<std::pair<std::string, std::int64_t>> extra;
  };
  class Evaluator {
   public:
    virtual ~Evaluator() = default;
    virtual std::vector<double> operator()(Round round) = 0;
  };
  /// Generate candidates and call evaluate once (grid, random) or per round (halving).
  virtual void run_search(Evaluator& evaluate, MatrixView X, VectorView y) = 0;
  /// The best row of cv_results; the default is the first of rank 1.
  virtual Index select_best(const ResultsTable& results, const std::string& refit_name) const;

  const Estimator& estimator() const { return *estimator_; }
  const Splitter& splitter() const { return *cv_; }
  const SearchOptions& options() const { return options_; }

 private:
  std::unique_ptr<Estimator> estimator_;
  std::unique_ptr<Splitter> cv_;
  SearchOptions options_;
  struct Fitted;
  std::shared_ptr<const Fitted> fitted_;
};

/// @brief Every candidate of a grid (or a list of grids).
class GridSearchCV final : public SearchCV {
 public:
  GridSearchCV(const Estimator& estimator, std::vector<ParamGrid> grids, const Splitter& cv,
               SearchOptions options = {});

 protected:
  void run_search(Evaluator& evaluate, MatrixView X, VectorView y) override;

 private:
  std::vector<ParamGrid> grids_;
};

/// @brief n_iter candidates drawn from distributions.
class RandomizedSearchCV final : public SearchCV {
 public:
  RandomizedSearchCV(const Estimator& estimator, std::vector<ParamDistributions> distributions,
                     Index n_iter, const Splitter& cv, SearchOptions options = {},
                     std::optional<std::int64_t> random_state = std::nullopt);

 protected:
  void run_search(Evaluator& evaluate, MatrixView X, VectorView y) override;

 private:
  std::vector<ParamDistributions> distributions_;
  Index n_iter_;
  std::optional<std::int64_t> random_state_;
};

/// @brief Successive-halving settings (Jamieson & Talwalkar, "Non-stochastic best arm
/// identification and hyperparameter optimization", 2016), with scikit-learn's meaning: the
/// resource is the number of training samples; each round keeps the best 1/factor of the
/// candidates and multiplies the samples by factor.
struct HalvingOptions {
  double factor = 3;
  /// "exhaust", "smallest", or a number of samples (as a string, e.g. "40").
  std::string min_resources = "exhaust";
  /// Samples of the last round; None for all of them.
  std::optional<Index> max_resources;
  /// Keep eliminating at the smallest size until few enough candidates are left.
  bool aggressive_elimination = false;
  /// Seed of the subsampling of each round's splits.
  std::optional<std::int64_t> random_state;
};

/// @brief What successive halving did, round by round.
struct HalvingInfo {
  std::vector<Index> n_resources, n_candidates;
  Index n_iterations = 0, n_possible_iterations = 0, n_required_iterations = 0;
  Index min_resources = 0, max_resources = 0, n_remaining_candidates = 0;
};

/// @brief Successive halving over a grid's candidates (or sampled ones, see
/// HalvingRandomSearchCV). The best candidate is the best of the last round.
class HalvingSearchCV : public SearchCV {
 public:
  const HalvingInfo& halving_info() const { return info_; }

 protected:
  HalvingSearchCV(const Estimator& estimator, const Splitter& cv, SearchOptions options,
                  HalvingOptions halving);
  virtual std::vector<ParamMap> candidates(Index min_resources, Index max_resources) const = 0;
  void run_search(Evaluator& evaluate, MatrixView X, VectorView y) override;
  Index select_best(const ResultsTable& results, const std::string& refit_name) const override;
  const HalvingOptions& halving() const { return halving_; }

 private:
  HalvingOptions halving_;
  HalvingInfo info_;
};

/// @brief Successive halving over every candidate of a grid.
class HalvingGridSearchCV final : public HalvingSearchCV {
 public:
  HalvingGridSearchCV(const Estimator& estimator, std::vector<ParamGrid> grids, const Splitter& cv,
                      SearchOptions options = {}, HalvingOptions halving = {});

 protected:
  std::vector<ParamMap> candidates(Index, Index) const override;

 private:
  std::vector<ParamGrid> grids_;
};

/// @brief Successive halving over sampled candidates; n_candidates None means "exhaust" (as many
/// as make the last round use max_resources).
class HalvingRandomSearchCV final : public HalvingSearchCV {
 public:
  HalvingRandomSearchCV(const Estimator& estimator, std::vector<ParamDistributions> distributions,
                        const Splitter& cv, std::optional<Index> n_candidates = std::nullopt,
                        SearchOptions options = {}, HalvingOptions halving = {});

 protected:
  std::vector<ParamMap> candidates(Index min_resources, Index max_resources) const override;

 private:
  std::vector<ParamDistributions> distributions_;
  std::optional<Index> n_candidates_;
};

}  // namespace mlkit::model_selection

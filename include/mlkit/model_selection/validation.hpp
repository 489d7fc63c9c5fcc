#pragma once
/// @file validation.hpp
/// @brief Model evaluation by cross-validation, as scikit-learn's cross_validate,
/// cross_val_score, cross_val_predict, validation_curve and learning_curve.
///
/// Every function fits clones of the estimator (the estimator passed in is never modified), one
/// per split, in parallel on oneTBB; each split's result goes to its own slot, so the results are
/// identical for any number of threads.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mlkit/core/estimator.hpp"
#include "mlkit/model_selection/split.hpp"

namespace mlkit::model_selection {

/// @brief Options shared by the evaluation and search functions.
struct CvOptions {
  /// Scorer names (mlkit::metrics::get_scorer); empty means the estimator's own score, reported
  /// under the name "score".
  std::vector<std::string> scoring;
  /// Also score each fitted clone on its training rows.
  bool return_train_score = false;
  /// Threads: None for the process default, -1 for every core.
  std::optional<int> n_jobs;
  /// Group labels, for splitters that use them (GroupKFold).
  Vector groups;
  /// Per-sample weights; the training rows' weights go to each fit (scoring is unweighted, as
  /// scikit-learn's is unless a scorer asks for weights).
  Vector sample_weight;
  /// Names of X's columns, passed to each fit (for ColumnTransformer's by-name columns).
  std::vector<std::string> feature_names;
  /// Called with the fraction of fits done, from the calling thread or a worker (serialised).
  std::function<void(double fraction)> progress;
  /// When set to true from another thread, stops before the next fit with Cancelled.
  const std::atomic<bool>* cancel = nullptr;
};

/// @brief Results of cross_validate, one entry per split.
struct CvResults {
  std::vector<double> fit_time;    ///< seconds
  std::vector<double> score_time;  ///< seconds
  /// Test scores by scorer name ("score" for the estimator's own score).
  std::map<std::string, std::vector<double>> test_scores;
  /// Training scores by scorer name; empty unless return_train_score.
  std::map<std::string, std::vector<double>> train_scores;
};

/// @brief The splitter scikit-learn's `cv=<int>` means: StratifiedKFold for classifiers, KFold
/// otherwise, without shuffling.
std::unique_ptr<Splitter> check_cv(Index n_splits, const Estimator& estimator);

/// @brief Fit and score a clone of @p estimator on every split of @p cv.
/// @param y Target; empty for unsupervised estimators.
/// @throws InvalidInput for bad data, InvalidParameter for an unknown scorer; the first error of
/// any split is rethrown.
CvResults cross_validate(const Estimator& estimator, MatrixView X, VectorView y, const Splitter& cv,
                         const CvOptions& options = {});

/// @brief The test scores of one scorer (the first of options.scoring, or the estimator's score).
std::vector<double> cross_val_score(const Estimator& estimator, MatrixView X, VectorView y,
                                    const Splitter& cv, const CvOptions& options = {});

/// @brief For each row, the output of a clone fitted on the splits where that row was in the
/// test part. @p cv must put every row in exactly one test part (a partition, as KFold does).
/// @param method "predict" (n × 1, or n × n_targets), "predict_proba", "decision_function" or
/// "transform".
Matrix cross_val_predict(const Estimator& estimator, MatrixView X, VectorView y, const Splitter& cv,
                         std::string_view method = "predict", const CvOptions& options = {});

/// @brief Train and test scores, one row per parameter value, one column per split.
struct CurveScores {
  Matrix train_scores;
  Matrix test_scores;
};

/// @brief Scores of @p estimator with @p param_name set to each of @p values.
CurveScores validation_curve(const Estimator& estimator, MatrixView X, VectorView y,
                             const std::string& param_name, const std::vector<ParamValue>& values,
                             const Splitter& cv, const CvOptions& options = {});

/// @brief Results of learning_curve: one row per training size, one column per split.
struct LearningCurve {
  std::vector<Index> train_sizes;  ///< absolute sizes actually used
  Matrix train_scores, test_scores, fit_times, score_times;
};

/// @brief Scores for growing subsets of each split's training rows (their first rows, or rows
/// in a shuffled order when @p shuffle), as scikit-learn's learning_curve.
/// @param train_sizes Fractions in (0, 1] or counts of each split's training rows
/// (SplitSize::fraction / SplitSize::count); duplicates after conversion are dropped.
LearningCurve learning_curve(const Estimator& estimator, MatrixView X, VectorView y,
                             const std::vector<SplitSize>& train_sizes, const Splitter& cv,
                             const CvOptions& options = {}, bool shuffle = false,
                             std::optional<std::int64_t> random_state = std::nullopt);

}  // namespace mlkit::model_selection

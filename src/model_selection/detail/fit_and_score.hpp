#pragma once
// The engine under cross-validation and the searches: fit a clone of an estimator with given
// parameters on a split's training rows and score it, for many (parameters, split) tasks in
// parallel. Each task writes only its own slot, so results do not depend on the thread count.

#include <exception>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"
#include "mlkit/metrics/scorers.hpp"
#include "mlkit/model_selection/validation.hpp"

namespace mlkit::model_selection::detail {

/// A named scorer; a null scorer means the estimator's own score.
struct NamedScorer {
  std::string name;
  const metrics::Scorer* scorer = nullptr;
  double operator()(const Estimator& est, MatrixView X, VectorView y) const;
};

/// options.scoring resolved; throws InvalidParameter for an unknown name or a duplicate.
std::vector<NamedScorer> resolve_scorers(const std::vector<std::string>& scoring);

struct FitTask {
  const ParamMap* params = nullptr;  ///< null: the estimator's own parameters
  const std::vector<Index>* train = nullptr;
  const std::vector<Index>* test = nullptr;
  bool score_train = false;
};

struct FitResult {
  double fit_time = 0, score_time = 0;
  std::vector<double> test_scores, train_scores;  ///< one per scorer
  std::exception_ptr error;                       ///< set when the fit or scoring threw
  std::string error_message;
};

/// Runs every task. With `keep_errors`, a failing task records its error and NaN scores;
/// otherwise the error of the lowest-numbered failing task is rethrown after all have run.
std::vector<FitResult> run_tasks(const Estimator& estimator, MatrixView X, VectorView y,
                                 const std::vector<FitTask>& tasks,
                                 const std::vector<NamedScorer>& scorers, const CvOptions& options,
                                 bool keep_errors);

/// Checks shared by the evaluation functions: X not empty, y the right length, weights and
/// groups the right length.
void check_cv_input(const Estimator& estimator, MatrixView X, VectorView y,
                    const CvOptions& options);

/// Mean and population standard deviation (numpy's std, ddof = 0).
double mean_of(const std::vector<double>& v);
double std_of(const std::vector<double>& v);

}  // namespace mlkit::model_selection::detail

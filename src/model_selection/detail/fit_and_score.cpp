#include "src/model_selection/detail/fit_and_score.hpp"

#include <tbb/parallel_for.h>

#include <chrono>
#include <cmath>
#include <mutex>
#include <set>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/validation.hpp"

namespace mlkit::model_selection::detail {

double NamedScorer::operator()(const Estimator& est, MatrixView X, VectorView y) const {
  return scorer ? (*scorer)(est, X, y) : est.score(X, y);
}

std::vector<NamedScorer> resolve_scorers(const std::vector<std::string>& scoring) {
  std::vector<NamedScorer> out;
  if (scoring.empty()) return {NamedScorer{"score", nullptr}};
  std::set<std::string> seen;
  for (const auto& name : scoring) {
    if (!seen.insert(name).second)
      throw InvalidParameter("scoring names '" + name + "' more than once.");
    out.push_back({name, &metrics::get_scorer(name)});
  }
  return out;
}

void check_cv_input(const Estimator& estimator, MatrixView X, VectorView y,
                    const CvOptions& options) {
  check_not_empty(X, std::string(estimator.class_name()));
  if (estimator.tags().requires_y) {
    if (y.size() == 0)
      throw InvalidInput(std::string(estimator.class_name()) +
                         " requires y to be passed, but the target y is None.");
  }
  if (y.size() > 0) check_consistent_length(X.rows(), y.size());
  if (options.sample_weight.size() > 0)
    check_consistent_length(X.rows(), options.sample_weight.size());
  if (options.groups.size() > 0) check_consistent_length(X.rows(), options.groups.size());
}

std::vector<FitResult> run_tasks(const Estimator& estimator, MatrixView X, VectorView y,
                                 const std::vector<FitTask>& tasks,
                                 const std::vector<NamedScorer>& scorers, const CvOptions& options,
                                 bool keep_errors) {
  using clock = std::chrono::steady_clock;
  std::vector<FitResult> results(tasks.size());
  std::mutex progress_mutex;
  std::size_t done = 0;
  const bool supervised = y.size() > 0;
  auto run_one = [&](std::size_t t) {
    const FitTask& task = tasks[t];
    FitResult& r = results[t];
    try {
      if (options.cancel && options.cancel->load())
        throw Cancelled("cross-validation was cancelled");
      auto est = estimator.clone();
      if (task.params) est->set_params(*task.params);
      const Matrix Xtr = take_rows(X, *task.train);
      const Vector ytr = supervised ? take(y, *task.train) : Vector();
      FitOptions fo;
      if (options.sample_weight.size() > 0)
        fo.sample_weight = take(options.sample_weight, *task.train);
      fo.cancel = options.cancel;
      fo.feature_names = options.feature_names;
      const auto t0 = clock::now();
      if (supervised)
        est->fit(Xtr, ytr, fo);
      else
        est->fit(Xtr, fo);
      const auto t1 = clock::now();
      const Matrix Xte = take_rows(X, *task.test);
      const Vector yte = supervised ? take(y, *task.test) : Vector();
      for (const auto& s : scorers) r.test_scores.push_back(s(*est, Xte, yte));
      const auto t2 = clock::now();
      if (task.score_train)
        for (const auto& s : scorers) r.train_scores.push_back(s(*est, Xtr, ytr));
      r.fit_time = std::chrono::duration<double>(t1 - t0).count();
      r.score_time = std::chrono::duration<double>(t2 - t1).count();
    } catch (const Cancelled&) {
      r.error = std::current_exception();
      r.error_message = "cancelled";
    } catch (const std::exception& e) {
      r.error = std::current_exception();
      r.error_message = e.what();
    }
    if (r.error) {
      r.test_scores.assign(scorers.size(), std::nan(""));
      if (task.score_train) r.train_scores.assign(scorers.size(), std::nan(""));
    }
    if (options.progress) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      ++done;
      options.progress(static_cast<double>(done) / static_cast<double>(tasks.size()));
    }
  };
  Context ctx(options.n_jobs);
  ctx.run(
      [&] { tbb::parallel_for(std::size_t{0}, tasks.size(), [&](std::size_t t) { run_one(t); }); });
  // Cancellation always stops the whole run; other errors only when not kept.
  for (const auto& r : results)
    if (r.error && r.error_message == "cancelled") std::rethrow_exception(r.error);
  if (!keep_errors)
    for (const auto& r : results)
      if (r.error) std::rethrow_exception(r.error);
  return results;
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? std::nan("") : s / static_cast<double>(v.size());
}

double std_of(const std::vector<double>& v) {
  const double m = mean_of(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return v.empty() ? std::nan("") : std::sqrt(s / static_cast<double>(v.size()));
}

}  // namespace mlkit::model_selection::detail

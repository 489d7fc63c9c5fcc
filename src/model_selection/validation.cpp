#include "mlkit/model_selection/validation.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>
#include <random>

#include <tbb/parallel_for.h>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/random.hpp"
#include "src/model_selection/detail/fit_and_score.hpp"

namespace mlkit::model_selection {

std::unique_ptr<Splitter> check_cv(Index n_splits, const Estimator& estimator) {
  if (estimator.tags().kind == Tags::Kind::Classifier)
    return std::make_unique<StratifiedKFold>(n_splits);
  return std::make_unique<KFold>(n_splits);
}

CvResults cross_validate(const Estimator& estimator, MatrixView X, VectorView y, const Splitter& cv,
                         const CvOptions& options) {
  detail::check_cv_input(estimator, X, y, options);
  const auto scorers = detail::resolve_scorers(options.scoring);
  const auto splits = cv.split(X.rows(), y, options.groups);
  std::vector<detail::FitTask> tasks;
  for (const auto& s : splits)
    tasks.push_back({nullptr, &s.train, &s.test, options.return_train_score});
  const auto results = detail::run_tasks(estimator, X, y, tasks, scorers, options, false);
  CvResults out;
  for (const auto& r : results) {
    out.fit_time.push_back(r.fit_time);
    out.score_time.push_back(r.score_time);
    for (std::size_t k = 0; k < scorers.size(); ++k) {
      out.test_scores[scorers[k].name].push_back(r.test_scores[k]);
      if (options.return_train_score)
        out.train_scores[scorers[k].name].push_back(r.train_scores[k]);
    }
  }
  return out;
}

std::vector<double> cross_val_score(const Estimator& estimator, MatrixView X, VectorView y,
                                    const Splitter& cv, const CvOptions& options) {
  CvOptions one = options;
  if (one.scoring.size() > 1) one.scoring.resize(1);
  one.return_train_score = false;
  auto r = cross_validate(estimator, X, y, cv, one);
  return std::move(r.test_scores.begin()->second);
}

Matrix cross_val_predict(const Estimator& estimator, MatrixView X, VectorView y, const Splitter& cv,
                         std::string_view method, const CvOptions& options) {
  detail::check_cv_input(estimator, X, y, options);
  const Tags& t = estimator.tags();
  const bool ok = (method == "predict" && t.has_predict) ||
                  (method == "predict_proba" && t.has_predict_proba) ||
                  (method == "decision_function" && t.has_decision_function) ||
                  (method == "transform" && t.has_transform);
  if (!ok)
    throw InvalidParameter(std::string(estimator.class_name()) + " has no method '" +
                           std::string(method) + "' for cross_val_predict.");
  const auto splits = cv.split(X.rows(), y, options.groups);
  std::vector<int> seen(static_cast<std::size_t>(X.rows()), 0);
  for (const auto& s : splits)
    for (Index i : s.test) ++seen[static_cast<std::size_t>(i)];
  if (std::any_of(seen.begin(), seen.end(), [](int c) { return c != 1; }))
    throw InvalidParameter(
        "cross_val_predict only works for partitions: every row must be in "
        "exactly one test part.");
  std::vector<Matrix> parts(splits.size());
  std::vector<std::exception_ptr> errors(splits.size());
  const bool supervised = y.size() > 0;
  // The same engine as cross_validate would add scoring; here each split's output is kept.
  Context ctx(options.n_jobs);
  std::size_t done = 0;
  std::mutex progress_mutex;
  ctx.run([&] {
    tbb::parallel_for(std::size_t{0}, splits.size(), [&](std::size_t k) {
      try {
        if (options.cancel && options.cancel->load())
          throw Cancelled("cross-validation was cancelled");
        auto est = estimator.clone();
        const Matrix Xtr = take_rows(X, splits[k].train);
        FitOptions fo;
        if (options.sample_weight.size() > 0)
          fo.sample_weight = take(options.sample_weight, splits[k].train);
        fo.cancel = options.cancel;
        fo.feature_names = options.feature_names;
        if (supervised)
          est->fit(Xtr, take(y, splits[k].train), fo);
        else
          est->fit(Xtr, fo);
        const Matrix Xte = take_rows(X, splits[k].test);
        parts[k] = method == "predict"             ? est->predict_multi(Xte)
                   : method == "predict_proba"     ? est->predict_proba(Xte)
                   : method == "decision_function" ? est->decision_function(Xte)
                                                   : est->transform(Xte);
      } catch (...) {
        errors[k] = std::current_exception();
      }
      if (options.progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        options.progress(static_cast<double>(++done) / static_cast<double>(splits.size()));
      }
    });
  });
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  const Index cols = parts.empty() ? 0 : parts[0].cols();
  for (const auto& p : parts)
    if (p.cols() != cols)
      throw InvalidInput("cross_val_predict: the folds' outputs have different widths (" +
                         std::to_string(cols) + " and " + std::to_string(p.cols()) +
                         "); with predict_proba every class must be in every training part.");
  Matrix out(X.rows(), cols);
  for (std::size_t k = 0; k < splits.size(); ++k)
    for (std::size_t i = 0; i < splits[k].test.size(); ++i)
      out.row(splits[k].test[i]) = parts[k].row(static_cast<Index>(i));
  return out;
}

CurveScores validation_curve(const Estimator& estimator, MatrixView X, VectorView y,
                             const std::string& param_name, const std::vector<ParamValue>& values,
                             const Splitter& cv, const CvOptions& options) {
  detail::check_cv_input(estimator, X, y, options);
  if (values.empty()) throw InvalidParameter("validation_curve needs at least one value.");
  std::vector<std::string> scoring = options.scoring;
  if (scoring.size() > 1) scoring.resize(1);
  const auto scorers = detail::resolve_scorers(scoring);
  std::vector<ParamMap> params;
  for (const auto& v : values) {
    ParamMap p{{param_name, v}};
    estimator.clone()->set_params(p);  // a bad name or value fails before any fitting
    params.push_back(std::move(p));
  }
  const auto splits = cv.split(X.rows(), y, options.groups);
  std::vector<detail::FitTask> tasks;
  for (const auto& p : params)
    for (const auto& s : splits) tasks.push_back({&p, &s.train, &s.test, true});
  const auto results = detail::run_tasks(estimator, X, y, tasks, scorers, options, false);
  const auto n = static_cast<Index>(splits.size());
  CurveScores out{Matrix(static_cast<Index>(values.size()), n),
                  Matrix(static_cast<Index>(values.size()), n)};
  for (std::size_t t = 0; t < results.size(); ++t) {
    const Index i = static_cast<Index>(t) / n, k = static_cast<Index>(t) % n;
    out.train_scores(i, k) = results[t].train_scores[0];
    out.test_scores(i, k) = results[t].test_scores[0];
  }
  return out;
}

LearningCurve learning_curve(const Estimator& estimator, MatrixView X, VectorView y,
                             const std::vector<SplitSize>& train_sizes, const Splitter& cv,
                             const CvOptions& options, bool shuffle,
                             std::optional<std::int64_t> random_state) {
  detail::check_cv_input(estimator, X, y, options);
  if (train_sizes.empty()) throw InvalidParameter("learning_curve needs at least one train size.");
  std::vector<std::string> scoring = options.scoring;
  if (scoring.size() > 1) scoring.resize(1);
  const auto scorers = detail::resolve_scorers(scoring);
  auto splits = cv.split(X.rows(), y, options.groups);
  // scikit-learn converts sizes against the first split's training part.
  const Index max_train = static_cast<Index>(splits.at(0).train.size());
  std::vector<Index> sizes;
  for (const auto& s : train_sizes) {
    Index n = 0;
    if (s.is_count) {
      n = static_cast<Index>(s.value);
      if (n <= 0 || n > max_train)
        throw InvalidParameter("learning_curve train size " + std::to_string(n) +
                               " must be within (0, " + std::to_string(max_train) + "].");
    } else {
      if (!(s.value > 0.0 && s.value <= 1.0))
        throw InvalidParameter("learning_curve train fractions must be within (0, 1]; got " +
                               std::to_string(s.value) + ".");
      // np.linspace-style fractions are floored after scaling, as scikit-learn's astype(int).
      n = static_cast<Index>(std::floor(s.value * static_cast<double>(max_train)));
      n = std::max<Index>(n, 1);
    }
    sizes.push_back(n);
  }
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  if (shuffle) {
    Rng rng(random_state ? static_cast<std::uint64_t>(*random_state) : std::random_device{}());
    for (auto& s : splits) std::shuffle(s.train.begin(), s.train.end(), rng);
  }
  std::vector<std::vector<Index>> subsets;
  std::vector<detail::FitTask> tasks;
  subsets.reserve(splits.size() * sizes.size());
  for (const auto& s : splits)
    for (Index n : sizes) subsets.emplace_back(s.train.begin(), s.train.begin() + n);
  std::size_t k = 0;
  for (const auto& s : splits)
    for (std::size_t j = 0; j < sizes.size(); ++j)
      tasks.push_back({nullptr, &subsets[k++], &s.test, true});
  const auto results = detail::run_tasks(estimator, X, y, tasks, scorers, options, false);
  const auto ns = static_cast<Index>(sizes.size()), nf = static_cast<Index>(splits.size());
  LearningCurve out{sizes, Matrix(ns, nf), Matrix(ns, nf), Matrix(ns, nf), Matrix(ns, nf)};
  for (std::size_t t = 0; t < results.size(); ++t) {
    const Index f = static_cast<Index>(t) / ns, i = static_cast<Index>(t) % ns;
    out.train_scores(i, f) = results[t].train_scores[0];
    out.test_scores(i, f) = results[t].test_scores[0];
    out.fit_times(i, f) = results[t].fit_time;
    out.score_times(i, f) = results[t].score_time;
  }
  return out;
}

}  // namespace mlkit::model_selection

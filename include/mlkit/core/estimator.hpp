#pragma once
/// @file estimator.hpp
/// @brief The one estimator contract: fit, predict, predict_proba, decision_function, transform,
/// inverse_transform, fit_transform, fit_predict and score, over protected `*_impl` hooks.

#include <atomic>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mlkit/core/params.hpp"
#include "mlkit/core/types.hpp"

namespace mlkit {

/// @brief What an estimator is and what it accepts; fixed per class.
struct Tags {
  enum class Kind { Regressor, Classifier, Transformer, Clusterer };
  Kind kind = Kind::Regressor;
  bool requires_y = true;     ///< fit needs a target
  bool allow_nan = false;     ///< NaN in X is accepted (infinity never is)
  bool multi_output = false;  ///< fit accepts several target columns
  bool positive_y = false;    ///< fit needs a strictly positive target (Poisson, Gamma)
  bool supports_sample_weight = false;
  bool stochastic = false;  ///< results depend on random_state
  bool has_predict = false;
  bool has_predict_proba = false;
  bool has_decision_function = false;
  bool has_transform = false;
  bool has_inverse_transform = false;
  bool has_partial_fit = false;  ///< online learning by partial_fit
  /// X holds category codes (encoders): values unseen in fit are unknown categories.
  bool categorical = false;
  /// Learned-state fields with one entry per target (first dimension n_targets): the Python
  /// layer drops that dimension when the model was fitted on a 1-D y, as scikit-learn does.
  std::vector<std::string> per_target_state;

  /// @brief The tags every transformer shares: fitted without y, with a transform.
  static Tags transformer() {
    Tags t;
    t.kind = Kind::Transformer;
    t.requires_y = false;
    t.has_transform = true;
    return t;
  }
};

/// @brief Options of one `fit` call, kept apart so the signature does not grow per estimator.
struct FitOptions {
  /// Per-sample weights; empty means all ones. Non-negative, finite, not all zero.
  Vector sample_weight;
  /// Optional validation data for estimators with early stopping (not owned).
  const Matrix* validation_X = nullptr;
  const Vector* validation_y = nullptr;
  /// Called with the fraction done in [0, 1]; may throw (e.g. Cancelled) to stop the fit.
  std::function<void(double fraction)> progress;
  /// When set to true from another thread, the fit stops at its next checkpoint with Cancelled.
  const std::atomic<bool>* cancel = nullptr;
  /// Names of X's columns, where known (a CSV header, a DataFrame); empty otherwise. Estimators
  /// that select columns by name (ColumnTransformer) resolve names against it.
  std::vector<std::string> feature_names;

  /// @brief Report progress and honour cancellation. Every estimator calls this at least once,
  /// with 1.0 immediately before it commits its new fitted state, so that a cancelled or failed
  /// fit leaves the previous state untouched.
  void checkpoint(double fraction) const;
};

/// @brief Base of every mlkit estimator and transformer.
///
/// Public entry points are non-virtual: they validate data and parameters, then call the
/// protected hooks. A failed `fit` leaves the earlier fitted state intact. `predict` and the
/// other const methods are safe to call from many threads on one fitted estimator.
class Estimator {
 public:
  virtual ~Estimator();
  Estimator() = default;
  Estimator(const Estimator&) = default;
  Estimator& operator=(const Estimator&) = default;
  Estimator(Estimator&&) = default;
  Estimator& operator=(Estimator&&) = default;

  /// @brief Fit to X (n × p) and target y (n). Returns *this.
  Estimator& fit(MatrixView X, VectorView y, const FitOptions& opts = {});
  /// @brief Fit without a target (transformers, clusterers).
  Estimator& fit(MatrixView X, const FitOptions& opts = {});
  /// @brief Fit to several targets Y (n × k); only where tags().multi_output.
  Estimator& fit_multi(MatrixView X, MatrixView Y, const FitOptions& opts = {});

  /// @brief One more pass of an online estimator (tags().has_partial_fit) over X, y, continuing
  /// from its fitted state; the first call starts a new model (scikit-learn's partial_fit). For
  /// a classifier, @p classes lists every label that any call may see and is required on the
  /// first call; later calls must pass the same labels or none.
  Estimator& partial_fit(MatrixView X, VectorView y, const FitOptions& opts = {},
                         VectorView classes = Vector());

  /// @brief Predictions for each row of X: values for regressors, labels for classifiers and
  /// clusterers. For a model fitted on several targets use predict_multi.
  Vector predict(MatrixView X) const;
  /// @brief Predictions as an n × n_targets matrix.
  Matrix predict_multi(MatrixView X) const;
  /// @brief Class probabilities, n × n_classes, columns in the order of classes_.
  Matrix predict_proba(MatrixView X) const;
  /// @brief Decision values (n × 1 for binary problems, n × n_classes otherwise).
  Matrix decision_function(MatrixView X) const;
  Matrix transform(MatrixView X) const;
  Matrix inverse_transform(MatrixView X) const;
  Matrix fit_transform(MatrixView X, const FitOptions& opts = {});
  Matrix fit_transform(MatrixView X, VectorView y, const FitOptions& opts = {});
  Vector fit_predict(MatrixView X, const FitOptions& opts = {});
  /// @brief R² for regressors, accuracy for classifiers (scikit-learn's default scores).
  double score(MatrixView X, VectorView y) const;
  double score(MatrixView X, VectorView y, VectorView sample_weight) const;

  /// @brief A new, unfitted estimator with the same parameters.
  virtual std::unique_ptr<Estimator> clone() const = 0;
  /// @brief Registry name, e.g. "linear_regression".
  virtual std::string_view name() const = 0;
  /// @brief Class name, e.g. "LinearRegression".
  std::string_view class_name() const { return param_table().owner(); }
  virtual const Tags& tags() const = 0;

  /// @brief Every parameter by name, a composite's parts' as `part__param` (scikit-learn's
  /// get_params(deep=True)).
  ParamMap get_params() const;
  /// @brief This estimator's own parameters, without its parts'.
  ParamMap own_params() const;
  /// @brief Set parameters by name (`step__param` for nested estimators). Unknown names and bad
  /// values throw InvalidParameter, and then no parameter is changed.
  void set_params(const ParamMap& params);
  /// @brief The declaration of this estimator's hyperparameters.
  virtual const ParamTable& param_table() const = 0;

  bool fitted() const { return fitted_; }
  /// @brief Number of features seen in fit; throws NotFitted before.
  Index n_features_in() const;
  /// @brief Number of target columns seen in fit (0 for unsupervised estimators).
  Index n_targets() const;

  /// @brief Learned state for model files; throws NotFitted before fit.
  nlohmann::json state_to_json() const;
  /// @brief Replace the fitted state with one read from a model file; every field is validated
  /// and a bad document throws ModelFormatError, leaving the estimator as it was.
  void state_from_json(const nlohmann::json& state);

  /// @brief The named parts of a composite estimator (pipeline steps, the transformers of a
  /// ColumnTransformer or FeatureUnion), in order; empty for a plain estimator. A part is null
  /// where it is "passthrough" or "drop". get_params lists the parts' parameters as
  /// `part__param`, and set_params reaches them by that name.
  virtual std::vector<std::pair<std::string, const Estimator*>> parts() const { return {}; }
  /// @brief A composite's structure for a model file or spec: its parts, each with the part's
  /// spec (see mlkit::to_spec) and, when @p with_state, its fitted state. Null for a plain
  /// estimator.
  virtual nlohmann::json components_to_json(bool with_state) const;
  /// @brief Rebuild a composite's parts from components_to_json's output; throws
  /// ModelFormatError on any defect, leaving the estimator as it was. Plain estimators throw.
  virtual void components_from_json(const nlohmann::json& components);

 protected:
  virtual void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) = 0;
  virtual Matrix predict_impl(MatrixView X) const;
  /// One pass over X, Y (n × 1), from the current state when fitted() (see partial_fit).
  virtual void partial_fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts,
                                VectorView classes);
  virtual Matrix predict_proba_impl(MatrixView X) const;
  virtual Matrix decision_function_impl(MatrixView X) const;
  virtual Matrix transform_impl(MatrixView X) const;
  virtual Matrix inverse_transform_impl(MatrixView X) const;

  /// Rules that involve several parameters; throw InvalidParameter.
  virtual void validate_params() const {}
  /// The parameter struct that param_table() describes.
  virtual const void* param_struct() const = 0;
  void* mutable_param_struct() { return const_cast<void*>(param_struct()); }
  /// A nested estimator for `step__param` names; nullptr when there is none of that name.
  virtual Estimator* nested_estimator(std::string_view step);

  /// Serialize / restore the estimator's own learned state (base fields are handled here).
  virtual void save_state(nlohmann::json& state) const = 0;
  /// Read and validate into the estimator. Must not modify *this unless everything is valid.
  virtual void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) = 0;

  /// Throws InvalidInput unless X has n_features_in() columns, at least one row and only
  /// finite values (NaN allowed where tags().allow_nan).
  void check_predict_input(MatrixView X) const;
  void check_fitted() const;

 private:
  bool fitted_ = false;
  Index n_features_in_ = 0;
  Index n_targets_ = 0;
};

}  // namespace mlkit

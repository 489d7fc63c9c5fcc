#pragma once
// Plain stochastic gradient descent for one linear model (one target, or one class against the
// rest), shared by SGDClassifier and SGDRegressor. The updates, learning-rate schedules,
// stopping rule and averaging are scikit-learn's (its _plain_sgd): with shuffle=False the same
// data give the same iterates up to rounding.

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::linear_model::detail {

enum class SgdLoss {
  Hinge,
  SquaredHinge,
  Log,
  ModifiedHuber,
  Perceptron,
  Squared,
  Huber,
  EpsilonInsensitive,
  SquaredEpsilonInsensitive
};
enum class SgdRate { Constant, Optimal, InvScaling, Adaptive };
enum class SgdPenalty { None, L2, L1, ElasticNet };

/// The loss of a name (scikit-learn's: "hinge", "log_loss", ...); throws InvalidParameter.
SgdLoss sgd_loss(const std::string& name);
SgdRate sgd_rate(const std::string& name);
SgdPenalty sgd_penalty(const std::string& name);  // "" = None
/// Whether the loss is a classification loss (margins y p with y in {-1, 1}).
bool sgd_is_classification(SgdLoss loss);

struct SgdConfig {
  SgdLoss loss = SgdLoss::Hinge;
  double epsilon = 0.1;  // huber and the epsilon-insensitive losses
  SgdPenalty penalty = SgdPenalty::L2;
  double alpha = 1e-4;
  double l1_ratio = 0.15;
  bool fit_intercept = true;
  Index max_iter = 1000;
  double tol = -HUGE_VAL;  // -inf: no stopping rule
  bool shuffle = true;
  std::uint64_t seed = 0;
  std::uint64_t stream = 0;  // unit of the random stream (the class index)
  SgdRate rate = SgdRate::Optimal;
  double eta0 = 0.01;
  double power_t = 0.5;
  Index n_iter_no_change = 5;
  Index average = 0;  // 0: no averaging; else averaging starts at update `average`
  double weight_pos = 1.0;
  double weight_neg = 1.0;
  double t_start = 1.0;  // the update counter at the start (partial_fit continues it)
};

/// Weights, intercept and averages of one model; also the starting point (warm start).
struct SgdModel {
  Vector w;
  double intercept = 0.0;
  Vector avg_w;
  double avg_intercept = 0.0;
  Index n_iter = 0;  // epochs run
  double t = 1.0;    // update counter at the end
};

/// Runs the epochs on the rows of X not marked in @p validation (which may be empty). @p score,
/// when set, is the early-stopping score of a model on the validation rows (higher is better).
/// Throws InvalidInput when the weights overflow (scikit-learn's message).
void plain_sgd(MatrixView X, const Vector& y, const Vector& sample_weight,
               const std::vector<char>& validation,
               const std::function<double(const Vector& w, double b)>& score, const SgdConfig& cfg,
               SgdModel& model);

/// The loss of one prediction p for target (or ±1 label) y.
double sgd_loss_value(SgdLoss loss, double epsilon, double y, double p);

}  // namespace mlkit::linear_model::detail

#include "src/linear_model/detail/sgd.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/random.hpp"

namespace mlkit::linear_model::detail {

SgdLoss sgd_loss(const std::string& n) {
  if (n == "hinge") return SgdLoss::Hinge;
  if (n == "squared_hinge") return SgdLoss::SquaredHinge;
  if (n == "log_loss") return SgdLoss::Log;
  if (n == "modified_huber") return SgdLoss::ModifiedHuber;
  if (n == "perceptron") return SgdLoss::Perceptron;
  if (n == "squared_error") return SgdLoss::Squared;
  if (n == "huber") return SgdLoss::Huber;
  if (n == "epsilon_insensitive") return SgdLoss::EpsilonInsensitive;
  if (n == "squared_epsilon_insensitive") return SgdLoss::SquaredEpsilonInsensitive;
  throw InvalidParameter("unknown SGD loss '" + n + "'");
}

SgdRate sgd_rate(const std::string& n) {
  if (n == "constant") return SgdRate::Constant;
  if (n == "optimal") return SgdRate::Optimal;
  if (n == "invscaling") return SgdRate::InvScaling;
  if (n == "adaptive") return SgdRate::Adaptive;
  throw InvalidParameter("unknown learning_rate '" + n + "'");
}

SgdPenalty sgd_penalty(const std::string& n) {
  if (n.empty()) return SgdPenalty::None;
  if (n == "l2") return SgdPenalty::L2;
  if (n == "l1") return SgdPenalty::L1;
  if (n == "elasticnet") return SgdPenalty::ElasticNet;
  throw InvalidParameter("unknown penalty '" + n + "'");
}

bool sgd_is_classification(SgdLoss l) {
  return l == SgdLoss::Hinge || l == SgdLoss::SquaredHinge || l == SgdLoss::Log ||
         l == SgdLoss::ModifiedHuber || l == SgdLoss::Perceptron;
}

double sgd_loss_value(SgdLoss loss, double eps, double y, double p) {
  const double z = p * y;
  switch (loss) {
    case SgdLoss::Hinge:
      return std::max(0.0, 1.0 - z);
    case SgdLoss::Perceptron:
      return std::max(0.0, -z);
    case SgdLoss::SquaredHinge: {
      const double m = std::max(0.0, 1.0 - z);
      return m * m;
    }
    case SgdLoss::Log: {
      // Half binomial deviance log(1 + exp(p)) - t p of the 0/1 target t, each range by its
      // accurate formula (scikit-learn's CyHalfBinomialLoss).
      const double t = y > 0.0 ? 1.0 : 0.0;
      double l1pe = 0.0;
      if (p <= -37.0)
        l1pe = std::exp(p);
      else if (p <= -2.0)
        l1pe = std::log1p(std::exp(p));
      else if (p <= 18.0)
        l1pe = std::log(1.0 + std::exp(p));
      else if (p <= 33.3)
        l1pe = p + std::exp(-p);
      else
        l1pe = p;
      return l1pe - t * p;
    }
    case SgdLoss::ModifiedHuber:
      if (z >= 1.0) return 0.0;
      if (z >= -1.0) return (1.0 - z) * (1.0 - z);
      return -4.0 * z;
    case SgdLoss::Squared:
      return 0.5 * (p - y) * (p - y);
    case SgdLoss::Huber: {
      const double r = std::abs(p - y);
      return r <= eps ? 0.5 * r * r : eps * r - 0.5 * eps * eps;
    }
    case SgdLoss::EpsilonInsensitive:
      return std::max(0.0, std::abs(y - p) - eps);
    case SgdLoss::SquaredEpsilonInsensitive: {
      const double m = std::max(0.0, std::abs(y - p) - eps);
      return m * m;
    }
  }
  return 0.0;
}

namespace {

// d loss / d p.
double gradient(SgdLoss loss, double eps, double y, double p) {
  const double z = p * y;
  switch (loss) {
    case SgdLoss::Hinge:
      return z <= 1.0 ? -y : 0.0;
    case SgdLoss::Perceptron:
      return z <= 0.0 ? -y : 0.0;
    case SgdLoss::SquaredHinge:
      return z < 1.0 ? -2.0 * y * (1.0 - z) : 0.0;
    case SgdLoss::Log: {
      // expit(p) - t for the 0/1 target t, without cancellation.
      const double t = y > 0.0 ? 1.0 : 0.0;
      if (p > -37.0) {
        const double e = std::exp(-p);
        return ((1.0 - t) - t * e) / (1.0 + e);
      }
      return std::exp(p) - t;
    }
    case SgdLoss::ModifiedHuber:
      if (z >= 1.0) return 0.0;
      if (z >= -1.0) return -2.0 * (1.0 - z) * y;
      return -4.0 * y;
    case SgdLoss::Squared:
      return p - y;
    case SgdLoss::Huber: {
      const double r = p - y;
      if (std::abs(r) <= eps) return r;
      return r > 0.0 ? eps : -eps;
    }
    case SgdLoss::EpsilonInsensitive:
      if (y - p > eps) return -1.0;
      if (p - y > eps) return 1.0;
      return 0.0;
    case SgdLoss::SquaredEpsilonInsensitive: {
      const double z2 = y - p;
      if (z2 > eps) return -2.0 * (z2 - eps);
      if (z2 < -eps) return 2.0 * (-z2 - eps);
      return 0.0;
    }
  }
  return 0.0;
}

// w = scale · data, so that the L2 shrinkage of every step costs O(1) (Bottou's trick, as
// scikit-learn's WeightVector); the squared and L1 norms are kept up to date by add().
struct Weights {
  Vector data;
  double scale = 1.0;
  double sq_norm = 0.0;
  double l1_norm = 0.0;

  double dot(const double* x) const {
    return scale * Eigen::Map<const Vector>(x, data.size()).dot(data);
  }
  void shrink(double c) {
    scale *= c;
    sq_norm *= c * c;
    l1_norm *= std::abs(c);
    if (scale < 1e-9) reset();
  }
  void add(const double* x, double c) {
    data += (c / scale) * Eigen::Map<const Vector>(x, data.size());
    sq_norm = data.squaredNorm() * scale * scale;
    l1_norm = data.cwiseAbs().sum() * scale;
  }
  void reset() {
    data *= scale;
    scale = 1.0;
  }
  Vector value() const { return scale * data; }
};

}  // namespace

void plain_sgd(MatrixView X, const Vector& y, const Vector& sw, const std::vector<char>& validation,
               const std::function<double(const Vector&, double)>& score, const SgdConfig& cfg,
               SgdModel& m) {
  const Index n = X.rows(), p = X.cols();
  Weights w;
  w.data = m.w.size() == p ? m.w : Vector::Zero(p);
  w.sq_norm = w.data.squaredNorm();
  w.l1_norm = w.data.cwiseAbs().sum();
  double intercept = m.intercept;
  const bool averaging = cfg.average > 0;
  if (averaging && m.avg_w.size() != p) m.avg_w = Vector::Zero(p);
  double l1_ratio = cfg.l1_ratio;
  if (cfg.penalty == SgdPenalty::L2) l1_ratio = 0.0;
  if (cfg.penalty == SgdPenalty::L1) l1_ratio = 1.0;
  const bool l1 = cfg.penalty == SgdPenalty::L1 || cfg.penalty == SgdPenalty::ElasticNet;
  Vector q = l1 ? Vector::Zero(p) : Vector();  // cumulative L1 penalty applied per weight
  double u = 0.0;                              // cumulative L1 penalty that could be applied
  double eta = cfg.eta0, optimal_init = 0.0;
  if (cfg.rate == SgdRate::Optimal) {
    // Bottou's heuristic for the first step: eta = 1 / (alpha (t0 + t)), with t0 chosen so that
    // the first step has the size typw / max(1, loss'(-typw)) (scikit-learn's choice).
    const double typw = std::sqrt(1.0 / std::sqrt(cfg.alpha));
    const double eta_init = typw / std::max(1.0, gradient(cfg.loss, cfg.epsilon, 1.0, -typw));
    optimal_init = 1.0 / (eta_init * cfg.alpha);
  }
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  Index train_count = n;
  if (!validation.empty())
    train_count = n - std::count(validation.begin(), validation.end(), char{1});
  const double train = static_cast<double>(std::max<Index>(train_count, 1));
  Rng rng(cfg.seed, cfg.stream);
  double t = cfg.t_start;
  double best_objective = HUGE_VAL, best_score = -HUGE_VAL;
  Index no_improvement = 0, epoch = 0;
  const bool early = static_cast<bool>(score);
  for (; epoch < cfg.max_iter; ++epoch) {
    double objective = 0.0;
    if (cfg.shuffle)
      for (Index i = n - 1; i > 0; --i)
        std::swap(order[static_cast<std::size_t>(i)],
                  order[static_cast<std::size_t>(rng.below(static_cast<std::uint64_t>(i) + 1))]);
    for (Index k = 0; k < n; ++k) {
      const Index i = order[static_cast<std::size_t>(k)];
      if (!validation.empty() && validation[static_cast<std::size_t>(i)]) continue;
      const double* x = X.row(i).data();
      const double yi = y[i];
      const double pred = w.dot(x) + intercept;
      if (cfg.rate == SgdRate::Optimal)
        eta = 1.0 / (cfg.alpha * (optimal_init + t - 1.0));
      else if (cfg.rate == SgdRate::InvScaling)
        eta = cfg.eta0 / std::pow(t, cfg.power_t);
      if (!early) {
        objective += sgd_loss_value(cfg.loss, cfg.epsilon, yi, pred);
        // SGD minimises loss + alpha ((1 - l1_ratio) ½‖w‖² + l1_ratio ‖w‖₁).
        if (cfg.penalty != SgdPenalty::None)
          objective += cfg.alpha * ((1.0 - l1_ratio) * 0.5 * w.sq_norm + l1_ratio * w.l1_norm);
      }
      const double class_weight = yi > 0.0 ? cfg.weight_pos : cfg.weight_neg;
      const double dloss = std::clamp(gradient(cfg.loss, cfg.epsilon, yi, pred), -1e12, 1e12);
      double update = -eta * dloss;
      update *= class_weight * (sw.size() ? sw[i] : 1.0);
      if (cfg.penalty != SgdPenalty::None)
        w.shrink(std::max(0.0, 1.0 - (1.0 - l1_ratio) * eta * cfg.alpha));
      if (update != 0.0) w.add(x, update);
      if (cfg.fit_intercept && update != 0.0) intercept += update;
      if (averaging && static_cast<double>(cfg.average) <= t) {
        // Running mean of the iterates from update `average` on (Polyak–Ruppert averaging).
        const double mu = 1.0 / (t - static_cast<double>(cfg.average) + 1.0);
        m.avg_w += mu * (w.value() - m.avg_w);
        m.avg_intercept += mu * (intercept - m.avg_intercept);
      }
      if (l1) {
        // Cumulative L1 penalty with clipping at zero (Tsuruoka, Tsujii & Ananiadou, 2009).
        u += l1_ratio * eta * cfg.alpha;
        for (Index j = 0; j < p; ++j) {
          const double z = w.data[j];
          if (w.scale * z > 0.0)
            w.data[j] = std::max(0.0, w.data[j] - (u + q[j]) / w.scale);
          else if (w.scale * z < 0.0)
            w.data[j] = std::min(0.0, w.data[j] + (u - q[j]) / w.scale);
          q[j] += w.scale * (w.data[j] - z);
        }
        w.sq_norm = w.data.squaredNorm() * w.scale * w.scale;
        w.l1_norm = w.data.cwiseAbs().sum() * w.scale;
      }
      t += 1.0;
    }
    if (!std::isfinite(intercept) || !w.data.allFinite() || !std::isfinite(w.scale))
      throw InvalidInput("Floating-point under-/overflow occurred at epoch #" +
                         std::to_string(epoch + 1) +
                         ". Scaling input data with StandardScaler or MinMaxScaler might help.");
    if (early) {
      const double s = score(w.value(), intercept);
      no_improvement = s < best_score + cfg.tol ? no_improvement + 1 : 0;
      best_score = std::max(best_score, s);
    } else {
      const double obj = objective / train;
      no_improvement = obj > best_objective - cfg.tol ? no_improvement + 1 : 0;
      best_objective = std::min(best_objective, obj);
    }
    if (no_improvement >= cfg.n_iter_no_change) {
      if (cfg.rate == SgdRate::Adaptive && eta > 1e-6) {
        eta /= 5.0;
        no_improvement = 0;
      } else {
        ++epoch;
        break;
      }
    }
  }
  m.w = w.value();
  m.intercept = intercept;
  m.n_iter = epoch;
  m.t = t;
}

}  // namespace mlkit::linear_model::detail

#include "mlkit/preprocessing/k_bins_discretizer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/preprocessing/detail/columns.hpp"

namespace mlkit::preprocessing {

namespace {

const ParamTable& table() {
  using P = KBinsDiscretizerParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("KBinsDiscretizer")
          .add("n_bins", &P::n_bins, "Number of bins: one int >= 2, or one per feature.",
               {ParamAlternative::integer(2), ParamAlternative::real_list()})
          .add("encode", &P::encode,
               "Output: 'onehot' or 'onehot-dense' (both dense one-hot columns here) or "
               "'ordinal' (bin indices).",
               {ParamAlternative::string({"onehot", "onehot-dense", "ordinal"})})
          .add("strategy", &P::strategy,
               "Bin widths: 'uniform' (equal), 'quantile' (equal counts) or 'kmeans' (1-D "
               "k-means).",
               {ParamAlternative::string({"uniform", "quantile", "kmeans"})})
          .add("quantile_method", &P::quantile_method,
               "NumPy percentile method of strategy='quantile'.",
               {ParamAlternative::string({"inverted_cdf", "averaged_inverted_cdf", "linear"})})
          .add("subsample", &P::subsample,
               "Maximum number of samples used for the bins; more samples than this are "
               "refused (mlkit does not subsample), None means all.",
               {ParamAlternative::integer(1)})
          .add("random_state", &P::random_state,
               "Kept for scikit-learn compatibility; unused without subsampling.",
               {ParamAlternative::integer(0, 4294967295.0)})
          .build();
  return t;
}

constexpr double kInf = std::numeric_limits<double>::infinity();

// One-dimensional Lloyd k-means as scikit-learn's KMeans(n_clusters=k, init=init, n_init=1)
// runs it: squared distances as c² - 2xc, ties to the first centre, empty clusters moved to the
// points farthest from their centres, convergence when labels stop changing or the total
// squared centre shift is at most 1e-4 times the variance.
std::vector<double> kmeans_1d(const std::vector<double>& x, const std::vector<double>& w,
                              std::vector<double> centers) {
  const std::size_t n = x.size(), k = centers.size();
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(n);
  double var = 0;
  for (double v : x) var += (v - mean) * (v - mean);
  const double tol = var / static_cast<double>(n) * 1e-4;
  std::vector<std::size_t> labels(n), old(n, k);
  auto assign = [&](const std::vector<double>& c) {
    for (std::size_t i = 0; i < n; ++i) {
      double best = kInf;
      std::size_t arg = 0;
      for (std::size_t j = 0; j < k; ++j) {
        const double d = c[j] * c[j] - 2 * x[i] * c[j];
        if (d < best) best = d, arg = j;
      }
      labels[i] = arg;
    }
  };
  bool strict = false;
  for (int iter = 0; iter < 300; ++iter) {
    assign(centers);
    std::vector<double> sum(k, 0.0), weight(k, 0.0);
    for (std::size_t i = 0; i < n; ++i) sum[labels[i]] += x[i] * w[i], weight[labels[i]] += w[i];
    std::vector<std::size_t> empty;
    for (std::size_t j = 0; j < k; ++j)
      if (weight[j] == 0) empty.push_back(j);
    if (!empty.empty()) {
      std::vector<std::size_t> order(n);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const double da = (x[a] - centers[labels[a]]) * (x[a] - centers[labels[a]]);
        const double db = (x[b] - centers[labels[b]]) * (x[b] - centers[labels[b]]);
        return da > db;
      });
      for (std::size_t e = 0; e < empty.size() && e < n; ++e) {
        const std::size_t far = order[e], from = labels[far];
        sum[from] -= x[far] * w[far];
        weight[from] -= w[far];
        sum[empty[e]] = x[far] * w[far];
        weight[empty[e]] = w[far];
      }
    }
    std::vector<double> next(k);
    for (std::size_t j = 0; j < k; ++j)
      next[j] = weight[j] > 0 ? sum[j] * (1.0 / weight[j]) : centers[j];
    double shift = 0;
    for (std::size_t j = 0; j < k; ++j) shift += (next[j] - centers[j]) * (next[j] - centers[j]);
    centers = next;
    if (labels == old) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
    old = labels;
  }
  (void)strict;
  return centers;
}

// scikit-learn's _weighted_percentile of one column: values sorted with their weights; the
// first value whose cumulative weight reaches q% of the total, averaged with the next
// (non-zero weight) one when the cumulative weight lands exactly on the rank and `average`.
double weighted_percentile(const std::vector<double>& v, const std::vector<double>& w,
                           const std::vector<double>& cdf, double q, bool average) {
  const std::size_t max_idx = v.size() - 1;
  double rank = q / 100 * cdf.back();
  if (rank == 0) rank = std::nextafter(rank, rank + 1);
  std::size_t idx =
      static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), rank) - cdf.begin());
  idx = std::min(idx, max_idx);
  if (!average) return v[idx];
  if (cdf[idx] - rank > std::numeric_limits<double>::epsilon()) return v[idx];
  std::size_t next = std::min(idx + 1, max_idx);
  if (w[next] == 0) {
    next =
        static_cast<std::size_t>(std::upper_bound(cdf.begin(), cdf.end(), cdf[idx]) - cdf.begin());
    if (next > max_idx) next = idx;
  }
  return (v[idx] + v[next]) / 2;
}

}  // namespace

KBinsDiscretizer::KBinsDiscretizer(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> KBinsDiscretizer::clone() const {
  return std::make_unique<KBinsDiscretizer>(params_);
}

const Tags& KBinsDiscretizer::tags() const {
  static const Tags t = [] {
    Tags t = Tags::transformer();
    t.has_inverse_transform = true;
    t.supports_sample_weight = true;
    return t;
  }();
  return t;
}

const ParamTable& KBinsDiscretizer::param_table() const { return table(); }

const std::vector<Vector>& KBinsDiscretizer::bin_edges() const {
  check_fitted();
  return state_.bin_edges;
}
const std::vector<Index>& KBinsDiscretizer::n_bins() const {
  check_fitted();
  return state_.n_bins;
}

void KBinsDiscretizer::validate_params() const {
  if (params_.n_bins.is_list()) {
    for (const auto& v : params_.n_bins.as_list())
      if (!(v.as_double() >= 2 && std::floor(v.as_double()) == v.as_double() &&
            v.as_double() <= 1e6))
        throw InvalidParameter(
            "KBinsDiscretizer received an invalid number of bins. Number of bins must be at "
            "least 2, and must be an int.");
  } else if (params_.n_bins.as_int() > 1000000) {
    throw InvalidParameter("KBinsDiscretizer supports at most 1000000 bins per feature.");
  }
}

void KBinsDiscretizer::fit_impl(MatrixView X, MatrixView, const FitOptions& opts) {
  const Index p = X.cols();
  if (params_.subsample && X.rows() > *params_.subsample)
    throw InvalidParameter("KBinsDiscretizer does not subsample: X has " +
                           std::to_string(X.rows()) + " samples, more than subsample=" +
                           std::to_string(*params_.subsample) + "; use subsample=None.");
  std::vector<Index> n_bins(static_cast<std::size_t>(p));
  if (params_.n_bins.is_list()) {
    const auto& l = params_.n_bins.as_list();
    if (static_cast<Index>(l.size()) != p)
      throw InvalidParameter("n_bins must be a scalar or array of shape (n_features,).");
    for (Index j = 0; j < p; ++j)
      n_bins[static_cast<std::size_t>(j)] =
          static_cast<Index>(l[static_cast<std::size_t>(j)].as_double());
  } else {
    std::fill(n_bins.begin(), n_bins.end(), static_cast<Index>(params_.n_bins.as_int()));
  }
  const auto method = params_.quantile_method == "linear" ? detail::QuantileMethod::Linear
                      : params_.quantile_method == "inverted_cdf"
                          ? detail::QuantileMethod::InvertedCdf
                          : detail::QuantileMethod::AveragedInvertedCdf;
  const bool weighted = opts.sample_weight.size() > 0;
  if (weighted && params_.strategy == "quantile" && params_.quantile_method == "linear")
    throw InvalidParameter(
        "When fitting with strategy='quantile' and sample weights, quantile_method should "
        "either be set to 'averaged_inverted_cdf' or 'inverted_cdf', got "
        "quantile_method='linear' instead.");
  const Index n = X.rows();
  std::vector<double> w(static_cast<std::size_t>(n), 1.0);
  if (weighted)
    for (Index i = 0; i < n; ++i) w[static_cast<std::size_t>(i)] = opts.sample_weight[i];
  std::vector<Vector> edges(static_cast<std::size_t>(p));
  detail::for_column_blocks(p, [&](Index c0, Index c1) {
    for (Index c = c0; c < c1; ++c) {
      const auto jj = static_cast<std::size_t>(c);
      const auto v = detail::sorted_column(X, c);
      // Minimum and maximum over the samples of non-zero weight (all of them for quantile).
      double lo = v.front(), hi = v.back();
      if (weighted && params_.strategy != "quantile") {
        lo = kInf, hi = -kInf;
        for (Index i = 0; i < n; ++i)
          if (w[static_cast<std::size_t>(i)] != 0)
            lo = std::min(lo, X(i, c)), hi = std::max(hi, X(i, c));
      }
      if (lo == hi) {
        n_bins[jj] = 1;
        edges[jj] = Vector(2);
        edges[jj] << -kInf, kInf;
        continue;
      }
      std::vector<double> e;
      if (params_.strategy == "uniform") {
        e = detail::linspace(lo, hi, n_bins[jj] + 1);
      } else if (params_.strategy == "quantile" && weighted) {
        std::vector<std::size_t> order(static_cast<std::size_t>(n));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
          return X(static_cast<Index>(a), c) < X(static_cast<Index>(b), c);
        });
        std::vector<double> sv(order.size()), sw(order.size()), cdf(order.size());
        double total = 0;
        for (std::size_t r = 0; r < order.size(); ++r) {
          sv[r] = X(static_cast<Index>(order[r]), c);
          sw[r] = w[order[r]];
          cdf[r] = total += sw[r];
        }
        const bool average = method == detail::QuantileMethod::AveragedInvertedCdf;
        for (double level : detail::linspace(0, 100, n_bins[jj] + 1))
          e.push_back(weighted_percentile(sv, sw, cdf, level, average));
      } else if (params_.strategy == "quantile") {
        for (double level : detail::linspace(0, 100, n_bins[jj] + 1))
          e.push_back(detail::percentile_sorted(v, level, method));
      } else {
        const auto uniform = detail::linspace(lo, hi, n_bins[jj] + 1);
        std::vector<double> init(static_cast<std::size_t>(n_bins[jj]));
        for (std::size_t b = 0; b < init.size(); ++b) init[b] = (uniform[b + 1] + uniform[b]) * 0.5;
        std::vector<double> col(static_cast<std::size_t>(X.rows()));
        for (Index i = 0; i < X.rows(); ++i) col[static_cast<std::size_t>(i)] = X(i, c);
        auto centers = kmeans_1d(col, w, init);
        std::sort(centers.begin(), centers.end());
        e.push_back(lo);
        for (std::size_t b = 1; b < centers.size(); ++b)
          e.push_back((centers[b] + centers[b - 1]) * 0.5);
        e.push_back(hi);
      }
      if (params_.strategy != "uniform") {
        // Remove bins of width <= 1e-8, as scikit-learn does.
        std::vector<double> kept;
        for (std::size_t b = 0; b < e.size(); ++b)
          if (b == 0 || e[b] - e[b - 1] > 1e-8) kept.push_back(e[b]);
        e = kept;
        n_bins[jj] = static_cast<Index>(e.size()) - 1;
      }
      edges[jj] = Eigen::Map<const Vector>(e.data(), static_cast<Index>(e.size()));
    }
  });
  opts.checkpoint(1.0);
  state_.bin_edges = std::move(edges);
  state_.n_bins = std::move(n_bins);
}

Matrix KBinsDiscretizer::transform_impl(MatrixView X) const {
  const Index n = X.rows(), p = X.cols();
  const bool onehot = params_.encode != "ordinal";
  std::vector<Index> offset(static_cast<std::size_t>(p) + 1, 0);
  for (Index j = 0; j < p; ++j)
    offset[static_cast<std::size_t>(j) + 1] =
        offset[static_cast<std::size_t>(j)] +
        (onehot ? state_.n_bins[static_cast<std::size_t>(j)] : 1);
  Matrix out = Matrix::Zero(n, offset.back());
  detail::for_column_blocks(p, [&](Index c0, Index c1) {
    for (Index c = c0; c < c1; ++c) {
      const Vector& e = state_.bin_edges[static_cast<std::size_t>(c)];
      // numpy.searchsorted(edges[1:-1], x, side='right'): inner edges <= x.
      const double* first = e.data() + 1;
      const double* last = e.data() + e.size() - 1;
      for (Index i = 0; i < n; ++i) {
        const auto bin = static_cast<Index>(std::upper_bound(first, last, X(i, c)) - first);
        if (onehot)
          out(i, offset[static_cast<std::size_t>(c)] + bin) = 1.0;
        else
          out(i, c) = static_cast<double>(bin);
      }
    }
  });
  return out;
}

Matrix KBinsDiscretizer::inverse_transform_impl(MatrixView X) const {
  const Index p = n_features_in();
  const bool onehot = params_.encode != "ordinal";
  Index width = 0;
  for (Index j = 0; j < p; ++j) width += onehot ? state_.n_bins[static_cast<std::size_t>(j)] : 1;
  if (X.cols() != width)
    throw InvalidInput("X has " + std::to_string(X.cols()) +
                       " features, but KBinsDiscretizer is expecting " + std::to_string(width) +
                       " features as input.");
  Matrix out(X.rows(), p);
  Index col = 0;
  for (Index j = 0; j < p; ++j) {
    const Vector& e = state_.bin_edges[static_cast<std::size_t>(j)];
    const Index k = state_.n_bins[static_cast<std::size_t>(j)];
    for (Index i = 0; i < X.rows(); ++i) {
      Index bin = 0;
      if (onehot) {
        X.row(i).segment(col, k).maxCoeff(&bin);
      } else {
        const double b = X(i, col);
        if (!(b >= 0 && b < static_cast<double>(k)))
          throw InvalidInput("KBinsDiscretizer.inverse_transform: bin index " + std::to_string(b) +
                             " out of range for feature " + std::to_string(j) + ".");
        bin = static_cast<Index>(b);
      }
      out(i, j) = (e[bin + 1] + e[bin]) * 0.5;
    }
    col += onehot ? k : 1;
  }
  return out;
}

void KBinsDiscretizer::save_state(nlohmann::json& j) const {
  auto edges = nlohmann::json::array();
  for (const auto& e : state_.bin_edges) edges.push_back(mlkit::detail::vector_to_json(e));
  j["bin_edges_"] = edges;
  j["n_bins_"] = state_.n_bins;
}

void KBinsDiscretizer::load_state(const nlohmann::json& j, Index nf, Index) {
  namespace d = mlkit::detail;
  const auto& edges = d::field(j, "bin_edges_");
  const auto& counts = d::field(j, "n_bins_");
  if (!edges.is_array() || !counts.is_array() || static_cast<Index>(edges.size()) != nf ||
      static_cast<Index>(counts.size()) != nf)
    throw ModelFormatError("model fields 'bin_edges_'/'n_bins_' need one entry per feature");
  State s;
  for (Index f = 0; f < nf; ++f) {
    const auto k = static_cast<Index>(
        d::integer_from_json(counts[static_cast<std::size_t>(f)], "n_bins_", 1, 1000000));
    Vector e = d::vector_from_json(edges[static_cast<std::size_t>(f)], "bin_edges_", k + 1, true);
    for (Index b = 0; b < e.size(); ++b)
      if (std::isnan(e[b]) || (b > 0 && !(e[b] > e[b - 1])))
        throw ModelFormatError("model field 'bin_edges_' is not increasing");
    s.n_bins.push_back(k);
    s.bin_edges.push_back(std::move(e));
  }
  state_ = std::move(s);
}

}  // namespace mlkit::preprocessing

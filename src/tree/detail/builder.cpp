#include "src/tree/detail/builder.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "mlkit/core/errors.hpp"

namespace mlkit::tree::detail {

namespace {

// scikit-learn's constants: values closer than FEATURE_THRESHOLD are one value; an impurity at
// or below EPSILON is pure.
constexpr double kFeatureThreshold = 1e-7;
constexpr double kEpsilon = DBL_EPSILON;
constexpr double kInf = std::numeric_limits<double>::infinity();
// Keep every feature partitioned with the samples when at most this many features exist per
// feature drawn at a node (measured on forests of 20 and 784 features).
constexpr Index kPartitionRatio = 8;
// The most memory one tree's presorted entries may take (see Builder).
constexpr double kPresortBytes = 512.0 * 1024 * 1024;

// ---------------------------------------------------------------- criteria
// Each criterion keeps its node's samples in local arrays (gathered once per node), totals over
// the node and running sums over the left side. `add(i)` moves local sample i to the left.

class ClassCriterion {
 public:
  static constexpr bool kNeedsOrder = false;  // no prepare() before a scan
  ClassCriterion(const TrainingData& d, bool entropy)
      : codes_(d.codes.data()),
        k_(d.n_classes),
        entropy_(entropy),
        total_(static_cast<std::size_t>(k_)),
        left_(static_cast<std::size_t>(k_)) {}

  void gather(const std::int32_t* samples, Index m, const Vector& w) {
    lc_.resize(static_cast<std::size_t>(m));
    lw_.resize(static_cast<std::size_t>(m));
    std::fill(total_.begin(), total_.end(), 0.0);
    wn_ = 0.0;
    for (Index i = 0; i < m; ++i) {
      const std::int32_t s = samples[i];
      const double wi = w[s];
      const std::int32_t c = codes_[s];
      lc_[static_cast<std::size_t>(i)] = c;
      lw_[static_cast<std::size_t>(i)] = wi;
      total_[static_cast<std::size_t>(c)] += wi;
      wn_ += wi;
    }
  }
  double weighted_n() const { return wn_; }
  double node_impurity() const { return impurity(total_.data(), wn_); }
  // The gathered node: local sample i's class and weight.
  const std::int32_t* local_codes() const { return lc_.data(); }
  const double* local_weights() const { return lw_.data(); }
  // Move a group of samples to the left: their weight per class and in all.
  void add_counts(const double* counts, double w) {
    for (int c = 0; c < k_; ++c) left_[static_cast<std::size_t>(c)] += counts[c];
    wl_ += w;
  }
  void reset() {
    std::fill(left_.begin(), left_.end(), 0.0);
    wl_ = 0.0;
  }
  void add(std::size_t i) {
    left_[static_cast<std::size_t>(lc_[i])] += lw_[i];
    wl_ += lw_[i];
  }
  double wl() const { return wl_; }
  double wr() const { return wn_ - wl_; }
  double proxy() const {
    double il, ir;
    children_impurity(il, ir);
    return -wr() * ir - wl_ * il;
  }
  // Both children's impurities in one pass over the classes (the right counts are the node's
  // minus the left ones), with impurity()'s arithmetic.
  void children_impurity(double& il, double& ir, const std::uint8_t* = nullptr) const {
    const double wr = this->wr();
    il = ir = 0.0;
    if (entropy_) {
      for (int c = 0; c < k_; ++c) {
        const double l = left_[static_cast<std::size_t>(c)];
        const double r = total_[static_cast<std::size_t>(c)] - l;
        if (l > 0.0) il -= (l / wl_) * (std::log(l / wl_) / std::log(2.0));
        if (r > 0.0) ir -= (r / wr) * (std::log(r / wr) / std::log(2.0));
      }
      return;
    }
    double sl = 0.0, sr = 0.0;
    if (k_ == 2) {  // the same sums, unrolled for the common binary case
      const double l0 = left_[0], l1 = left_[1];
      const double r0 = total_[0] - l0, r1 = total_[1] - l1;
      sl = l0 * l0 + l1 * l1;
      sr = r0 * r0 + r1 * r1;
    } else {
      for (int c = 0; c < k_; ++c) {
        const double l = left_[static_cast<std::size_t>(c)];
        const double r = total_[static_cast<std::size_t>(c)] - l;
        sl += l * l;
        sr += r * r;
      }
    }
    il = 1.0 - sl / (wl_ * wl_);
    ir = 1.0 - sr / (wr * wr);
  }
  void node_value(double* out) const {
    for (int c = 0; c < k_; ++c) out[c] = total_[static_cast<std::size_t>(c)] / wn_;
  }

 private:
  double impurity(const double* counts, double wn) const {
    if (entropy_) {
      double e = 0.0;
      for (int c = 0; c < k_; ++c) {
        double p = counts[c];
        if (p > 0.0) {
          p /= wn;
          e -= p * (std::log(p) / std::log(2.0));
        }
      }
      return e;
    }
    double sq = 0.0;
    for (int c = 0; c < k_; ++c) sq += counts[c] * counts[c];
    return 1.0 - sq / (wn * wn);
  }

  const std::int32_t* codes_;
  int k_;
  bool entropy_;
  std::vector<std::int32_t> lc_;
  std::vector<double> lw_;
  std::vector<double> total_, left_;
  double wn_ = 0.0, wl_ = 0.0;
};

// Squared error, or with `poisson` the half Poisson deviance (sklearn's Poisson criterion:
// impurity sum w y log(y / mean) / (W k), proxy -sum_left log(mean_left) - sum_right
// log(mean_right), splits that leave a child with a non-positive sum refused).
class RegressionCriterion {
 public:
  static constexpr bool kNeedsOrder = false;
  RegressionCriterion(const TrainingData& d, bool poisson)
      : Y_(d.Y.data()),
        k_(d.n_outputs),
        poisson_(poisson),
        total_(static_cast<std::size_t>(k_)),
        left_(static_cast<std::size_t>(k_)) {}

  void gather(const std::int32_t* samples, Index m, const Vector& w) {
    m_ = m;
    ly_.resize(static_cast<std::size_t>(m * k_));
    lw_.resize(static_cast<std::size_t>(m));
    std::fill(total_.begin(), total_.end(), 0.0);
    wn_ = 0.0;
    sq_total_ = 0.0;
    for (Index i = 0; i < m; ++i) {
      const std::int32_t s = samples[i];
      const double wi = w[s];
      lw_[static_cast<std::size_t>(i)] = wi;
      for (int k = 0; k < k_; ++k) {
        const double y = Y_[static_cast<std::size_t>(s) * static_cast<std::size_t>(k_) +
                            static_cast<std::size_t>(k)];
        ly_[static_cast<std::size_t>(i * k_ + k)] = y;
        const double wy = wi * y;
        total_[static_cast<std::size_t>(k)] += wy;
        sq_total_ += wy * y;
      }
      wn_ += wi;
    }
  }
  double weighted_n() const { return wn_; }
  double node_impurity() const {
    if (poisson_) return poisson_loss(nullptr, true, total_.data(), wn_);
    double imp = sq_total_ / wn_;
    for (int k = 0; k < k_; ++k) {
      const double m = total_[static_cast<std::size_t>(k)] / wn_;
      imp -= m * m;
    }
    return imp / k_;
  }
  void reset() {
    std::fill(left_.begin(), left_.end(), 0.0);
    wl_ = 0.0;
    sq_left_ = 0.0;
  }
  void add(std::size_t i) {
    const double wi = lw_[i];
    const double* y = ly_.data() + i * static_cast<std::size_t>(k_);
    if (k_ == 1) {
      const double wy = wi * y[0];
      left_[0] += wy;
      sq_left_ += wy * y[0];
      wl_ += wi;
      return;
    }
    for (int k = 0; k < k_; ++k) {
      const double wy = wi * y[k];
      left_[static_cast<std::size_t>(k)] += wy;
      sq_left_ += wy * y[k];
    }
    wl_ += wi;
  }
  double wl() const { return wl_; }
  double wr() const { return wn_ - wl_; }
  double proxy() const {
    const double wr = this->wr();
    if (poisson_) {
      double pl = 0.0, pr = 0.0;
      for (int k = 0; k < k_; ++k) {
        const double l = left_[static_cast<std::size_t>(k)];
        const double r = total_[static_cast<std::size_t>(k)] - l;
        if (l <= kEpsilon || r <= kEpsilon) return -kInf;
        pl -= l * std::log(l / wl_);
        pr -= r * std::log(r / wr);
      }
      return -pl - pr;
    }
    if (k_ == 1) {  // the same arithmetic for the common single output
      const double l = left_[0];
      const double r = total_[0] - l;
      return (l * l) / wl_ + (r * r) / wr;
    }
    double pl = 0.0, pr = 0.0;
    for (int k = 0; k < k_; ++k) {
      const double l = left_[static_cast<std::size_t>(k)];
      const double r = total_[static_cast<std::size_t>(k)] - l;
      pl += l * l;
      pr += r * r;
    }
    return pl / wl_ + pr / wr;
  }
  // After the samples of the left child were added: `left[i]` tells which local samples those
  // were (the Poisson loss needs them one by one).
  void children_impurity(double& il, double& ir, const std::uint8_t* left = nullptr) const {
    const double wr = this->wr();
    if (poisson_) {
      std::vector<double> right(static_cast<std::size_t>(k_));
      for (int k = 0; k < k_; ++k)
        right[static_cast<std::size_t>(k)] =
            total_[static_cast<std::size_t>(k)] - left_[static_cast<std::size_t>(k)];
      il = poisson_loss(left, true, left_.data(), wl_);
      ir = poisson_loss(left, false, right.data(), wr);
      return;
    }
    il = sq_left_ / wl_;
    ir = (sq_total_ - sq_left_) / wr;
    for (int k = 0; k < k_; ++k) {
      const double l = left_[static_cast<std::size_t>(k)];
      const double r = total_[static_cast<std::size_t>(k)] - l;
      il -= (l / wl_) * (l / wl_);
      ir -= (r / wr) * (r / wr);
    }
    il /= k_;
    ir /= k_;
  }
  void node_value(double* out) const {
    for (int k = 0; k < k_; ++k) out[k] = total_[static_cast<std::size_t>(k)] / wn_;
  }

 private:
  // sklearn's poisson_loss over the local samples on one side of a split (left[i] == 1 for the
  // left side; all samples when `left` is null).
  double poisson_loss(const std::uint8_t* left, bool left_side, const double* y_sum,
                      double weight_sum) const {
    double loss = 0.0;
    for (int k = 0; k < k_; ++k) {
      if (y_sum[k] <= kEpsilon) return kInf;
      const double mean = y_sum[k] / weight_sum;
      for (Index i = 0; i < m_; ++i) {
        if (left && (left[i] != 0) != left_side) continue;
        const double y = ly_[static_cast<std::size_t>(i * k_ + k)];
        if (y != 0.0) loss += lw_[static_cast<std::size_t>(i)] * (y * std::log(y / mean));
      }
    }
    return loss / (weight_sum * k_);
  }

  const double* Y_;
  int k_;
  bool poisson_;
  Index m_ = 0;
  std::vector<double> ly_, lw_;
  std::vector<double> total_, left_;
  double wn_ = 0.0, wl_ = 0.0, sq_total_ = 0.0, sq_left_ = 0.0;
};

// A Fenwick tree (Fenwick, "A new data structure for cumulative frequency tables", 1994) over
// the ranks of a node's targets: prefix sums of weights and of weight × target, and a descent to
// the rank where the cumulative weight passes a target.
class WeightedFenwick {
 public:
  void reset(Index size) {
    size_ = size;
    w_.assign(static_cast<std::size_t>(size + 1), 0.0);
    wy_.assign(static_cast<std::size_t>(size + 1), 0.0);
    total_w_ = total_wy_ = 0.0;
    top_ = 1;
    while (top_ <= size) top_ <<= 1;
    top_ >>= 1;
  }
  void add(Index rank, double y, double w) {
    const double wy = w * y;
    for (Index j = rank + 1; j <= size_; j += j & -j) {
      w_[static_cast<std::size_t>(j)] += w;
      wy_[static_cast<std::size_t>(j)] += wy;
    }
    total_w_ += w;
    total_wy_ += wy;
  }
  double total_w() const { return total_w_; }
  double total_wy() const { return total_wy_; }
  // The first rank whose cumulative weight exceeds t, with the weight and weight × target of the
  // ranks before it. When some rank's cumulative weight equals t exactly, `prev` is that rank
  // (else prev == the returned rank).
  Index search(double t, double& cw, double& cwy, Index& prev) const {
    Index cur = 0;
    cw = cwy = 0.0;
    Index bit = top_;
    for (; bit != 0; bit >>= 1) {
      const Index next = cur + bit;
      if (next > size_) continue;
      const double nw = w_[static_cast<std::size_t>(next)];
      if (t == nw) break;
      if (t > nw) {
        t -= nw;
        cur = next;
        cw += nw;
        cwy += wy_[static_cast<std::size_t>(next)];
      }
    }
    if (bit == 0) {
      prev = cur;
      return cur;
    }
    // Exact: the last rank reaching t, and the first one past it.
    const Index equal_bit = bit;
    const double equal_t = t;
    prev = cur;
    for (double r = t; bit != 0; bit >>= 1) {
      const Index next = prev + bit;
      if (next <= size_ && r > w_[static_cast<std::size_t>(next)]) {
        r -= w_[static_cast<std::size_t>(next)];
        prev = next;
      }
    }
    t = equal_t;
    for (bit = equal_bit; bit != 0; bit >>= 1) {
      const Index next = cur + bit;
      if (next > size_) continue;
      const double nw = w_[static_cast<std::size_t>(next)];
      if (t >= nw) {
        t -= nw;
        cur = next;
        cw += nw;
        cwy += wy_[static_cast<std::size_t>(next)];
      }
    }
    return cur;
  }

 private:
  Index size_ = 0, top_ = 0;
  std::vector<double> w_, wy_;
  double total_w_ = 0.0, total_wy_ = 0.0;
};

// Absolute error (sklearn's MAE criterion, >= 1.8): a node predicts its weighted median; the
// impurity is sum w |y - median| / (W k). Before a scan the builder hands over the order in which
// samples will move left (`prepare`); one pass forwards and one backwards through a Fenwick tree
// over the targets' ranks give every prefix's and suffix's absolute error, so each candidate costs
// O(1) and a scan O(m log m). The proxy is -(W_R i_R + W_L i_L) as sklearn's default.
class AbsoluteErrorCriterion {
 public:
  static constexpr bool kNeedsOrder = true;
  explicit AbsoluteErrorCriterion(const TrainingData& d)
      : Y_(d.Y.data()), k_(d.n_outputs), median_(static_cast<std::size_t>(k_)) {}

  void gather(const std::int32_t* samples, Index m, const Vector& w) {
    m_ = m;
    const auto M = static_cast<std::size_t>(m);
    const auto K = static_cast<std::size_t>(k_);
    ly_.resize(M * K);
    lw_.resize(M);
    wn_ = 0.0;
    for (std::size_t i = 0; i < M; ++i) {
      const auto s = static_cast<std::size_t>(samples[i]);
      lw_[i] = w[static_cast<Index>(s)];
      wn_ += lw_[i];
      for (std::size_t k = 0; k < K; ++k) ly_[i * K + k] = Y_[s * K + k];
    }
    // Each output's targets in order, and each local sample's rank among them.
    sorted_.resize(M * K);
    rank_.resize(M * K);
    order_.resize(M);
    for (std::size_t k = 0; k < K; ++k) {
      for (std::size_t i = 0; i < M; ++i) order_[i] = static_cast<std::int32_t>(i);
      std::sort(order_.begin(), order_.end(), [&](std::int32_t a, std::int32_t b) {
        const double ya = ly_[static_cast<std::size_t>(a) * K + k];
        const double yb = ly_[static_cast<std::size_t>(b) * K + k];
        return ya < yb || (ya == yb && a < b);
      });
      for (std::size_t r = 0; r < M; ++r) {
        const auto i = static_cast<std::size_t>(order_[r]);
        sorted_[k * M + r] = ly_[i * K + k];
        rank_[k * M + i] = static_cast<std::int32_t>(r);
      }
    }
    // The node's own median and absolute error: the full set, as sklearn takes it from its
    // backward pass.
    for (std::size_t i = 0; i < M; ++i) order_[i] = static_cast<std::int32_t>(i);
    prefix_.assign(M, 0.0);
    suffix_.assign(M, 0.0);
    for (int k = 0; k < k_; ++k)
      median_[static_cast<std::size_t>(k)] = pass(k, order_.data(), false, suffix_.data());
    node_ae_ = M ? suffix_[0] : 0.0;
  }
  double weighted_n() const { return wn_; }
  double node_impurity() const { return node_ae_ / (wn_ * k_); }
  void reset() {
    wl_ = 0.0;
    n_left_ = 0;
  }
  // `order[j]`: the local sample that is j-th to move left in the coming scan.
  void prepare(const std::int32_t* order) {
    const auto M = static_cast<std::size_t>(m_);
    prefix_.assign(M, 0.0);
    suffix_.assign(M, 0.0);
    for (int k = 0; k < k_; ++k) {
      pass(k, order, true, prefix_.data());
      pass(k, order, false, suffix_.data());
    }
  }
  void add(std::size_t i) {
    wl_ += lw_[i];
    ++n_left_;
  }
  double wl() const { return wl_; }
  double wr() const { return wn_ - wl_; }
  double proxy() const {
    double il, ir;
    impurities(il, ir);
    return -wr() * ir - wl_ * il;
  }
  // After the builder added the left child's samples (left[i] == 1) in local order.
  void children_impurity(double& il, double& ir, const std::uint8_t* left) {
    order_.clear();
    for (Index i = 0; i < m_; ++i)
      if (left[i]) order_.push_back(static_cast<std::int32_t>(i));
    for (Index i = 0; i < m_; ++i)
      if (!left[i]) order_.push_back(static_cast<std::int32_t>(i));
    prepare(order_.data());
    impurities(il, ir);
  }
  void node_value(double* out) const {
    for (int k = 0; k < k_; ++k) out[k] = median_[static_cast<std::size_t>(k)];
  }

 private:
  void impurities(double& il, double& ir) const {
    const double wr = this->wr();
    il = (n_left_ > 0 ? prefix_[static_cast<std::size_t>(n_left_ - 1)] : 0.0) / (wl_ * k_);
    ir = (n_left_ < m_ ? suffix_[static_cast<std::size_t>(n_left_)] : 0.0) / (wr * k_);
  }
  // Add the absolute errors of output k for every prefix (forward: out[j] for order[0..j]) or
  // suffix (backward: out[j] for order[j..m)); returns the last set's (the whole node's) median.
  double pass(int k, const std::int32_t* order, bool forward, double* out) {
    const auto M = static_cast<std::size_t>(m_);
    const double* sy = sorted_.data() + static_cast<std::size_t>(k) * M;
    const std::int32_t* rk = rank_.data() + static_cast<std::size_t>(k) * M;
    fenwick_.reset(m_);
    double median = 0.0;
    for (std::size_t step = 0; step < M; ++step) {
      const std::size_t j = forward ? step : M - 1 - step;
      const auto i = static_cast<std::size_t>(order[j]);
      const Index r = rk[i];
      fenwick_.add(r, sy[r], lw_[i]);
      double w_left, wy_left;
      Index prev;
      const Index at = fenwick_.search(0.5 * fenwick_.total_w(), w_left, wy_left, prev);
      median = at != prev ? (sy[prev] + sy[at]) / 2 : sy[at];
      const double w_right = fenwick_.total_w() - w_left;
      const double wy_right = fenwick_.total_wy() - wy_left;
      out[j] += (wy_right - median * w_right) + (median * w_left - wy_left);
    }
    return median;
  }

  const double* Y_;
  int k_;
  Index m_ = 0, n_left_ = 0;
  std::vector<double> ly_, lw_, sorted_, prefix_, suffix_, median_;
  std::vector<std::int32_t> rank_, order_;
  WeightedFenwick fenwick_;
  double wn_ = 0.0, wl_ = 0.0, node_ae_ = 0.0;
};

// The weighted impurity decrease of a split (sklearn's Criterion.impurity_improvement).
template <class C>
double improvement_of(const C& crit, double parent, double il, double ir, double wn_samples) {
  const double wn = crit.weighted_n();
  return (wn / wn_samples) * (parent - crit.wr() / wn * ir - crit.wl() / wn * il);
}

// ---------------------------------------------------------------- sorting
// A float's bits mapped so that unsigned order is numeric order.
inline std::uint32_t float_key(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, 4);
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}
// The sort key of a value: float_key, or above every value for NaN (sorted last).
inline std::uint64_t sort_key(float x) { return x != x ? 0xffffffffu : float_key(x); }
inline float key_float(std::uint64_t key) {
  std::uint32_t u = static_cast<std::uint32_t>(key >> 32);
  u = (u & 0x80000000u) ? (u & 0x7fffffffu) : ~u;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// Sort (float key << 32 | local index) by the float key: std::sort for small nodes, else a
// least-significant-digit radix sort of the key's four bytes, skipping bytes all keys share.
void sort_keys(std::uint64_t* k, std::uint64_t* tmp, std::size_t m) {
  if (m < 192) {
    std::sort(k, k + m);
    return;
  }
  std::size_t hist[4][256] = {};
  for (std::size_t i = 0; i < m; ++i) {
    const std::uint64_t v = k[i] >> 32;
    ++hist[0][v & 0xff];
    ++hist[1][(v >> 8) & 0xff];
    ++hist[2][(v >> 16) & 0xff];
    ++hist[3][(v >> 24) & 0xff];
  }
  std::uint64_t* src = k;
  std::uint64_t* dst = tmp;
  for (int b = 0; b < 4; ++b) {
    const int shift = 32 + 8 * b;
    if (hist[b][(src[0] >> shift) & 0xff] == m) continue;
    std::size_t offs[256];
    std::size_t acc = 0;
    for (int i = 0; i < 256; ++i) offs[i] = acc, acc += hist[b][i];
    for (std::size_t i = 0; i < m; ++i) dst[offs[(src[i] >> shift) & 0xff]++] = src[i];
    std::swap(src, dst);
  }
  if (src != k) std::memcpy(k, src, m * sizeof(std::uint64_t));
}

// Sort (value index << 32 | local index) keys whose value index is below 256 and whose local
// indices increase: one stable counting pass (std::sort for a handful of keys).
void sort_bin_keys(std::uint64_t* k, std::uint64_t* tmp, std::size_t m) {
  if (m < 32) {
    std::sort(k, k + m);
    return;
  }
  std::uint32_t offs[256] = {};
  for (std::size_t i = 0; i < m; ++i) ++offs[(k[i] >> 32) & 0xff];
  std::uint32_t acc = 0;
  for (std::uint32_t& o : offs) {
    const std::uint32_t c = o;
    o = acc;
    acc += c;
  }
  for (std::size_t i = 0; i < m; ++i) tmp[offs[(k[i] >> 32) & 0xff]++] = k[i];
  std::memcpy(k, tmp, m * sizeof(std::uint64_t));
}

// ---------------------------------------------------------------- the builder

struct Split {
  Index feature = -1;
  double threshold = 0.0;
  Index pos = 0;  // absolute: samples[start, pos) go left
  double improvement = -kInf;
  double impurity_left = kInf, impurity_right = kInf;
  bool missing_left = false;  // where NaN goes at this node
};

// One sample's value of a feature, in the presorted layout.
struct Entry {
  float value;
  std::int32_t sample;
};

template <class Crit>
class Builder {
 public:
  Builder(const TrainingData& d, const Vector& w, const BuildConfig& cfg, Rng& rng, Crit crit)
      : d_(d), w_(w), cfg_(cfg), rng_(rng), crit_(std::move(crit)) {
    samples_.reserve(static_cast<std::size_t>(d.n));
    wn_samples_ = 0.0;
    for (Index i = 0; i < d.n; ++i)
      if (w[i] != 0.0) {
        samples_.push_back(static_cast<std::int32_t>(i));
        wn_samples_ += w[i];
      }
    features_.resize(static_cast<std::size_t>(d.p));
    for (Index f = 0; f < d.p; ++f) features_[static_cast<std::size_t>(f)] = f;
    constant_features_.assign(static_cast<std::size_t>(d.p), 0);
    const std::size_t M = samples_.size();
    keys_.resize(M);
    tmp_.resize(M);
    values_.resize(M);
    part_.resize(M);
    mask_.resize(M);
    fpart_.resize(M);
    if constexpr (Crit::kNeedsOrder) order_.resize(M);
    // When most features are searched at every node, each feature's values are kept in the
    // order of samples_ and partitioned along with it, so that a node reads them contiguously
    // instead of gathering them sample by sample from the columns (the gather's cache misses
    // were most of the split search). With few features drawn per node out of many, gathering
    // the drawn ones costs less than partitioning all.
    using Layout = BuildConfig::Layout;
    partitioned_ = cfg.layout == Layout::Auto
                       ? d.p <= kPartitionRatio * std::max<Index>(cfg.max_features, 1)
                       : cfg.layout != Layout::Gather;
    // The best splitter goes further: each feature's node samples are kept sorted by value
    // (sorted once per tree, then stably partitioned at every split: Mehta, Agrawal & Rissanen,
    // "SLIQ", 1996), so that no node sorts. Ties stay in sample order, the order the sorts
    // below leave them in, so the tree is the same.
    // It takes twice the partitioned values' memory per tree being grown, so very large data
    // keeps the plain partitioned layout.
    presorted_ =
        partitioned_ && !cfg.random_splitter &&
        (cfg.layout == Layout::Presort ||
         (cfg.layout == Layout::Auto &&
          static_cast<double>(d.p) * static_cast<double>(M) * sizeof(Entry) <= kPresortBytes));
    if (presorted_) {
      sx_.resize(static_cast<std::size_t>(d.p) * M);
      sbuf_.resize(M);
      local_of_.assign(static_cast<std::size_t>(d.n), 0);
      left_of_.assign(static_cast<std::size_t>(d.n), 0);
      for (Index f = 0; f < d.p; ++f) {
        const float* col =
            d.Xc.data() + static_cast<std::size_t>(f) * static_cast<std::size_t>(d.n);
        for (std::size_t j = 0; j < M; ++j) {
          const float x = col[samples_[j]];
          const std::uint64_t k = sort_key(x);
          keys_[j] = (k << 32) | j;
        }
        sort_keys(keys_.data(), tmp_.data(), M);
        Entry* out = sx_.data() + static_cast<std::size_t>(f) * M;
        for (std::size_t j = 0; j < M; ++j) {
          const std::int32_t smp = samples_[keys_[j] & 0xffffffffu];
          out[j] = {col[smp], smp};
        }
      }
    } else if (partitioned_) {
      xn_.resize(static_cast<std::size_t>(d.p) * M);
      for (Index f = 0; f < d.p; ++f) {
        const float* col =
            d.Xc.data() + static_cast<std::size_t>(f) * static_cast<std::size_t>(d.n);
        float* out = xn_.data() + static_cast<std::size_t>(f) * M;
        for (std::size_t j = 0; j < M; ++j) out[j] = col[samples_[j]];
      }
    }
    tree_.stride = d.classification() ? d.n_classes : d.n_outputs;
    if constexpr (std::is_same_v<Crit, ClassCriterion>) {
      // Sums of whole numbers below 2^53 are exact in any order, so counting per value gives
      // the proxies that adding the samples one by one in sorted order gives.
      counting_ = cfg.count_small_features && !d.Xb.empty() && wn_samples_ < 0x1p53;
      for (const std::int32_t i : samples_)
        if (counting_ && w[i] != std::floor(w[i])) counting_ = false;
    }
  }

  TreeStructure build() {
    if (cfg_.max_leaf_nodes > 0)
      best_first();
    else
      depth_first();
    return std::move(tree_);
  }

 private:
  Index n_nodes_samples() const { return static_cast<Index>(samples_.size()); }

  double node_reset(Index start, Index end) {
    crit_.gather(samples_.data() + start, end - start, w_);
    return crit_.weighted_n();
  }

  std::int32_t add_node(std::int32_t parent, bool is_left, bool is_leaf, const Split& s,
                        double impurity, Index n_samples, double wn) {
    const auto id = tree_.node_count();
    if (parent >= 0) (is_left ? tree_.left : tree_.right)[static_cast<std::size_t>(parent)] = id;
    tree_.left.push_back(kLeaf);
    tree_.right.push_back(kLeaf);
    tree_.feature.push_back(is_leaf ? kUndefined : static_cast<std::int32_t>(s.feature));
    tree_.threshold.push_back(is_leaf ? kUndefined : s.threshold);
    tree_.missing_left.push_back(!is_leaf && s.missing_left ? 1 : 0);
    tree_.impurity.push_back(impurity);
    tree_.n_node_samples.push_back(n_samples);
    tree_.weighted_n.push_back(wn);
    const std::size_t off = tree_.value.size();
    tree_.value.resize(off + static_cast<std::size_t>(tree_.stride));
    crit_.node_value(tree_.value.data() + off);
    return id;
  }

  bool stops(Index m, double wn, int depth) const {
    return depth >= cfg_.max_depth || m < cfg_.min_samples_split || m < 2 * cfg_.min_samples_leaf ||
           wn < 2 * cfg_.min_weight_leaf;
  }

  // sklearn's DepthFirstTreeBuilder: a stack, right child pushed before the left one.
  void depth_first() {
    struct Rec {
      Index start, end;
      int depth;
      std::int32_t parent;
      bool is_left;
      double impurity;
      Index n_constant;
    };
    std::vector<Rec> stack{{0, n_nodes_samples(), 0, -1, false, kInf, 0}};
    bool first = true;
    while (!stack.empty()) {
      Rec r = stack.back();
      stack.pop_back();
      const Index m = r.end - r.start;
      const double wn = node_reset(r.start, r.end);
      bool leaf = stops(m, wn, r.depth);
      if (first) {
        r.impurity = crit_.node_impurity();
        first = false;
      }
      leaf = leaf || r.impurity <= kEpsilon;
      Split s;
      Index n_constant = r.n_constant;
      if (!leaf) {
        s = node_split(r.start, r.end, r.impurity, n_constant);
        leaf = s.pos >= r.end || s.improvement + kEpsilon < cfg_.min_impurity_decrease;
      }
      const auto id = add_node(r.parent, r.is_left, leaf, s, r.impurity, m, wn);
      if (!leaf) {
        stack.push_back({s.pos, r.end, r.depth + 1, id, false, s.impurity_right, n_constant});
        stack.push_back({r.start, s.pos, r.depth + 1, id, true, s.impurity_left, n_constant});
      }
    }
  }

  struct Frontier {
    std::int32_t node_id;
    Index start, end, pos;
    int depth;
    bool is_leaf;
    double impurity, impurity_left, impurity_right, improvement;
  };

  Frontier add_split_node(Index start, Index end, double impurity, bool is_first, bool is_left,
                          std::int32_t parent, int depth) {
    const Index m = end - start;
    const double wn = node_reset(start, end);
    if (is_first) impurity = crit_.node_impurity();
    Index n_constant = 0;
    bool leaf = stops(m, wn, depth) || impurity <= kEpsilon;
    Split s;
    if (!leaf) {
      s = node_split(start, end, impurity, n_constant);
      leaf = s.pos >= end || s.improvement + kEpsilon < cfg_.min_impurity_decrease;
    }
    const auto id = add_node(parent, is_left, leaf, s, impurity, m, wn);
    if (leaf) return {id, start, end, end, depth, true, impurity, impurity, impurity, 0.0};
    return {
        id,           start, end, s.pos, depth, false, impurity, s.impurity_left, s.impurity_right,
        s.improvement};
  }

  void make_leaf(std::int32_t id) {
    const auto u = static_cast<std::size_t>(id);
    tree_.left[u] = tree_.right[u] = kLeaf;
    tree_.feature[u] = kUndefined;
    tree_.threshold[u] = kUndefined;
    tree_.missing_left[u] = 0;
  }

  // sklearn's BestFirstTreeBuilder: a max-heap of nodes by improvement (std::push_heap/pop_heap,
  // as its C++ frontier), expanded until max_leaf_nodes - 1 splits were made.
  void best_first() {
    const auto cmp = [](const Frontier& a, const Frontier& b) {
      return a.improvement < b.improvement;
    };
    std::vector<Frontier> frontier;
    Index max_split_nodes = cfg_.max_leaf_nodes - 1;
    frontier.push_back(add_split_node(0, n_nodes_samples(), kInf, true, false, -1, 0));
    while (!frontier.empty()) {
      std::pop_heap(frontier.begin(), frontier.end(), cmp);
      const Frontier r = frontier.back();
      frontier.pop_back();
      if (r.is_leaf || max_split_nodes <= 0) {
        make_leaf(r.node_id);
        continue;
      }
      --max_split_nodes;
      const Frontier l =
          add_split_node(r.start, r.pos, r.impurity_left, false, true, r.node_id, r.depth + 1);
      const Frontier rr =
          add_split_node(r.pos, r.end, r.impurity_right, false, false, r.node_id, r.depth + 1);
      frontier.push_back(l);
      std::push_heap(frontier.begin(), frontier.end(), cmp);
      frontier.push_back(rr);
      std::push_heap(frontier.begin(), frontier.end(), cmp);
    }
  }

  // The node's values of feature f, local sample order: contiguous in the partitioned layout,
  // else gathered from the column into values_.
  const float* feature_values(Index f, Index start, Index m) {
    if (partitioned_)
      return xn_.data() + static_cast<std::size_t>(f) * samples_.size() +
             static_cast<std::size_t>(start);
    const float* col = d_.Xc.data() + static_cast<std::size_t>(f) * static_cast<std::size_t>(d_.n);
    const std::int32_t* smp = samples_.data() + start;
    float* v = values_.data();
    for (Index i = 0; i < m; ++i) v[i] = col[smp[i]];
    return v;
  }

  // Whether feature f is read through its value indices: binned, and not kept partitioned
  // (partitioned values are contiguous already).
  bool binned(Index f) const { return !partitioned_ && has_bins(f); }
  // Presorted layout: feature f's entries for the node starting at `start`, in value order.
  Entry* sorted_entries(Index f, Index start) {
    return sx_.data() + static_cast<std::size_t>(f) * samples_.size() +
           static_cast<std::size_t>(start);
  }
  bool has_bins(Index f) const {
    return !d_.Xb.empty() && !d_.bin_values[static_cast<std::size_t>(f)].empty();
  }
  const std::uint8_t* bin_column(Index f) const {
    return d_.Xb.data() + static_cast<std::size_t>(f) * static_cast<std::size_t>(d_.n);
  }

  // Class weights and sample counts per value of binned feature f over the node's samples, and
  // the lowest and highest value present; returns whether the feature is constant in the node.
  bool count_values(Index f, Index start, Index m) {
    if constexpr (std::is_same_v<Crit, ClassCriterion>) {
      const auto nb = d_.bin_values[static_cast<std::size_t>(f)].size();
      const auto k = static_cast<std::size_t>(d_.n_classes);
      counts_.assign(nb * k, 0.0);
      bin_weight_.assign(nb, 0.0);
      bin_samples_.assign(nb, 0);
      const std::uint8_t* col = bin_column(f);
      const std::int32_t* smp = samples_.data() + start;
      const std::int32_t* lc = crit_.local_codes();
      const double* lw = crit_.local_weights();
      for (Index i = 0; i < m; ++i) {
        const std::size_t b = col[smp[i]];
        counts_[b * k + static_cast<std::size_t>(lc[i])] += lw[i];
        bin_weight_[b] += lw[i];
        ++bin_samples_[b];
      }
      lo_bin_ = 0;
      while (bin_samples_[static_cast<std::size_t>(lo_bin_)] == 0) ++lo_bin_;
      hi_bin_ = static_cast<Index>(nb) - 1;
      while (bin_samples_[static_cast<std::size_t>(hi_bin_)] == 0) --hi_bin_;
      const std::vector<float>& vals = d_.bin_values[static_cast<std::size_t>(f)];
      return static_cast<double>(vals[static_cast<std::size_t>(hi_bin_)]) <=
             static_cast<double>(vals[static_cast<std::size_t>(lo_bin_)]) + kFeatureThreshold;
    } else {
      (void)f, (void)start, (void)m;
      return true;
    }
  }

  // Stable partition of a[0, m) by side(i, a[i]) (1: left), through the buffer for the right
  // side; by default the side is mask[i].
  template <class T, class Side>
  static Index stable_partition_by(T* a, Index m, T* buf, Side side) {
    Index nl = 0, nr = 0;
    for (Index i = 0; i < m; ++i) {
      const T v = a[i];
      const std::uint8_t l = side(i, v);
      a[nl] = v;
      buf[nr] = v;
      nl += l;
      nr += 1 - l;
    }
    std::copy(buf, buf + nr, a + nl);
    return nl;
  }
  template <class T>
  static Index stable_partition(T* a, const std::uint8_t* mask, Index m, T* buf) {
    return stable_partition_by(a, m, buf, [mask](Index i, const T&) { return mask[i]; });
  }

  // sklearn's BestSplitter / RandomSplitter node_split: draw features without replacement
  // (Fisher–Yates over the features not known to be constant) until max_features non-constant
  // ones were evaluated, keep the best proxy improvement, then partition the samples.
  Split node_split(Index start, Index end, double impurity, Index& n_constant_features) {
    const Index m = end - start;
    if (presorted_)
      for (Index i = 0; i < m; ++i)
        local_of_[static_cast<std::size_t>(samples_[static_cast<std::size_t>(start + i)])] =
            static_cast<std::int32_t>(i);
    Split best;
    best.pos = end;
    double best_proxy = -kInf;
    const Index n_features = d_.p;
    Index f_i = n_features;
    Index n_visited = 0, n_found_constants = 0, n_drawn_constants = 0;
    const Index n_known_constants = n_constant_features;
    Index n_total_constants = n_known_constants;
    const Index msl = cfg_.min_samples_leaf;
    const double mwl = cfg_.min_weight_leaf;
    // A candidate threshold between consecutive values xp < xn of feature f, with the left side
    // (n_left samples) already added to the criterion.
    const auto consider = [&](Index f, double xp, double xn, Index n_left, bool has_missing,
                              bool nan_left) {
      const Index n_right = m - n_left;
      if (n_left < msl || n_right < msl) return;
      if (crit_.wl() < mwl || crit_.wr() < mwl) return;
      const double proxy = crit_.proxy();
      if (proxy > best_proxy) {
        best_proxy = proxy;
        double t = xp / 2.0 + xn / 2.0;
        if (t == xn || t == kInf || t == -kInf) t = xp;
        best.feature = f;
        best.threshold = t;
        best.pos = start + n_left;
        best.missing_left = has_missing ? nan_left : n_left > n_right;
      }
    };
    while (f_i > n_total_constants &&
           (n_visited < cfg_.max_features || n_visited <= n_found_constants + n_drawn_constants)) {
      ++n_visited;
      Index f_j = n_drawn_constants + static_cast<Index>(rng_.below(static_cast<std::uint64_t>(
                                          f_i - n_found_constants - n_drawn_constants)));
      if (f_j < n_known_constants) {
        std::swap(features_[static_cast<std::size_t>(n_drawn_constants)],
                  features_[static_cast<std::size_t>(f_j)]);
        ++n_drawn_constants;
        continue;
      }
      f_j += n_found_constants;
      const Index f = features_[static_cast<std::size_t>(f_j)];
      const float* xv = nullptr;
      bool constant;
      // Missing values (NaN) are counted apart: sorted last for the best splitter, left out of
      // the extremes for the random one; a feature whose other values are constant is constant.
      Index n_missing = 0;
      const std::vector<float>* bins =
          binned(f) ? &d_.bin_values[static_cast<std::size_t>(f)] : nullptr;
      const bool counted =
          counting_ && !cfg_.random_splitter && has_bins(f) &&
          m >= static_cast<Index>(d_.bin_values[static_cast<std::size_t>(f)].size());
      // Sort keys: a binned feature's value indices (read from its byte column, which stays in
      // cache where the float columns may not), else the float values' bits.
      const auto value_of = [bins](std::uint64_t key) {
        return bins ? static_cast<double>((*bins)[static_cast<std::size_t>(key >> 32)])
                    : static_cast<double>(key_float(key));
      };
      if (counted) {
        constant = count_values(f, start, m);
      } else if (!cfg_.random_splitter) {
        if (presorted_) {
          // Already in order: the keys are built from the sorted entries.
          const Entry* e = sorted_entries(f, start);
          for (Index i = 0; i < m; ++i) {
            const float x = e[i].value;
            const std::uint64_t k = sort_key(x);
            n_missing += x != x;
            keys_[static_cast<std::size_t>(i)] =
                (k << 32) |
                static_cast<std::uint64_t>(local_of_[static_cast<std::size_t>(e[i].sample)]);
          }
        } else if (bins) {
          const std::uint8_t* col = bin_column(f);
          const std::int32_t* smp = samples_.data() + start;
          for (Index i = 0; i < m; ++i)
            keys_[static_cast<std::size_t>(i)] =
                (static_cast<std::uint64_t>(col[smp[i]]) << 32) | static_cast<std::uint64_t>(i);
        } else {
          xv = feature_values(f, start, m);
          for (Index i = 0; i < m; ++i) {
            const float x = xv[i];
            const std::uint64_t k = sort_key(x);
            n_missing += x != x;
            keys_[static_cast<std::size_t>(i)] = (k << 32) | static_cast<std::uint64_t>(i);
          }
        }
        if (bins)
          sort_bin_keys(keys_.data(), tmp_.data(), static_cast<std::size_t>(m));
        else if (!presorted_)
          sort_keys(keys_.data(), tmp_.data(), static_cast<std::size_t>(m));
        const Index enm = m - n_missing;
        constant = enm == 0 || value_of(keys_[static_cast<std::size_t>(enm - 1)]) <=
                                   value_of(keys_[0]) + kFeatureThreshold;
      } else {
        xv = feature_values(f, start, m);
        float lo = HUGE_VALF, hi = -HUGE_VALF;
        for (Index i = 0; i < m; ++i) {
          const float x = xv[i];
          if (x != x) {
            ++n_missing;
            continue;
          }
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
        constant = n_missing == m ||
                   static_cast<double>(hi) <= static_cast<double>(lo) + kFeatureThreshold;
        random_lo_ = lo;
        random_hi_ = hi;
      }
      if (constant) {
        std::swap(features_[static_cast<std::size_t>(f_j)],
                  features_[static_cast<std::size_t>(n_total_constants)]);
        ++n_found_constants;
        ++n_total_constants;
        continue;
      }
      --f_i;
      std::swap(features_[static_cast<std::size_t>(f_i)], features_[static_cast<std::size_t>(f_j)]);

      if (counted) {
        if constexpr (std::is_same_v<Crit, ClassCriterion>) {
          // The candidates of the sorted scan below, between consecutive values present in the
          // node, with the left side grown by one value's counts at a time.
          const std::vector<float>& vals = d_.bin_values[static_cast<std::size_t>(f)];
          const auto k = static_cast<std::size_t>(d_.n_classes);
          crit_.reset();
          Index n_left = 0;
          for (Index b = lo_bin_; b < hi_bin_;) {
            const auto ub = static_cast<std::size_t>(b);
            crit_.add_counts(counts_.data() + ub * k, bin_weight_[ub]);
            n_left += bin_samples_[ub];
            Index next = b + 1;
            while (bin_samples_[static_cast<std::size_t>(next)] == 0) ++next;
            const double xp = static_cast<double>(vals[ub]);
            const double xn = static_cast<double>(vals[static_cast<std::size_t>(next)]);
            b = next;
            if (xn > xp + kFeatureThreshold) consider(f, xp, xn, n_left, false, false);
          }
        }
      } else if (!cfg_.random_splitter) {
        const Index enm = m - n_missing;
        // With missing values, two searches (NaN right, then NaN left) and the split of the
        // missing values from all others (scikit-learn >= 1.3).
        for (int pass = 0; pass < (n_missing ? 2 : 1); ++pass) {
          const bool nan_left = pass == 1;
          crit_.reset();
          if constexpr (Crit::kNeedsOrder) {
            // The order in which samples move left: by value, NaN first when it goes left.
            std::int32_t* o = order_.data();
            Index j = 0;
            const auto local = [&](Index i) {
              return static_cast<std::int32_t>(keys_[static_cast<std::size_t>(i)] & 0xffffffffu);
            };
            if (nan_left)
              for (Index i = enm; i < m; ++i) o[j++] = local(i);
            for (Index i = 0; i < enm; ++i) o[j++] = local(i);
            if (!nan_left)
              for (Index i = enm; i < m; ++i) o[j++] = local(i);
            crit_.prepare(o);
          }
          if (nan_left)
            for (Index i = enm; i < m; ++i)
              crit_.add(static_cast<std::size_t>(keys_[static_cast<std::size_t>(i)] & 0xffffffffu));
          for (Index p = 1; p < enm; ++p) {
            const std::uint64_t prev = keys_[static_cast<std::size_t>(p - 1)];
            crit_.add(static_cast<std::size_t>(prev & 0xffffffffu));
            const double xp = value_of(prev);
            const double xn = value_of(keys_[static_cast<std::size_t>(p)]);
            if (xn <= xp + kFeatureThreshold) continue;
            consider(f, xp, xn, nan_left ? p + n_missing : p, n_missing > 0, nan_left);
          }
          // The last candidate of the first pass (as scikit-learn >= 1.9 orders them): every
          // value on the left, the missing ones on the right.
          if (!nan_left && n_missing && enm >= msl && n_missing >= msl) {
            crit_.add(
                static_cast<std::size_t>(keys_[static_cast<std::size_t>(enm - 1)] & 0xffffffffu));
            if (crit_.wl() >= mwl && crit_.wr() >= mwl) {
              const double proxy = crit_.proxy();
              if (proxy > best_proxy) {
                best_proxy = proxy;
                best.feature = f;
                best.threshold = kInf;
                best.pos = start + enm;
                best.missing_left = false;
              }
            }
          }
        }
      } else {
        // Extremely randomized trees (Geurts, Ernst & Wehenkel, 2006): one uniform threshold
        // between the node's extremes of the feature; missing values to a random side.
        const double lo = random_lo_, hi = random_hi_;
        const bool nan_left = n_missing ? rng_.below(2) == 1 : false;
        double t = (hi - lo) * rng_.uniform() + lo;
        if (t == hi) t = lo;
        crit_.reset();
        Index n_left = 0;
        const auto goes_left = [&](Index i) {
          const float x = xv[i];
          return static_cast<double>(x) <= t || (x != x && nan_left);
        };
        if constexpr (Crit::kNeedsOrder) {
          std::int32_t* o = order_.data();
          for (Index i = 0; i < m; ++i)
            if (goes_left(i)) o[n_left++] = static_cast<std::int32_t>(i);
          for (Index i = 0, j = n_left; i < m; ++i)
            if (!goes_left(i)) o[j++] = static_cast<std::int32_t>(i);
          if (n_left < msl || m - n_left < msl) continue;
          crit_.prepare(o);
          for (Index j = 0; j < n_left; ++j) crit_.add(static_cast<std::size_t>(o[j]));
        } else {
          for (Index i = 0; i < m; ++i)
            if (goes_left(i)) {
              crit_.add(static_cast<std::size_t>(i));
              ++n_left;
            }
        }
        if (n_left < msl || m - n_left < msl) continue;
        if (crit_.wl() < mwl || crit_.wr() < mwl) continue;
        const double proxy = crit_.proxy();
        if (proxy > best_proxy) {
          best_proxy = proxy;
          best.feature = f;
          best.threshold = t;
          best.pos = start + n_left;
          best.missing_left = n_missing ? nan_left : n_left > m - n_left;
        }
      }
    }

    // Keep the known constants in their order for siblings and children, and record new ones.
    std::copy(constant_features_.begin(), constant_features_.begin() + n_known_constants,
              features_.begin());
    std::copy(features_.begin() + n_known_constants,
              features_.begin() + n_known_constants + n_found_constants,
              constant_features_.begin() + n_known_constants);
    n_constant_features = n_total_constants;

    if (best.pos < end) {
      // Partition the node's samples by the best split (stable) and measure both children.
      crit_.reset();
      std::uint8_t* mask = mask_.data();
      if (binned(best.feature)) {
        // Left: the value indices up to the last value at or below the threshold.
        const std::vector<float>& vals = d_.bin_values[static_cast<std::size_t>(best.feature)];
        std::size_t last = 0;
        while (last + 1 < vals.size() && static_cast<double>(vals[last + 1]) <= best.threshold)
          ++last;
        const std::uint8_t* col = bin_column(best.feature);
        const std::int32_t* smp = samples_.data() + start;
        for (Index i = 0; i < m; ++i) {
          const bool left = col[smp[i]] <= last;
          mask[i] = left;
          if (left) crit_.add(static_cast<std::size_t>(i));
        }
      } else if (presorted_) {
        const Entry* e = sorted_entries(best.feature, start);
        for (Index i = 0; i < m; ++i) {
          const float x = e[i].value;
          mask[local_of_[static_cast<std::size_t>(e[i].sample)]] =
              static_cast<double>(x) <= best.threshold || (x != x && best.missing_left);
        }
        for (Index i = 0; i < m; ++i)
          if (mask[i]) crit_.add(static_cast<std::size_t>(i));
      } else {
        const float* xv = feature_values(best.feature, start, m);
        for (Index i = 0; i < m; ++i) {
          const float x = xv[i];
          const bool left =
              static_cast<double>(x) <= best.threshold || (x != x && best.missing_left);
          mask[i] = left;
          if (left) crit_.add(static_cast<std::size_t>(i));
        }
      }
      if (presorted_) {
        // Each feature's sorted entries split stably by the side of their sample: both halves
        // stay sorted. Features constant in this node stay so below it and are not read again.
        for (Index i = 0; i < m; ++i)
          left_of_[static_cast<std::size_t>(samples_[static_cast<std::size_t>(start + i)])] =
              mask[i];
        for (Index j = n_total_constants; j < d_.p; ++j)
          stable_partition_by(sorted_entries(features_[static_cast<std::size_t>(j)], start), m,
                              sbuf_.data(), [this](Index, const Entry& v) {
                                return left_of_[static_cast<std::size_t>(v.sample)];
                              });
      }
      const Index nl = stable_partition(samples_.data() + start, mask, m, part_.data());
      if (partitioned_ && !presorted_) {
        // features_[0, n_total_constants) are the features constant in this node: they stay
        // so below it and are never read again. The others follow them.
        for (Index j = n_total_constants; j < d_.p; ++j)
          stable_partition(xn_.data() +
                               static_cast<std::size_t>(features_[static_cast<std::size_t>(j)]) *
                                   samples_.size() +
                               static_cast<std::size_t>(start),
                           mask, m, fpart_.data());
      }
      best.pos = start + nl;
      crit_.children_impurity(best.impurity_left, best.impurity_right, mask);
      best.improvement =
          improvement_of(crit_, impurity, best.impurity_left, best.impurity_right, wn_samples_);
    }
    return best;
  }

  const TrainingData& d_;
  const Vector& w_;
  const BuildConfig& cfg_;
  Rng& rng_;
  Crit crit_;
  std::vector<std::int32_t> samples_;
  double wn_samples_ = 0.0;
  std::vector<Index> features_, constant_features_;
  std::vector<std::uint64_t> keys_, tmp_;
  std::vector<float> values_;
  std::vector<std::int32_t> part_;
  std::vector<std::uint8_t> mask_;
  bool partitioned_ = false;
  // Presorted layout (partitioned, best splitter): sx_[f * samples_.size() + position] holds
  // feature f's value and sample, sorted by value within each node's range; local_of_[sample] is
  // the sample's position in the current node, left_of_[sample] its side of the split.
  bool presorted_ = false;
  std::vector<Entry> sx_, sbuf_;
  std::vector<std::int32_t> local_of_;
  std::vector<std::uint8_t> left_of_;
  std::vector<float> xn_, fpart_;  // partitioned layout: xn_[f * samples_.size() + position]
  float random_lo_ = 0.0f, random_hi_ = 0.0f;
  std::vector<std::int32_t> order_;  // criteria that need the scan's order of samples
  // Counting per value (count_small_features): per value of the feature being searched, the
  // class weights, their total and the number of samples.
  bool counting_ = false;
  std::vector<double> counts_, bin_weight_;
  std::vector<Index> bin_samples_;
  Index lo_bin_ = 0, hi_bin_ = 0;
  TreeStructure tree_;
};

}  // namespace

std::vector<float> TrainingData::columns(MatrixView X) {
  std::vector<float> c(static_cast<std::size_t>(X.rows() * X.cols()));
  const auto n = static_cast<std::size_t>(X.rows());
  // Transpose in blocks of rows so both the reads and the writes stay in cache.
  constexpr Index kBlock = 64;
  for (Index r0 = 0; r0 < X.rows(); r0 += kBlock) {
    const Index r1 = std::min(X.rows(), r0 + kBlock);
    for (Index j = 0; j < X.cols(); ++j)
      for (Index r = r0; r < r1; ++r)
        c[static_cast<std::size_t>(j) * n + static_cast<std::size_t>(r)] =
            static_cast<float>(X(r, j));
  }
  return c;
}

void TrainingData::bin_features() {
  bin_values.assign(static_cast<std::size_t>(p), {});
  Xb.clear();
  const auto N = static_cast<std::size_t>(n);
  // An open-addressing table of the distinct float values seen (twice the 256 allowed), given up
  // at the 257th value or the first NaN. -0 counts as +0, which it equals.
  constexpr std::size_t kSlots = 512;
  std::uint32_t key[kSlots];
  std::int32_t code[kSlots];
  for (Index f = 0; f < p; ++f) {
    const float* col = Xc.data() + static_cast<std::size_t>(f) * N;
    std::fill(code, code + kSlots, -1);
    const auto slot_of = [&](float x) {
      std::uint32_t u;
      std::memcpy(&u, &x, 4);
      std::size_t h = (u * 2654435761u) >> 23;
      while (code[h] >= 0 && key[h] != u) h = (h + 1) & (kSlots - 1);
      return std::pair<std::size_t, std::uint32_t>{h, u};
    };
    int distinct = 0;
    bool ok = N > 0;
    for (std::size_t i = 0; i < N && ok; ++i) {
      const float x = col[i] + 0.0f;
      if (x != x) {
        ok = false;
        break;
      }
      const auto [h, u] = slot_of(x);
      if (code[h] >= 0) continue;
      if (distinct == 256) {
        ok = false;
        break;
      }
      key[h] = u;
      code[h] = distinct++;
    }
    if (!ok) continue;
    std::vector<float> vals;
    for (std::size_t h = 0; h < kSlots; ++h)
      if (code[h] >= 0) {
        float v;
        std::memcpy(&v, &key[h], 4);
        vals.push_back(v);
      }
    std::sort(vals.begin(), vals.end());
    for (std::size_t h = 0; h < kSlots; ++h)
      if (code[h] >= 0) {
        float v;
        std::memcpy(&v, &key[h], 4);
        code[h] =
            static_cast<std::int32_t>(std::lower_bound(vals.begin(), vals.end(), v) - vals.begin());
      }
    if (Xb.empty()) Xb.resize(static_cast<std::size_t>(p) * N);
    std::uint8_t* out = Xb.data() + static_cast<std::size_t>(f) * N;
    for (std::size_t i = 0; i < N; ++i)
      out[i] = static_cast<std::uint8_t>(code[slot_of(col[i] + 0.0f).first]);
    bin_values[static_cast<std::size_t>(f)] = std::move(vals);
  }
}

TreeStructure build_tree(const TrainingData& data, const Vector& weights, const BuildConfig& cfg,
                         Rng& rng) {
  switch (cfg.criterion) {
    case Criterion::Gini:
    case Criterion::Entropy:
      return Builder<ClassCriterion>(data, weights, cfg, rng,
                                     ClassCriterion(data, cfg.criterion == Criterion::Entropy))
          .build();
    default:
      if (cfg.criterion == Criterion::AbsoluteError)
        return Builder<AbsoluteErrorCriterion>(data, weights, cfg, rng,
                                               AbsoluteErrorCriterion(data))
            .build();
      return Builder<RegressionCriterion>(
                 data, weights, cfg, rng,
                 RegressionCriterion(data, cfg.criterion == Criterion::Poisson))
          .build();
  }
}

}  // namespace mlkit::tree::detail

namespace mlkit::tree::detail {

namespace {

// Minimal cost-complexity pruning (Breiman et al. 1984, §3.3; sklearn's _cost_complexity_prune):
// repeatedly collapse the internal node with the smallest effective alpha
// g(t) = (R(t) - R(T_t)) / (|leaves(T_t)| - 1), R the weighted impurity. Stops before pruning at
// an alpha above `stop` (negative: never). Returns which nodes are leaves of the final subtree.
std::vector<std::uint8_t> prune_leaves(const TreeStructure& t, double stop,
                                       std::vector<double>* alphas,
                                       std::vector<double>* impurities) {
  const auto n = static_cast<std::size_t>(t.node_count());
  std::vector<std::int32_t> parent(n, -1);
  for (std::size_t i = 0; i < n; ++i)
    if (t.left[i] != kLeaf)
      parent[static_cast<std::size_t>(t.left[i])] = parent[static_cast<std::size_t>(t.right[i])] =
          static_cast<std::int32_t>(i);
  const double total = t.weighted_n[0];
  std::vector<double> r_node(n), r_branch(n, 0.0);
  std::vector<Index> n_leaves(n, 0);
  std::vector<std::uint8_t> leaf(n), in_subtree(n, 1), candidate(n);
  for (std::size_t i = 0; i < n; ++i) {
    r_node[i] = t.weighted_n[i] / total * t.impurity[i];
    leaf[i] = t.left[i] == kLeaf;
    candidate[i] = !leaf[i];
  }
  // Children come after their parent: a backward pass sums leaves into their ancestors.
  for (std::size_t i = n; i-- > 0;) {
    if (leaf[i]) {
      r_branch[i] = r_node[i];
      n_leaves[i] = 1;
    }
    if (parent[i] >= 0) {
      r_branch[static_cast<std::size_t>(parent[i])] += r_branch[i];
      n_leaves[static_cast<std::size_t>(parent[i])] += n_leaves[i];
    }
  }
  if (alphas) alphas->push_back(0.0), impurities->push_back(r_branch[0]);
  while (candidate[0]) {
    double alpha = std::numeric_limits<double>::max();
    std::size_t best = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!candidate[i]) continue;
      const double g = (r_node[i] - r_branch[i]) / static_cast<double>(n_leaves[i] - 1);
      if (g < alpha) alpha = g, best = i;
    }
    if (stop >= 0.0 && stop < alpha) break;
    std::vector<std::size_t> stack{best};
    while (!stack.empty()) {
      const std::size_t i = stack.back();
      stack.pop_back();
      if (!in_subtree[i]) continue;
      candidate[i] = 0;
      leaf[i] = 0;
      in_subtree[i] = 0;
      if (t.left[i] != kLeaf) {
        stack.push_back(static_cast<std::size_t>(t.left[i]));
        stack.push_back(static_cast<std::size_t>(t.right[i]));
      }
    }
    leaf[best] = 1;
    in_subtree[best] = 1;
    const Index pruned = n_leaves[best] - 1;
    n_leaves[best] = 0;
    const double diff = r_node[best] - r_branch[best];
    r_branch[best] = r_node[best];
    for (std::int32_t a = parent[best]; a >= 0; a = parent[static_cast<std::size_t>(a)]) {
      n_leaves[static_cast<std::size_t>(a)] -= pruned;
      r_branch[static_cast<std::size_t>(a)] += diff;
    }
    if (alphas) alphas->push_back(alpha), impurities->push_back(r_branch[0]);
  }
  return leaf;
}

}  // namespace

void pruning_path(const TreeStructure& t, std::vector<double>& alphas,
                  std::vector<double>& impurities) {
  alphas.clear();
  impurities.clear();
  prune_leaves(t, -1.0, &alphas, &impurities);
}

TreeStructure prune(const TreeStructure& t, double ccp_alpha) {
  const std::vector<std::uint8_t> leaf = prune_leaves(t, ccp_alpha, nullptr, nullptr);
  // Copy the kept nodes depth-first, left before right (sklearn's _build_pruned_tree).
  TreeStructure out;
  out.stride = t.stride;
  struct Rec {
    std::int32_t node, parent;
    bool is_left;
  };
  std::vector<Rec> stack{{0, -1, false}};
  while (!stack.empty()) {
    const Rec r = stack.back();
    stack.pop_back();
    const auto i = static_cast<std::size_t>(r.node);
    const auto id = out.node_count();
    if (r.parent >= 0) (r.is_left ? out.left : out.right)[static_cast<std::size_t>(r.parent)] = id;
    const bool is_leaf = leaf[i];
    out.left.push_back(kLeaf);
    out.right.push_back(kLeaf);
    out.feature.push_back(is_leaf ? kUndefined : t.feature[i]);
    out.threshold.push_back(is_leaf ? kUndefined : t.threshold[i]);
    out.missing_left.push_back(is_leaf ? 0 : t.missing_left[i]);
    out.impurity.push_back(t.impurity[i]);
    out.n_node_samples.push_back(t.n_node_samples[i]);
    out.weighted_n.push_back(t.weighted_n[i]);
    out.value.insert(out.value.end(), t.value.begin() + static_cast<std::ptrdiff_t>(i * t.stride),
                     t.value.begin() + static_cast<std::ptrdiff_t>((i + 1) * t.stride));
    if (!is_leaf) {
      stack.push_back({t.right[i], id, false});
      stack.push_back({t.left[i], id, true});
    }
  }
  return out;
}

}  // namespace mlkit::tree::detail

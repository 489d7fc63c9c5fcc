#include "mlkit/model_selection/split.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/random.hpp"

namespace mlkit::model_selection {

Splitter::~Splitter() = default;

namespace {

std::vector<Index> iota_vec(Index n, Index start = 0) {
  std::vector<Index> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), start);
  return v;
}

void shuffle(std::vector<Index>& v, Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

// The complement of `test` in [0, n), both sorted.
Split make_split(Index n, std::vector<Index> test) {
  std::sort(test.begin(), test.end());
  Split s;
  s.train.reserve(static_cast<std::size_t>(n) - test.size());
  std::size_t t = 0;
  for (Index i = 0; i < n; ++i) {
    if (t < test.size() && test[t] == i) {
      ++t;
      continue;
    }
    s.train.push_back(i);
  }
  s.test = std::move(test);
  return s;
}

void check_n_splits(Index n_splits, const char* who) {
  if (n_splits < 2)
    throw InvalidParameter(std::string(who) +
                           ": k-fold cross-validation requires at least one train/test split "
                           "by setting n_splits=2 or more, got n_splits=" +
                           std::to_string(n_splits) + ".");
}

void check_samples(Index n_splits, Index n_samples) {
  if (n_samples < 1) throw InvalidInput("cannot split an empty data set");
  if (n_splits > n_samples)
    throw InvalidInput(
        "Cannot have number of splits n_splits=" + std::to_string(n_splits) +
        " greater than the number of samples: n_samples=" + std::to_string(n_samples) + ".");
}

// Labels encoded 0..k-1 in order of first appearance (scikit-learn's StratifiedKFold order).
std::vector<Index> encode_by_appearance(VectorView y, Index* n_classes) {
  std::map<double, Index> code;
  std::vector<Index> out(static_cast<std::size_t>(y.size()));
  for (Index i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y[i])) throw InvalidInput("Input y contains NaN or infinity.");
    out[static_cast<std::size_t>(i)] =
        code.emplace(y[i], static_cast<Index>(code.size())).first->second;
  }
  *n_classes = static_cast<Index>(code.size());
  return out;
}

// Labels encoded 0..k-1 in sorted order.
std::vector<Index> encode_sorted(VectorView y, Index* n_classes) {
  std::map<double, Index> code;
  for (Index i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y[i])) throw InvalidInput("Input y contains NaN or infinity.");
    code.emplace(y[i], 0);
  }
  Index k = 0;
  for (auto& [v, c] : code) c = k++;
  std::vector<Index> out(static_cast<std::size_t>(y.size()));
  for (Index i = 0; i < y.size(); ++i) out[static_cast<std::size_t>(i)] = code.at(y[i]);
  *n_classes = k;
  return out;
}

// Train and test sizes as scikit-learn's _validate_shuffle_split computes them.
std::pair<Index, Index> split_sizes(Index n, std::optional<SplitSize> test,
                                    std::optional<SplitSize> train, double default_test) {
  if (!test && !train) test = SplitSize::fraction(default_test);
  auto check = [&](const SplitSize& s, const char* name) {
    if (s.is_count ? (s.value < 1 || s.value >= static_cast<double>(n))
                   : !(s.value > 0 && s.value < 1))
      throw InvalidParameter(std::string(name) + "=" + std::to_string(s.value) +
                             " should be either positive and smaller than the number of samples " +
                             std::to_string(n) + " or a float in the (0, 1) range");
  };
  Index n_test = 0, n_train = 0;
  if (test) {
    check(*test, "test_size");
    n_test = test->is_count ? static_cast<Index>(test->value)
                            : static_cast<Index>(std::ceil(test->value * static_cast<double>(n)));
  }
  if (train) {
    check(*train, "train_size");
    n_train = train->is_count
                  ? static_cast<Index>(train->value)
                  : static_cast<Index>(std::floor(train->value * static_cast<double>(n)));
  }
  if (!train) n_train = n - n_test;
  if (!test) n_test = n - n_train;
  if (n_train + n_test > n)
    throw InvalidParameter(
        "The sum of train_size and test_size = " + std::to_string(n_train + n_test) +
        ", should be smaller than the number of samples " + std::to_string(n) +
        ". Reduce test_size and/or train_size.");
  if (n_train == 0 || n_test == 0)
    throw InvalidParameter("With n_samples=" + std::to_string(n) +
                           ", the resulting train or test set would be empty. Adjust test_size "
                           "and/or train_size.");
  return {n_train, n_test};
}

// Distributes n_draws over classes in proportion to counts, ties in the remainders broken at
// random (scikit-learn's _approximate_mode).
std::vector<Index> approximate_mode(const std::vector<Index>& counts, Index n_draws, Rng& rng) {
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  std::vector<Index> out(counts.size());
  std::vector<double> remainder(counts.size());
  Index need = n_draws;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    const double cont = static_cast<double>(counts[k]) / total * static_cast<double>(n_draws);
    out[k] = static_cast<Index>(std::floor(cont));
    remainder[k] = cont - std::floor(cont);
    need -= out[k];
  }
  std::vector<double> values(remainder);
  std::sort(values.begin(), values.end(), std::greater<>());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  for (double v : values) {
    if (need <= 0) break;
    std::vector<Index> inds;
    for (std::size_t k = 0; k < counts.size(); ++k)
      if (remainder[k] == v) inds.push_back(static_cast<Index>(k));
    shuffle(inds, rng);
    const auto take = std::min<Index>(need, static_cast<Index>(inds.size()));
    for (Index i = 0; i < take; ++i)
      ++out[static_cast<std::size_t>(inds[static_cast<std::size_t>(i)])];
    need -= take;
  }
  return out;
}

Split stratified_shuffle_once(VectorView y, Index n_train, Index n_test, Rng& rng) {
  Index k = 0;
  const auto codes = encode_sorted(y, &k);
  std::vector<std::vector<Index>> members(static_cast<std::size_t>(k));
  for (Index i = 0; i < y.size(); ++i)
    members[static_cast<std::size_t>(codes[static_cast<std::size_t>(i)])].push_back(i);
  std::vector<Index> counts;
  for (const auto& m : members) counts.push_back(static_cast<Index>(m.size()));
  if (*std::min_element(counts.begin(), counts.end()) < 2)
    throw InvalidInput(
        "The least populated class in y has only 1 member, which is too few. The minimum "
        "number of groups for any class cannot be less than 2.");
  if (n_train < k || n_test < k)
    throw InvalidInput(
        "The train_size and test_size must each be at least the number of classes (" +
        std::to_string(k) + ")");
  const auto n_i = approximate_mode(counts, n_train, rng);
  std::vector<Index> rest(counts.size());
  for (std::size_t c = 0; c < counts.size(); ++c) rest[c] = counts[c] - n_i[c];
  const auto t_i = approximate_mode(rest, n_test, rng);
  Split s;
  for (std::size_t c = 0; c < members.size(); ++c) {
    auto m = members[c];
    shuffle(m, rng);
    s.train.insert(s.train.end(), m.begin(), m.begin() + n_i[c]);
    s.test.insert(s.test.end(), m.begin() + n_i[c], m.begin() + n_i[c] + t_i[c]);
  }
  std::sort(s.train.begin(), s.train.end());
  std::sort(s.test.begin(), s.test.end());
  return s;
}

}  // namespace

KFold::KFold(Index n_splits, bool shuffle, std::optional<std::int64_t> random_state)
    : n_splits_(n_splits), shuffle_(shuffle), random_state_(random_state) {
  check_n_splits(n_splits, "KFold");
}

std::vector<Split> KFold::split(Index n, VectorView, VectorView) const {
  check_samples(n_splits_, n);
  auto indices = iota_vec(n);
  if (shuffle_) {
    Rng rng(resolve_seed(random_state_));
    shuffle(indices, rng);
  }
  std::vector<Split> out;
  Index start = 0;
  for (Index f = 0; f < n_splits_; ++f) {
    const Index size = n / n_splits_ + (f < n % n_splits_ ? 1 : 0);
    out.push_back(make_split(n, {indices.begin() + start, indices.begin() + start + size}));
    start += size;
  }
  return out;
}

StratifiedKFold::StratifiedKFold(Index n_splits, bool shuffle,
                                 std::optional<std::int64_t> random_state)
    : n_splits_(n_splits), shuffle_(shuffle), random_state_(random_state) {
  check_n_splits(n_splits, "StratifiedKFold");
}

std::vector<Split> StratifiedKFold::split(Index n, VectorView y, VectorView) const {
  check_samples(n_splits_, n);
  if (y.size() != n)
    throw InvalidInput("StratifiedKFold needs one class label per sample: y has " +
                       std::to_string(y.size()) + " entries for " + std::to_string(n) + " samples");
  Index k = 0;
  const auto codes = encode_by_appearance(y, &k);
  std::vector<Index> counts(static_cast<std::size_t>(k), 0);
  for (Index c : codes) ++counts[static_cast<std::size_t>(c)];
  if (std::all_of(counts.begin(), counts.end(), [&](Index c) { return n_splits_ > c; }))
    throw InvalidInput("n_splits=" + std::to_string(n_splits_) +
                       " cannot be greater than the number of members in each class.");
  // allocation[f][c]: how many samples of class c fold f tests, from dealing the sorted labels
  // to the folds in turn.
  std::vector<Index> sorted_codes(codes);
  std::sort(sorted_codes.begin(), sorted_codes.end());
  std::vector<std::vector<Index>> allocation(static_cast<std::size_t>(n_splits_),
                                             std::vector<Index>(static_cast<std::size_t>(k), 0));
  for (std::size_t i = 0; i < sorted_codes.size(); ++i)
    ++allocation[i % static_cast<std::size_t>(n_splits_)]
                [static_cast<std::size_t>(sorted_codes[i])];
  std::vector<Index> test_fold(static_cast<std::size_t>(n));
  Rng rng(shuffle_ ? resolve_seed(random_state_) : 0);
  for (Index c = 0; c < k; ++c) {
    std::vector<Index> folds;
    for (Index f = 0; f < n_splits_; ++f)
      folds.insert(folds.end(),
                   static_cast<std::size_t>(
                       allocation[static_cast<std::size_t>(f)][static_cast<std::size_t>(c)]),
                   f);
    if (shuffle_) shuffle(folds, rng);
    std::size_t next = 0;
    for (Index i = 0; i < n; ++i)
      if (codes[static_cast<std::size_t>(i)] == c)
        test_fold[static_cast<std::size_t>(i)] = folds[next++];
  }
  std::vector<Split> out;
  for (Index f = 0; f < n_splits_; ++f) {
    std::vector<Index> test;
    for (Index i = 0; i < n; ++i)
      if (test_fold[static_cast<std::size_t>(i)] == f) test.push_back(i);
    out.push_back(make_split(n, std::move(test)));
  }
  return out;
}

GroupKFold::GroupKFold(Index n_splits, bool shuffle, std::optional<std::int64_t> random_state)
    : n_splits_(n_splits), shuffle_(shuffle), random_state_(random_state) {
  check_n_splits(n_splits, "GroupKFold");
}

std::vector<Split> GroupKFold::split(Index n, VectorView, VectorView groups) const {
  check_samples(n_splits_, n);
  if (groups.size() != n)
    throw InvalidInput("The 'groups' parameter should hold one group per sample.");
  Index n_groups = 0;
  const auto gid = encode_sorted(groups, &n_groups);
  if (n_splits_ > n_groups)
    throw InvalidInput("Cannot have number of splits n_splits=" + std::to_string(n_splits_) +
                       " greater than the number of groups: " + std::to_string(n_groups) + ".");
  std::vector<Index> group_fold(static_cast<std::size_t>(n_groups));
  if (shuffle_) {
    // Groups in random order, cut into n_splits nearly equal runs (numpy's array_split).
    Rng rng(resolve_seed(random_state_));
    auto order = iota_vec(n_groups);
    shuffle(order, rng);
    Index pos = 0;
    for (Index f = 0; f < n_splits_; ++f) {
      const Index size = n_groups / n_splits_ + (f < n_groups % n_splits_ ? 1 : 0);
      for (Index j = 0; j < size; ++j)
        group_fold[static_cast<std::size_t>(order[static_cast<std::size_t>(pos++)])] = f;
    }
  } else {
    std::vector<Index> sizes(static_cast<std::size_t>(n_groups), 0);
    for (Index g : gid) ++sizes[static_cast<std::size_t>(g)];
    // Largest groups first; among equal sizes the later group first (a stable ascending sort,
    // reversed), each to the fold with the fewest samples so far (the first such fold).
    auto order = iota_vec(n_groups);
    std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
      return sizes[static_cast<std::size_t>(a)] < sizes[static_cast<std::size_t>(b)];
    });
    std::reverse(order.begin(), order.end());
    std::vector<Index> fold_samples(static_cast<std::size_t>(n_splits_), 0);
    for (Index g : order) {
      const auto lightest = static_cast<Index>(
          std::min_element(fold_samples.begin(), fold_samples.end()) - fold_samples.begin());
      fold_samples[static_cast<std::size_t>(lightest)] += sizes[static_cast<std::size_t>(g)];
      group_fold[static_cast<std::size_t>(g)] = lightest;
    }
  }
  std::vector<Split> out;
  for (Index f = 0; f < n_splits_; ++f) {
    std::vector<Index> test;
    for (Index i = 0; i < n; ++i)
      if (group_fold[static_cast<std::size_t>(gid[static_cast<std::size_t>(i)])] == f)
        test.push_back(i);
    out.push_back(make_split(n, std::move(test)));
  }
  return out;
}

RepeatedKFold::RepeatedKFold(Index n_splits, Index n_repeats,
                             std::optional<std::int64_t> random_state, bool stratified)
    : n_splits_(n_splits),
      n_repeats_(n_repeats),
      random_state_(random_state),
      stratified_(stratified) {
  check_n_splits(n_splits, "RepeatedKFold");
  if (n_repeats < 1) throw InvalidParameter("Number of repetitions must be greater than 0.");
}

std::vector<Split> RepeatedKFold::split(Index n, VectorView y, VectorView groups) const {
  // Repeat r shuffles with its own stream of the base seed.
  const std::uint64_t seed = resolve_seed(random_state_);
  std::vector<Split> out;
  for (Index r = 0; r < n_repeats_; ++r) {
    const auto unit_seed = static_cast<std::int64_t>(Rng(seed, static_cast<std::uint64_t>(r))());
    std::vector<Split> folds = stratified_
                                   ? StratifiedKFold(n_splits_, true, unit_seed).split(n, y, groups)
                                   : KFold(n_splits_, true, unit_seed).split(n, y, groups);
    for (auto& s : folds) out.push_back(std::move(s));
  }
  return out;
}

std::unique_ptr<Splitter> repeated_stratified_kfold(Index n_splits, Index n_repeats,
                                                    std::optional<std::int64_t> random_state) {
  return std::make_unique<RepeatedKFold>(n_splits, n_repeats, random_state, true);
}

ShuffleSplit::ShuffleSplit(Index n_splits, std::optional<SplitSize> test_size,
                           std::optional<SplitSize> train_size,
                           std::optional<std::int64_t> random_state, bool stratified)
    : n_splits_(n_splits),
      test_size_(test_size),
      train_size_(train_size),
      random_state_(random_state),
      stratified_(stratified) {
  if (n_splits < 1) throw InvalidParameter("n_splits must be at least 1");
}

std::vector<Split> ShuffleSplit::split(Index n, VectorView y, VectorView) const {
  if (n < 2) throw InvalidInput("cannot split fewer than 2 samples");
  const auto [n_train, n_test] = split_sizes(n, test_size_, train_size_, 0.1);
  if (stratified_ && y.size() != n)
    throw InvalidInput("a stratified split needs one class label per sample");
  const std::uint64_t seed = resolve_seed(random_state_);
  std::vector<Split> out;
  for (Index s = 0; s < n_splits_; ++s) {
    Rng rng(seed, static_cast<std::uint64_t>(s));
    if (stratified_) {
      out.push_back(stratified_shuffle_once(y, n_train, n_test, rng));
      continue;
    }
    auto perm = iota_vec(n);
    shuffle(perm, rng);
    Split sp;
    sp.test.assign(perm.begin(), perm.begin() + n_test);
    sp.train.assign(perm.begin() + n_test, perm.begin() + n_test + n_train);
    std::sort(sp.test.begin(), sp.test.end());
    std::sort(sp.train.begin(), sp.train.end());
    out.push_back(std::move(sp));
  }
  return out;
}

std::unique_ptr<Splitter> stratified_shuffle_split(Index n_splits,
                                                   std::optional<SplitSize> test_size,
                                                   std::optional<SplitSize> train_size,
                                                   std::optional<std::int64_t> random_state) {
  return std::make_unique<ShuffleSplit>(n_splits, test_size, train_size, random_state, true);
}

TimeSeriesSplit::TimeSeriesSplit(Index n_splits, std::optional<Index> max_train_size,
                                 std::optional<Index> test_size, Index gap)
    : n_splits_(n_splits), max_train_size_(max_train_size), test_size_(test_size), gap_(gap) {
  check_n_splits(n_splits, "TimeSeriesSplit");
  if (gap < 0) throw InvalidParameter("gap must be >= 0");
  if (test_size && *test_size < 1) throw InvalidParameter("test_size must be >= 1");
  if (max_train_size && *max_train_size < 1) throw InvalidParameter("max_train_size must be >= 1");
}

std::vector<Split> TimeSeriesSplit::split(Index n, VectorView, VectorView) const {
  const Index n_folds = n_splits_ + 1;
  const Index test_size = test_size_ ? *test_size_ : n / n_folds;
  if (n_folds > n)
    throw InvalidInput("Cannot have number of folds=" + std::to_string(n_folds) +
                       " greater than the number of samples=" + std::to_string(n) + ".");
  if (n - gap_ - test_size * n_splits_ <= 0)
    throw InvalidInput("Too many splits=" + std::to_string(n_splits_) + " for number of samples=" +
                       std::to_string(n) + " with test_size=" + std::to_string(test_size) +
                       " and gap=" + std::to_string(gap_) + ".");
  std::vector<Split> out;
  for (Index start = n - n_splits_ * test_size; start < n; start += test_size) {
    const Index train_end = start - gap_;
    const Index train_start =
        max_train_size_ ? std::max<Index>(0, train_end - *max_train_size_) : 0;
    Split s;
    s.train = iota_vec(train_end - train_start, train_start);
    s.test = iota_vec(std::min(test_size, n - start), start);
    out.push_back(std::move(s));
  }
  return out;
}

Split train_test_split(Index n, std::optional<SplitSize> test_size,
                       std::optional<SplitSize> train_size,
                       std::optional<std::int64_t> random_state, bool shuffle_rows,
                       VectorView stratify) {
  if (n < 2) throw InvalidInput("train_test_split needs at least 2 samples");
  const auto [n_train, n_test] = split_sizes(n, test_size, train_size, 0.25);
  if (!shuffle_rows) {
    if (stratify.size() > 0)
      throw InvalidParameter("Stratified train/test split is not implemented for shuffle=False");
    return {iota_vec(n_train), iota_vec(n_test, n_train)};
  }
  Rng rng(resolve_seed(random_state));
  if (stratify.size() > 0) {
    if (stratify.size() != n) throw InvalidInput("stratify must hold one label per sample");
    return stratified_shuffle_once(stratify, n_train, n_test, rng);
  }
  auto perm = iota_vec(n);
  shuffle(perm, rng);
  Split s;
  s.test.assign(perm.begin(), perm.begin() + n_test);
  s.train.assign(perm.begin() + n_test, perm.begin() + n_test + n_train);
  std::sort(s.test.begin(), s.test.end());
  std::sort(s.train.begin(), s.train.end());
  return s;
}

Matrix take_rows(MatrixView X, const std::vector<Index>& rows) {
  Matrix out(static_cast<Index>(rows.size()), X.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] < 0 || rows[i] >= X.rows()) throw InvalidInput("row index out of range");
    out.row(static_cast<Index>(i)) = X.row(rows[i]);
  }
  return out;
}

Vector take(VectorView y, const std::vector<Index>& rows) {
  Vector out(static_cast<Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] < 0 || rows[i] >= y.size()) throw InvalidInput("index out of range");
    out[static_cast<Index>(i)] = y[rows[i]];
  }
  return out;
}

}  // namespace mlkit::model_selection

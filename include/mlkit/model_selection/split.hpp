#pragma once
/// @file split.hpp
/// @brief Cross-validation splitters and train_test_split, with scikit-learn's parameters.
/// Splitters that scikit-learn makes deterministic without a seed (KFold without shuffling,
/// StratifiedKFold without shuffling, GroupKFold, TimeSeriesSplit, and train_test_split without
/// shuffling) give exactly scikit-learn's folds; shuffled ones are reproducible from
/// random_state with mlkit's own random streams.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::model_selection {

/// @brief Row indices of one split, each list in increasing order.
struct Split {
  std::vector<Index> train;
  std::vector<Index> test;
};

/// @brief A cross-validation strategy.
class Splitter {
 public:
  virtual ~Splitter();
  /// @brief The splits of n_samples rows. `y` (class labels) is needed by stratified splitters,
  /// `groups` by group splitters; otherwise they may be empty.
  virtual std::vector<Split> split(Index n_samples, VectorView y = Vector(),
                                   VectorView groups = Vector()) const = 0;
  /// @brief How many splits split() returns.
  virtual Index n_splits() const = 0;
  virtual std::unique_ptr<Splitter> clone() const = 0;
};

/// @brief K consecutive folds (shuffled first when shuffle is true).
class KFold final : public Splitter {
 public:
  explicit KFold(Index n_splits = 5, bool shuffle = false,
                 std::optional<std::int64_t> random_state = std::nullopt);
  std::vector<Split> split(Index n_samples, VectorView y = Vector(),
                           VectorView groups = Vector()) const override;
  Index n_splits() const override { return n_splits_; }
  std::unique_ptr<Splitter> clone() const override { return std::make_unique<KFold>(*this); }

 private:
  Index n_splits_;
  bool shuffle_;
  std::optional<std::int64_t> random_state_;
};

/// @brief K folds that keep each class's proportion (scikit-learn's allocation: classes in
/// order of first appearance, samples of each class dealt to folds in turn).
class StratifiedKFold final : public Splitter {
 public:
  explicit StratifiedKFold(Index n_splits = 5, bool shuffle = false,
                           std::optional<std::int64_t> random_state = std::nullopt);
  std::vector<Split> split(Index n_samples, VectorView y = Vector(),
                           VectorView groups = Vector()) const override;
  Index n_splits() const override { return n_splits_; }
  std::unique_ptr<Splitter> clone() const override {
    return std::make_unique<StratifiedKFold>(*this);
  }

 private:
  Index n_splits_;
  bool shuffle_;
  std::optional<std::int64_t> random_state_;
};

/// @brief K folds with no group in two folds; without shuffling, groups go largest first to
/// the fold with the fewest samples (scikit-learn's greedy balance).
class GroupKFold final : public Splitter {
 public:
  explicit GroupKFold(Index n_splits = 5, bool shuffle = false,
                      std::optional<std::int64_t> random_state = std::nullopt);
  std::vector<Split> split(Index n_samples, VectorView y = Vector(),
                           VectorView groups = Vector()) const override;
  Index n_splits() const override { return n_splits_; }
  std::unique_ptr<Splitter> clone() const override { return std::make_unique<GroupKFold>(*this); }

 private:
  Index n_splits_;
  bool shuffle_;
  std::optional<std::int64_t> random_state_;
};

/// @brief KFold repeated n_repeats times with a different shuffle each time.
class RepeatedKFold final : public Splitter {
 public:
  explicit RepeatedKFold(Index n_splits = 5, Index n_repeats = 10,
                         std::optional<std::int64_t> random_state = std::nullopt,
                         bool stratified = false);
  std::vector<Split> split(Index n_samples, VectorView y = Vector(),
                           VectorView groups = Vector()) const override;
  Index n_splits() const override { return n_splits_ * n_repeats_; }
  std::unique_ptr<Splitter> clone() const override {
    return std::make_unique<RepeatedKFold>(*this);
  }

 private:
  Index n_splits_, n_repeats_;
  std::optional<std::int64_t> random_state_;
  bool stratified_;
};

/// @brief RepeatedKFold over StratifiedKFold.
std::unique_ptr<Splitter> repeated_stratified_kfold(
    Index n_splits = 5, Index n_repeats = 10,
    std::optional<std::int64_t> random_state = std::nullopt);

/// @brief Sizes of a train/test split: a fraction in (0, 1) or a count of rows (≥ 1).
struct SplitSize {
  double value = 0;
  bool is_count = false;
  static SplitSize fraction(double f) { return {f, false}; }
  static SplitSize count(Index n) { return {static_cast<double>(n), true}; }
};

/// @brief Independent random train/test splits (test_size defaults to 0.1, as scikit-learn's).
class ShuffleSplit final : public Splitter {
 public:
  explicit ShuffleSplit(Index n_splits = 10, std::optional<SplitSize> test_size = std::nullopt,
                        std::optional<SplitSize> train_size = std::nullopt,
                        std::optional<std::int64_t> random_state = std::nullopt,
                        bool stratified = false);
  std::vector<Split> split(Index n_samples, VectorView y = Vector(),
                           VectorView groups = Vector()) const override;
  Index n_splits() const override { return n_splits_; }
  std::unique_ptr<Splitter> clone() const override { return std::make_unique<ShuffleSplit>(*this); }

 private:
  Index n_splits_;
  std::optional<SplitSize> test_size_, train_size_;
  std::optional<std::int64_t> random_state_;
  bool stratified_;
};

/// @brief ShuffleSplit keeping class proportions in both parts.
std::unique_ptr<Splitter> stratified_shuffle_split(
    Index n_splits = 10, std::optional<SplitSize> test_size = std::nullopt,
    std::optional<SplitSize> train_size = std::nullopt,
    std::optional<std::int64_t> random_state = std::nullopt);

/// @brief Growing training windows followed by the next block of rows, for ordered data.
class TimeSeriesSplit final : public Splitter {
 public:
  explicit TimeSeriesSplit(Index n_splits = 5, std::optional<Index> max_train_size = std::nullopt,
                           std::optional<Index> test_size = std::nullopt, Index gap = 0);
  std::vector<Split> split(Index n_samples, VectorView y = Vector(),
                           VectorView groups = Vector()) const override;
  Index n_splits() const override { return n_splits_; }
  std::unique_ptr<Splitter> clone() const override {
    return std::make_unique<TimeSeriesSplit>(*this);
  }

 private:
  Index n_splits_;
  std::optional<Index> max_train_size_, test_size_;
  Index gap_;
};

/// @brief One train/test split of n_samples rows (scikit-learn's train_test_split: test_size
/// 0.25 when neither size is given; stratify by class labels when `stratify` is not empty;
/// without shuffling, the first rows train and the next ones test).
Split train_test_split(Index n_samples, std::optional<SplitSize> test_size = std::nullopt,
                       std::optional<SplitSize> train_size = std::nullopt,
                       std::optional<std::int64_t> random_state = std::nullopt, bool shuffle = true,
                       VectorView stratify = Vector());

/// @brief Rows of X (and entries of y) in the order of `rows`.
Matrix take_rows(MatrixView X, const std::vector<Index>& rows);
Vector take(VectorView y, const std::vector<Index>& rows);

}  // namespace mlkit::model_selection

#include "mlkit/preprocessing/one_hot_encoder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/preprocessing/detail/categories.hpp"
#include "src/preprocessing/detail/columns.hpp"

namespace mlkit::preprocessing {

namespace {

const ParamTable& table() {
  using P = OneHotEncoderParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("OneHotEncoder")
          .add("categories", &P::categories,
               "Only 'auto': the categories are the distinct values seen in fit.",
               {ParamAlternative::string({"auto"})})
          .add("drop", &P::drop,
               "Drop one column per feature: None, 'first', or 'if_binary' (features with two "
               "categories only).",
               {ParamAlternative::string({"first", "if_binary"})})
          .add("sparse_output", &P::sparse_output,
               "Kept for scikit-learn compatibility; mlkit's output is always dense.")
          .add("handle_unknown", &P::handle_unknown,
               "Unknown values in transform: 'error' raises, 'ignore' gives all zeros, "
               "'infrequent_if_exist' (and 'warn') use the infrequent column when there is one.",
               {ParamAlternative::string({"error", "ignore", "infrequent_if_exist", "warn"})})
          .add("min_frequency", &P::min_frequency,
               "Categories seen fewer times (an int) or in a smaller fraction of the samples (a "
               "float) are infrequent.",
               {ParamAlternative::integer(1), ParamAlternative::real(0, 1, false, false)})
          .add("max_categories", &P::max_categories,
               "Upper limit of output columns per feature, the infrequent column included.",
               {ParamAlternative::integer(1)})
          .build();
  return t;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

OneHotEncoder::OneHotEncoder(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> OneHotEncoder::clone() const {
  return std::make_unique<OneHotEncoder>(params_);
}

const Tags& OneHotEncoder::tags() const {
  static const Tags t = [] {
    Tags t = Tags::transformer();
    t.allow_nan = true;
    t.categorical = true;
    t.has_inverse_transform = true;
    return t;
  }();
  return t;
}

const ParamTable& OneHotEncoder::param_table() const { return table(); }

const std::vector<Vector>& OneHotEncoder::categories() const {
  check_fitted();
  return state_.categories;
}
const std::vector<Vector>& OneHotEncoder::infrequent_categories() const {
  check_fitted();
  return state_.infrequent;
}
const Vector& OneHotEncoder::drop_idx() const {
  check_fitted();
  return state_.drop_idx;
}

void OneHotEncoder::validate_params() const {}

std::vector<OneHotEncoder::Layout> OneHotEncoder::make_layout(const std::vector<Vector>& categories,
                                                              const std::vector<Vector>& infrequent,
                                                              const Vector& drop_idx) {
  std::vector<Layout> out(categories.size());
  Index offset = 0;
  for (std::size_t f = 0; f < categories.size(); ++f) {
    const Vector& cats = categories[f];
    Layout& l = out[f];
    const auto n = static_cast<std::size_t>(cats.size());
    std::vector<bool> is_infrequent(n, false);
    for (Index k = 0; k < infrequent[f].size(); ++k) {
      const Index idx = detail::category_index(cats, infrequent[f][k]);
      if (idx < 0) throw ModelFormatError("an infrequent category is not a category");
      is_infrequent[static_cast<std::size_t>(idx)] = true;
    }
    // Frequent categories keep their order; the infrequent ones share the last group.
    l.group.assign(n, 0);
    Index next = 0;
    for (std::size_t k = 0; k < n; ++k)
      if (!is_infrequent[k]) l.group[k] = next++;
    Index groups = next;
    if (infrequent[f].size() > 0) {
      l.infrequent_group = next;
      for (std::size_t k = 0; k < n; ++k)
        if (is_infrequent[k]) l.group[k] = next;
      groups = next + 1;
    }
    if (drop_idx.size() > 0 && !std::isnan(drop_idx[static_cast<Index>(f)]))
      l.dropped_group = l.group[static_cast<std::size_t>(drop_idx[static_cast<Index>(f)])];
    l.offset = offset;
    l.width = groups - (l.dropped_group >= 0 ? 1 : 0);
    offset += l.width;
  }
  return out;
}

void OneHotEncoder::fit_impl(MatrixView X, MatrixView, const FitOptions& opts) {
  const Index n = X.rows(), p = X.cols();
  std::vector<Vector> cats(static_cast<std::size_t>(p)), infrequent(static_cast<std::size_t>(p));
  std::vector<std::vector<Index>> counts(static_cast<std::size_t>(p));
  detail::for_column_blocks(p, [&](Index c0, Index c1) {
    std::vector<double> values;
    for (Index c = c0; c < c1; ++c) {
      detail::unique_with_counts(X, c, values, counts[static_cast<std::size_t>(c)]);
      cats[static_cast<std::size_t>(c)] =
          Eigen::Map<const Vector>(values.data(), static_cast<Index>(values.size()));
    }
  });
  const bool infrequent_enabled = !params_.min_frequency.is_none() || params_.max_categories;
  std::vector<std::vector<Index>> infrequent_idx(static_cast<std::size_t>(p));
  if (infrequent_enabled) {
    for (Index c = 0; c < p; ++c) {
      // Missing values count as a category here (not so in OrdinalEncoder).
      const auto& count = counts[static_cast<std::size_t>(c)];
      const std::size_t m = count.size();
      const std::vector<bool> mask =
          detail::identify_infrequent(count, n, params_.min_frequency, params_.max_categories);
      std::vector<double> values;
      for (std::size_t k = 0; k < m; ++k)
        if (mask[k]) {
          values.push_back(cats[static_cast<std::size_t>(c)][static_cast<Index>(k)]);
          infrequent_idx[static_cast<std::size_t>(c)].push_back(static_cast<Index>(k));
        }
      infrequent[static_cast<std::size_t>(c)] =
          Eigen::Map<const Vector>(values.data(), static_cast<Index>(values.size()));
    }
  }
  Vector drop_idx;
  if (params_.drop) {
    drop_idx = Vector::Constant(p, kNaN);
    for (Index c = 0; c < p; ++c) {
      const auto& infreq = infrequent_idx[static_cast<std::size_t>(c)];
      const Index m = cats[static_cast<std::size_t>(c)].size();
      const Index grouped = m - (infreq.empty() ? 0 : static_cast<Index>(infreq.size()) - 1);
      if (*params_.drop == "if_binary" && grouped != 2) continue;
      // Group 0 after grouping, mapped back to the first category in it.
      if (infreq.empty()) {
        drop_idx[c] = 0;
      } else {
        const Index frequent = m - static_cast<Index>(infreq.size());
        Index first = 0;
        if (frequent > 0) {
          while (std::find(infreq.begin(), infreq.end(), first) != infreq.end()) ++first;
        }
        drop_idx[c] = static_cast<double>(first);
      }
    }
  }
  State s;
  s.layout = make_layout(cats, infrequent, drop_idx);
  s.categories = std::move(cats);
  s.infrequent = std::move(infrequent);
  s.drop_idx = std::move(drop_idx);
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix OneHotEncoder::transform_impl(MatrixView X) const {
  const Index n = X.rows(), p = X.cols();
  const Index width =
      state_.layout.empty() ? 0 : state_.layout.back().offset + state_.layout.back().width;
  const bool to_infrequent =
      params_.handle_unknown == "infrequent_if_exist" || params_.handle_unknown == "warn";
  Matrix out = Matrix::Zero(n, width);
  std::vector<Index> unknown_row(static_cast<std::size_t>(p), -1);
  detail::for_column_blocks(p, [&](Index c0, Index c1) {
    for (Index c = c0; c < c1; ++c) {
      const Layout& l = state_.layout[static_cast<std::size_t>(c)];
      const Vector& cats = state_.categories[static_cast<std::size_t>(c)];
      for (Index i = 0; i < n; ++i) {
        const Index k = detail::category_index(cats, X(i, c));
        Index g;
        if (k >= 0) {
          g = l.group[static_cast<std::size_t>(k)];
        } else if (params_.handle_unknown == "error") {
          if (unknown_row[static_cast<std::size_t>(c)] < 0)
            unknown_row[static_cast<std::size_t>(c)] = i;
          continue;
        } else if (to_infrequent && l.infrequent_group >= 0) {
          g = l.infrequent_group;
        } else {
          continue;  // all zeros
        }
        if (g == l.dropped_group) continue;
        const Index col = g - (l.dropped_group >= 0 && g > l.dropped_group ? 1 : 0);
        out(i, l.offset + col) = 1.0;
      }
    }
  });
  for (Index c = 0; c < p; ++c)
    if (unknown_row[static_cast<std::size_t>(c)] >= 0)
      throw InvalidInput("Found unknown categories [" +
                         detail::format_number(X(unknown_row[static_cast<std::size_t>(c)], c)) +
                         "] in column " + std::to_string(c) + " during transform");
  return out;
}

Matrix OneHotEncoder::inverse_transform_impl(MatrixView X) const {
  const Index p = n_features_in();
  const Index width = state_.layout.back().offset + state_.layout.back().width;
  if (X.cols() != width)
    throw InvalidInput("Shape of the passed X data is not correct. Expected " +
                       std::to_string(width) + " columns, got " + std::to_string(X.cols()) + ".");
  const bool to_infrequent =
      params_.handle_unknown == "infrequent_if_exist" || params_.handle_unknown == "warn";
  Matrix out(X.rows(), p);
  for (Index f = 0; f < p; ++f) {
    const Layout& l = state_.layout[static_cast<std::size_t>(f)];
    const Vector& cats = state_.categories[static_cast<std::size_t>(f)];
    // The value of each group: its category, NaN for the infrequent group.
    const Index groups = l.width + (l.dropped_group >= 0 ? 1 : 0);
    Vector value = Vector::Constant(groups, kNaN);
    for (std::size_t k = 0; k < l.group.size(); ++k)
      if (l.group[k] != l.infrequent_group) value[l.group[k]] = cats[static_cast<Index>(k)];
    // scikit-learn indexes categories_ with the grouped index of the dropped category here.
    const double dropped_category = l.dropped_group >= 0 ? cats[l.dropped_group] : kNaN;
    if (l.width == 0) {
      out.col(f).setConstant(dropped_category);
      continue;
    }
    const bool zeros_unknown =
        params_.handle_unknown == "ignore" || (to_infrequent && l.infrequent_group < 0);
    for (Index i = 0; i < X.rows(); ++i) {
      const auto block = X.row(i).segment(l.offset, l.width);
      if (block.sum() == 0) {
        if (zeros_unknown) {
          out(i, f) = dropped_category;  // NaN (unknown) without a dropped category
        } else if (l.dropped_group < 0) {
          throw InvalidInput("Samples [" + std::to_string(i) +
                             "] can not be inverted when drop=None and handle_unknown='error' "
                             "because they contain all zeros");
        } else {
          out(i, f) = value[l.dropped_group];
        }
        continue;
      }
      Index col = 0;
      block.maxCoeff(&col);
      const Index g = l.dropped_group >= 0 && col >= l.dropped_group ? col + 1 : col;
      out(i, f) = value[g];
    }
  }
  return out;
}

void OneHotEncoder::save_state(nlohmann::json& j) const {
  auto cats = nlohmann::json::array(), infrequent = nlohmann::json::array();
  for (const auto& k : state_.categories) cats.push_back(mlkit::detail::vector_to_json(k));
  for (const auto& k : state_.infrequent) infrequent.push_back(mlkit::detail::vector_to_json(k));
  j["categories_"] = cats;
  j["infrequent_categories_"] = infrequent;
  j["drop_idx_"] = mlkit::detail::vector_to_json(state_.drop_idx);
}

void OneHotEncoder::load_state(const nlohmann::json& j, Index nf, Index) {
  namespace d = mlkit::detail;
  const auto& cats = d::field(j, "categories_");
  const auto& infrequent = d::field(j, "infrequent_categories_");
  if (!cats.is_array() || static_cast<Index>(cats.size()) != nf || !infrequent.is_array() ||
      static_cast<Index>(infrequent.size()) != nf)
    throw ModelFormatError(
        "model fields 'categories_'/'infrequent_categories_' need one entry per feature");
  State s;
  for (Index f = 0; f < nf; ++f) {
    Vector v = d::vector_from_json(cats[static_cast<std::size_t>(f)], "categories_", -1, true);
    if (!detail::valid_categories(v))
      throw ModelFormatError("model field 'categories_' holds invalid categories");
    Vector inf = d::vector_from_json(infrequent[static_cast<std::size_t>(f)],
                                     "infrequent_categories_", -1, true);
    if (inf.size() > v.size())
      throw ModelFormatError("model field 'infrequent_categories_' is too long");
    s.categories.push_back(std::move(v));
    s.infrequent.push_back(std::move(inf));
  }
  s.drop_idx =
      d::vector_from_json(d::field(j, "drop_idx_"), "drop_idx_", params_.drop ? nf : 0, true);
  for (Index f = 0; f < s.drop_idx.size(); ++f) {
    const double v = s.drop_idx[f];
    if (!std::isnan(v) &&
        !(v >= 0 && std::floor(v) == v &&
          v < static_cast<double>(s.categories[static_cast<std::size_t>(f)].size())))
      throw ModelFormatError("model field 'drop_idx_' holds an index out of range");
  }
  s.layout = make_layout(s.categories, s.infrequent, s.drop_idx);
  state_ = std::move(s);
}

}  // namespace mlkit::preprocessing

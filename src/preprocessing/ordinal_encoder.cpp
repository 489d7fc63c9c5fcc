#include "mlkit/preprocessing/ordinal_encoder.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/preprocessing/detail/categories.hpp"
#include "src/preprocessing/detail/columns.hpp"

namespace mlkit::preprocessing {

namespace {

const ParamTable& table() {
  using P = OrdinalEncoderParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("OrdinalEncoder")
          .add("categories", &P::categories,
               "Only 'auto': the categories are the distinct values seen in fit.",
               {ParamAlternative::string({"auto"})})
          .add("handle_unknown", &P::handle_unknown,
               "Unknown values in transform: 'error' raises, 'use_encoded_value' gives "
               "unknown_value.",
               {ParamAlternative::string({"error", "use_encoded_value"})})
          .add("unknown_value", &P::unknown_value,
               "Code of unknown values (an int; NaN is not supported) with "
               "handle_unknown='use_encoded_value'.")
          .add("encoded_missing_value", &P::encoded_missing_value,
               "Code of missing values (an int); None means NaN, scikit-learn's default.")
          .add("min_frequency", &P::min_frequency,
               "Categories seen fewer times (an int) or in a smaller fraction of the samples (a "
               "float) are infrequent and share one code.",
               {ParamAlternative::integer(1), ParamAlternative::real(0, 1, false, false)})
          .add("max_categories", &P::max_categories,
               "Upper limit of codes per feature, the infrequent code included (missing values "
               "not counted).",
               {ParamAlternative::integer(1)})
          .build();
  return t;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double OrdinalEncoder::missing_code_value() const {
  return params_.encoded_missing_value ? static_cast<double>(*params_.encoded_missing_value) : kNaN;
}

namespace {

bool is_integral(double v) { return std::isfinite(v) && std::floor(v) == v; }

}  // namespace

OrdinalEncoder::OrdinalEncoder(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> OrdinalEncoder::clone() const {
  return std::make_unique<OrdinalEncoder>(params_);
}

const Tags& OrdinalEncoder::tags() const {
  static const Tags t = [] {
    Tags t = Tags::transformer();
    t.allow_nan = true;
    t.categorical = true;
    t.has_inverse_transform = true;
    return t;
  }();
  return t;
}

const ParamTable& OrdinalEncoder::param_table() const { return table(); }

const std::vector<Vector>& OrdinalEncoder::categories() const {
  check_fitted();
  return categories_;
}
const std::vector<Vector>& OrdinalEncoder::infrequent_categories() const {
  check_fitted();
  return infrequent_;
}

std::vector<OrdinalEncoder::Codes> OrdinalEncoder::make_codes(
    const std::vector<Vector>& categories, const std::vector<Vector>& infrequent) {
  std::vector<Codes> out(categories.size());
  for (std::size_t f = 0; f < categories.size(); ++f) {
    const Vector& k = categories[f];
    const Index known = k.size() - (std::isnan(k[k.size() - 1]) ? 1 : 0);
    std::vector<bool> rare(static_cast<std::size_t>(known), false);
    for (Index r = 0; r < infrequent[f].size(); ++r) {
      const Index idx = detail::category_index(k, infrequent[f][r]);
      if (idx < 0 || idx >= known)
        throw ModelFormatError("an infrequent category is not a category");
      rare[static_cast<std::size_t>(idx)] = true;
    }
    Codes& c = out[f];
    c.of_category.assign(static_cast<std::size_t>(known), 0.0);
    for (Index i = 0; i < known; ++i)
      if (!rare[static_cast<std::size_t>(i)]) {
        c.of_category[static_cast<std::size_t>(i)] = static_cast<double>(c.category_of.size());
        c.category_of.push_back(k[i]);
      }
    if (infrequent[f].size() > 0) {
      for (Index i = 0; i < known; ++i)
        if (rare[static_cast<std::size_t>(i)])
          c.of_category[static_cast<std::size_t>(i)] = static_cast<double>(c.category_of.size());
      c.category_of.push_back(kNaN);
    }
  }
  return out;
}

void OrdinalEncoder::validate_params() const {
  if (params_.handle_unknown == "use_encoded_value") {
    if (!params_.unknown_value)
      throw InvalidParameter(
          "unknown_value should be an integer or np.nan when handle_unknown is "
          "'use_encoded_value', got " +
          (params_.unknown_value ? detail::format_number(*params_.unknown_value)
                                 : std::string("None")) +
          ".");
  } else if (params_.unknown_value) {
    throw InvalidParameter(
        "unknown_value should only be set when handle_unknown is 'use_encoded_value', got " +
        detail::format_number(*params_.unknown_value) + ".");
  }
}

void OrdinalEncoder::fit_impl(MatrixView X, MatrixView, const FitOptions& opts) {
  const Index n = X.rows(), p = X.cols();
  std::vector<Vector> cats(static_cast<std::size_t>(p)), infrequent(static_cast<std::size_t>(p));
  const bool infrequent_enabled = !params_.min_frequency.is_none() || params_.max_categories;
  detail::for_column_blocks(p, [&](Index c0, Index c1) {
    std::vector<double> values, rare;
    std::vector<Index> counts;
    for (Index c = c0; c < c1; ++c) {
      detail::unique_with_counts(X, c, values, counts);
      cats[static_cast<std::size_t>(c)] =
          Eigen::Map<const Vector>(values.data(), static_cast<Index>(values.size()));
      rare.clear();
      if (infrequent_enabled) {
        // Missing values are not a category when grouping infrequent ones.
        if (std::isnan(values.back())) counts.pop_back();
        const auto mask =
            detail::identify_infrequent(counts, n, params_.min_frequency, params_.max_categories);
        for (std::size_t k = 0; k < mask.size(); ++k)
          if (mask[k]) rare.push_back(values[k]);
      }
      infrequent[static_cast<std::size_t>(c)] =
          Eigen::Map<const Vector>(rare.data(), static_cast<Index>(rare.size()));
    }
  });
  auto codes = make_codes(cats, infrequent);
  // Codes of known, non-missing categories are 0 .. cardinality - 1: neither unknown_value nor
  // encoded_missing_value may be one of them.
  std::vector<Index> with_missing;
  for (Index c = 0; c < p; ++c) {
    const Vector& k = cats[static_cast<std::size_t>(c)];
    const bool missing = std::isnan(k[k.size() - 1]);
    const auto cardinality =
        static_cast<double>(codes[static_cast<std::size_t>(c)].category_of.size());
    if (params_.handle_unknown == "use_encoded_value" && 0 <= *params_.unknown_value &&
        *params_.unknown_value < cardinality)
      throw InvalidParameter("The used value for unknown_value " +
                             detail::format_number(*params_.unknown_value) +
                             " is one of the values already used for encoding the seen "
                             "categories.");
    if (missing && params_.encoded_missing_value && 0 <= *params_.encoded_missing_value &&
        *params_.encoded_missing_value < cardinality)
      with_missing.push_back(c);
  }
  if (!with_missing.empty()) {
    std::string list;
    for (Index c : with_missing) {
      if (!list.empty()) list += ", ";
      list += std::to_string(c);
    }
    throw InvalidParameter(
        "encoded_missing_value (" + detail::format_number(*params_.encoded_missing_value) +
        ") is already used to encode a known category in features: [" + list + "]");
  }
  opts.checkpoint(1.0);
  categories_ = std::move(cats);
  infrequent_ = std::move(infrequent);
  codes_ = std::move(codes);
}

Matrix OrdinalEncoder::transform_impl(MatrixView X) const {
  const Index n = X.rows(), p = X.cols();
  const bool use_value = params_.handle_unknown == "use_encoded_value";
  const double missing_code = missing_code_value();
  Matrix out(n, p);
  std::vector<Index> unknown_row(static_cast<std::size_t>(p), -1);
  detail::for_column_blocks(p, [&](Index c0, Index c1) {
    for (Index c = c0; c < c1; ++c) {
      const Vector& k = categories_[static_cast<std::size_t>(c)];
      for (Index i = 0; i < n; ++i) {
        const double x = X(i, c);
        const Index code = detail::category_index(k, x);
        if (code < 0) {
          if (!use_value) {
            if (unknown_row[static_cast<std::size_t>(c)] < 0)
              unknown_row[static_cast<std::size_t>(c)] = i;
            out(i, c) = kNaN;
          } else {
            out(i, c) = *params_.unknown_value;
          }
        } else {
          out(i, c) =
              std::isnan(x)
                  ? missing_code
                  : codes_[static_cast<std::size_t>(c)].of_category[static_cast<std::size_t>(code)];
        }
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

Matrix OrdinalEncoder::inverse_transform_impl(MatrixView X) const {
  const Index p = n_features_in();
  if (X.cols() != p)
    throw InvalidInput("X has " + std::to_string(X.cols()) +
                       " features, but OrdinalEncoder is expecting " + std::to_string(p) +
                       " features as input.");
  const double missing_code = missing_code_value();
  const bool use_value = params_.handle_unknown == "use_encoded_value";
  Matrix out(X.rows(), p);
  for (Index c = 0; c < p; ++c) {
    const Vector& k = categories_[static_cast<std::size_t>(c)];
    const bool has_missing = std::isnan(k[k.size() - 1]);
    const auto& category_of = codes_[static_cast<std::size_t>(c)].category_of;
    const auto known = static_cast<Index>(category_of.size());
    for (Index i = 0; i < X.rows(); ++i) {
      const double code = X(i, c);
      // Missing and unknown values come back as NaN (scikit-learn gives None for unknown).
      if (has_missing && (code == missing_code || (std::isnan(code) && std::isnan(missing_code))))
        out(i, c) = kNaN;
      else if (use_value && code == *params_.unknown_value)
        out(i, c) = kNaN;
      else if (is_integral(code) && code >= 0 && code < static_cast<double>(known))
        out(i, c) = category_of[static_cast<std::size_t>(code)];  // NaN: the infrequent code
      else
        throw InvalidInput("OrdinalEncoder.inverse_transform: code " + detail::format_number(code) +
                           " of column " + std::to_string(c) + " is not a known category.");
    }
  }
  return out;
}

void OrdinalEncoder::save_state(nlohmann::json& j) const {
  auto cats = nlohmann::json::array();
  for (const auto& k : categories_) cats.push_back(mlkit::detail::vector_to_json(k));
  j["categories_"] = cats;
  auto rare = nlohmann::json::array();
  for (const auto& k : infrequent_) rare.push_back(mlkit::detail::vector_to_json(k));
  j["infrequent_categories_"] = rare;
}

void OrdinalEncoder::load_state(const nlohmann::json& j, Index nf, Index) {
  namespace d = mlkit::detail;
  const auto& cats = d::field(j, "categories_");
  if (!cats.is_array() || static_cast<Index>(cats.size()) != nf)
    throw ModelFormatError("model field 'categories_' needs one entry per feature");
  const auto& rare = d::field(j, "infrequent_categories_");
  if (!rare.is_array() || static_cast<Index>(rare.size()) != nf)
    throw ModelFormatError("model field 'infrequent_categories_' needs one entry per feature");
  std::vector<Vector> out, infrequent;
  for (Index f = 0; f < nf; ++f) {
    Vector v = d::vector_from_json(cats[static_cast<std::size_t>(f)], "categories_", -1, true);
    if (!detail::valid_categories(v))
      throw ModelFormatError("model field 'categories_' holds invalid categories");
    Vector r =
        d::vector_from_json(rare[static_cast<std::size_t>(f)], "infrequent_categories_", -1, false);
    if (r.size() > v.size())
      throw ModelFormatError("model field 'infrequent_categories_' is too long");
    out.push_back(std::move(v));
    infrequent.push_back(std::move(r));
  }
  auto codes = make_codes(out, infrequent);
  categories_ = std::move(out);
  infrequent_ = std::move(infrequent);
  codes_ = std::move(codes);
}

}  // namespace mlkit::preprocessing

#include "mlkit/preprocessing/polynomial_features.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <cmath>
#include <limits>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"

namespace mlkit::preprocessing {

namespace {

const ParamTable& table() {
  using P = PolynomialFeaturesParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("PolynomialFeatures")
          .add("degree", &P::degree,
               "Maximal degree, or [min_degree, max_degree] of the polynomial features.",
               {ParamAlternative::integer(0), ParamAlternative::real_list()})
          .add("interaction_only", &P::interaction_only,
               "Only products of distinct features (no powers of one feature).")
          .add("include_bias", &P::include_bias, "Include the all-ones (degree 0) column.")
          .add("order", &P::order,
               "Memory order of scikit-learn's output; mlkit's output is always row-major.",
               {ParamAlternative::string({"C", "F"})})
          .build();
  return t;
}

// Maximum number of output features; larger requests are refused rather than allocated.
constexpr std::int64_t kMaxOutput = std::int64_t{1} << 28;

std::pair<int, int> degrees(const ParamValue& d) {
  if (d.is_int()) return {0, static_cast<int>(d.as_int())};
  const auto& l = d.as_list();
  auto as_int = [](const ParamValue& v) {
    const double x = v.as_double();
    return std::floor(x) == x && x >= 0 && x <= 1e6 ? static_cast<int>(x) : -1;
  };
  if (l.size() != 2) return {-1, -1};
  return {as_int(l[0]), as_int(l[1])};
}

// Every combination of `d` feature indices (with repetition unless interaction_only) in the
// lexicographic order of itertools.combinations(_with_replacement).
void add_combinations(Index p, int d, bool interaction_only, std::vector<std::vector<Index>>& out) {
  std::vector<Index> c(static_cast<std::size_t>(d));
  for (int k = 0; k < d; ++k) c[static_cast<std::size_t>(k)] = interaction_only ? k : 0;
  if (interaction_only && d > p) return;
  while (true) {
    if (static_cast<std::int64_t>(out.size()) >= kMaxOutput)
      throw InvalidParameter("PolynomialFeatures would produce more than 2^28 output features.");
    out.push_back(c);
    // Advance: the rightmost index that can still grow.
    int k = d - 1;
    while (k >= 0) {
      const Index limit = interaction_only ? p - (d - k) : p - 1;
      if (c[static_cast<std::size_t>(k)] < limit) break;
      --k;
    }
    if (k < 0) return;
    ++c[static_cast<std::size_t>(k)];
    for (int m = k + 1; m < d; ++m)
      c[static_cast<std::size_t>(m)] = interaction_only ? c[static_cast<std::size_t>(m - 1)] + 1
                                                        : c[static_cast<std::size_t>(k)];
  }
}

constexpr Index kRowBlock = 256;

}  // namespace

PolynomialFeatures::PolynomialFeatures(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> PolynomialFeatures::clone() const {
  return std::make_unique<PolynomialFeatures>(params_);
}

const Tags& PolynomialFeatures::tags() const {
  static const Tags t = Tags::transformer();
  return t;
}

const ParamTable& PolynomialFeatures::param_table() const { return table(); }

const Matrix& PolynomialFeatures::powers() const {
  check_fitted();
  return powers_;
}

Index PolynomialFeatures::n_output_features() const {
  check_fitted();
  return powers_.rows();
}

void PolynomialFeatures::validate_params() const {
  const auto [lo, hi] = degrees(params_.degree);
  if (params_.degree.is_list() && !(lo >= 0 && hi >= 0 && lo <= hi))
    throw InvalidParameter(
        "degree=(min_degree, max_degree) must be non-negative integers that fulfil min_degree "
        "<= max_degree, got " +
        params_.degree.repr() + ".");
  if (hi == 0 && !params_.include_bias)
    throw InvalidParameter(params_.degree.is_int()
                               ? "Setting degree to zero and include_bias to False would result "
                                 "in an empty output array."
                               : "Setting both min_degree and max_degree to zero and "
                                 "include_bias to False would result in an empty output array.");
}

void PolynomialFeatures::fit_impl(MatrixView X, MatrixView, const FitOptions& opts) {
  const Index p = X.cols();
  const auto [lo, hi] = degrees(params_.degree);
  std::vector<std::vector<Index>> combos;
  if (params_.include_bias) combos.emplace_back();
  for (int d = std::max(1, lo); d <= hi; ++d)
    add_combinations(p, d, params_.interaction_only, combos);
  Matrix powers = Matrix::Zero(static_cast<Index>(combos.size()), p);
  for (std::size_t k = 0; k < combos.size(); ++k)
    for (Index j : combos[k]) powers(static_cast<Index>(k), j) += 1;
  opts.checkpoint(1.0);
  powers_ = std::move(powers);
  combinations_ = std::move(combos);
}

Matrix PolynomialFeatures::transform_impl(MatrixView X) const {
  const Index n = X.rows(), m = static_cast<Index>(combinations_.size());
  Matrix out(n, m);
  // Each product is formed from its last factor backwards, x_c1 · (x_c2 · (... x_cd)), the
  // order in which scikit-learn builds degree d from degree d - 1.
  Context ctx;
  ctx.run([&] {
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<Index>(0, n, kRowBlock),
        [&](const oneapi::tbb::blocked_range<Index>& rows) {
          for (Index i = rows.begin(); i < rows.end(); ++i)
            for (Index k = 0; k < m; ++k) {
              const auto& c = combinations_[static_cast<std::size_t>(k)];
              if (c.empty()) {
                out(i, k) = 1.0;
                continue;
              }
              double v = X(i, c.back());
              for (std::size_t t = c.size() - 1; t-- > 0;) v = X(i, c[t]) * v;
              out(i, k) = v;
            }
        },
        oneapi::tbb::simple_partitioner());
  });
  return out;
}

void PolynomialFeatures::save_state(nlohmann::json& j) const {
  j["powers_"] = mlkit::detail::matrix_to_json(powers_);
  j["n_output_features_"] = powers_.rows();
}

void PolynomialFeatures::load_state(const nlohmann::json& j, Index nf, Index) {
  namespace d = mlkit::detail;
  const auto rows =
      d::integer_from_json(d::field(j, "n_output_features_"), "n_output_features_", 1, kMaxOutput);
  Matrix powers = d::matrix_from_json(d::field(j, "powers_"), "powers_", rows, nf, false);
  std::vector<std::vector<Index>> combos(static_cast<std::size_t>(rows));
  for (Index k = 0; k < rows; ++k)
    for (Index f = 0; f < nf; ++f) {
      const double e = powers(k, f);
      if (e < 0 || e > 1024 || std::floor(e) != e)
        throw ModelFormatError("model field 'powers_' holds an impossible exponent");
      for (int t = 0; t < static_cast<int>(e); ++t)
        combos[static_cast<std::size_t>(k)].push_back(f);
    }
  powers_ = std::move(powers);
  combinations_ = std::move(combos);
}

}  // namespace mlkit::preprocessing

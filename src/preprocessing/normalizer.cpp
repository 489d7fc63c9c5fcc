#include "mlkit/preprocessing/normalizer.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <cmath>
#include <limits>

#include "mlkit/core/context.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"

namespace mlkit::preprocessing {

namespace {

const ParamTable& table() {
  using P = NormalizerParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("Normalizer")
          .add("norm", &P::norm, "Norm of each row: 'l1', 'l2' or 'max' (largest |x|).",
               {ParamAlternative::string({"l1", "l2", "max"})})
          .add("copy", &P::copy,
               "Kept for scikit-learn compatibility; mlkit always returns a new array.")
          .build();
  return t;
}

constexpr Index kRowBlock = 256;

}  // namespace

Normalizer::Normalizer(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> Normalizer::clone() const {
  return std::make_unique<Normalizer>(params_);
}

const Tags& Normalizer::tags() const {
  static const Tags t = Tags::transformer();
  return t;
}

const ParamTable& Normalizer::param_table() const { return table(); }

void Normalizer::fit_impl(MatrixView, MatrixView, const FitOptions& opts) { opts.checkpoint(1.0); }

Matrix Normalizer::transform_impl(MatrixView X) const {
  Matrix out = X;
  const int kind = params_.norm == "l1" ? 1 : params_.norm == "l2" ? 2 : 0;
  const double eps = std::numeric_limits<double>::epsilon();
  // Rows are independent: each is normalised by one task, whatever the thread count.
  Context ctx;
  ctx.run([&] {
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<Index>(0, out.rows(), kRowBlock),
        [&](const oneapi::tbb::blocked_range<Index>& rows) {
          for (Index i = rows.begin(); i < rows.end(); ++i) {
            auto r = out.row(i);
            double norm = 0;
            if (kind == 1) {
              for (Index c = 0; c < r.size(); ++c) norm += std::abs(r[c]);
            } else if (kind == 2) {
              for (Index c = 0; c < r.size(); ++c) norm += r[c] * r[c];
              norm = std::sqrt(norm);
            } else {
              for (Index c = 0; c < r.size(); ++c) norm = std::max(norm, std::abs(r[c]));
            }
            // scikit-learn's _handle_zeros_in_scale.
            if (norm < 10 * eps) norm = 1.0;
            r /= norm;
          }
        },
        oneapi::tbb::simple_partitioner());
  });
  return out;
}

void Normalizer::save_state(nlohmann::json&) const {}

void Normalizer::load_state(const nlohmann::json&, Index, Index) {}

}  // namespace mlkit::preprocessing

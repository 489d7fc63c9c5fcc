// libFuzzer target for the model loader (DESIGN.md §5): any byte string given to
// mlkit::load_bytes must either load or throw an mlkit::Error, never crash, hang, leak or hit
// undefined behaviour. A model that loads is then used on a small finite matrix, so that the
// state it was given is exercised as well, and must save and load again in both encodings.
// Build with -DMLKIT_FUZZ=ON; run with scripts/fuzz.sh.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <span>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/estimator.hpp"
#include "mlkit/core/serialize.hpp"

namespace {

// Loaded models are bounded by the input's size, but stay clear of the fuzzer's RSS limit anyway.
constexpr mlkit::Index kMaxFeatures = 1 << 16;

void exercise(const mlkit::Estimator& est) {
  const mlkit::Index p = est.n_features_in();
  if (p < 1 || p > kMaxFeatures) return;
  mlkit::Matrix X(3, p);
  for (mlkit::Index i = 0; i < X.rows(); ++i)
    for (mlkit::Index j = 0; j < p; ++j) X(i, j) = 0.5 * static_cast<double>(i + 1) - 0.25 * j;
  const mlkit::Tags& tags = est.tags();
  try {
    if (tags.has_predict) (void)est.predict_multi(X);
  } catch (const mlkit::Error&) {
  }
  try {
    if (tags.has_transform) (void)est.transform(X);
  } catch (const mlkit::Error&) {
  }
  try {
    if (tags.has_inverse_transform) (void)est.inverse_transform(X);
  } catch (const mlkit::Error&) {
  }
}

// A model that was accepted once must survive being saved and loaded again.
void round_trip(const mlkit::Estimator& est) {
  for (auto encoding : {mlkit::ModelEncoding::Json, mlkit::ModelEncoding::Binary}) {
    try {
      const auto bytes = mlkit::save_bytes(est, encoding);
      const auto again = mlkit::load_bytes(bytes);
      if (again->name() == est.name() && again->n_features_in() == est.n_features_in() &&
          again->n_targets() == est.n_targets())
        continue;
      std::fprintf(stderr, "fuzz_model_load: the model changed in a save/load round trip\n");
    } catch (const mlkit::Error& e) {
      std::fprintf(stderr, "fuzz_model_load: a loaded model does not save and load again: %s\n",
                   e.what());
    }
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::unique_ptr<mlkit::Estimator> est;
  try {
    est = mlkit::load_bytes(std::span<const std::uint8_t>(data, size));
  } catch (const mlkit::Error&) {
    return 0;  // a rejected file is the expected outcome for almost every input
  }
  // Anything else that escapes (std::exception included) reaches libFuzzer as a crash.
  exercise(*est);
  round_trip(*est);
  return 0;
}

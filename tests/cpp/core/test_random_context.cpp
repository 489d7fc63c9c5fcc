#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <catch2/catch.hpp>

#include "tests/cpp/support/data.hpp"

using namespace mlkit;

TEST_CASE("random streams are reproducible and independent per unit", "[random]") {
  Rng a(42, 3), b(42, 3), c(42, 4), d(43, 3);
  bool differs_unit = false, differs_seed = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a();
    CHECK(x == b());
    differs_unit |= x != c();
    differs_seed |= x != d();
  }
  CHECK(differs_unit);
  CHECK(differs_seed);
}

TEST_CASE("random draws have the right ranges and moments", "[random]") {
  Rng rng(7);
  const int n = 200000;
  double sum = 0, sum_sq = 0, usum = 0;
  std::vector<int> counts(10, 0);
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    usum += u;
    const double z = rng.normal();
    sum += z, sum_sq += z * z;
    const auto k = rng.below(10);
    REQUIRE(k < 10);
    ++counts[k];
  }
  // Fixed seed: deterministic, with margins of about five standard errors.
  CHECK(usum / n == Approx(0.5).margin(5 * 0.2887 / std::sqrt(n)));
  CHECK(sum / n == Approx(0.0).margin(5 / std::sqrt(n)));
  CHECK(sum_sq / n == Approx(1.0).margin(5 * std::sqrt(2.0 / n)));
  for (int c : counts) CHECK(c == Approx(n / 10).margin(5 * std::sqrt(n * 0.09)));
  CHECK(rng.below(1) == 0);
}

TEST_CASE("resolve_seed keeps an explicit random_state", "[random]") {
  CHECK(resolve_seed(12) == 12u);
  CHECK(resolve_seed(std::nullopt) != resolve_seed(std::nullopt));
}

TEST_CASE("n_jobs follows scikit-learn's meaning", "[context]") {
  const int all = hardware_threads();
  CHECK(resolve_n_jobs(-1) == all);
  CHECK(resolve_n_jobs(-2) == std::max(1, all - 1));
  CHECK(resolve_n_jobs(-1000) == 1);
  CHECK(resolve_n_jobs(3) == 3);
  CHECK_THROWS_AS(resolve_n_jobs(0), InvalidParameter);
  const int before = get_num_threads();
  set_num_threads(1);
  CHECK(resolve_n_jobs(std::nullopt) == 1);
  set_num_threads(0);
  CHECK(get_num_threads() == all);
  set_num_threads(before);
}

TEST_CASE("a context's arena bounds the threads TBB uses", "[context]") {
  for (int n : {1, 2}) {
    Context ctx(n);
    int seen = 0;
    ctx.run([&] { seen = oneapi::tbb::this_task_arena::max_concurrency(); });
    CHECK(seen == n);
  }
}

TEST_CASE("devices: cpu always, cuda only with a GPU build and a device", "[context]") {
  CHECK(resolve_device("cpu") == Device::Cpu);
  CHECK_THROWS_AS(resolve_device("tpu"), InvalidParameter);
  if (!cuda_available()) {
    CHECK_THROWS_AS(resolve_device("cuda"), DeviceError);
    CHECK(resolve_device("auto") == Device::Cpu);
    CHECK_THROWS_AS(
        metrics::euclidean_distances(Matrix::Ones(2, 2), Matrix::Ones(2, 2), true, "cuda"),
        DeviceError);
  } else {
    CHECK(resolve_device("cuda") == Device::Cuda);
  }
}

TEST_CASE("results are identical on 1 and 2 threads", "[context][determinism]") {
  const Matrix X = test::normal_matrix(5000, 70, 31);
  const int before = get_num_threads();
  set_num_threads(1);
  preprocessing::StandardScaler one;
  one.fit(X);
  const Matrix d1 = metrics::euclidean_distances(X.topRows(600), X.topRows(300));
  set_num_threads(2);
  preprocessing::StandardScaler two;
  two.fit(X);
  const Matrix d2 = metrics::euclidean_distances(X.topRows(600), X.topRows(300));
  set_num_threads(before);
  CHECK(test::identical(one.transform(X), two.transform(X)));
  CHECK(test::identical(d1, d2));
}

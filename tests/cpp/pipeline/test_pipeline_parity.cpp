// Pipeline, ColumnTransformer and FeatureUnion against scikit-learn's on the diabetes data
// (references from tests/reference/make_model_selection_reference.py).
#include <catch2/catch.hpp>

#include "tests/cpp/model_selection/model_selection_reference.hpp"

using namespace mlkit;
using namespace mlkit::pipeline;

namespace {

void check_matrix(const Matrix& got, const nlohmann::json& want) {
  REQUIRE(static_cast<std::size_t>(got.rows()) == want.size());
  for (Index r = 0; r < got.rows(); ++r) {
    INFO("row " << r);
    test::check_close(test::row_of(got, r), want[static_cast<std::size_t>(r)]);
  }
}

}  // namespace

TEST_CASE("composites give scikit-learn's outputs", "[pipeline][parity]") {
  const auto& ref = test::ms_reference().at("composites");
  const auto& d = test::diabetes();
  const Index n = ref.at("n_train").get<Index>();
  const Matrix Xa = d.X.topRows(n), Xb = d.X.bottomRows(d.X.rows() - n);
  const Vector ya = d.y.head(n), yb = d.y.tail(d.y.size() - n);

  auto pipe = test::poly_pipeline();
  pipe->fit(Xa, ya);
  const Vector p = pipe->predict(Xb);
  test::check_close({p.data(), p.data() + p.size()}, ref.at("pipeline_predict"));
  CHECK(test::close(pipe->score(Xb, yb), ref.at("pipeline_score").get<double>()));

  auto make_ct = [] {
    ColumnTransformer ct;
    ct.add("s", make_estimator("standard_scaler"), Columns::by_index({0, 2, 4}))
        .add("m", make_estimator("min_max_scaler"), Columns::by_index({1, 3}));
    return ct;
  };
  ColumnTransformer ct = make_ct();
  ct.set_params({{"remainder", "passthrough"}});
  ct.fit(Xa);
  check_matrix(ct.transform(Xb), ref.at("column_transformer"));

  Pipeline ct_pipe;
  ct_pipe.add("ct", make_ct().clone()).add("lr", make_estimator("linear_regression"));
  ct_pipe.fit(Xa, ya);
  const Vector q = ct_pipe.predict(Xb);
  test::check_close({q.data(), q.data() + q.size()}, ref.at("column_transformer_pipeline_predict"));

  FeatureUnion fu;
  fu.add("s", make_estimator("standard_scaler")).add("a", make_estimator("max_abs_scaler"));
  fu.fit(Xa);
  check_matrix(fu.transform(Xb), ref.at("feature_union"));
}

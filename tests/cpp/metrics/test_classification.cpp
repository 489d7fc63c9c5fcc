#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "mlkit/core/errors.hpp"
#include "mlkit/metrics/classification.hpp"
#include "tests/cpp/metrics/metrics_reference.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Matrix;
using mlkit::Vector;
using namespace mlkit::metrics;
using mlkit::test::check_close;
using mlkit::test::check_scalar;
using mlkit::test::metrics_cases;
using mlkit::test::ref_matrix;
using mlkit::test::ref_number;
using mlkit::test::ref_vector;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
Vector vec(std::initializer_list<double> v) {
  Vector out(static_cast<mlkit::Index>(v.size()));
  mlkit::Index i = 0;
  for (double x : v) out[i++] = x;
  return out;
}
}  // namespace

TEST_CASE("label metrics match scikit-learn", "[classification][parity]") {
  const auto& cases = metrics_cases("labels");
  REQUIRE(cases.size() >= 10);
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO("case " << name);
    const Vector yt = ref_vector(c.at("y_true")), yp = ref_vector(c.at("y_pred"));
    const Vector w = ref_vector(c.at("sample_weight")), labels = ref_vector(c.at("labels"));
    const double pos = c.at("pos_label");
    check_scalar(accuracy_score(yt, yp, w), c.at("accuracy"), "accuracy_score", name);
    check_scalar(balanced_accuracy_score(yt, yp, w), c.at("balanced_accuracy"),
                 "balanced_accuracy_score", name);
    check_scalar(balanced_accuracy_score(yt, yp, w, true), c.at("balanced_accuracy_adjusted"),
                 "balanced_accuracy_score", name + " adjusted");
    check_scalar(matthews_corrcoef(yt, yp, w), c.at("matthews_corrcoef"), "matthews_corrcoef",
                 name);
    check_close(confusion_matrix(yt, yp, labels, w), ref_matrix(c.at("confusion_matrix")), {},
                "confusion_matrix", name);
    for (const char* norm : {"true", "pred", "all"})
      check_close(confusion_matrix(yt, yp, labels, w, norm),
                  ref_matrix(c.at(std::string("confusion_matrix_") + norm)), {}, "confusion_matrix",
                  name + " normalize " + norm);
    for (const auto& s : c.at("scores")) {
      ClassScoreOptions opt;
      opt.average = s.at("average");
      opt.zero_division = ref_number(s.at("zero_division"));
      opt.pos_label = pos;
      opt.sample_weight = w;
      if (opt.average != "binary") opt.labels = labels;
      const std::string what =
          name + " average " + opt.average + " zero_division " + std::to_string(opt.zero_division);
      INFO(what);
      const auto r = precision_recall_fscore_support(yt, yp, 1.0, opt);
      if (opt.average == "none") {
        check_close(r.precision, ref_vector(s.at("precision")), {}, "precision_score", what);
        check_close(r.recall, ref_vector(s.at("recall")), {}, "recall_score", what);
        check_close(r.fbeta, ref_vector(s.at("f1")), {}, "f1_score", what);
        check_close(r.support, ref_vector(s.at("support")), {}, "support", what);
        check_close(precision_recall_fscore_support(yt, yp, 2.0, opt).fbeta, ref_vector(s.at("f2")),
                    {}, "fbeta_score", what);
        check_close(precision_recall_fscore_support(yt, yp, 0.5, opt).fbeta,
                    ref_vector(s.at("f_half")), {}, "fbeta_score", what);
        CHECK_THROWS_AS(precision_score(yt, yp, opt), mlkit::InvalidParameter);
        continue;
      }
      check_scalar(precision_score(yt, yp, opt), s.at("precision"), "precision_score", what);
      check_scalar(recall_score(yt, yp, opt), s.at("recall"), "recall_score", what);
      check_scalar(f1_score(yt, yp, opt), s.at("f1"), "f1_score", what);
      check_scalar(fbeta_score(yt, yp, 2.0, opt), s.at("f2"), "fbeta_score", what);
      check_scalar(fbeta_score(yt, yp, 0.5, opt), s.at("f_half"), "fbeta_score", what);
      CHECK(r.support.size() == 0);
    }
    CHECK(classification_report(yt, yp, labels, {}, w, 2, 0.0) ==
          c.at("report").get<std::string>());
    CHECK(classification_report(yt, yp, labels, {}, w, 4, 1.0) ==
          c.at("report_digits_4").get<std::string>());
  }
}

TEST_CASE("roc_auc_score and average_precision_score match scikit-learn",
          "[classification][parity]") {
  const auto& cases = metrics_cases("ranking");
  REQUIRE(cases.size() >= 8);
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO("case " << name);
    const Vector yt = ref_vector(c.at("y_true")), s = ref_vector(c.at("y_score"));
    const Vector w = ref_vector(c.at("sample_weight"));
    check_scalar(roc_auc_score(yt, s, w), c.at("roc_auc"), "roc_auc_score", name);
    check_scalar(average_precision_score(yt, s, c.at("pos_label").get<double>(), w),
                 c.at("average_precision"), "average_precision_score", name);
  }
}

TEST_CASE("log_loss and one-vs-rest roc_auc_score match scikit-learn", "[classification][parity]") {
  const auto& cases = metrics_cases("probabilities");
  REQUIRE(cases.size() >= 6);
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO("case " << name);
    const Vector yt = ref_vector(c.at("y_true")), w = ref_vector(c.at("sample_weight"));
    const Matrix P = ref_matrix(c.at("y_proba"));
    check_scalar(log_loss(yt, P, w, ref_vector(c.at("labels"))), c.at("log_loss"), "log_loss",
                 name);
    for (const char* average : {"macro", "weighted"}) {
      const auto& expected = c.at(std::string("roc_auc_ovr_") + average);
      if (expected.is_null()) continue;
      check_scalar(roc_auc_score(yt, P, average, w), expected, "roc_auc_score (ovr)",
                   name + " " + average);
    }
  }
}

TEST_CASE("classification metrics: invariants", "[classification][invariant]") {
  const Vector y = vec({0, 1, 2, 2, 1, 0, 1, 2, 0, 1});
  const Vector p = vec({0, 2, 2, 1, 1, 0, 1, 0, 0, 1});
  Vector w = Vector::Ones(10);
  w[3] = 2.0;
  // Integer weights act as duplicated samples.
  const Vector y2 = (Vector(11) << y, y[3]).finished(), p2 = (Vector(11) << p, p[3]).finished();
  ClassScoreOptions macro;
  macro.average = "macro";
  ClassScoreOptions macro_w = macro;
  macro_w.sample_weight = w;
  CHECK(f1_score(y, p, macro_w) == Approx(f1_score(y2, p2, macro)).epsilon(1e-14));
  CHECK(matthews_corrcoef(y, p, w) == Approx(matthews_corrcoef(y2, p2)).epsilon(1e-14));
  // Micro-averaged F1 of single-label data is the accuracy.
  ClassScoreOptions micro;
  micro.average = "micro";
  CHECK(f1_score(y, p, micro) == Approx(accuracy_score(y, p)).epsilon(1e-14));
  // ROC AUC depends on the order of the scores only.
  const Vector yb = vec({0, 1, 1, 0, 1, 0, 0, 1});
  const Vector s = vec({0.1, 0.8, 0.35, 0.4, 0.9, 0.2, 0.35, 0.7});
  CHECK(roc_auc_score(yb, s) == Approx(roc_auc_score(yb, Vector(s.array().exp()))).epsilon(1e-15));
  CHECK(roc_auc_score(yb, Vector(-s)) == Approx(1.0 - roc_auc_score(yb, s)).epsilon(1e-14));
  // Two probability columns are the binary problem on the second.
  Matrix P2(8, 2);
  P2.col(1) = s;
  P2.col(0) = Vector::Ones(8) - s;
  CHECK(roc_auc_score(yb, P2, "macro") == roc_auc_score(yb, s));
}

TEST_CASE("classification metrics reject bad input", "[classification][errors]") {
  const Vector y = vec({0, 1, 1, 0}), p = vec({0, 1, 0, 0});
  CHECK_THROWS_AS(accuracy_score(y, vec({0, 1})), mlkit::InvalidInput);
  CHECK_THROWS_AS(accuracy_score(Vector(), Vector()), mlkit::InvalidInput);
  CHECK_THROWS_AS(f1_score(vec({0, kNaN, 1, 0}), p), mlkit::InvalidInput);
  CHECK_THROWS_AS(matthews_corrcoef(y, vec({0, 1, INFINITY, 0})), mlkit::InvalidInput);
  CHECK_THROWS_AS(accuracy_score(y, p, vec({1, -1, 1, 1})), mlkit::InvalidInput);
  CHECK_THROWS_AS(accuracy_score(y, p, vec({1, 1})), mlkit::InvalidInput);
  // Binary averaging of multiclass data, or a pos_label that is not a label.
  MLKIT_CHECK_THROWS(f1_score(vec({0, 1, 2}), vec({0, 1, 2})), mlkit::InvalidInput,
                     Catch::Matchers::Contains("average='binary'"));
  ClassScoreOptions pos;
  pos.pos_label = 7;
  MLKIT_CHECK_THROWS(precision_score(y, p, pos), mlkit::InvalidInput,
                     Catch::Matchers::Contains("pos_label=7.0 is not a valid label"));
  ClassScoreOptions bad;
  bad.average = "samples";
  CHECK_THROWS_AS(recall_score(y, p, bad), mlkit::InvalidParameter);
  bad.average = "macro";
  bad.zero_division = 0.5;
  CHECK_THROWS_AS(recall_score(y, p, bad), mlkit::InvalidParameter);
  CHECK_THROWS_AS(fbeta_score(y, p, -1.0), mlkit::InvalidParameter);
  CHECK_THROWS_AS(confusion_matrix(y, p, Vector(), Vector(), "rows"), mlkit::InvalidParameter);
  MLKIT_CHECK_THROWS(confusion_matrix(y, p, vec({5, 6})), mlkit::InvalidInput,
                     Catch::Matchers::Contains("At least one label"));
  CHECK_THROWS_AS(classification_report(y, p, Vector(), {"a"}), mlkit::InvalidInput);
  CHECK_THROWS_AS(classification_report(y, p, Vector(), {}, Vector(), -1), mlkit::InvalidParameter);
  // log_loss: one class without labels, probabilities outside [0, 1], wrong column count.
  Matrix P(4, 2);
  P << 0.2, 0.8, 0.6, 0.4, 0.5, 0.5, 0.9, 0.1;
  MLKIT_CHECK_THROWS(log_loss(Vector::Ones(4), P), mlkit::InvalidInput,
                     Catch::Matchers::Contains("y_true contains only one label"));
  Matrix Pbad = P;
  Pbad(0, 0) = 1.2;
  CHECK_THROWS_AS(log_loss(y, Pbad), mlkit::InvalidInput);
  CHECK_THROWS_AS(log_loss(vec({0, 1, 2, 0}), P), mlkit::InvalidInput);
  CHECK_THROWS_AS(log_loss(y, Matrix(P.topRows(3))), mlkit::InvalidInput);
  CHECK_THROWS_AS(log_loss(vec({0, 1, 3, 0}), P, Vector(), vec({0, 1})), mlkit::InvalidInput);
  // ROC AUC: one class is NaN (scikit-learn 1.9 warns and returns NaN); multiclass scores need
  // probabilities and one column per class.
  CHECK(std::isnan(roc_auc_score(Vector::Ones(4), vec({0.1, 0.2, 0.3, 0.4}))));
  CHECK_THROWS_AS(roc_auc_score(vec({0, 1, 2, 0}), vec({0.1, 0.2, 0.3, 0.4})), mlkit::InvalidInput);
  Matrix P3(4, 3);
  P3 << 0.2, 0.3, 0.5, 0.1, 0.1, 0.8, 0.3, 0.3, 0.4, 0.6, 0.2, 0.2;
  CHECK_THROWS_AS(roc_auc_score(vec({0, 1, 1, 0}), P3, "macro"), mlkit::InvalidInput);
  CHECK_THROWS_AS(roc_auc_score(vec({0, 1, 2, 0}), P3, "micro"), mlkit::InvalidParameter);
  Matrix P3bad = P3;
  P3bad(0, 0) = 0.5;
  MLKIT_CHECK_THROWS(roc_auc_score(vec({0, 1, 2, 0}), P3bad, "macro"), mlkit::InvalidInput,
                     Catch::Matchers::Contains("sum up to 1.0"));
  CHECK_THROWS_AS(average_precision_score(vec({2, 3, 3, 2}), vec({0.1, 0.2, 0.3, 0.4})),
                  mlkit::InvalidInput);
}

TEST_CASE("classification_report names labels as Python prints floats", "[classification]") {
  const Vector y = vec({-1, 100000, 1e17, -1}), p = vec({-1, 100000, -1, 1e17});
  const std::string report = classification_report(y, p);
  CHECK_THAT(report, Catch::Matchers::Contains("        -1.0 "));
  CHECK_THAT(report, Catch::Matchers::Contains("    100000.0 "));
  CHECK_THAT(report, Catch::Matchers::Contains("       1e+17 "));
  // scikit-learn 1.9's classification_report(y, p, zero_division=0), verbatim.
  CHECK(report ==
        "              precision    recall  f1-score   support\n\n"
        "        -1.0       0.50      0.50      0.50         2\n"
        "    100000.0       1.00      1.00      1.00         1\n"
        "       1e+17       0.00      0.00      0.00         1\n\n"
        "    accuracy                           0.50         4\n"
        "   macro avg       0.50      0.50      0.50         4\n"
        "weighted avg       0.50      0.50      0.50         4\n");
  // target_names replace them.
  CHECK_THAT(classification_report(y, p, Vector(), {"minus", "big", "huge"}),
             Catch::Matchers::Contains("        huge "));
}

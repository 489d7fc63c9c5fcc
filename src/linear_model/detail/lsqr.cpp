#include "src/linear_model/detail/lsqr.hpp"

#include <cmath>
#include <limits>

namespace mlkit::linear_model::detail {

namespace {

struct Rotation {
  double c, s, r;
};

// A Givens rotation taking (a, b) to (r, 0), computed without overflow (Choi's SymOrtho).
Rotation sym_ortho(double a, double b) {
  const auto sign = [](double v) { return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0; };
  if (b == 0) return {sign(a), 0.0, std::abs(a)};
  if (a == 0) return {0.0, sign(b), std::abs(b)};
  if (std::abs(b) > std::abs(a)) {
    const double tau = a / b;
    const double s = sign(b) / std::sqrt(1 + tau * tau);
    return {s * tau, s, b / s};
  }
  const double tau = b / a;
  const double c = sign(a) / std::sqrt(1 + tau * tau);
  return {c, c * tau, a / c};
}

}  // namespace

LsqrResult lsqr(const Eigen::MatrixXd& A, const Eigen::Ref<const Vector>& b, double damp,
                double atol, double btol, Index iter_lim, double conlim) {
  constexpr double eps = std::numeric_limits<double>::epsilon();
  const Index n = A.cols();
  LsqrResult out;
  out.x = Vector::Zero(n);
  const double ctol = conlim > 0 ? 1 / conlim : 0.0;
  const double dampsq = damp * damp;
  double anorm = 0, acond = 0, ddnorm = 0, res2 = 0, xxnorm = 0, z = 0, cs2 = -1, sn2 = 0;

  // Golub–Kahan bidiagonalisation: beta u = b, alfa v = Aᵀu.
  Vector u = b;
  const double bnorm = u.norm();
  double beta = bnorm, alfa = 0;
  Vector v = Vector::Zero(n);
  if (beta > 0) {
    u /= beta;
    v.noalias() = A.transpose() * u;
    alfa = v.norm();
  }
  if (alfa > 0) v /= alfa;
  Vector w = v;
  double rhobar = alfa, phibar = beta;
  if (alfa * beta == 0) return out;  // b = 0 or Aᵀb = 0: x = 0 is the solution

  Vector Av(A.rows());
  while (out.n_iter < iter_lim) {
    ++out.n_iter;
    Av.noalias() = A * v;
    u = Av - alfa * u;
    beta = u.norm();
    if (beta > 0) {
      u /= beta;
      anorm = std::sqrt(anorm * anorm + alfa * alfa + beta * beta + dampsq);
      v = A.transpose() * u - beta * v;
      alfa = v.norm();
      if (alfa > 0) v /= alfa;
    }
    // Eliminate the damping parameter, then the subdiagonal beta.
    double rhobar1 = rhobar, psi = 0;
    if (damp > 0) {
      rhobar1 = std::sqrt(rhobar * rhobar + dampsq);
      const double cs1 = rhobar / rhobar1, sn1 = damp / rhobar1;
      psi = sn1 * phibar;
      phibar = cs1 * phibar;
    }
    const Rotation q = sym_ortho(rhobar1, beta);
    const double theta = q.s * alfa;
    rhobar = -q.c * alfa;
    const double phi = q.c * phibar;
    phibar = q.s * phibar;
    const double tau = q.s * phi;

    // Update x and w; ddnorm accumulates ‖D_k‖² for the condition estimate.
    ddnorm += w.squaredNorm() / (q.r * q.r);
    out.x += (phi / q.r) * w;
    w = v - (theta / q.r) * w;

    // The norm of x, by the extra rotations of Paige & Saunders §5.
    const double delta = sn2 * q.r, gambar = -cs2 * q.r;
    const double rhs = phi - delta * z;
    const double zbar = rhs / gambar;
    const double xnorm = std::sqrt(xxnorm + zbar * zbar);
    const double gamma = std::sqrt(gambar * gambar + theta * theta);
    cs2 = gambar / gamma;
    sn2 = theta / gamma;
    z = rhs / gamma;
    xxnorm += z * z;

    acond = anorm * std::sqrt(ddnorm);
    res2 += psi * psi;
    const double rnorm = std::sqrt(phibar * phibar + res2);
    const double arnorm = alfa * std::abs(tau);

    const double test1 = rnorm / bnorm;
    const double test2 = arnorm / (anorm * rnorm + eps);
    const double test3 = 1 / (acond + eps);
    const double t1 = test1 / (1 + anorm * xnorm / bnorm);
    const double rtol = btol + atol * anorm * xnorm / bnorm;
    // SciPy's order: the last test that holds gives the reason.
    int istop = 0;
    if (out.n_iter >= iter_lim) istop = 7;
    if (1 + test3 <= 1) istop = 6;
    if (1 + test2 <= 1) istop = 5;
    if (1 + t1 <= 1) istop = 4;
    if (test3 <= ctol) istop = 3;
    if (test2 <= atol) istop = 2;
    if (test1 <= rtol) istop = 1;
    if (istop != 0) {
      out.istop = istop;
      break;
    }
  }
  return out;
}

}  // namespace mlkit::linear_model::detail

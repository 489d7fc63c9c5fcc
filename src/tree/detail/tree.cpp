#include "src/tree/detail/tree.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"

namespace mlkit::tree::detail {

using nlohmann::json;

Vector TreeStructure::raw_importances(Index n_features) const {
  Vector imp = Vector::Zero(n_features);
  for (std::int32_t i = 0; i < node_count(); ++i) {
    const auto u = static_cast<std::size_t>(i);
    if (left[u] == kLeaf) continue;
    const auto l = static_cast<std::size_t>(left[u]), r = static_cast<std::size_t>(right[u]);
    imp[feature[u]] +=
        weighted_n[u] * impurity[u] - weighted_n[l] * impurity[l] - weighted_n[r] * impurity[r];
  }
  return imp / weighted_n[0];
}

namespace {
template <class F>
int depth_of(std::int32_t count, F children) {
  // Children come after their parent, so one forward pass gives every node's depth.
  std::vector<int> d(static_cast<std::size_t>(count), 0);
  int best = 0;
  for (std::int32_t i = 0; i < count; ++i) {
    const auto [l, r] = children(i);
    if (l == kLeaf) continue;
    d[static_cast<std::size_t>(l)] = d[static_cast<std::size_t>(r)] =
        d[static_cast<std::size_t>(i)] + 1;
    best = std::max(best, d[static_cast<std::size_t>(i)] + 1);
  }
  return best;
}

// The largest float that is not above t.
float float_at_or_below(double t) {
  float f = static_cast<float>(t);
  if (static_cast<double>(f) > t) f = std::nextafter(f, -HUGE_VALF);
  return f;
}
}  // namespace

int TreeStructure::depth() const {
  return depth_of(node_count(), [&](std::int32_t i) {
    return std::pair{left[static_cast<std::size_t>(i)], right[static_cast<std::size_t>(i)]};
  });
}

Index TreeStructure::n_leaves() const {
  Index n = 0;
  for (auto l : left) n += l == kLeaf;
  return n;
}

int FlatTree::depth() const {
  return depth_of(static_cast<std::int32_t>(nodes.size()), [&](std::int32_t i) {
    const auto& n = nodes[static_cast<std::size_t>(i)];
    return std::pair{n.left, n.right};
  });
}

FlatTree FlatTree::from_structure(const TreeStructure& s) {
  FlatTree t;
  t.stride = s.stride;
  const auto n = static_cast<std::size_t>(s.node_count());
  t.nodes.resize(n);
  t.thresholds.resize(n);
  std::int32_t leaf = 0;
  for (std::size_t i = 0; i < n; ++i) {
    FlatNode& nd = t.nodes[i];
    t.thresholds[i] = s.threshold[i];
    if (s.left[i] == kLeaf) {
      nd = {0.0f, 0u, kLeaf, leaf++};
      t.values.insert(t.values.end(), s.value.begin() + static_cast<std::ptrdiff_t>(i * s.stride),
                      s.value.begin() + static_cast<std::ptrdiff_t>((i + 1) * s.stride));
    } else {
      nd.threshold = float_at_or_below(s.threshold[i]);
      nd.feature =
          static_cast<std::uint32_t>(s.feature[i]) | (s.missing_left[i] ? kMissingLeftBit : 0u);
      nd.left = s.left[i];
      nd.right = s.right[i];
    }
  }
  return t;
}

std::vector<std::int32_t> FlatTree::path_of(const double* row) const {
  std::vector<std::int32_t> path{0};
  std::int32_t i = 0;
  while (nodes[static_cast<std::size_t>(i)].left != kLeaf) {
    const FlatNode& nd = nodes[static_cast<std::size_t>(i)];
    const float x = static_cast<float>(row[nd.feature & ~kMissingLeftBit]);
    if (x <= nd.threshold)
      i = nd.left;
    else if (x != x)
      i = (nd.feature & kMissingLeftBit) ? nd.left : nd.right;
    else
      i = nd.right;
    path.push_back(i);
  }
  return path;
}

// Model file form: per node children_left, children_right, feature (-2 at leaves), threshold
// (-2 at leaves) and missing_go_to_left; value holds `stride` numbers per leaf, leaves in node
// order. Thresholds are kept in double so the file states scikit-learn's exact split.
json FlatTree::to_json() const {
  std::vector<std::int32_t> l(nodes.size()), r(nodes.size()), f(nodes.size());
  std::vector<std::uint8_t> ml(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const FlatNode& n = nodes[i];
    const bool leaf = n.left == kLeaf;
    l[i] = n.left;
    r[i] = leaf ? kLeaf : n.right;
    f[i] = leaf ? kUndefined : static_cast<std::int32_t>(n.feature & ~kMissingLeftBit);
    ml[i] = !leaf && (n.feature & kMissingLeftBit) ? 1 : 0;
  }
  // Thresholds through vector_to_json: the split of missing from present values has +inf.
  const Vector thr =
      Eigen::Map<const Vector>(thresholds.data(), static_cast<Index>(thresholds.size()));
  return json{{"children_left", l},
              {"children_right", r},
              {"feature", f},
              {"threshold", mlkit::detail::vector_to_json(thr)},
              {"missing_go_to_left", ml},
              {"value", values}};
}

namespace {
std::vector<std::int64_t> int_array(const json& j, const char* key, std::size_t n) {
  const json& a = mlkit::detail::field(j, key);
  if (!a.is_array() || (n != 0 && a.size() != n))
    throw ModelFormatError(std::string("tree field '") + key + "' must be an array of " +
                           std::to_string(n) + " integers");
  std::vector<std::int64_t> out(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_number_integer())
      throw ModelFormatError(std::string("tree field '") + key + "' must hold integers");
    out[i] = a[i].get<std::int64_t>();
  }
  return out;
}
}  // namespace

FlatTree FlatTree::from_json(const json& j, Index n_features, int stride, bool fractions) {
  if (!j.is_object()) throw ModelFormatError("a tree must be an object");
  const auto l = int_array(j, "children_left", 0);
  const std::size_t n = l.size();
  if (n == 0 || n > (std::size_t{1} << 31) - 1)
    throw ModelFormatError("a tree must have between 1 and 2^31 - 1 nodes");
  const auto r = int_array(j, "children_right", n);
  const auto f = int_array(j, "feature", n);
  const auto ml = int_array(j, "missing_go_to_left", n);
  const Vector thr = mlkit::detail::vector_from_json(mlkit::detail::field(j, "threshold"),
                                                     "threshold", static_cast<Index>(n), true);
  for (Index i = 0; i < thr.size(); ++i)
    if (std::isnan(thr[i]) || thr[i] == -HUGE_VAL)
      throw ModelFormatError("tree field 'threshold' must hold numbers or +Infinity");
  FlatTree t;
  t.stride = stride;
  t.nodes.resize(n);
  t.thresholds.assign(thr.data(), thr.data() + n);
  std::vector<std::uint8_t> parents(n, 0);
  std::int32_t leaves = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto si = static_cast<std::int64_t>(i);
    FlatNode& nd = t.nodes[i];
    if (ml[i] != 0 && ml[i] != 1)
      throw ModelFormatError("tree field 'missing_go_to_left' must hold 0 or 1");
    if (l[i] == kLeaf || r[i] == kLeaf) {
      if (l[i] != kLeaf || r[i] != kLeaf || f[i] != kUndefined || ml[i] != 0)
        throw ModelFormatError("tree node " + std::to_string(i) +
                               " is a malformed leaf (both children must be -1, feature -2)");
      nd = {0.0f, 0u, kLeaf, leaves++};
      continue;
    }
    // Children come after their parent and each node has one parent: the nodes form a tree
    // reached from node 0, with no cycle.
    for (const auto c : {l[i], r[i]}) {
      if (c <= si || c >= static_cast<std::int64_t>(n))
        throw ModelFormatError("tree node " + std::to_string(i) +
                               " has a child out of range: " + std::to_string(c));
      if (parents[static_cast<std::size_t>(c)]++)
        throw ModelFormatError("tree node " + std::to_string(c) + " has more than one parent");
    }
    if (f[i] < 0 || f[i] >= n_features)
      throw ModelFormatError("tree node " + std::to_string(i) + " splits on feature " +
                             std::to_string(f[i]) +
                             ", not below n_features_in_ = " + std::to_string(n_features));
    nd.threshold = float_at_or_below(thr[static_cast<Index>(i)]);
    nd.feature = static_cast<std::uint32_t>(f[i]) | (ml[i] ? kMissingLeftBit : 0u);
    nd.left = static_cast<std::int32_t>(l[i]);
    nd.right = static_cast<std::int32_t>(r[i]);
  }
  for (std::size_t i = 1; i < n; ++i)
    if (!parents[i]) throw ModelFormatError("tree node " + std::to_string(i) + " has no parent");
  const Vector v = mlkit::detail::vector_from_json(mlkit::detail::field(j, "value"), "value",
                                                   static_cast<Index>(leaves) * stride, false);
  if (fractions)
    for (Index i = 0; i < v.size(); ++i)
      if (!(v[i] >= 0.0 && v[i] <= 1.0))
        throw ModelFormatError("tree field 'value' must hold class fractions in [0, 1]");
  t.values.assign(v.data(), v.data() + v.size());
  return t;
}

}  // namespace mlkit::tree::detail

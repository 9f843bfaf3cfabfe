#include "explore/estimate.hpp"

#include <bit>
#include <cmath>
#include <limits>

#include "explore/random.hpp"
#include "runtime/execution.hpp"

namespace lockstep::detail {

double schedule_tree_product(const StepLog& steps) {
  long double product = 1;
  for (const StepRecord& s : steps) {
    if (s.enabled != 0) {
      product *= std::popcount(s.enabled);
    } else if (s.op.kind == OpKind::choose) {
      product *= static_cast<long double>(s.op.arg);
    }
  }
  return product > std::numeric_limits<double>::max() ? std::numeric_limits<double>::infinity()
                                                     : static_cast<double>(product);
}

void TreeEstimator::add(double product) {
  if (product <= 0) return;
  ++samples_;
  const long double x = product;
  const long double delta = x - mean_;
  mean_ += delta / static_cast<long double>(samples_);
  m2_ += delta * (x - mean_);
}

// Chan, Golub and LeVeque's update: the mean and squared deviations of two samples joined.
void TreeEstimator::merge(const TreeEstimator& other) {
  if (other.samples_ == 0) return;
  if (samples_ == 0) {
    *this = other;
    return;
  }
  const long double n = static_cast<long double>(samples_ + other.samples_);
  const long double delta = other.mean_ - mean_;
  mean_ += delta * static_cast<long double>(other.samples_) / n;
  m2_ += other.m2_ + delta * delta * static_cast<long double>(samples_) * static_cast<long double>(other.samples_) / n;
  samples_ += other.samples_;
}

// An estimate as reported: its squared deviations recovered from the standard error
// (unknown spreads count as none).
void TreeEstimator::merge(const TreeEstimate& other) {
  TreeEstimator e;
  e.samples_ = other.samples;
  e.mean_ = other.executions;
  const long double n = static_cast<long double>(other.samples);
  if (std::isfinite(other.spread) && other.samples > 1) e.m2_ = static_cast<long double>(other.spread) * other.spread * n * (n - 1);
  merge(e);
}

std::optional<TreeEstimate> TreeEstimator::estimate() const {
  if (samples_ == 0) return std::nullopt;
  const auto finite = [](long double v) {
    return std::isfinite(v) && v <= std::numeric_limits<double>::max() ? static_cast<double>(v)
                                                                       : std::numeric_limits<double>::infinity();
  };
  const long double n = static_cast<long double>(samples_);
  // The standard error of the mean: the sample's standard deviation over sqrt(n).
  const long double spread = samples_ > 1 ? std::sqrt(m2_ / (n - 1) / n) : 0;
  return TreeEstimate{finite(mean_), finite(spread), samples_};
}

}  // namespace lockstep::detail

namespace lockstep::detail {

void TreeProbe::run(Execution& execution, TreeEstimator& estimator) {
  RandomStrategy walk(seed_++);
  walk.next_execution();
  execution.run(walk);
  if (!execution.out_of_time()) estimator.add(schedule_tree_product(execution.steps()));  // a cut walk is no whole one
}

}  // namespace lockstep::detail

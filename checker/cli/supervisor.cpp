#include "supervisor.hpp"

#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "child_process.hpp"
#include "explore/publication.hpp"
#include "interrupt.hpp"
#include "last_word.hpp"
#include "report/token.hpp"
#include "result_codec.hpp"

namespace lockstep::cli {
namespace {

using nlohmann::json;

// Room for the choices of an execution of up to this many steps; a longer one that dies
// without a report has no token.
constexpr std::uint64_t kMostPublishedChoices = std::uint64_t{1} << 22;

// A Publication in memory shared with the child about to be forked.
class SharedPublication {
 public:
  explicit SharedPublication(std::uint64_t max_steps)
      : capacity_(std::min(max_steps, kMostPublishedChoices) + 1),
        bytes_(detail::Publication::bytes_for(capacity_)),
        memory_(::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)) {
    if (memory_ == MAP_FAILED) throw std::runtime_error("mmap: " + std::string(std::strerror(errno)));
    publication_ = detail::Publication::create(memory_, capacity_);
  }
  SharedPublication(const SharedPublication&) = delete;
  SharedPublication& operator=(const SharedPublication&) = delete;
  ~SharedPublication() { ::munmap(memory_, bytes_); }
  detail::Publication& operator*() const { return *publication_; }

 private:
  std::size_t capacity_;
  std::size_t bytes_;
  void* memory_;
  detail::Publication* publication_;
};

ChildLimits limits_for(const SupervisorOptions& s, double time_limit_s, const detail::Publication& p) {
  return {.hang_timeout_s = s.hang_timeout_s,
          .time_limit_s = time_limit_s,
          .memory_limit_mb = s.memory_limit_mb,
          .progress = &p};
}

void send(int fd, const json& message) {
  const auto bytes = json::to_cbor(message);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

std::optional<json> received(const ChildOutcome& out) {
  if (out.message.empty()) return std::nullopt;
  try {
    return json::from_cbor(out.message);
  } catch (const json::exception&) {
    return std::nullopt;  // cut short by the child's death
  }
}

// The child died (or was killed) with no report of its own: what it published.
RunResult from_publication(const ModelInfo& model, const RunOptions& options, const detail::Publication& p,
                           const ChildOutcome& out) {
  RunResult r;
  r.model = model.name;
  r.strategy = options.strategy;
  r.expected = model.expected;
  if (options.strategy == "random") r.seed = options.seed;
  r.shard = options.shard;
  r.shards = options.shards;
  r.flags = exploration_flags(options);
  r.version = version();
  r.executions = p.executions.load();
  r.steps = p.total_steps.load();
  r.elapsed_s = out.elapsed_s;
  if (auto params = detail::published_params(p)) r.params = *params;
  if (out.stopped == Stopped::interrupt || out.stopped == Stopped::time_limit) {
    r.verdict = Verdict::incomplete;
    r.out_of_time = out.stopped == Stopped::time_limit;
    // Only the mean was published (every 64 executions): no spread to tell.
    if (const double e = p.estimate.load(); e > 0) r.estimate = TreeEstimate{e, std::nan(""), r.executions};
    return r;
  }
  ++r.executions;  // the one it died in
  r.steps += p.steps.load();
  FailureKind kind = FailureKind::crash;
  std::string message = "the model's process " + describe_wait_status(out.wait_status) + " during an execution";
  if (out.stopped == Stopped::hang || out.died_hanging) {
    kind = FailureKind::hang;
    message = "the execution took no visible step within the hang timeout (--hang-timeout) and did not answer; killed";
  } else if (p.out_of_memory.load() != 0) {
    kind = FailureKind::out_of_memory;
    message += " after it ran out of memory (--memory-limit)";
  }
  message += " (no trace: it died before it could render one";
  auto choices = detail::published_choices(p);
  message += choices || !options.token.empty() ? ")" : "; no token: it died before it published its choices)";
  r.verdict = Verdict::fail;
  r.failure = Failure{kind, message, {}, {}, {}, {}};
  if (!options.token.empty()) {
    r.failure->token = options.token;
  } else if (choices) {
    r.failure->token = detail::encode_token(
        {std::string(model.name), r.params, options.spurious_wakeups, options.max_steps, kind, std::move(*choices),
         options.unfair_polls});
  }
  r.as_expected = model.expected == kind;
  return r;
}

// The child's last word (last_word.hpp), completed with how its process ended.
RunResult from_last_word(RunResult r, const ChildOutcome& out) {
  r.failure->message += "; the model's process " + describe_wait_status(out.wait_status);
  r.elapsed_s = out.elapsed_s;
  return r;
}

std::uint64_t max_steps_of(const RunOptions& options) {
  if (options.token.empty()) return options.max_steps;
  const auto parsed = detail::decode_token(options.token);
  return parsed.token ? parsed.token->max_steps : options.max_steps;
}

}  // namespace

Supervised supervise_run(const ModelInfo& model, const RunOptions& options, const SupervisorOptions& supervision) {
  SharedPublication publication(max_steps_of(options));
  RunOptions child_options = options;
  child_options.publication = &*publication;
  child_options.progress = nullptr;  // drawn here, from what the child publishes
  // Often enough that an execution making progress never looks like a hang.
  child_options.publish_period_s =
      supervision.hang_timeout_s > 0 ? std::clamp(supervision.hang_timeout_s / 4, 0.01, 1.0) : 1.0;
  ChildLimits limits = limits_for(supervision, options.time_limit_s, *publication);
  double last_progress = 0;
  if (options.progress) {
    limits.while_waiting = [&](double elapsed) {
      if (elapsed - last_progress < 0.1) return;
      last_progress = elapsed;
      options.progress({(*publication).executions.load(), elapsed, (*publication).steps.load(),
                        (*publication).estimate.load()});
    };
  }
  const ChildOutcome out = run_child(
      [&](int fd) {
        install_last_words(fd, *publication);
        const pid_t self = ::getpid();
        json message;
        try {
          message = {{"result", result_to_json(run(model, child_options))}};
        } catch (const InputError& e) {
          message = {{"input_error", e.what()}};
        }
        // A model's fork() went on exploring in a copy of this process: only the original reports.
        if (::getpid() == self) send(fd, message);
      },
      limits);

  Supervised s{.result = {},
               .output = out.output,
               .output_dropped = out.output_dropped,
               .interrupted = out.stopped == Stopped::interrupt};
  const auto message = received(out);
  if (message && message->contains("input_error")) throw InputError(message->at("input_error").get<std::string>());
  try {
    if (message && message->contains("result") && out.stopped == Stopped::no) {
      s.result = result_from_json(message->at("result"));
      if (message->contains("last_word")) s.result = from_last_word(std::move(s.result), out);
      return s;
    }
  } catch (const json::exception&) {
    // A garbled report: the publication stands in for it.
  }
  s.result = from_publication(model, options, *publication, out);
  return s;
}

std::variant<std::vector<ParamInfo>, std::string> supervise_params(const ModelInfo& model,
                                                                   const SupervisorOptions& supervision) {
  SharedPublication publication(10000);
  const ChildOutcome out = run_child(
      [&](int fd) {
        const pid_t self = ::getpid();
        RunOptions options;
        options.max_executions = 1;
        options.max_steps = 10000;
        options.shortest_trace = false;
        options.publication = &*publication;
        options.publish_period_s = std::clamp(supervision.hang_timeout_s / 4, 0.01, 1.0);
        const RunResult r = run(model, options);
        json params = json::array();
        for (const auto& [name, value] : r.params) params.push_back({name, value});
        if (::getpid() == self) send(fd, {{"params", params}});
      },
      limits_for(supervision, 0, *publication));
  if (out.stopped == Stopped::interrupt) return std::string("interrupted");
  if (out.stopped == Stopped::hang) return std::string("its first execution hung (--hang-timeout)");
  try {
    const auto message = received(out);
    if (message && message->contains("params") && WIFEXITED(out.wait_status) && WEXITSTATUS(out.wait_status) == 0) {
      std::vector<ParamInfo> params;
      for (const auto& p : message->at("params")) params.push_back({p.at(0).get<std::string>(), p.at(1).get<int>()});
      return params;
    }
  } catch (const json::exception&) {
  }
  return "its first execution's process " + describe_wait_status(out.wait_status);
}

std::string format_model_output(const Supervised& s) {
  if (s.output.empty() && s.output_dropped == 0) return {};
  std::string text = fmt::format("  output of the model ({} bytes{}):\n", s.output.size() + s.output_dropped,
                                 s.output_dropped > 0 ? fmt::format(", the last {} not shown", s.output_dropped) : "");
  std::size_t at = 0;
  while (at < s.output.size()) {
    const auto end = std::min(s.output.find('\n', at), s.output.size());
    text += "  | " + s.output.substr(at, end - at) + "\n";
    at = end + 1;
  }
  return text;
}

std::string format_interruption(const Supervised& s) {
  if (!s.interrupted) return {};
  return fmt::format("  interrupted by SIG{}: this model and the ones after it were not explored to the end\n",
                     ::sigabbrev_np(interrupted_by()));
}

}  // namespace lockstep::cli

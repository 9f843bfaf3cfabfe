// The --html view of a failing execution: one self-contained page (inline CSS, no script, no
// network) drawing the trace as swimlanes. A column per thread, a row per step; a thread's
// blocked intervals are shaded, the locks it holds are coloured bars along its lane, and an
// arrow runs from each notify (or set()) to the wake-up it caused. Every step's title (shown
// on hover) carries its source line. The grid has fixed row and column sizes, so the arrows
// are drawn here, in an SVG laid over it, without measuring anything in the browser.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lockstep/report.hpp"

namespace lockstep {
namespace {

constexpr int kNumberWidth = 56;  // the step-number column
constexpr int kLaneWidth = 330;
constexpr int kHeadHeight = 34;
constexpr int kRowHeight = 26;
constexpr int kBarWidth = 5;   // a lock-ownership bar
constexpr int kBarStride = 7;  // bars of several locks side by side

constexpr std::string_view kLockColours[] = {"#d9480f", "#1971c2", "#2f9e44", "#9c36b5",
                                             "#e8590c", "#0c8599", "#c2255c", "#5c940d"};

std::string html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

struct Span {
  int lane;
  int first_row;  // grid rows (1: the lane names); the span covers [first_row, end_row)
  int end_row;
  std::string title;
};

struct Bar {
  Span span;
  std::string lock;
  int slot;  // which bar position along the lane
};

struct Arrow {
  int from_row, from_lane, to_row, to_lane;
  std::string title;
};

// Everything the page draws, worked out from the trace before any HTML is written.
struct Layout {
  std::vector<std::string> lanes;  // thread names, in order of appearance
  std::map<std::string, int> lane_of;
  std::vector<Span> blocked;
  std::vector<Bar> bars;
  std::vector<Arrow> arrows;
  std::map<std::string, std::string> colour_of;  // lock -> colour
  int end_row = 0;                               // the row after the last step
};

int row_of(const TraceStep& s) { return s.step + 1; }  // row 1 holds the lane names

void add_lane(Layout& l, const std::string& thread) {
  if (l.lane_of.count(thread) != 0) return;
  l.lane_of[thread] = static_cast<int>(l.lanes.size());
  l.lanes.push_back(thread);
}

std::string step_title(const TraceStep& s) {
  return fmt::format("#{} {}: {}{}{}", s.step, s.thread, s.op, s.location.empty() ? "" : "\n", s.location);
}

// The lock bars: a span from the step that takes a lock to the one that gives it up (an
// RLock's spans nest, so a count per thread and lock), or to the end when never given up.
void lay_out_locks(Layout& l, const std::vector<TraceStep>& trace) {
  struct Held {
    int count = 0;
    int from_row = 0;
  };
  std::map<std::pair<std::string, std::string>, Held> held;  // (thread, lock)
  std::map<std::string, std::vector<std::string>> slots;    // thread -> locks, in slot order
  auto slot = [&](const std::string& thread, const std::string& lock) {
    auto& list = slots[thread];
    auto it = std::find(list.begin(), list.end(), lock);
    if (it != list.end()) return static_cast<int>(it - list.begin());
    list.push_back(lock);
    return static_cast<int>(list.size()) - 1;
  };
  auto close = [&](const std::string& thread, const std::string& lock, int from_row, int end_row, bool at_end) {
    const std::string title = fmt::format("{} holds {} (#{} to {})", thread, lock, from_row - 1,
                                          at_end ? std::string("the end") : fmt::format("#{}", end_row - 2));
    l.bars.push_back({{l.lane_of[thread], from_row, end_row, title}, lock, slot(thread, lock)});
  };
  for (const TraceStep& s : trace) {
    if (s.object.empty()) continue;
    if (s.effect.acquires || s.effect.releases) {
      if (l.colour_of.count(s.object) == 0) {
        l.colour_of[s.object] = std::string(kLockColours[l.colour_of.size() % std::size(kLockColours)]);
      }
    }
    Held& h = held[{s.thread, s.object}];
    if (s.effect.acquires && h.count++ == 0) h.from_row = row_of(s);
    if (s.effect.releases && h.count > 0) {
      h.count = s.effect.whole ? 0 : h.count - 1;
      if (h.count == 0) close(s.thread, s.object, h.from_row, row_of(s) + 1, false);
    }
  }
  for (const auto& [key, h] : held) {
    if (h.count > 0) close(key.first, key.second, h.from_row, l.end_row + 1, true);
  }
}

// Blocked intervals (a wait that blocks, up to its wake-up) and notify-to-wake-up arrows.
void lay_out_waits(Layout& l, const Failure& f) {
  struct Notify {
    const TraceStep* step;
    int left;  // waiters it may still be matched with; -1: any number (Event.set)
  };
  std::map<std::string, std::vector<Notify>> notifies;  // object -> notifies, in order
  std::map<std::string, const TraceStep*> waiting;      // thread -> the step it blocked at
  for (const TraceStep& s : f.trace) {
    if (s.effect.notifies) notifies[s.object].push_back({&s, s.effect.woke});
    if (s.effect.wakes) {
      const auto it = waiting.find(s.thread);
      const int since = it != waiting.end() ? it->second->step : 0;
      if (it != waiting.end() && row_of(*it->second) + 1 < row_of(s)) {
        l.blocked.push_back({l.lane_of[s.thread], row_of(*it->second) + 1, row_of(s),
                             fmt::format("{} blocked in {} (#{} to #{})", s.thread, it->second->op, since, s.step)});
      }
      if (it != waiting.end()) waiting.erase(it);
      if (!s.effect.notified) continue;
      // Notifies wake their waiters in order: the first one since this wait began with a
      // waiter left to wake is the one that woke this thread.
      for (Notify& n : notifies[s.object]) {
        if (n.step->step <= since || n.left == 0) continue;
        if (n.left > 0) --n.left;
        l.arrows.push_back({row_of(*n.step), l.lane_of[n.step->thread], row_of(s), l.lane_of[s.thread],
                            fmt::format("#{} {} woke {} (#{})", n.step->step, n.step->op, s.thread, s.step)});
        break;
      }
    }
    if (s.effect.blocks) waiting[s.thread] = &s;
  }
  // Threads still waiting when the execution ended, and those a deadlock leaves blocked.
  std::map<std::string, int> blocked_from;
  for (const auto& [thread, step] : waiting) blocked_from[thread] = row_of(*step) + 1;
  for (const BlockedThread& b : f.blocked) {
    add_lane(l, b.thread);
    if (blocked_from.count(b.thread) != 0) continue;
    int last = 1;
    for (const TraceStep& s : f.trace) {
      if (s.thread == b.thread) last = row_of(s);
    }
    blocked_from[b.thread] = last + 1;
  }
  for (const auto& [thread, from] : blocked_from) {
    std::string why = "blocked to the end";
    for (const BlockedThread& b : f.blocked) {
      if (b.thread == thread) why = b.waits_for;
    }
    l.blocked.push_back({l.lane_of[thread], from, l.end_row + 1, fmt::format("{} {}", thread, why)});
  }
}

Layout lay_out(const Failure& f) {
  Layout l;
  add_lane(l, "main");
  for (const TraceStep& s : f.trace) add_lane(l, s.thread);
  for (const BlockedThread& b : f.blocked) add_lane(l, b.thread);
  l.end_row = static_cast<int>(f.trace.size()) + 2;
  // "main" leads only when it took part.
  bool main_seen = false;
  for (const TraceStep& s : f.trace) main_seen = main_seen || s.thread == "main";
  for (const BlockedThread& b : f.blocked) main_seen = main_seen || b.thread == "main";
  if (!main_seen) {
    l.lanes.erase(l.lanes.begin());
    l.lane_of.clear();
    for (std::size_t i = 0; i < l.lanes.size(); ++i) l.lane_of[l.lanes[i]] = static_cast<int>(i);
  }
  lay_out_waits(l, f);
  lay_out_locks(l, f.trace);
  return l;
}

std::string grid_area(int lane, int first_row, int end_row) {
  return fmt::format("grid-column:{};grid-row:{}/{}", lane + 2, first_row, end_row);
}

// x of a lane's left edge, y of a row's top, in the grid's own coordinates.
int lane_x(int lane) { return kNumberWidth + lane * kLaneWidth; }
int row_y(int row) { return kHeadHeight + (row - 2) * kRowHeight; }

std::string arrow_svg(const Layout& l) {
  const int width = lane_x(static_cast<int>(l.lanes.size()));
  const int height = row_y(l.end_row + 1);
  std::string out = fmt::format(
      "<svg class=\"arrows\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" aria-hidden=\"true\">"
      "<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
      "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c92a2a\"/></marker></defs>\n",
      width, height);
  for (const Arrow& a : l.arrows) {
    const int y1 = row_y(a.from_row) + kRowHeight / 2;
    const int y2 = row_y(a.to_row) + kRowHeight / 2;
    const bool right = a.to_lane >= a.from_lane;
    const int x1 = right ? lane_x(a.from_lane + 1) - 8 : lane_x(a.from_lane) + 8;
    const int x2 = a.to_lane == a.from_lane ? x1 : (right ? lane_x(a.to_lane) + 6 + kBarStride * 2
                                                          : lane_x(a.to_lane + 1) - 6);
    // Control points pull as far sideways as the lanes are apart: a wake-up in the next
    // lane gets a gentle curve, not an S. Within one lane the arrow bows out to the right.
    const int pull = a.to_lane == a.from_lane ? 40 : std::max(20, std::abs(x2 - x1) / 2);
    const int c1 = a.to_lane == a.from_lane ? x1 + pull : x1 + (right ? pull : -pull);
    const int c2 = a.to_lane == a.from_lane ? x2 + pull : x2 + (right ? -pull : pull);
    out += fmt::format(
        "<path class=\"wake\" d=\"M{},{} C{},{} {},{} {},{}\" marker-end=\"url(#head)\"><title>{}</title></path>\n",
        x1, y1, c1, y1, c2, y2, x2, y2, html(a.title));
  }
  return out + "</svg>\n";
}

std::string lanes_html(const Failure& f, const Layout& l) {
  std::string out = fmt::format(
      "<div class=\"lanes\" style=\"grid-template-columns:{}px repeat({},{}px);grid-template-rows:{}px repeat({},{}px)\">\n",
      kNumberWidth, l.lanes.size(), kLaneWidth, kHeadHeight, l.end_row - 1, kRowHeight);
  out += "<div class=\"corner\" style=\"grid-column:1;grid-row:1\">step</div>\n";
  for (std::size_t i = 0; i < l.lanes.size(); ++i) {
    out += fmt::format("<div class=\"lane-head\" data-thread=\"{0}\" style=\"grid-column:{1};grid-row:1\">{0}</div>\n",
                       html(l.lanes[i]), i + 2);
    out += fmt::format("<div class=\"lane\" style=\"{}\"></div>\n",
                       grid_area(static_cast<int>(i), 2, l.end_row + 1));
  }
  for (const Span& b : l.blocked) {
    out += fmt::format("<div class=\"blocked\" data-thread=\"{}\" style=\"{}\" title=\"{}\"></div>\n",
                       html(l.lanes[static_cast<std::size_t>(b.lane)]), grid_area(b.lane, b.first_row, b.end_row),
                       html(b.title));
  }
  for (const Bar& b : l.bars) {
    out += fmt::format(
        "<div class=\"own\" data-lock=\"{}\" style=\"{};margin-left:{}px;background:{}\" title=\"{}\"></div>\n",
        html(b.lock), grid_area(b.span.lane, b.span.first_row, b.span.end_row), 3 + b.slot * kBarStride,
        l.colour_of.at(b.lock), html(b.span.title));
  }
  for (const TraceStep& s : f.trace) {
    std::string kind;
    if (s.effect.blocks) kind += " blocks";
    if (s.effect.wakes) kind += " wakes";
    if (s.effect.notifies) kind += " notifies";
    out += fmt::format("<div class=\"no\" style=\"grid-column:1;grid-row:{}\">#{}</div>\n", row_of(s), s.step);
    out += fmt::format(
        "<div class=\"step{}\" data-step=\"{}\" data-thread=\"{}\" data-location=\"{}\" style=\"grid-column:{};"
        "grid-row:{}\" title=\"{}\">{}</div>\n",
        kind, s.step, html(s.thread), html(s.location), l.lane_of.at(s.thread) + 2, row_of(s), html(step_title(s)),
        html(s.op));
  }
  out += fmt::format("<div class=\"no end\" style=\"grid-column:1;grid-row:{}\">end</div>\n", l.end_row);
  for (const BlockedThread& b : f.blocked) {
    out += fmt::format(
        "<div class=\"stuck\" data-thread=\"{}\" style=\"grid-column:{};grid-row:{}\" title=\"{}\">{}</div>\n",
        html(b.thread), l.lane_of.at(b.thread) + 2, l.end_row,
        html(fmt::format("{} {}{}{}", b.thread, b.waits_for, b.location.empty() ? "" : "\n", b.location)),
        html(b.waits_for));
  }
  return out + arrow_svg(l) + "</div>\n";
}

std::string legend_html(const Layout& l) {
  std::string locks;
  for (const auto& [lock, colour] : l.colour_of) {
    locks += fmt::format("<span class=\"key\"><i style=\"background:{}\"></i>holds {}</span>", colour, html(lock));
  }
  return fmt::format(
      "<p class=\"legend\">{}<span class=\"key\"><i class=\"shade\"></i>blocked</span>"
      "<span class=\"key\"><i class=\"arrow\"></i>notify &rarr; wake-up</span>"
      "<span class=\"hint\">hover a step for its source line</span></p>\n",
      locks);
}

constexpr std::string_view kStyle = R"(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#212529;background:#fff}
h1{font-size:20px;margin:0 0 4px}
.summary,.replay,.text{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px}
.summary{margin:0 0 6px;color:#495057}
.failure{margin:0 0 12px;font-weight:600;color:#c92a2a}
.failure .where{font-weight:400;color:#868e96;margin-left:8px}
.legend{margin:0 0 10px;color:#495057}
.key{margin-right:18px;white-space:nowrap}
.key i{display:inline-block;width:14px;height:14px;vertical-align:-2px;margin-right:5px;border-radius:2px}
.key i.shade{background:repeating-linear-gradient(135deg,#ffe3e3 0 4px,#ffc9c9 4px 8px)}
.key i.arrow{height:2px;vertical-align:4px;background:#c92a2a}
.hint{color:#868e96;font-style:italic}
.scroll{overflow:auto;border:1px solid #dee2e6;border-radius:4px;margin-bottom:16px}
.lanes{display:grid;position:relative;width:max-content}
.corner,.lane-head{position:sticky;top:0;z-index:5;background:#f1f3f5;border-bottom:1px solid #ced4da;
  font-weight:600;display:flex;align-items:center;padding:0 8px}
.corner{color:#868e96;font-weight:400}
.lane{border-left:1px solid #e9ecef}
.blocked{background:repeating-linear-gradient(135deg,#ffe3e3 0 4px,#ffc9c9 4px 8px);z-index:1}
.own{width:5px;z-index:3;border-radius:2px;opacity:.85}
.no{color:#adb5bd;font-family:ui-monospace,monospace;font-size:12px;padding:0 8px;display:flex;align-items:center;
  border-top:1px solid #f1f3f5}
.no.end{color:#c92a2a}
.step,.stuck{z-index:2;padding:0 8px 0 34px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;
  display:flex;align-items:center;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;
  border-top:1px solid #f1f3f5;cursor:default}
.step:hover{background:#e7f5ff}
.step.blocks{color:#c92a2a}
.step.wakes{color:#2b8a3e}
.step.notifies{font-weight:700}
.stuck{color:#c92a2a;font-style:italic;background:rgba(255,255,255,.75)}
.arrows{position:absolute;left:0;top:0;z-index:4;pointer-events:none}
.arrows path.wake{fill:none;stroke:#c92a2a;stroke-width:1.6;opacity:.8}
.blocked-threads{border-collapse:collapse;margin-bottom:16px}
.blocked-threads td,.blocked-threads th{border:1px solid #dee2e6;padding:3px 8px;text-align:left;vertical-align:top}
.blocked-threads th{background:#f1f3f5}
details{margin-top:8px}
.text{white-space:pre;background:#f8f9fa;padding:8px;border-radius:4px;overflow:auto}
)";

std::string blocked_table(const Failure& f) {
  if (f.blocked.empty()) return {};
  std::string out =
      "<table class=\"blocked-threads\"><tr><th>thread</th><th>waits for</th><th>held by</th><th>holds</th>"
      "<th>where</th></tr>\n";
  for (const BlockedThread& b : f.blocked) {
    std::string held_by, holds;
    for (const auto& t : b.held_by) held_by += (held_by.empty() ? "" : ", ") + t;
    for (const auto& h : b.holds) holds += (holds.empty() ? "" : ", ") + h;
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", html(b.thread),
                       html(b.waits_for), html(held_by), html(holds), html(b.location));
  }
  return out + "</table>\n";
}

}  // namespace

std::string format_html(const RunResult& r, std::string_view program) {
  if (!r.failure) return {};
  const Failure& f = *r.failure;
  const Layout layout = lay_out(f);
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}: {}</title>\n<style>{}</style>\n"
      "</head>\n<body>\n",
      html(r.model), html(display_name(f.kind)), kStyle);
  out += fmt::format("<h1>{} &mdash; {}</h1>\n", html(r.model), html(display_name(f.kind)));
  out += fmt::format("<p class=\"summary\">{}</p>\n", html(format_summary(r)));
  out += fmt::format("<p class=\"failure\">{}: {}<span class=\"where\">{}</span></p>\n", html(display_name(f.kind)),
                     html(f.message), html(f.location));
  out += legend_html(layout);
  out += "<div class=\"scroll\">\n" + lanes_html(f, layout) + "</div>\n";
  out += blocked_table(f);
  out += fmt::format("<p class=\"replay\">{}</p>\n", html(format_replay_line(r, program)));
  out += fmt::format("<details><summary>the text report</summary><div class=\"text\">{}\n{}</div></details>\n",
                     html(format_summary(r)), html(format_failure(r, program)));
  return out + "</body>\n</html>\n";
}

}  // namespace lockstep

// Results, files and the progress bar of the `mlkit` program.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "src/cli/cli.hpp"

namespace mlkit::cli {

namespace {

void on_signal(int sig) {
  // Only async-signal-safe work here: set the flag, and let a second signal end the process.
  cancel_flag().store(true, std::memory_order_relaxed);
  std::signal(sig, SIG_DFL);
}

std::string format_seconds(double s) {
  const auto total = static_cast<long long>(s);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld", total / 60, total % 60);
  return buf;
}

}  // namespace

std::atomic<bool>& cancel_flag() {
  static std::atomic<bool> flag{false};
  return flag;
}

void install_signal_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

void check_cancel() {
  if (cancel_flag().load(std::memory_order_relaxed)) throw Cancelled("interrupted");
}

void Ui::note(const std::string& line) const {
  if (!quiet && !json) std::cout << line << "\n";
}

void Ui::emit(const nlohmann::json& result) const {
  if (json) std::cout << result.dump(2) << "\n";
}

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::fraction(double f) {
  if (!enabled_) return;
  f = std::clamp(f, 0.0, 1.0);
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(f * kWidth);
  std::string text = label_ + " [" + std::string(static_cast<std::size_t>(filled), '#') +
                     std::string(static_cast<std::size_t>(kWidth - filled), '.') + "] ";
  char pct[16];
  std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(f * 100));
  text += pct;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  text += "  " + format_seconds(elapsed);
  draw(text, f >= 1.0);
}

void ProgressBar::count(std::size_t n) {
  if (!enabled_) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  draw(label_ + " " + std::to_string(n) + " rows  " + format_seconds(elapsed), false);
}

void ProgressBar::draw(const std::string& text, bool force) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  // "\r" returns to the line start and "\x1b[K" clears what a longer earlier text left.
  std::cerr << "\r" << text << "\x1b[K" << std::flush;
}

void ProgressBar::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (enabled_ && drawn_) std::cerr << "\n" << std::flush;
  drawn_ = false;
  enabled_ = false;
}

void append_field(std::string& line, std::string_view text, char delimiter) {
  const bool quote = text.find_first_of(std::string{'"', '\r', '\n', delimiter}) != text.npos ||
                     text.starts_with("\xEF\xBB\xBF");
  if (!quote) {
    line.append(text);
    return;
  }
  line.push_back('"');
  for (char c : text) {
    if (c == '"') line.push_back('"');
    line.push_back(c);
  }
  line.push_back('"');
}

void append_number(std::string& line, double v) {
  if (std::isnan(v)) return;
  char tmp[32];
  const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  line.append(tmp, r.ptr);
}

nlohmann::json number_json(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

nlohmann::json param_json(const ParamValue& v) {
  if (v.is_none()) return nullptr;
  if (v.is_bool()) return v.as_bool();
  if (v.is_int()) return v.as_int();
  if (v.is_double()) return number_json(v.as_double());
  if (v.is_string()) return v.as_string();
  if (v.is_dict()) {
    nlohmann::json o = nlohmann::json::object();
    for (const auto& [k, w] : v.as_dict())
      o[k == std::floor(k) && std::abs(k) < 9e15 ? std::to_string(static_cast<long long>(k))
                                                 : number_json(k).dump()] = number_json(w);
    return o;
  }
  nlohmann::json a = nlohmann::json::array();
  for (const auto& e : v.as_list()) a.push_back(param_json(e));
  return a;
}

nlohmann::json params_json(const ParamMap& params) {
  nlohmann::json o = nlohmann::json::object();
  for (const auto& [k, v] : params) o[k] = param_json(v);
  return o;
}

std::string params_text(const ParamMap& params) {
  std::string s;
  for (const auto& [k, v] : params) {
    if (!s.empty()) s += ", ";
    s += k + "=" + v.repr();
  }
  return s.empty() ? "(defaults)" : s;
}

void write_text_file(const std::string& path, std::string_view text) {
  AtomicFile f(path);
  f.write(text);
  f.commit();
}

}  // namespace mlkit::cli

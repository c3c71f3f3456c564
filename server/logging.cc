#include "server/logging.h"

#include <memory>
#include <string>

#include "google/protobuf/stubs/logging.h"
#include "spdlog/details/fmt_helper.h"
#include "spdlog/pattern_formatter.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace forum::server {
namespace {

// Appends `text` as the body of a JSON string.
void AppendEscaped(spdlog::string_view_t text, spdlog::memory_buf_t& out) {
  for (char c : text) {
    switch (c) {
      case '"':
        out.append(std::string_view("\\\""));
        break;
      case '\\':
        out.append(std::string_view("\\\\"));
        break;
      case '\n':
        out.append(std::string_view("\\n"));
        break;
      case '\r':
        out.append(std::string_view("\\r"));
        break;
      case '\t':
        out.append(std::string_view("\\t"));
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) == 0x7F) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<int>(c));
        } else {
          out.push_back(c);
        }
    }
  }
}

// Whether the UTF-8 sequence at `text[i]` is a C1 control character (U+0080..U+009F), which
// some terminals act on as they would on ESC.
bool IsC1Control(spdlog::string_view_t text, size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

// `text` with every control character written as an escape (`\n`, `\x1b`, `\u0085`), so that no
// message, whatever a caller put in it, can start a line of its own or steer a terminal.
void AppendPrintable(spdlog::string_view_t text, spdlog::memory_buf_t& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out.append(std::string_view("\\n"));
    } else if (c == '\r') {
      out.append(std::string_view("\\r"));
    } else if (c == '\t') {
      out.append(std::string_view("\\t"));
    } else if (c < 0x20 || c == 0x7F) {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", static_cast<int>(c));
    } else if (IsC1Control(text, i)) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}",
                     static_cast<int>(static_cast<unsigned char>(text[i + 1])));
      ++i;
    } else {
      out.push_back(text[i]);
    }
  }
}

// The text format, with the message made printable first.
class TextFormatter : public spdlog::formatter {
 public:
  TextFormatter() : pattern_("%Y-%m-%dT%H:%M:%S.%fZ %^%l%$ %v", spdlog::pattern_time_type::utc) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    spdlog::memory_buf_t printable;
    AppendPrintable(msg.payload, printable);
    spdlog::details::log_msg copy = msg;
    copy.payload = spdlog::string_view_t(printable.data(), printable.size());
    pattern_.format(copy, dest);
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<TextFormatter>();
  }

 private:
  spdlog::pattern_formatter pattern_;
};

// One JSON object a line: time (UTC, RFC 3339), level, thread and message.
class JsonFormatter : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(msg.time.time_since_epoch()).count();
    std::time_t seconds = micros / 1000000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    fmt::format_to(std::back_inserter(dest),
                   "{{\"time\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z\",\"level\":\"{}\","
                   "\"thread\":{},\"msg\":\"",
                   tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                   micros % 1000000, spdlog::level::to_string_view(msg.level), msg.thread_id);
    AppendEscaped(msg.payload, dest);
    dest.append(std::string_view("\"}\n"));
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

// Protobuf reports through its own logger, which writes raw lines to stderr: at ERROR, for
// instance, each request whose strings are not UTF-8, which a client can send at will. Its
// reports go to forumd's log instead, in its format. What it found while parsing a request is the
// client's mistake (answered INVALID_ARGUMENT and logged by the call logger): a debug line.
// Anything else (an answer that would not serialize, say) is forumd's own: a warning or worse.
void ForwardProtobufLog(google::protobuf::LogLevel level, const char* filename, int line,
                        const std::string& message) {
  if (level == google::protobuf::LOGLEVEL_FATAL) {
    spdlog::critical("protobuf {}:{}: {}", filename, line, message);
  } else if (message.find("when parsing") != std::string::npos) {
    spdlog::debug("protobuf {}:{}: {}", filename, line, message);
  } else if (level == google::protobuf::LOGLEVEL_ERROR) {
    spdlog::error("protobuf {}:{}: {}", filename, line, message);
  } else {
    spdlog::warn("protobuf {}:{}: {}", filename, line, message);
  }
}

}  // namespace

void SetUpLogging(const std::string& level, const std::string& format) {
  auto logger = spdlog::stderr_logger_mt("forumd");
  if (format == "json") {
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    logger->set_formatter(std::make_unique<TextFormatter>());
  }
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
  google::protobuf::SetLogHandler(&ForwardProtobufLog);
}

}  // namespace forum::server

#include "app/config.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "data/file_bytes.hpp"

namespace osprey::app {

namespace {

// yaml-cpp reports problems by throwing; this file is the edge where they
// become one-line errors naming the file and line.
class ConfigError : public std::runtime_error {
public:
    ConfigError(int line, const std::string& message) : std::runtime_error(message), line_(line) {}

    int line() const { return line_; }

private:
    int line_;
};

[[noreturn]] void refuse(const YAML::Node& node, const std::string& message) {
    throw ConfigError(node.Mark().line + 1, message);
}

double number(const YAML::Node& node, std::string_view where) {
    double value = 0;
    if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !std::isfinite(value)) {
        refuse(node, fmt::format("{} must be a number", where));
    }
    return value;
}

bool flag(const YAML::Node& node, std::string_view where) {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
        refuse(node, fmt::format("{} must be true or false", where));
    }
    return value;
}

std::string text(const YAML::Node& node, std::string_view where) {
    if (!node.IsScalar()) {
        refuse(node, fmt::format("{} must be a word", where));
    }
    return node.Scalar();
}

bool is_off(const YAML::Node& node) {
    return node.IsNull()
           || (node.IsScalar() && (node.Scalar() == "off" || node.Scalar() == "false"));
}

// Calls the handler named by each key of `map`; an unknown key is refused
// with the list of known ones.
using Handlers = std::map<std::string, std::function<void(const YAML::Node&)>>;

void each_key(const YAML::Node& map, std::string_view where, const Handlers& handlers) {
    if (!map.IsMap()) {
        refuse(map, fmt::format("{} must be a map of settings", where));
    }
    for (const auto& entry : map) {
        const std::string key = entry.first.Scalar();
        const auto handler = handlers.find(key);
        if (handler == handlers.end()) {
            std::string known;
            for (const auto& [name, unused] : handlers) {
                known += fmt::format("{}{}", known.empty() ? "" : ", ", name);
            }
            refuse(entry.first,
                   fmt::format("unknown key '{}' in {} (known: {})", key, where, known));
        }
        handler->second(entry.second);
    }
}

std::array<bool, 6> fib_zones(const YAML::Node& node, std::string_view where) {
    if (!node.IsSequence()) {
        refuse(node, fmt::format("{} must be a list of zones like [23.6-38.2, 38.2-50]", where));
    }
    std::array<bool, 6> allowed{};
    for (const YAML::Node& item : node) {
        const std::string zone = text(item, where);
        bool found = false;
        for (std::size_t i = 0; i < strategy::fibonacci_zone_names.size(); ++i) {
            if (strategy::fibonacci_zone_names[i] == zone) {
                allowed[i] = found = true;
            }
        }
        if (!found) {
            refuse(item, fmt::format("unknown Fibonacci zone '{}' in {} (zones: 0-23.6, 23.6-38.2, "
                                     "38.2-50, 50-61.8, 61.8-78.6, 78.6-100)",
                                     zone, where));
        }
    }
    return allowed;
}

// A minimum (or maximum) rule: a number, or off.
void optional_number(std::optional<double>& rule, const YAML::Node& node, std::string_view where) {
    rule = is_off(node) ? std::nullopt : std::optional<double>(number(node, where));
}

void side_rules(strategy::SideRules& r, const YAML::Node& node, const std::string& where) {
    each_key(
        node, where,
        {{"rsi",
          [&](const YAML::Node& n) {
              if (is_off(n)) {
                  r.rsi.reset();
                  return;
              }
              if (!n.IsSequence() || n.size() != 2) {
                  refuse(n, where + ".rsi must be [min, max], e.g. [40, 60]");
              }
              r.rsi =
                  strategy::ValueRange{number(n[0], where + ".rsi"), number(n[1], where + ".rsi")};
              if (r.rsi->min > r.rsi->max) {
                  refuse(n, where + ".rsi: min is above max");
              }
          }},
         {"macd_hist_min",
          [&](const YAML::Node& n) {
              optional_number(r.macd_hist_min, n, where + ".macd_hist_min");
          }},
         {"vwap_distance_max_atr",
          [&](const YAML::Node& n) {
              optional_number(r.vwap_distance_max_atr, n, where + ".vwap_distance_max_atr");
          }},
         {"fib_zones",
          [&](const YAML::Node& n) {
              r.fib_zones =
                  is_off(n) ? std::nullopt : std::optional(fib_zones(n, where + ".fib_zones"));
          }},
         {"volume_ratio_min",
          [&](const YAML::Node& n) {
              optional_number(r.volume_ratio_min, n, where + ".volume_ratio_min");
          }},
         {"wick_delta_min",
          [&](const YAML::Node& n) {
              optional_number(r.wick_delta_min, n, where + ".wick_delta_min");
          }},
         {"wick_ratio_min",
          [&](const YAML::Node& n) {
              optional_number(r.wick_ratio_min, n, where + ".wick_ratio_min");
          }},
         {"atr_pct_min",
          [&](const YAML::Node& n) { optional_number(r.atr_pct_min, n, where + ".atr_pct_min"); }},
         {"bb_width_min",
          [&](const YAML::Node& n) {
              optional_number(r.bb_width_min, n, where + ".bb_width_min");
          }},
         {"higher_timeframe_aligned", [&](const YAML::Node& n) {
              r.higher_timeframe_aligned = flag(n, where + ".higher_timeframe_aligned");
          }}});
}

std::optional<strategy::RulesGate> gate(const YAML::Node& node) {
    if (is_off(node)) {
        return std::nullopt;
    }
    if (node.IsScalar()) {
        if (node.Scalar() != "pro") {
            refuse(node,
                   fmt::format("gate must be 'pro', 'off' or a map, not '{}'", node.Scalar()));
        }
        return strategy::RulesGate::pro();
    }
    strategy::RulesGate g = strategy::RulesGate::pro();
    if (const YAML::Node preset = node["preset"]; preset) {
        const std::string name = text(preset, "gate.preset");
        if (name != "pro" && name != "none") {
            refuse(preset, fmt::format("gate.preset must be 'pro' or 'none', not '{}'", name));
        }
        g = name == "pro" ? strategy::RulesGate::pro() : strategy::RulesGate{};
    }
    each_key(node, "gate",
             {{"preset", [](const YAML::Node&) {}},
              {"long", [&](const YAML::Node& n) { side_rules(g.long_side, n, "gate.long"); }},
              {"short", [&](const YAML::Node& n) { side_rules(g.short_side, n, "gate.short"); }}});
    return g;
}

template <typename Enum>
Enum choice(const YAML::Node& node, std::string_view where,
            std::initializer_list<std::pair<std::string_view, Enum>> choices) {
    const std::string word = text(node, where);
    std::string known;
    for (const auto& [name, value] : choices) {
        if (name == word) {
            return value;
        }
        known += fmt::format("{}{}", known.empty() ? "" : ", ", name);
    }
    refuse(node, fmt::format("{} must be one of {}, not '{}'", where, known, word));
}

RiskSettings risk_settings(const YAML::Node& node) {
    RiskSettings r;
    const auto set_number = [](std::optional<double>& field, const std::string& where) {
        return [&field, where](const YAML::Node& n) { field = number(n, where); };
    };
    each_key(
        node, "risk",
        {{"sizing",
          [&](const YAML::Node& n) {
              r.sizing = choice<risk::SizingMode>(n, "risk.sizing",
                                                  {{"amount", risk::SizingMode::Amount},
                                                   {"risk_percent", risk::SizingMode::RiskPercent},
                                                   {"risk_amount", risk::SizingMode::RiskAmount}});
          }},
         {"compounding",
          [&](const YAML::Node& n) {
              r.compounding =
                  choice<risk::Compounding>(n, "risk.compounding",
                                            {{"reinvest", risk::Compounding::Reinvest},
                                             {"fixed", risk::Compounding::FixedAmount}});
          }},
         {"fee_aware", [&](const YAML::Node& n) { r.fee_aware = flag(n, "risk.fee_aware"); }},
         {"max_open_positions",
          [&](const YAML::Node& n) {
              const double count = number(n, "risk.max_open_positions");
              if (count < 0 || count != std::floor(count)) {
                  refuse(n, "risk.max_open_positions must be a whole number (0: no limit)");
              }
              r.max_open_positions = static_cast<std::size_t>(count);
          }},
         {"amount", set_number(r.amount, "risk.amount")},
         {"risk_pct", set_number(r.risk_pct, "risk.risk_pct")},
         {"risk_amount", set_number(r.risk_amount, "risk.risk_amount")},
         {"min_notional", set_number(r.min_notional, "risk.min_notional")},
         {"daily_loss_limit_pct", set_number(r.daily_loss_limit_pct, "risk.daily_loss_limit_pct")},
         {"stop_loss_pct", set_number(r.stop_loss_pct, "risk.stop_loss_pct")},
         {"take_profit_pct", set_number(r.take_profit_pct, "risk.take_profit_pct")},
         {"trailing_stop_pct", set_number(r.trailing_stop_pct, "risk.trailing_stop_pct")}});
    return r;
}

std::int64_t chat_id(const YAML::Node& node, std::string_view where) {
    const std::string word = text(node, where);
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), id);
    if (error != std::errc{} || end != word.data() + word.size()) {
        refuse(node, fmt::format("{} must be whole numbers (Telegram chat ids)", where));
    }
    return id;
}

std::vector<std::int64_t> chat_ids(const YAML::Node& node, std::string_view where) {
    std::vector<std::int64_t> ids;
    if (node.IsScalar()) {
        ids.push_back(chat_id(node, where));
        return ids;
    }
    if (!node.IsSequence()) {
        refuse(node, fmt::format("{} must be a list of chat ids like [123456789]", where));
    }
    ids.reserve(node.size());
    for (const YAML::Node& item : node) {
        ids.push_back(chat_id(item, where));
    }
    return ids;
}

// Tokens and webhook URLs hold secrets: errors name the key, never the value.
std::string url(const YAML::Node& node, std::string_view where) {
    std::string value = text(node, where);
    if (!value.starts_with("https://") && !value.starts_with("http://")) {
        refuse(node, fmt::format("{} must be an http(s):// URL", where));
    }
    return value;
}

std::pair<std::string, std::string> header(const YAML::Node& node) {
    const std::string line = text(node, "notify.webhook.header");
    const std::size_t colon = line.find(':');
    const std::size_t start = line.find_first_not_of(' ', colon + 1);
    if (colon == 0 || colon == std::string::npos || start == std::string::npos
        || line.find_first_of(" \t") < colon) {
        refuse(node,
               "notify.webhook.header must be 'Name: value', e.g. 'Authorization: Bearer ...'");
    }
    return {line.substr(0, colon), line.substr(start)};
}

notify::TelegramConfig telegram(const YAML::Node& node) {
    notify::TelegramConfig t;
    each_key(node, "notify.telegram",
             {{"token", [&](const YAML::Node& n) { t.token = text(n, "notify.telegram.token"); }},
              {"chat_ids",
               [&](const YAML::Node& n) { t.chat_ids = chat_ids(n, "notify.telegram.chat_ids"); }},
              {"allowed_chat_ids",
               [&](const YAML::Node& n) {
                   t.allowed_chat_ids = chat_ids(n, "notify.telegram.allowed_chat_ids");
               }},
              {"api_base",
               [&](const YAML::Node& n) { t.api_base = url(n, "notify.telegram.api_base"); }},
              {"commands",
               [&](const YAML::Node& n) { t.commands = flag(n, "notify.telegram.commands"); }}});
    if (!t.token.empty() && t.chat_ids.empty()) {
        refuse(node, "notify.telegram has a token but no chat_ids");
    }
    return t;
}

notify::Config notify_settings(const YAML::Node& node) {
    notify::Config c;
    each_key(
        node, "notify",
        {{"telegram", [&](const YAML::Node& n) { c.telegram = telegram(n); }},
         {"discord",
          [&](const YAML::Node& n) {
              each_key(n, "notify.discord", {{"webhook_url", [&](const YAML::Node& u) {
                                                  c.discord.webhook_url =
                                                      url(u, "notify.discord.webhook_url");
                                              }}});
          }},
         {"webhook",
          [&](const YAML::Node& n) {
              each_key(
                  n, "notify.webhook",
                  {{"url",
                    [&](const YAML::Node& u) { c.webhook.url = url(u, "notify.webhook.url"); }},
                   {"header", [&](const YAML::Node& h) { c.webhook.header = header(h); }}});
          }},
         {"kinds",
          [&](const YAML::Node& n) {
              if (!n.IsSequence()) {
                  refuse(n, "notify.kinds must be a list like [trade_opened, error]");
              }
              c.kinds.clear();
              for (const YAML::Node& item : n) {
                  using engine::NoticeKind;
                  c.kinds.push_back(choice<NoticeKind>(item, "notify.kinds",
                                                       {{"trade_opened", NoticeKind::TradeOpened},
                                                        {"trade_closed", NoticeKind::TradeClosed},
                                                        {"error", NoticeKind::Error},
                                                        {"bot_started", NoticeKind::BotStarted},
                                                        {"bot_stopped", NoticeKind::BotStopped},
                                                        {"summary", NoticeKind::Summary}}));
              }
          }},
         {"summary_hours", [&](const YAML::Node& n) {
              const double hours = number(n, "notify.summary_hours");
              if (hours < 0) {
                  refuse(n, "notify.summary_hours must be 0 (off) or more");
              }
              c.summary_every = std::chrono::duration_cast<Duration>(
                  std::chrono::duration<double, std::ratio<3600>>(hours));
          }}});
    return c;
}

// `${NAME}` → the environment's NAME; an unset variable is an error, not
// an empty string (a missing secret must not pass silently).
Result<std::string> substitute(std::string_view text, std::string_view source) {
    std::string out;
    out.reserve(text.size());
    int line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        line += text[i] == '\n' ? 1 : 0;
        if (text[i] != '$' || i + 1 >= text.size() || text[i + 1] != '{') {
            out += text[i];
            continue;
        }
        const std::size_t close = text.find('}', i);
        if (close == std::string_view::npos) {
            return fail(ErrorCode::ParseError,
                        fmt::format("{}:{}: '${{' without a closing '}}'", source, line));
        }
        const std::string name(text.substr(i + 2, close - i - 2));
        const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): startup
        if (value == nullptr) {
            return fail(
                ErrorCode::InvalidArgument,
                fmt::format("{}:{}: environment variable {} is not set", source, line, name));
        }
        out += value;
        i = close;
    }
    return out;
}

}  // namespace

Result<ConfigFile> parse_config(std::string_view raw, std::string_view source) {
    auto text = substitute(raw, source);
    if (!text) {
        return fail(text.error());
    }
    try {
        const YAML::Node root = YAML::Load(*text);
        ConfigFile config;
        if (root.IsNull()) {
            return config;
        }
        each_key(root, "the config file",
                 {{"gate", [&](const YAML::Node& n) { config.gate = gate(n); }},
                  {"risk", [&](const YAML::Node& n) { config.risk = risk_settings(n); }},
                  {"notify", [&](const YAML::Node& n) { config.notify = notify_settings(n); }}});
        return config;
    } catch (const ConfigError& e) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("{}:{}: {}", source, e.line(), e.what()));
    } catch (const YAML::Exception& e) {
        return fail(ErrorCode::ParseError,
                    fmt::format("{}:{}: {}", source, e.mark.line + 1, e.msg));
    }
}

Result<ConfigFile> load_config(const std::filesystem::path& path) {
    auto bytes = data::read_file_bytes(path);
    if (!bytes) {
        return fail(bytes.error());
    }
    return parse_config(*bytes, path.string());
}

}  // namespace osprey::app

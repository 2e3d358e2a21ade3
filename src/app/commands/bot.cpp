// `osprey bot list|show|create|start|stop|delete`: the running daemon's
// control API from the command line (server/control_api.hpp). The daemon is
// found through <data dir>/daemon.json, or --daemon URL.

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

#include "app/commands/commands.hpp"
#include "app/daemon/daemon_file.hpp"
#include "net/http_client.hpp"

namespace osprey::app {

namespace {

namespace json = boost::json;

struct BotOptions {
    std::string daemon;  // URL; empty: from the data dir
    std::string data_dir = "osprey-data";
    bool json_output = false;
    std::uint64_t id = 0;
    // create
    std::string name;
    std::string symbol;
    std::string strategy;
    std::vector<std::string> parameters;  // name=value
    std::string amount;
    std::string mode;
    std::string exchange;
    std::string timeframe;
    std::optional<double> stop_loss_pct;
    std::optional<double> take_profit_pct;
    std::optional<double> trailing_stop_pct;
    std::optional<double> fee;
    std::string sizing;
    std::optional<double> risk_pct;
    std::optional<double> risk_amount;
    bool fee_aware = false;
    bool fixed_amount = false;
    bool start = false;
};

Result<json::value> call(const BotOptions& options, net::HttpMethod method, std::string target,
                         std::string body = {}) {
    auto url = options.daemon.empty() ? read_daemon_url(options.data_dir)
                                      : Result<std::string>(options.daemon);
    if (!url) {
        return fail(url.error());
    }
    auto client = net::HttpClient::create(*url);
    if (!client) {
        return fail(client.error());
    }
    net::HttpRequest request{method, std::move(target), std::move(body), "application/json", {}};
    if (const std::string token = api_token_from_environment(); !token.empty()) {
        request.headers.emplace_back("Authorization", "Bearer " + token);
    }
    auto response = client->send(request);
    if (!response) {
        return fail(ErrorCode::Unavailable, fmt::format("the daemon at {} does not answer: {}",
                                                        *url, response.error().message));
    }
    if (response->status == 204) {
        return json::value();
    }
    boost::system::error_code error;
    json::value value = json::parse(response->body, error);
    if (error) {
        return fail(ErrorCode::ParseError,
                    fmt::format("the daemon answered {} with something that is not JSON",
                                response->status));
    }
    if (response->status >= 400) {
        const json::object* object = value.if_object();
        const json::value* message = object != nullptr ? object->if_contains("error") : nullptr;
        return fail(ErrorCode::Rejected, message != nullptr && message->is_string()
                                             ? std::string(message->as_string())
                                             : fmt::format("HTTP {}", response->status));
    }
    return value;
}

double number(const json::value& value) {
    return value.is_number() ? value.to_number<double>() : 0.0;
}

std::string text(const json::value& value) {
    return value.is_string() ? std::string(value.as_string()) : json::serialize(value);
}

void print_table(const json::array& bots) {
    fmt::print("{:>3}  {:<16} {:<10} {:<10} {:<6} {:<8} {:<9} {:>8} {:>11} {:>6}\n", "ID", "NAME",
               "SYMBOL", "STRATEGY", "MODE", "STATUS", "POSITION", "PNL %", "EQUITY", "TRADES");
    for (const json::value& entry : bots) {
        const json::object& bot = entry.as_object();
        const json::object& spec = bot.at("spec").as_object();
        const json::value& live = bot.at("live");
        std::string position = "-";
        std::string pnl = "-";
        std::string equity = "-";
        std::string trades = "-";
        if (live.is_object()) {
            const json::object& state = live.as_object();
            if (state.at("position_open").as_bool()) {
                position = text(state.at("side"));
                pnl = fmt::format("{:+.2f}", number(state.at("pnl_pct")));
            } else {
                position = "flat";
            }
            equity = fmt::format("{:.2f}", number(state.at("equity")));
            trades = fmt::format("{}", number(state.at("trades")));
        }
        fmt::print("{:>3}  {:<16} {:<10} {:<10} {:<6} {:<8} {:<9} {:>8} {:>11} {:>6}\n",
                   number(bot.at("id")), text(bot.at("name")), text(spec.at("symbol")),
                   text(spec.at("strategy")), text(spec.at("mode")), text(bot.at("status")),
                   position, pnl, equity, trades);
    }
}

int print(const BotOptions& options, const Result<json::value>& answer) {
    if (!answer) {
        return report_error(answer.error(), exit_failure);
    }
    if (options.json_output || !answer->is_object()) {
        if (!answer->is_null()) {
            fmt::print("{}\n", json::serialize(*answer));
        }
        return 0;
    }
    print_table(json::array{*answer});
    return 0;
}

Result<std::string> create_body(const BotOptions& options) {
    json::object body;
    body["name"] = options.name;
    body["symbol"] = options.symbol;
    body["strategy"] = options.strategy;
    body["amount"] = options.amount;
    json::object parameters;
    for (const std::string& setting : options.parameters) {
        const std::size_t equals = setting.find('=');
        if (equals == std::string::npos || equals == 0) {
            return fail(ErrorCode::InvalidArgument,
                        fmt::format("--set {}: expected name=value", setting));
        }
        parameters[setting.substr(0, equals)] = setting.substr(equals + 1);
    }
    body["parameters"] = std::move(parameters);
    const std::map<std::string, const std::string*> texts{{"mode", &options.mode},
                                                          {"exchange", &options.exchange},
                                                          {"timeframe", &options.timeframe}};
    for (const auto& [key, value] : texts) {
        if (!value->empty()) {
            body[key] = *value;
        }
    }
    const std::map<std::string, const std::optional<double>*> numbers{
        {"stop_loss_pct", &options.stop_loss_pct},
        {"take_profit_pct", &options.take_profit_pct},
        {"trailing_stop_pct", &options.trailing_stop_pct},
        {"fee", &options.fee},
        {"risk_pct", &options.risk_pct},
        {"risk_amount", &options.risk_amount}};
    for (const auto& [key, value] : numbers) {
        if (value->has_value()) {
            body[key] = **value;
        }
    }
    body["compounding"] = !options.fixed_amount;
    body["fee_aware"] = options.fee_aware;
    return json::serialize(body);
}

int create(const BotOptions& options) {
    auto body = create_body(options);
    if (!body) {
        return report_error(body.error(), exit_usage);
    }
    auto created = call(options, net::HttpMethod::Post, "/api/bots", *body);
    if (created && options.start) {
        const auto id = created->as_object().at("id").to_number<std::uint64_t>();
        return print(options,
                     call(options, net::HttpMethod::Post, fmt::format("/api/bots/{}/start", id)));
    }
    return print(options, created);
}

}  // namespace

Action add_bot_command(CLI::App& cli) {
    auto options = std::make_shared<BotOptions>();
    CLI::App* command = cli.add_subcommand("bot",
                                           "Create, list, start, stop and delete the "
                                           "running daemon's bots");
    command->require_subcommand(1);
    command->add_option("--daemon", options->daemon,
                        "The daemon's URL (default: from daemon.json)");
    command->add_option("--data-dir", options->data_dir, "The daemon's data dir")
        ->capture_default_str();
    command->add_flag("--json", options->json_output, "Print the API's JSON");

    CLI::App* list = command->add_subcommand("list", "Every bot, with its position and equity");
    CLI::App* show = command->add_subcommand("show", "One bot");
    CLI::App* start = command->add_subcommand("start", "Start a bot (it resumes where it stopped)");
    CLI::App* stop = command->add_subcommand("stop", "Stop a bot (its position stays open)");
    CLI::App* remove =
        command->add_subcommand("delete", "Stop a bot and forget it (its trades stay)");
    for (CLI::App* one : {show, start, stop, remove}) {
        one->add_option("id", options->id, "The bot's id (see list)")->required();
    }
    CLI::App* make = command->add_subcommand("create", "Create a bot (stopped unless --start)");
    make->add_option("--name", options->name, "A unique name")->required();
    make->add_option("--symbol", options->symbol, "e.g. BTCUSDT")->required();
    make->add_option("--strategy", options->strategy, "See `osprey strategies`")->required();
    make->add_option("--amount", options->amount, "Quote amount of the first entry")->required();
    make->add_option("--set", options->parameters, "A strategy parameter: name=value");
    make->add_option("--mode", options->mode, "paper (default) or live");
    make->add_option("--exchange", options->exchange, "binance (default) or bybit");
    make->add_option("--timeframe", options->timeframe, "Bars fed to the bot (default 1m)");
    make->add_option("--sl", options->stop_loss_pct, "Stop loss % (default 2, 0: none)");
    make->add_option("--tp", options->take_profit_pct, "Take profit % (default 5, 0: none)");
    make->add_option("--trailing-stop", options->trailing_stop_pct, "Trailing stop % (0: none)");
    make->add_option("--fee", options->fee, "Paper fee rate per side (default 0.001)");
    make->add_option("--sizing", options->sizing, "amount (default), risk_percent or risk_amount");
    make->add_option("--risk-pct", options->risk_pct, "risk_percent: % of equity at risk (1)");
    make->add_option("--risk-amount", options->risk_amount, "risk_amount: quote at risk");
    make->add_flag("--fee-aware", options->fee_aware, "Count both fees in the size");
    make->add_flag("--fixed-amount", options->fixed_amount, "Do not reinvest the bot's profit");
    make->add_flag("--start", options->start, "Start it at once");

    return [options, list, show, start, stop, remove, make] {
        const std::string id = fmt::format("/api/bots/{}", options->id);
        if (list->parsed()) {
            auto bots = call(*options, net::HttpMethod::Get, "/api/bots");
            if (bots && !options->json_output && bots->is_array()) {
                print_table(bots->as_array());
                return 0;
            }
            return print(*options, bots);
        }
        if (show->parsed()) {
            return print(*options, call(*options, net::HttpMethod::Get, id));
        }
        if (start->parsed()) {
            return print(*options, call(*options, net::HttpMethod::Post, id + "/start"));
        }
        if (stop->parsed()) {
            return print(*options, call(*options, net::HttpMethod::Post, id + "/stop"));
        }
        if (remove->parsed()) {
            return print(*options, call(*options, net::HttpMethod::Delete, id));
        }
        return make->parsed() ? create(*options) : exit_usage;
    };
}

}  // namespace osprey::app

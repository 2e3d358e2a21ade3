#include "indicators/vwap.hpp"

namespace osprey::indicators {

namespace {

double typical_price(const Candle& candle) {
    return (candle.high + candle.low + candle.close) / 3.0;
}

double ratio(double volume, double mean) {
    return mean > 0 ? volume / mean : no_value;
}

}  // namespace

double Vwap::update(const Candle& candle) {
    const Timestamp session_start = candle.open_time.floor_to(session_);
    if (session_start != session_start_) {
        session_start_ = session_start;
        price_volume_ = 0;
        volume_ = 0;
    }
    const double typical = typical_price(candle);
    price_volume_ += typical * candle.volume;
    volume_ += candle.volume;
    value_ = volume_ > 0 ? price_volume_ / volume_ : typical;
    return value_;
}

VolumeRatio::VolumeRatio(int period) : previous_(period) {}

double VolumeRatio::update(double volume) {
    if (previous_.ready()) {
        ready_ = true;
        value_ = ratio(volume, previous_.value());
    }
    previous_.update(volume);
    return value_;
}

std::vector<double> vwap(std::span<const Candle> candles, Duration session) {
    std::vector<double> out(candles.size(), no_value);
    std::optional<Timestamp> session_start;
    double price_volume = 0;
    double volume = 0;
    for (std::size_t i = 0; i < candles.size(); ++i) {
        const Timestamp start = candles[i].open_time.floor_to(session);
        if (start != session_start) {
            session_start = start;
            price_volume = 0;
            volume = 0;
        }
        const double typical = typical_price(candles[i]);
        price_volume += typical * candles[i].volume;
        volume += candles[i].volume;
        out[i] = volume > 0 ? price_volume / volume : typical;
    }
    return out;
}

std::vector<double> volume_ratio(std::span<const double> volumes, int period) {
    const std::vector<double> mean = sma(volumes, period);
    std::vector<double> out(volumes.size(), no_value);
    for (auto i = static_cast<std::size_t>(period); i < volumes.size(); ++i) {
        out[i] = ratio(volumes[i], mean[i - 1]);
    }
    return out;
}

}  // namespace osprey::indicators

#pragma once
// Elapsed wall time for reports (bars per second). The only clock read in
// the command line; trading code gets time from the engine's Clock port.

#include <chrono>

namespace osprey::app {

class Stopwatch {
public:
    Stopwatch() : start_(std::chrono::steady_clock::now()) {}

    std::chrono::duration<double> elapsed() const {
        return std::chrono::steady_clock::now() - start_;
    }

private:
    std::chrono::steady_clock::time_point start_;
};

}  // namespace osprey::app

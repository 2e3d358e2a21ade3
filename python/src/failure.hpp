#pragma once
// How an Osprey error crosses into Python: thrown as an EngineFailure, translated
// (module.cpp) into the Python exception its code suggests, with the very
// message the command line prints after "osprey: ".

#include <stdexcept>
#include <utility>

#include "core/error.hpp"
#include "core/result.hpp"

namespace osprey::python {

class EngineFailure : public std::runtime_error {
public:
    explicit EngineFailure(const Error& error)
        : std::runtime_error(error.message), code_(error.code) {}

    ErrorCode code() const { return code_; }

private:
    ErrorCode code_;
};

// The value, or the error thrown as an EngineFailure.
template <typename T>
T value_or_throw(Result<T> result) {
    if (!result) {
        throw EngineFailure(result.error());
    }
    return std::move(*result);
}

inline void throw_if_failed(const Status& status) {
    if (!status) {
        throw EngineFailure(status.error());
    }
}

}  // namespace osprey::python

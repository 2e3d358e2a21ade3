#pragma once
// Result<T>: a value or an Error, for failures that happen in normal
// operation (I/O, parsing, venue rejects, user input). Bugs are not results:
// they abort through OSPREY_ASSERT.
//
// The API is the subset of C++23 std::expected that we use, with the same
// names, so moving to std::expected later is an alias and a rename of fail().
//
//     Result<Candle> parse_row(std::string_view line);
//     auto row = parse_row(line);
//     if (!row) { return fail(row.error()); }
//     use(*row);

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "core/assert.hpp"
#include "core/error.hpp"

namespace osprey {

// What fail() returns: converts to any Result<T>, like std::unexpected.
struct Failure {
    Error error;
};

[[nodiscard]] inline Failure fail(Error error) {
    return Failure{std::move(error)};
}

[[nodiscard]] inline Failure fail(ErrorCode code, std::string message) {
    return Failure{Error{code, std::move(message)}};
}

template <class T>
class [[nodiscard]] Result {
public:
    // Implicit on purpose, like std::expected: `return value;` and
    // `return fail(...);` both convert.
    // NOLINTNEXTLINE(google-explicit-constructor)
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}

    // NOLINTNEXTLINE(google-explicit-constructor)
    Result(Failure failure) : state_(std::in_place_index<1>, std::move(failure.error)) {}

    bool has_value() const { return state_.index() == 0; }

    explicit operator bool() const { return has_value(); }

    T& value() & {
        OSPREY_ASSERT(has_value(), "value() called on a failed Result");
        return std::get<0>(state_);
    }

    const T& value() const& {
        OSPREY_ASSERT(has_value(), "value() called on a failed Result");
        return std::get<0>(state_);
    }

    T&& value() && {
        OSPREY_ASSERT(has_value(), "value() called on a failed Result");
        return std::get<0>(std::move(state_));
    }

    const Error& error() const {
        OSPREY_ASSERT(!has_value(), "error() called on a successful Result");
        return std::get<1>(state_);
    }

    T& operator*() & { return value(); }

    const T& operator*() const& { return value(); }

    T&& operator*() && { return std::move(*this).value(); }

    T* operator->() { return &value(); }

    const T* operator->() const { return &value(); }

    template <class U>
    T value_or(U&& fallback) const& {
        return has_value() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;

    // NOLINTNEXTLINE(google-explicit-constructor)
    Result(Failure failure) : error_(std::move(failure.error)) {}

    bool has_value() const { return !error_.has_value(); }

    explicit operator bool() const { return has_value(); }

    const Error& error() const {
        OSPREY_ASSERT(error_.has_value(), "error() called on a successful Result");
        return *error_;
    }

private:
    std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace osprey

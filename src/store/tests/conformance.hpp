#pragma once
// The fixture of the conformance suite: each TEST_P runs once per backend
// (instantiated in backends.cpp as Sqlite/... and Postgres/...), on a fresh
// database opened (and migrated) in SetUp.

#include <memory>

#include <gtest/gtest.h>

#include "engine/ports/store.hpp"
#include "store/tests/backend.hpp"

namespace osprey::store_tests {

class StoreConformance : public ::testing::TestWithParam<Kind> {
protected:
    void SetUp() override {
        backend_ = make_backend(GetParam());
        ASSERT_NE(backend_, nullptr);
        auto opened = backend_->open();
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
    }

    engine::Store& store() { return *store_; }

    Backend& backend() { return *backend_; }

    // Closes this test's connection (before a fork: a child must not
    // inherit a connection in use).
    void close_store() { store_.reset(); }

    // A second connection to the same database: what a restart sees.
    std::unique_ptr<engine::Store> reopen() {
        auto opened = backend_->open();
        EXPECT_TRUE(opened) << opened.error().message;
        return opened ? std::move(*opened) : nullptr;
    }

private:
    std::unique_ptr<Backend> backend_;
    std::unique_ptr<engine::Store> store_;
};

}  // namespace osprey::store_tests

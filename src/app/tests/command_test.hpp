#pragma once
// Running the `osprey` binary from a test: a fresh scratch folder per test,
// the exit status and both output streams of each run.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <utility>

#include <gtest/gtest.h>

namespace osprey::app::testing {

struct Outcome {
    int status = -1;
    std::string out;
    std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

class CommandTest : public ::testing::Test {
protected:
    // `binary` is the osprey to run; `prefix` names the scratch folder:
    // <tmp>/<prefix><test name>.
    CommandTest(std::string binary, std::string prefix)
        : binary_(std::move(binary)), prefix_(std::move(prefix)) {}

    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path()
               / (prefix_
                  + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }

    void TearDown() override { std::filesystem::remove_all(dir_); }

    Outcome osprey(const std::string& arguments) const {
        const std::filesystem::path out = dir_ / "stdout";
        const std::filesystem::path err = dir_ / "stderr";
        const std::string command =
            binary_ + " " + arguments + " >" + out.string() + " 2>" + err.string();
        const int raw = std::system(command.c_str());  // NOLINT(concurrency-mt-unsafe)
        return Outcome{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
    }

    std::filesystem::path write(const std::string& name, const std::string& content) const {
        std::ofstream(dir_ / name) << content;
        return dir_ / name;
    }

    std::filesystem::path dir_;

private:
    std::string binary_;
    std::string prefix_;
};

}  // namespace osprey::app::testing

#include "app/commands/commands.hpp"

#include <cstdio>

namespace osprey::app {

void print_error(const char* message) {
    std::fprintf(stderr, "osprey: %s\n", message);
}

int report_error(const Error& error, int status) {
    print_error(error.message.c_str());
    return status;
}

}  // namespace osprey::app

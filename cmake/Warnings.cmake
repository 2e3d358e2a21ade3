# The warning set every Osprey target compiles with (STYLE.md 6.3). The
# conversion warnings pay for themselves in price and quantity arithmetic.
set(OSPREY_WARNINGS
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual
    -Wimplicit-fallthrough -Wnull-dereference)
if(OSPREY_WERROR)
  list(APPEND OSPREY_WARNINGS -Werror)
endif()

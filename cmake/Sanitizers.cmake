# AddressSanitizer + UndefinedBehaviorSanitizer for the debug test build.
# Any finding aborts the test (no recovery), and libstdc++'s own assertions
# check operator[] bounds.
if(OSPREY_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -D_GLIBCXX_ASSERTIONS)
  add_link_options(-fsanitize=address,undefined)
endif()

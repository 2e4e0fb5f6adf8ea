# Every header and shared library this build used must come from a Debian package that
# scripts/install-deps installs (or one they depend on): a package installed by hand
# would otherwise hide a missing install step until someone tries a new machine.
# Skipped (77) off Debian. The second test shows the check can fail: without
# libpcre2-dev in the list, pcre2.h has no installer.
add_test(NAME build_deps_installed
         COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-build-deps ${CMAKE_BINARY_DIR})
add_test(NAME build_deps_check_can_fail
         COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-build-deps --without libpcre2-dev ${CMAKE_BINARY_DIR})
set_tests_properties(build_deps_installed build_deps_check_can_fail PROPERTIES SKIP_RETURN_CODE 77)
set_tests_properties(build_deps_check_can_fail PROPERTIES
  PASS_REGULAR_EXPRESSION "pcre2[^ ]*\\.h from package libpcre2-dev, which scripts/install-deps does not install")

// The one main() of every Catch2 program, tests/' and homework/'s, with Catch2's
// implementation: compiled once (~11 s at -O3). Once the command line is read, main() hands
// Catch2's settings to catch_main_setup(), which each program links: for tests/ the one of
// catch_setup.cpp, which changes nothing (main() is then Catch2's default main); homework/'s
// turns on --warn NoTests and show.hpp's lines (homework/CMakeLists.txt).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

void catch_main_setup(Catch::ConfigData& data);

int main(int argc, char* argv[]) {
    Catch::Session session;
    if (const int rc = session.applyCommandLine(argc, argv)) return rc;
    catch_main_setup(session.configData());
    return session.run();
}

// catch_main_setup() for the test programs of tests/: Catch2's settings as the command line
// left them (catch_main.cpp).
namespace Catch {
struct ConfigData;
}

void catch_main_setup(Catch::ConfigData&) {}

# tests/dimension_html.cmake — the per-dimension page (common/display/dimension_html.hpp) in a real browser.
#
# With DIMENSION_HTML_OUT set, test_dimension_chart writes two pages: the teaching model's
# position 0 on "This weekend I plan to" (page.html) and the hand-made chart whose title,
# model and a state label hold <b>, "&" and </script> (page-tricky.html). Each is opened by
# scripts/render-heatmap in headless Chromium, which fails on a JavaScript error, a script
# that did not finish (no data-ready) or a blank screenshot, and exits 77 (ctest: SKIPPED)
# where no Chromium is installed. Everything goes to a mktemp -d directory removed at the
# end; to look at a page, run the test program and scripts/render-heatmap by hand.
if(TARGET test_dimension_chart)
  add_test(NAME dimension_html_renders_in_chromium
           COMMAND bash -c "set -e; d=$(mktemp -d -t gpt2-dimension-html.XXXXXX); trap 'rm -rf \"$d\"' EXIT; DIMENSION_HTML_OUT=\"$d/page.html\" '$<TARGET_FILE:test_dimension_chart>' > /dev/null; for p in page page-tricky; do '${CMAKE_SOURCE_DIR}/scripts/render-heatmap' --window-size 1280,900 \"$d/$p.html\" \"$d/$p.png\"; done"
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(dimension_html_renders_in_chromium PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()

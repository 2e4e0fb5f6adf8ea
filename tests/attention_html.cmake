# tests/attention_html.cmake — the attention page (common/display/attention_html.hpp) in a real browser.
#
# test_attention_html writes two pages when ATTENTION_HTML_OUT is set: the teaching model's
# attention on "This weekend I plan to" (page.html) and the hand-made page whose tokens are
# <b>, "&" and </script> (page-tricky.html). scripts/render-heatmap opens each in headless
# Chromium: a JavaScript error, a script that did not finish (no data-ready), or a blank
# screenshot fails. Without Chromium the script exits 77 and ctest reports SKIPPED.
# The pages and screenshots go to a directory of this run's own (mktemp -d), removed
# afterwards; to look at one, run scripts/render-heatmap by hand.

if(NOT TARGET test_attention_html)
  return()
endif()
set(_attn_render ${CMAKE_SOURCE_DIR}/scripts/render-heatmap)

add_test(NAME attention_html_renders_in_chromium
         COMMAND bash -c "set -e; d=$(mktemp -d -t gpt2-attention-html.XXXXXX); trap 'rm -rf \"$d\"' EXIT; ATTENTION_HTML_OUT=\"$d/page.html\" '$<TARGET_FILE:test_attention_html>' > /dev/null; '${_attn_render}' --window-size 1280,760 \"$d/page.html\" \"$d/page.png\"; '${_attn_render}' --window-size 1280,760 \"$d/page-tricky.html\" \"$d/page-tricky.png\""
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(attention_html_renders_in_chromium PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)

# tests/teaching_model.cmake — the bundled trained models are what their training runs wrote.
#
# Each trained model's GENERATED_BY.json records the sha256 of its config.json and
# model.safetensors; the shipped files must match it, and the weights must stay within what
# the repository allows for them (teaching: 6 x 256, F16, 35.5 MB, limit 40 MB; teaching-small:
# 4 x 128, F16, 14.5 MB, limit 20 MB). The last test proves the check can fail: one model's
# record against another model's files.
foreach(_pair "teaching-gpt2;40000000" "teaching-small-gpt2;20000000")
  list(GET _pair 0 _dir)
  list(GET _pair 1 _max)
  set(_model ${CMAKE_SOURCE_DIR}/data/models/${_dir})
  add_test(NAME ${_dir}_files_match_generated_by
           COMMAND ${CMAKE_COMMAND} -DDIR=${_model} -DGENERATED=${_model}/GENERATED_BY.json
                   -DMAX_BYTES=${_max} -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_generated_by.cmake)
endforeach()
add_test(NAME teaching_model_generated_by_check_can_fail
         COMMAND ${CMAKE_COMMAND} -DDIR=${CMAKE_SOURCE_DIR}/data/models/teaching-small-gpt2
                 -DGENERATED=${CMAKE_SOURCE_DIR}/data/models/teaching-gpt2/GENERATED_BY.json
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_generated_by.cmake)
set_tests_properties(teaching_model_generated_by_check_can_fail PROPERTIES WILL_FAIL TRUE)

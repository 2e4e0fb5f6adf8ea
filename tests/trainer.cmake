# tests/trainer.cmake — tools/teaching_model's trainer runs end to end (a few seconds on a made-up
# corpus; tools/teaching_model/smoke_test.sh says what it checks). Skipped where /usr/bin/python3
# has no PyTorch: building and testing the project never needs Python.
add_test(NAME teaching_model_trainer_smoke
         COMMAND ${CMAKE_SOURCE_DIR}/tools/teaching_model/smoke_test.sh ${CMAKE_COMMAND})
set_tests_properties(teaching_model_trainer_smoke PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)

# tests/playground.cmake — the playground (playground/main.cpp, `make playground`) as
# shipped builds and runs: the starting point a learner copies must work. Once you have
# edited it, this entry tests your version (and says so by its name if it breaks).
cli_test(NAME playground_runs PROGRAM playground ARGS --model teaching
  STDOUT_REGEX "After \"This weekend I plan to\" \\(5 tokens\\), teaching predicts:")

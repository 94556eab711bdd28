#ifndef DATELINE_FUZZER_DRIVER_H
#define DATELINE_FUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>
// libFuzzer's driver, for executables whose `main` is their own (SwiftPM names the entry point
// <module>_main, so libFuzzer's `main` cannot be used): parses libFuzzer's flags and fuzzes `callback`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
// Calls the driver; defined in C so the Swift side never declares a foreign symbol by hand.
int dateline_run_fuzzer(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size));
#endif

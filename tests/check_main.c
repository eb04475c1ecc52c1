/*
 * check_main.c - the one Check runner. Every suite_<name>() found in
 * tests/test_*.c (listed by the Makefile in suites.inc) runs here, and Check
 * prints the single summary line "100%: Checks: N, Failures: 0, Errors: 0".
 * Set BC_TEST_SUITE=name to run one suite, CK_FORK=no under valgrind.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BC_SUITE(fn) Suite *fn(void);
#include "suites.inc"
#undef BC_SUITE

int main(void)
{
    /* a line at a time: a device run pipes this through tee under a
     * timeout, and a killed run keeps what its tests printed */
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *only = getenv("BC_TEST_SUITE");
    SRunner *runner = NULL;
#define BC_SUITE(fn)                                                   \
    if (!only || strcmp(only, &#fn[6]) == 0) {                         \
        if (!runner)                                                   \
            runner = srunner_create(fn());                             \
        else                                                           \
            srunner_add_suite(runner, fn());                           \
    }
#include "suites.inc"
#undef BC_SUITE
    if (!runner)
        return 1;
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? 0 : 1;
}

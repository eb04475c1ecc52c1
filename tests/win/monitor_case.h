/*
 * monitor_case.h - the monitoring case both sides of the DLL check run:
 * tests/win/reference.c through the C API on Linux, tests/win/test_dll.c
 * through the bc_mql_* shim in the DLL. MONITOR_CASE_API must supply
 * psi, ks, detector_* and quality_* calls; draw() is each file's own
 * (Philox uniforms in [-1, 1), identical on both).
 */
#ifndef BC_TESTS_WIN_MONITOR_CASE_H
#define BC_TESTS_WIN_MONITOR_CASE_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define MONITOR_REF 2000
#define MONITOR_LIVE 1500
#define MONITOR_STREAM 600
#define MONITOR_BARS 800

struct monitor_result {
    double psi, ks, p;
    double ph[8], cusum[8]; /* BC_DETECTOR_STATES values */
    long long counts[11];   /* BC_QUALITY_COUNTS values */
};

/* Fills the inputs: reference and live samples, an outcome stream with a
 * half-sigma step at 400, and bars with a NaN close, a gap and a stale run. */
static void monitor_inputs(float *(*draw_fn)(uint64_t, int), double *ref, double *live,
                           double *stream, int64_t *t, double *close)
{
    float *a = draw_fn(10, MONITOR_REF), *b = draw_fn(11, MONITOR_LIVE);
    float *c = draw_fn(12, MONITOR_STREAM), *d = draw_fn(13, MONITOR_BARS);
    for (int i = 0; i < MONITOR_REF; i++)
        ref[i] = a[i];
    for (int i = 0; i < MONITOR_LIVE; i++)
        live[i] = 1.2 * b[i] + 0.1;
    for (int i = 0; i < MONITOR_STREAM; i++)
        stream[i] = c[i] + (i >= 400 ? 0.5 : 0.0);
    double price = 100;
    int64_t time = 1704240000; /* a Wednesday */
    for (int i = 0; i < MONITOR_BARS; i++) {
        time += i == 300 ? 3 * 3600 : 3600;
        if (!(i >= 500 && i < 507))
            price *= 1.0 + 0.001 * d[i] + (i == 650 ? 0.05 : 0.0);
        t[i] = time;
        close[i] = i == 200 ? NAN : price;
    }
    free(a);
    free(b);
    free(c);
    free(d);
}

#endif

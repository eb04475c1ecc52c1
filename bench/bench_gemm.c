/*
 * bench_gemm.c - GFLOP/s of the cpu backend's sgemm (single and batched)
 * against the machine's peak estimate: cores x clock x single-precision
 * FLOPs per cycle (from the CPU's vector extensions in /proc/cpuinfo).
 * The figure that counts is the ratio to peak.
 */
#include "botcopier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Peak single-precision GFLOP/s estimate and a description of how. */
static double peak_gflops(char *how, size_t how_size)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    double mhz = 0.0;
    int avx512 = 0, fma = 0, avx = 0;
    char line[4096];
    while (f && fgets(line, sizeof line, f)) {
        if (mhz == 0.0 && strncmp(line, "cpu MHz", 7) == 0) {
            const char *colon = strchr(line, ':');
            if (colon)
                mhz = atof(colon + 1);
        }
        if (strncmp(line, "flags", 5) == 0) {
            avx512 = strstr(line, " avx512f") != NULL;
            fma = strstr(line, " fma") != NULL;
            avx = strstr(line, " avx") != NULL;
        }
    }
    if (f)
        fclose(f);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    /* Two FMA ports: 2 x lanes x 2 FLOPs per cycle. */
    int flops_per_cycle = avx512 ? 64 : fma ? 32 : avx ? 16 : 8;
    snprintf(how, how_size, "%ld cores x %.0f MHz x %d FLOP/cycle (%s)", cores,
             mhz, flops_per_cycle,
             avx512 ? "avx512+fma" : fma ? "avx2+fma" : avx ? "avx" : "sse");
    return (double)cores * mhz * 1e-3 * flops_per_cycle;
}

static double time_gemm(bc_backend *be, int n, int batch, float *a, float *b,
                        float *c)
{
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now_seconds();
        int32_t rc = batch == 1
            ? bc_backend_sgemm(be, 0, 0, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n)
            : bc_backend_sgemm_batched(be, 0, 0, n, n, n, 1.0f, a, n,
                                       (int64_t)n * n, b, n, (int64_t)n * n,
                                       0.0f, c, n, (int64_t)n * n, batch);
        double t = now_seconds() - t0;
        if (rc != BC_OK) {
            fprintf(stderr, "sgemm failed: %s\n", bc_last_error());
            exit(1);
        }
        best = t < best ? t : best;
    }
    return 2.0 * n * (double)n * n * batch / best / 1e9;
}

int main(void)
{
    char how[256];
    double peak = peak_gflops(how, sizeof how);
    bc_backend *be = NULL;
    if (bc_backend_init("cpu", &be) != BC_OK) {
        fprintf(stderr, "cpu backend: %s\n", bc_last_error());
        return 1;
    }
    printf("peak estimate: %.1f GFLOP/s = %s\n", peak, how);
    printf("%-22s %12s %10s\n", "case", "GFLOP/s", "of peak");
    static const struct { int n, batch; } cases[] = {
        {64, 1}, {256, 1}, {1024, 1}, {2048, 1}, {64, 256}, {128, 64},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = cases[i].n, batch = cases[i].batch;
        size_t count = (size_t)n * n * batch;
        float *a = malloc(count * 4), *b = malloc(count * 4), *c = malloc(count * 4);
        bc_random_uniform(3, 0, 0, (int32_t)count, a);
        bc_random_uniform(3, 1, 0, (int32_t)count, b);
        double g = time_gemm(be, n, batch, a, b, c);
        char name[64];
        snprintf(name, sizeof name, "sgemm %d^3 x %d", n, batch);
        printf("%-22s %12.1f %9.0f%%\n", name, g, 100.0 * g / peak);
        free(a), free(b), free(c);
    }
    bc_backend_free(be);
    return 0;
}

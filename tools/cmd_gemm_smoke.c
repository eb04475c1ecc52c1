/* cmd_gemm_smoke.c - `botcopier gemm-smoke [--backend NAME] [--size N]`:
 * multiplies two random N x N matrices on a backend, checks the result
 * against a float64 product of a few sampled entries, prints GFLOP/s. */
#include "tools/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

struct gemm_args {
    const char *backend_name;
    int n;
};

static int gemm_option(void *ctx, const char *name, const char *value)
{
    struct gemm_args *a = ctx;
    if (strcmp(name, "backend") == 0) {
        a->backend_name = value;
        return 0;
    }
    char *end;
    long v = strtol(value, &end, 10);
    if (end == value || *end || v < 1 || v > 8192) {
        fprintf(stderr, "botcopier gemm-smoke: --size '%s' must be 1..8192\n", value);
        return CLI_EXIT_USAGE;
    }
    a->n = (int)v;
    return 0;
}

int cli_gemm_smoke(int argc, char **argv)
{
    static const cli_option gemm_options[] = {{"backend", 1}, {"size", 1}, {NULL, 0}};
    struct gemm_args args = {"best", 512};
    int parsed = cli_parse_options("gemm-smoke", argc, argv, gemm_options,
                                   "usage: botcopier gemm-smoke [--backend cpu|cuda|best] "
                                   "[--size N]\n",
                                   gemm_option, &args);
    if (parsed != 0)
        return parsed < 0 ? CLI_EXIT_OK : parsed;
    const char *backend_name = args.backend_name;
    int n = args.n;
    bc_backend *be = NULL;
    int32_t rc = bc_backend_init(backend_name, &be);
    if (rc != BC_OK)
        return cli_fail("gemm-smoke", backend_name, rc);
    size_t count = (size_t)n * (size_t)n;
    float *a = malloc(count * sizeof *a), *b = malloc(count * sizeof *b),
          *c = malloc(count * sizeof *c);
    if (!a || !b || !c) {
        fprintf(stderr, "botcopier gemm-smoke: out of memory for n=%d\n", n);
        free(a), free(b), free(c);
        bc_backend_free(be);
        return CLI_EXIT_FAILURE;
    }
    bc_random_uniform(1, 0, 0, (int32_t)count, a);
    bc_random_uniform(1, 1, 0, (int32_t)count, b);
    double t0 = now_seconds();
    rc = bc_backend_sgemm(be, 0, 0, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
    double seconds = now_seconds() - t0;
    int status = CLI_EXIT_OK;
    if (rc != BC_OK) {
        status = cli_fail("gemm-smoke", "sgemm", rc);
    } else {
        double worst = 0.0;
        for (int s = 0; s < 16; s++) {
            int i = (s * 7919) % n, j = (s * 104729) % n;
            double ref = 0.0;
            for (int p = 0; p < n; p++)
                ref += (double)a[(size_t)i * n + p] * b[(size_t)p * n + j];
            double err = fabs(ref - c[(size_t)i * n + j]) / (fabs(ref) + 1.0);
            worst = err > worst ? err : worst;
        }
        printf("gemm %dx%dx%d on %s: %.2f ms, %.1f GFLOP/s, max rel error %.2e %s\n",
               n, n, n, bc_backend_kind(be), seconds * 1e3,
               2.0 * n * (double)n * n / seconds / 1e9, worst,
               worst < 1e-4 ? "ok" : "WRONG");
        if (worst >= 1e-4)
            status = CLI_EXIT_FAILURE;
    }
    free(a), free(b), free(c);
    bc_backend_free(be);
    return status;
}

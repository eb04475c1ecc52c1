/*
 * reference.c - what the Linux library computes, written for the Windows
 * harness (test_dll.exe) to match bit for bit: Philox uniforms and reference
 * GEMMs on inputs drawn from them. One line per case, floats as their IEEE
 * bits in hex. Later layers add lines here (features, model predictions on
 * the same bars) and a matching check in test_dll.c.
 * Usage: win_reference OUT_FILE
 */
#include "botcopier.h"
#include "backend/backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned bits(float f)
{
    unsigned u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* Matrix of `count` values in [-1, 1) from stream (seed 1, stream). */
static float *draw(uint64_t stream, int count)
{
    float *v = malloc(sizeof *v * (size_t)(count ? count : 1));
    if (!v || bc_random_uniform(1, stream, 0, count, v) != BC_OK)
        exit(2);
    for (int i = 0; i < count; i++)
        v[i] = 2.0f * v[i] - 1.0f;
    return v;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUT_FILE\n", argv[0]);
        return 2;
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 2;
    }

    float u[16];
    if (bc_random_uniform(42, 7, 3, 16, u) != BC_OK)
        return 2;
    fprintf(out, "uniform 42 7 3 16");
    for (int i = 0; i < 16; i++)
        fprintf(out, " %08x", bits(u[i]));
    fprintf(out, "\n");

    /* trans_a trans_b m n k: every transpose combination, odd sizes. */
    static const int cases[][5] = {
        {0, 0, 7, 5, 3}, {1, 0, 4, 6, 9}, {0, 1, 3, 3, 17}, {1, 1, 5, 4, 2}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int ta = cases[c][0], tb = cases[c][1];
        int m = cases[c][2], n = cases[c][3], k = cases[c][4];
        float *a = draw(1, m * k), *b = draw(2, k * n), *cm = draw(3, m * n);
        bc_ref_sgemm(ta, tb, m, n, k, 1.5f, a, ta ? m : k, b, tb ? k : n,
                     -0.5f, cm, n);
        fprintf(out, "sgemm %d %d %d %d %d", ta, tb, m, n, k);
        for (int i = 0; i < m * n; i++)
            fprintf(out, " %08x", bits(cm[i]));
        fprintf(out, "\n");
        free(a);
        free(b);
        free(cm);
    }
    return fclose(out) == 0 ? 0 : 2;
}

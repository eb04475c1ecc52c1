/*
 * bench_features_stream.c - streaming cost of the feature engine: ns per
 * bc_features_update per bar for each indicator alone, and for one engine
 * holding all of them (per indicator = total / number of indicators).
 * 1e6 bars from sp500_daily.csv (tests/data), tiled with a different scale
 * per copy, and the clone's default candidate set. Goal: <= 20 ns per
 * indicator per bar.
 */
#include "botcopier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BARS 1000000

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Loads date,open,high,low,close,adjclose,volume rows into ohlcv. */
static int load(const char *path, double **ohlcv, int *n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512];
    int cap = 8192, k = 0;
    *ohlcv = malloc(sizeof(double) * 5 * cap);
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return -1;
    }
    while (k < cap && fgets(line, sizeof line, f)) {
        double o, h, l, c, adj, v;
        if (sscanf(line, "%*[^,],%lf,%lf,%lf,%lf,%lf,%lf", &o, &h, &l, &c, &adj, &v) == 6) {
            double *r = *ohlcv + 5 * k++;
            r[0] = o, r[1] = h, r[2] = l, r[3] = c, r[4] = v;
        }
    }
    fclose(f);
    *n = k;
    return k > 0 ? 0 : -1;
}

static double stream(const char *spec, const double *bars, const int64_t *t, int n, int *count)
{
    bc_features *f = NULL;
    if (bc_features_create(spec, &f) != BC_OK) {
        fprintf(stderr, "%s: %s\n", spec, bc_last_error());
        exit(1);
    }
    *count = bc_features_count(f);
    double out[256], best = 1e30, sink = 0.0;
    for (int rep = 0; rep < 3; rep++) {
        bc_features_reset(f);
        double t0 = now_seconds();
        for (int i = 0; i < n; i++) {
            const double *b = bars + 5 * (int64_t)i;
            bc_features_update(f, t[i], b[0], b[1], b[2], b[3], b[4], out, 256);
            sink += out[0];
        }
        double dt = now_seconds() - t0;
        if (dt < best)
            best = dt;
    }
    bc_features_free(f);
    if (sink == 12345.0) /* keeps the loop */
        printf(" ");
    return 1e9 * best / n;
}

int main(void)
{
    double *base = NULL;
    int nb = 0;
    if (load("../shared/data/sp500_daily.csv", &base, &nb) != 0 &&
        load("tests/data/sp500_daily.csv", &base, &nb) != 0) {
        fprintf(stderr, "bench_features_stream: sp500_daily.csv not found\n");
        return 1;
    }
    double *bars = malloc(sizeof(double) * 5 * BARS);
    int64_t *t = malloc(sizeof(int64_t) * BARS);
    for (int i = 0; i < BARS; i++) {
        double scale = 1.0 + 0.013 * (i / nb);
        for (int k = 0; k < 5; k++)
            bars[5 * i + k] = base[5 * (i % nb) + k] * (k < 4 ? scale : 1.0);
        t[i] = 946857600 + 86400 * (int64_t)i;
    }
    static const char *specs[] = {"sma(20)", "ema(12)", "rsi(14)", "macd(12,26,9)",
                                  "atr(14)", "bbands(20,2)", "stoch(14,3,3)", "adx(14)",
                                  "ret(1)", "vol(20)", "rsi(14)@1", "hour_sin,dow_sin,month_sin"};
    int n_specs = (int)(sizeof specs / sizeof specs[0]);
    printf("streaming bc_features_update, %d bars (sp500 daily, tiled), best of 3\n", BARS);
    printf("%-28s %8s %14s\n", "features", "columns", "ns/bar");
    for (int s = 0; s < n_specs; s++) {
        int count;
        double ns = stream(specs[s], bars, t, BARS, &count);
        printf("%-28s %8d %14.2f\n", specs[s], count, ns);
    }
    int count;
    double all = stream("sma(20),ema(12),rsi(14),macd(12,26,9),atr(14),bbands(20,2),stoch(14,3,3),"
                        "adx(14)",
                        bars, t, BARS, &count);
    printf("%-28s %8d %14.2f  = %.2f ns per indicator per bar (goal <= 20)\n",
           "all 8 TA-Lib indicators", count, all, all / 8);
    /* The set a clone starts from: what bc_predictor_update streams. */
    double def = stream(bc_clone_default_features(), bars, t, BARS, &count);
    printf("%-28s %8d %14.2f\n", "clone default candidate set", count, def);
    free(bars);
    free(t);
    free(base);
    return 0;
}

/*
 * bench_mlp.c - MLP training throughput: rows per second through forward,
 * backward and Adam on the cpu backend, for a few widths. Synthetic data
 * (Philox uniforms, labels from a fixed rule); no peer here, the logistic
 * comparison with scikit-learn is bench_logistic.py.
 */
#include "botcopier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(void)
{
    const int32_t n = 200000, F = 50, C = 3, epochs = 2;
    float *x = malloc(sizeof(float) * (size_t)n * F);
    int32_t *y = malloc(sizeof(int32_t) * (size_t)n);
    if (!x || !y)
        return 1;
    bc_random_uniform(1, 0, 0, n * F, x);
    for (int32_t i = 0; i < n; i++) {
        float s = x[i * F] - x[i * F + 1] + 0.5f * x[i * F + 2];
        y[i] = s > 0.6f ? 1 : (s < 0.2f ? 2 : 0);
    }
    const char *shapes[] = {"32", "64,32", "256,128"};
    printf("MLP training, %d x %d, %d classes, %d epochs, validation 0, Adam\n", n, F, C, epochs);
    printf("%-10s %6s %10s %14s %12s\n", "hidden", "batch", "seconds", "rows/s", "train loss");
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int b = 0; b < 2; b++) {
            const char *batch = b ? "1024" : "256";
            bc_trainer *t = NULL;
            char epochs_text[16];
            snprintf(epochs_text, sizeof epochs_text, "%d", (int)epochs);
            if (bc_trainer_create("mlp", &t) != BC_OK ||
                bc_trainer_set(t, "hidden", shapes[s]) != BC_OK ||
                bc_trainer_set(t, "batch_size", batch) != BC_OK ||
                bc_trainer_set(t, "epochs", epochs_text) != BC_OK ||
                bc_trainer_set(t, "validation_fraction", "0") != BC_OK ||
                bc_trainer_set(t, "mode", "standard") != BC_OK) {
                fprintf(stderr, "bench_mlp: %s\n", bc_last_error());
                return 1;
            }
            bc_model *m = NULL;
            double t0 = now();
            int32_t rc = bc_trainer_fit(t, x, y, NULL, n, F, C, &m);
            double sec = now() - t0;
            if (rc != BC_OK) {
                fprintf(stderr, "bench_mlp: fit failed: %s\n", bc_last_error());
                return 1;
            }
            char info[4096];
            int32_t len;
            const char *loss = "?";
            if (bc_model_info_json(m, info, sizeof info, &len) == BC_OK) {
                char *p = strstr(info, "\"train_log_loss\":");
                loss = p ? p + 17 : "?";
                char *end = strchr(loss, ',');
                if (end)
                    *end = '\0';
            }
            printf("%-10s %6s %10.3f %14.0f %12s\n", shapes[s], batch, sec,
                   (double)n * epochs / sec, loss);
            bc_model_free(m);
            bc_trainer_free(t);
        }
    free(x);
    free(y);
    return 0;
}

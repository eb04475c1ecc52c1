/*
 * reference_kernels.c - plain-C kernels for the cpu backend: the whole
 * backend where OpenBLAS is absent (Windows DLL), and the elementwise,
 * softmax and optimizer kernels everywhere. Loops are written so the
 * compiler can vectorise them; no threads, no allocation.
 */
#include "backend/backend.h"
#include "backend/kernels_math.h"

#include <math.h>

static float element(const float *x, int ld, int trans, int row, int col)
{
    return trans ? x[(int64_t)col * ld + row] : x[(int64_t)row * ld + col];
}

void bc_ref_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha,
                  const float *a, int lda, const float *b, int ldb,
                  float beta, float *c, int ldc)
{
    for (int i = 0; i < m; i++) {
        float *crow = c + (int64_t)i * ldc;
        for (int j = 0; j < n; j++)
            crow[j] = beta == 0.0f ? 0.0f : beta * crow[j];
        if (k == 0 || alpha == 0.0f)
            continue;
        if (!trans_b) {
            /* i-p-j order streams rows of B: the fast path for the common
             * non-transposed case. */
            for (int p = 0; p < k; p++) {
                float av = alpha * element(a, lda, trans_a, i, p);
                const float *brow = b + (int64_t)p * ldb;
                for (int j = 0; j < n; j++)
                    crow[j] += av * brow[j];
            }
        } else {
            for (int j = 0; j < n; j++) {
                float sum = 0.0f;
                for (int p = 0; p < k; p++)
                    sum += element(a, lda, trans_a, i, p) *
                           b[(int64_t)j * ldb + p];
                crow[j] += alpha * sum;
            }
        }
    }
}

void bc_ref_activation(int act, const float *x, float *y, int64_t n)
{
    switch (act) {
    case BC_ACT_RELU:
        for (int64_t i = 0; i < n; i++)
            y[i] = bc_math_relu(x[i]);
        break;
    case BC_ACT_TANH:
        for (int64_t i = 0; i < n; i++)
            y[i] = tanhf(x[i]);
        break;
    case BC_ACT_SIGMOID:
        for (int64_t i = 0; i < n; i++)
            y[i] = bc_math_sigmoid_safe(x[i]);
        break;
    default:
        for (int64_t i = 0; i < n; i++)
            y[i] = x[i];
        break;
    }
}

void bc_ref_softmax_rows(float *x, int64_t rows, int64_t cols)
{
    for (int64_t r = 0; r < rows; r++) {
        float *row = x + r * cols;
        float max = row[0];
        for (int64_t j = 1; j < cols; j++)
            max = row[j] > max ? row[j] : max;
        float sum = 0.0f;
        for (int64_t j = 0; j < cols; j++) {
            row[j] = expf(row[j] - max);
            sum += row[j];
        }
        float inv = 1.0f / sum;
        for (int64_t j = 0; j < cols; j++)
            row[j] *= inv;
    }
}

void bc_ref_adam_update(float *param, const float *grad, float *m, float *v,
                        int64_t n, float lr, float beta1, float beta2,
                        float eps, float weight_decay, int64_t t)
{
    /* Adam (Kingma & Ba 2015) with decoupled weight decay (AdamW); the
     * element update is kernels_math.h's, the CUDA plugin's too. */
    float c1 = 1.0f - powf(beta1, (float)t);
    float c2 = 1.0f - powf(beta2, (float)t);
    for (int64_t i = 0; i < n; i++)
        bc_math_adam_elem(&param[i], grad[i], &m[i], &v[i], lr, beta1, beta2, eps,
                          weight_decay, c1, c2);
}

void bc_ref_gae(int32_t T, int64_t E, double gamma, double lambda, const float *rew,
                const float *val, const uint8_t *done, const float *next_value, float *adv,
                float *ret)
{
    const double gl = gamma * lambda;
    for (int64_t e = 0; e < E; e++)
        bc_math_gae_env(T, E, e, gamma, gl, rew, val, done, next_value[e], adv, ret);
}

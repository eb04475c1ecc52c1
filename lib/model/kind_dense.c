/*
 * kind_dense.c - the dense softmax kinds (BC_MODEL_LOGISTIC, the one-layer
 * stack, and BC_MODEL_MLP): every forward pass a dense model has, in one
 * file (model/kind.h's seam):
 *   - the double single row (the reference, bc_model_forward_row),
 *   - the float single row the predictor decides with and the ONNX export
 *     computes (bc_model_forward_row_fast),
 *   - the batch through the backend's GEMM (training),
 *   - the naive double layer of the exporters' oracle and online updates
 *     (bc_dense_layer_ref),
 * and the kind's validation and export-IR view.
 */
#include "model/kind.h"

#include "core/internal.h"
#include "export/export_ir.h"
#include "model/bcm_sections.h"

#include <stdio.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

/* Single-row dense layers. Each output is a dot product of its float
 * weights w and the double row x, summed in double in one fixed order on
 * every machine: lane j (0..7) sums w[i]*x[i] for i = j mod 8 in increasing
 * i, each product and sum rounded on its own (no fused multiply-add; the
 * library is built with -ffp-contract=off), then the lanes are added as
 * ((l0+l4)+(l1+l5))+((l2+l6)+(l3+l7)). The AVX path and the portable one do
 * exactly these operations, so the result is the same bit for bit on every
 * machine, in the Linux library and in the Windows DLL. Four outputs are
 * summed side by side: their 32 lanes are independent chains, so the adds
 * overlap instead of waiting on each other. */
static inline double reduce_lanes(const double *lane)
{
    return ((lane[0] + lane[4]) + (lane[1] + lane[5])) + ((lane[2] + lane[6]) + (lane[3] + lane[7]));
}

/* lanes[r*8 + j] for rows w + r*stride, r < R. */
static void dot_lanes_portable(const float *w, int32_t stride, int32_t R, const double *x,
                               int32_t n, double *lanes)
{
    for (int32_t r = 0; r < R; r++) {
        double *lane = lanes + r * 8;
        const float *wr = w + (size_t)r * (size_t)stride;
        for (int32_t j = 0; j < 8; j++)
            lane[j] = 0.0;
        int32_t i = 0;
        for (; i + 8 <= n; i += 8)
            for (int32_t j = 0; j < 8; j++)
                lane[j] += (double)wr[i + j] * x[i + j];
        for (int32_t j = 0; i < n; i++, j++)
            lane[j] += (double)wr[i] * x[i];
    }
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && !defined(__SANITIZE_ADDRESS__)
#include <immintrin.h>
#define BC_MODEL_AVX 1

/* The same lanes with AVX: lanes 0..3 and 4..7 of a row are two registers. */
__attribute__((target("avx"))) static void dot_lanes_avx(const float *w, int32_t stride,
                                                         int32_t R, const double *x, int32_t n,
                                                         double *lanes)
{
    __m256d lo[4], hi[4];
    for (int32_t r = 0; r < 4; r++)
        lo[r] = hi[r] = _mm256_setzero_pd();
    int32_t i = 0;
    if (R == 4) {
        for (; i + 8 <= n; i += 8) {
            __m256d xl = _mm256_loadu_pd(x + i), xh = _mm256_loadu_pd(x + i + 4);
            for (int32_t r = 0; r < 4; r++) {
                const float *wr = w + (size_t)r * (size_t)stride + i;
                lo[r] = _mm256_add_pd(lo[r], _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(wr)), xl));
                hi[r] = _mm256_add_pd(hi[r],
                                      _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(wr + 4)), xh));
            }
        }
    } else {
        for (; i + 8 <= n; i += 8) {
            __m256d xl = _mm256_loadu_pd(x + i), xh = _mm256_loadu_pd(x + i + 4);
            lo[0] = _mm256_add_pd(lo[0], _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(w + i)), xl));
            hi[0] = _mm256_add_pd(hi[0],
                                  _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(w + i + 4)), xh));
        }
    }
    for (int32_t r = 0; r < R; r++) {
        _mm256_storeu_pd(lanes + r * 8, lo[r]);
        _mm256_storeu_pd(lanes + r * 8 + 4, hi[r]);
        for (int32_t k = i, j = 0; k < n; k++, j++)
            lanes[r * 8 + j] += (double)w[(size_t)r * (size_t)stride + k] * x[k];
    }
}
#endif

static inline double activate(int32_t activation, double s)
{
    if (activation == BC_ACT_RELU)
        return s > 0.0 ? s : 0.0;
    if (activation == BC_ACT_TANH)
        return tanh(s);
    if (activation == BC_ACT_SIGMOID)
        return 1.0 / (1.0 + exp(-s));
    return s;
}

/* One dense layer on a single row: out[o] = act(bias[o] + w[o,:] . in). */
typedef void (*dot_lanes_fn)(const float *, int32_t, int32_t, const double *, int32_t, double *);

static void dense_row(const bc_model_layer *L, const double *in, double *out, dot_lanes_fn dot)
{
    double lanes[32];
    int32_t o = 0;
    for (; o + 4 <= L->out; o += 4) {
        dot(L->weight + (size_t)o * (size_t)L->in, L->in, 4, in, L->in, lanes);
        for (int32_t r = 0; r < 4; r++)
            out[o + r] = activate(L->activation, (double)L->bias[o + r] + reduce_lanes(lanes + r * 8));
    }
    for (; o < L->out; o++) {
        dot(L->weight + (size_t)o * (size_t)L->in, L->in, 1, in, L->in, lanes);
        out[o] = activate(L->activation, (double)L->bias[o] + reduce_lanes(lanes));
    }
}

/* Dense layers over a normalized row held in z[0..F) (the first max_width
 * doubles of scratch). This is the single-row hot path of every predictor. */
static void forward_normalized(const bc_model *m, double *z, double *probs, int32_t allow_avx)
{
    dot_lanes_fn dot = dot_lanes_portable;
#ifdef BC_MODEL_AVX
    if (allow_avx && __builtin_cpu_supports("avx"))
        dot = dot_lanes_avx;
#else
    (void)allow_avx;
#endif
    double *cur = z, *next = z + m->max_width;
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        dense_row(L, cur, l == m->n_layers - 1 ? probs : next, dot);
        double *t = cur;
        cur = next;
        next = t;
    }
    bc_softmax_double(probs, m->n_classes);
}

static void dense_forward_row(const bc_model *m, const double *x, double *probs, double *scratch,
                              int32_t allow_avx)
{
    bc_model_normalize_row(m, x, scratch);
    forward_normalized(m, scratch, probs, allow_avx);
}

static void dense_forward_row_f32(const bc_model *m, const float *x, double *probs,
                                  double *scratch)
{
    for (int32_t j = 0; j < m->n_features; j++)
        scratch[j] = bc_norm_value(m->center[j], m->scale[j], m->clip_low[j], m->clip_high[j],
                                   (double)x[j]);
    forward_normalized(m, scratch, probs, 1);
}

/* ---- the float single-row path (predictor decisions) ---------------------
 * The same layers in float arithmetic, as the ONNX export runs them: float
 * weights times the float-rounded normalized row, float sums. Each output's
 * dot product uses the lanes above (lane j sums i = j mod 8 in increasing
 * i, separate rounding of each product and sum, the fixed lane reduction),
 * so it too is the same bit for bit with or without AVX. One AVX register
 * holds a row's eight lanes: a quarter of the double path's work. */
static inline float reduce_lanes_f(const float *lane)
{
    return ((lane[0] + lane[4]) + (lane[1] + lane[5])) + ((lane[2] + lane[6]) + (lane[3] + lane[7]));
}

/* sums[r] = the dot product of row w + r*stride with x, r < R. */
static void dot_rows_portable_f(const float *w, int32_t stride, int32_t R, const float *x,
                                int32_t n, float *sums)
{
    for (int32_t r = 0; r < R; r++) {
        float lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        const float *wr = w + (size_t)r * (size_t)stride;
        int32_t i = 0;
        for (; i + 8 <= n; i += 8)
            for (int32_t j = 0; j < 8; j++)
                lane[j] += wr[i + j] * x[i + j];
        for (int32_t j = 0; i < n; i++, j++)
            lane[j] += wr[i] * x[i];
        sums[r] = reduce_lanes_f(lane);
    }
}

/* Normalized row rounded to float: normalize_value, written branch-free so
 * that it vectorizes. */
static inline __attribute__((always_inline)) void normalize_row_f(const bc_model *m,
                                                                  const double *x, float *z)
{
    const double *c = m->center, *s = m->scale, *lo = m->clip_low, *hi = m->clip_high;
    for (int32_t j = 0; j < m->n_features; j++) {
        double v = (x[j] - c[j]) / s[j];
        int missing = !(v - v == 0.0);
        v = v < lo[j] ? lo[j] : v;
        v = v > hi[j] ? hi[j] : v;
        z[j] = missing ? 0.0f : (float)v;
    }
}

static void normalize_row_f_portable(const bc_model *m, const double *x, float *z)
{
    normalize_row_f(m, x, z);
}

#ifdef BC_MODEL_AVX
/* normalize_row_f four features at a time, the same operations: divide,
 * clip by max/min (compare-and-select), NaN/inf (v - v != 0) to 0. */
__attribute__((target("avx"))) static void normalize_row_f_avx(const bc_model *m,
                                                               const double *x, float *z)
{
    const double *c = m->center, *s = m->scale, *lo = m->clip_low, *hi = m->clip_high;
    const __m256d zero = _mm256_setzero_pd();
    int32_t j = 0;
    for (; j + 4 <= m->n_features; j += 4) {
        __m256d v = _mm256_div_pd(_mm256_sub_pd(_mm256_loadu_pd(x + j), _mm256_loadu_pd(c + j)),
                                  _mm256_loadu_pd(s + j));
        __m256d finite = _mm256_cmp_pd(_mm256_sub_pd(v, v), zero, _CMP_EQ_OQ);
        __m256d l = _mm256_loadu_pd(lo + j), h = _mm256_loadu_pd(hi + j);
        /* max(l, v) is "l > v ? l : v" and min(h, v) "h < v ? h : v", the
         * scalar selects exactly (a NaN v stays NaN); a blend of compares
         * is the same, but gcc turns it into eight scalar branches. */
        v = _mm256_max_pd(l, v);
        v = _mm256_min_pd(h, v);
        _mm_storeu_ps(z + j, _mm256_cvtpd_ps(_mm256_and_pd(v, finite)));
    }
    for (; j < m->n_features; j++) {
        double v = (x[j] - c[j]) / s[j];
        int missing = !(v - v == 0.0);
        v = v < lo[j] ? lo[j] : v;
        v = v > hi[j] ? hi[j] : v;
        z[j] = missing ? 0.0f : (float)v;
    }
}

/* The same sums with AVX for R = 4 or 8 rows: a row's eight lanes are one
 * register; the tail past the last multiple of 8 is a masked load (the
 * masked-off lanes add +0, which leaves a lane unchanged: a lane that
 * starts at +0 and adds in round-to-nearest is never -0). The reduction
 * ((l0+l4)+(l1+l5))+((l2+l6)+(l3+l7)) of four rows at once is an add of the
 * halves and two horizontal adds, in exactly that order. Rows side by side
 * keep R independent add chains in flight. */
#define BC_AVX_DOT_ROWS(R)                                                                    \
    do {                                                                                      \
        __m256 a[R];                                                                          \
        for (int32_t r = 0; r < R; r++)                                                       \
            a[r] = _mm256_setzero_ps();                                                       \
        int32_t i = 0;                                                                        \
        for (; i + 8 <= n; i += 8) {                                                          \
            __m256 xv = _mm256_loadu_ps(x + i);                                               \
            for (int32_t r = 0; r < R; r++)                                                   \
                a[r] = _mm256_add_ps(                                                         \
                    a[r], _mm256_mul_ps(_mm256_loadu_ps(w + (size_t)r * (size_t)stride + i), xv)); \
        }                                                                                     \
        if (i < n) {                                                                          \
            int32_t rem = n - i;                                                              \
            __m256i mask = _mm256_setr_epi32(rem > 0 ? -1 : 0, rem > 1 ? -1 : 0,              \
                                             rem > 2 ? -1 : 0, rem > 3 ? -1 : 0,              \
                                             rem > 4 ? -1 : 0, rem > 5 ? -1 : 0,              \
                                             rem > 6 ? -1 : 0, 0);                            \
            __m256 xv = _mm256_maskload_ps(x + i, mask);                                      \
            for (int32_t r = 0; r < R; r++)                                                   \
                a[r] = _mm256_add_ps(                                                         \
                    a[r], _mm256_mul_ps(                                                      \
                              _mm256_maskload_ps(w + (size_t)r * (size_t)stride + i, mask), xv)); \
        }                                                                                     \
        for (int32_t q = 0; q < R; q += 4) {                                                  \
            __m128 h[4];                                                                      \
            for (int32_t r = 0; r < 4; r++) /* [l0+l4, l1+l5, l2+l6, l3+l7] */                \
                h[r] = _mm_add_ps(_mm256_castps256_ps128(a[q + r]),                           \
                                  _mm256_extractf128_ps(a[q + r], 1));                        \
            _mm_storeu_ps(sums + q,                                                           \
                          _mm_hadd_ps(_mm_hadd_ps(h[0], h[1]), _mm_hadd_ps(h[2], h[3])));     \
        }                                                                                     \
    } while (0)

__attribute__((target("avx"))) static void dot_rows_avx_f(const float *w, int32_t stride,
                                                          int32_t R, const float *x, int32_t n,
                                                          float *sums)
{
    if (R == 8)
        BC_AVX_DOT_ROWS(8);
    else if (R == 4)
        BC_AVX_DOT_ROWS(4);
    else
        dot_rows_portable_f(w, stride, R, x, n, sums);
}
#endif

/* s > 0 ? s : +0 without a branch (a NaN or -0 gives +0, as the select
 * does): the sign of a hidden unit's sum is data, and a branch on it is
 * mispredicted about half the time (measured: ~0.5 us of a 64-32 MLP row). */
static inline float relu_f(float s)
{
    uint32_t bits;
    memcpy(&bits, &s, sizeof bits);
    bits &= (uint32_t)0 - (uint32_t)(s > 0.0f);
    memcpy(&s, &bits, sizeof s);
    return s;
}

static inline float activate_f(int32_t activation, float s)
{
    if (activation == BC_ACT_RELU)
        return relu_f(s);
    if (activation == BC_ACT_TANH)
        return (float)tanh((double)s);
    if (activation == BC_ACT_SIGMOID)
        return (float)(1.0 / (1.0 + exp(-(double)s)));
    return s;
}

typedef void (*dot_rows_fn)(const float *, int32_t, int32_t, const float *, int32_t, float *);

/* out[o] = bias[o] + the fixed-lane dot product of weight row o and in. */
static void dense_sums_f(const float *weight, const float *bias, int32_t n_out, int32_t n_in,
                         const float *in, float *out, dot_rows_fn dot)
{
    float sums[8];
    int32_t o = 0;
    for (; o + 8 <= n_out; o += 8) {
        dot(weight + (size_t)o * (size_t)n_in, n_in, 8, in, n_in, sums);
        for (int32_t r = 0; r < 8; r++)
            out[o + r] = bias[o + r] + sums[r];
    }
    if (o + 4 <= n_out) {
        dot(weight + (size_t)o * (size_t)n_in, n_in, 4, in, n_in, sums);
        for (int32_t r = 0; r < 4; r++)
            out[o + r] = bias[o + r] + sums[r];
        o += 4;
    }
    for (; o < n_out; o++) {
        dot_rows_portable_f(weight + (size_t)o * (size_t)n_in, n_in, 1, in, n_in, sums);
        out[o] = bias[o] + sums[0];
    }
}

void bc_dense_rows_f32(const float *weight, const float *bias, int32_t n_out, int32_t n_in,
                       const float *x, float *y)
{
    dot_rows_fn dot = dot_rows_portable_f;
#ifdef BC_MODEL_AVX
    if (__builtin_cpu_supports("avx"))
        dot = dot_rows_avx_f;
#endif
    dense_sums_f(weight, bias, n_out, n_in, x, y, dot);
}

static void dense_row_f(const bc_model_layer *L, const float *in, float *out, dot_rows_fn dot)
{
    int32_t o;
    dense_sums_f(L->weight, L->bias, L->out, L->in, in, out, dot);
    /* The activation in a pass of its own: one test of the kind per layer,
     * and a ReLU pass the compiler vectorizes. */
    if (L->activation == BC_ACT_RELU) {
        for (o = 0; o < L->out; o++)
            out[o] = relu_f(out[o]);
    } else if (L->activation != BC_ACT_IDENTITY) {
        for (o = 0; o < L->out; o++)
            out[o] = activate_f(L->activation, out[o]);
    }
}

static void dense_forward_row_fast(const bc_model *m, const double *x, double *probs,
                                   double *scratch, int32_t allow_avx)
{
    float *cur = (float *)(void *)scratch; /* 2 x max_width floats fit in the doubles */
    float *next = cur + m->max_width;
    dot_rows_fn dot = dot_rows_portable_f;
    void (*normalize)(const bc_model *, const double *, float *) = normalize_row_f_portable;
#ifdef BC_MODEL_AVX
    if (allow_avx && __builtin_cpu_supports("avx")) {
        dot = dot_rows_avx_f;
        normalize = normalize_row_f_avx;
    }
#else
    (void)allow_avx;
#endif
    normalize(m, x, cur);
    for (int32_t l = 0; l < m->n_layers; l++) {
        dense_row_f(&m->layers[l], cur, next, dot);
        float *t = cur;
        cur = next;
        next = t;
    }
    for (int32_t c = 0; c < m->n_classes; c++)
        probs[c] = (double)cur[c];
    bc_softmax_double(probs, m->n_classes);
}
/* ---- the batch forward (training) ---------------------------------------- */

static int32_t dense_forward_batch(const bc_model *m, bc_backend *backend, const float *xn,
                                   int64_t n, float *probs)
{
    /* Chunks bound the work memory to chunk x max_width floats per buffer. */
    const int64_t chunk = 8192;
    float *buf[2];
    buf[0] = malloc(sizeof(float) * (size_t)chunk * (size_t)m->max_width);
    buf[1] = malloc(sizeof(float) * (size_t)chunk * (size_t)m->max_width);
    if (!buf[0] || !buf[1]) {
        free(buf[0]);
        free(buf[1]);
        return bc_fail(BC_E_OUT_OF_MEMORY, "model forward: out of memory");
    }
    int32_t rc = BC_OK;
    for (int64_t r0 = 0; r0 < n && rc == BC_OK; r0 += chunk) {
        int32_t rows = (int32_t)(n - r0 < chunk ? n - r0 : chunk);
        const float *cur = xn + r0 * m->n_features;
        for (int32_t l = 0; l < m->n_layers && rc == BC_OK; l++) {
            const bc_model_layer *L = &m->layers[l];
            float *dst = (l == m->n_layers - 1) ? probs + r0 * m->n_classes : buf[l & 1];
            for (int32_t r = 0; r < rows; r++)
                memcpy(dst + (size_t)r * (size_t)L->out, L->bias, sizeof(float) * (size_t)L->out);
            rc = bc_backend_sgemm(backend, 0, 1, rows, L->out, L->in, 1.0f, cur,
                                  L->in, L->weight, L->in, 1.0f, dst, L->out);
            if (rc == BC_OK && L->activation != BC_ACT_IDENTITY)
                rc = backend->ops->activation(backend->state, L->activation, dst,
                                              dst, (int64_t)rows * L->out);
            cur = dst;
        }
        if (rc == BC_OK)
            rc = backend->ops->softmax_rows(backend->state, probs + r0 * m->n_classes,
                                            rows, m->n_classes);
    }
    free(buf[0]);
    free(buf[1]);
    return rc;
}

/* ---- the reference layer (exporters' oracle, online updates) ------------- */

void bc_dense_layer_ref(const float *weight, const float *bias, int32_t n_out, int32_t n_in,
                        int32_t activation, const double *in, double *out)
{
    for (int32_t o = 0; o < n_out; o++) {
        const float *w = weight + (size_t)o * (size_t)n_in;
        double s = bias[o];
        for (int32_t i = 0; i < n_in; i++)
            s += (double)w[i] * in[i];
        out[o] = activate(activation, s);
    }
}

/* ---- validation, payload, export view ------------------------------------ */

static int32_t dense_validate(const bc_model *m)
{
    if (m->n_layers < 1 || (m->kind == BC_MODEL_LOGISTIC && m->n_layers != 1))
        return bc_fail(BC_E_CORRUPT, "%s model with %d layers",
                       bc_model_kind_name(m->kind), (int)m->n_layers);
    int32_t in = m->n_features;
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        int last = l == m->n_layers - 1;
        if (L->in != in || (last && L->out != m->n_classes))
            return bc_fail(BC_E_CORRUPT, "layer %d shape %dx%d does not chain", (int)l,
                           (int)L->out, (int)L->in);
        if (last ? L->activation != BC_ACT_IDENTITY
                 : (L->activation != BC_ACT_RELU && L->activation != BC_ACT_TANH))
            return bc_fail(BC_E_CORRUPT, "layer %d activation %d is invalid", (int)l,
                           (int)L->activation);
        for (int64_t i = 0; i < (int64_t)L->in * L->out; i++)
            if (!isfinite(L->weight[i]))
                return bc_fail(BC_E_CORRUPT, "layer %d weight %lld is not finite", (int)l,
                               (long long)i);
        for (int32_t i = 0; i < L->out; i++)
            if (!isfinite(L->bias[i]))
                return bc_fail(BC_E_CORRUPT, "layer %d bias %d is not finite", (int)l, (int)i);
        in = L->out;
    }
    return BC_OK;
}

/* bc_model_create allocated dst's layers with src's shapes. */
static int32_t dense_clone(const bc_model *src, bc_model *dst)
{
    for (int32_t l = 0; l < src->n_layers; l++) {
        const bc_model_layer *L = &src->layers[l];
        dst->layers[l].activation = L->activation;
        memcpy(dst->layers[l].weight, L->weight, sizeof(float) * (size_t)L->in * (size_t)L->out);
        memcpy(dst->layers[l].bias, L->bias, sizeof(float) * (size_t)L->out);
    }
    return BC_OK;
}

static void dense_free(bc_model *m)
{
    for (int32_t l = 0; l < m->n_layers; l++) {
        free(m->layers[l].weight);
        free(m->layers[l].bias);
    }
}

static int32_t dense_export_ir(const bc_model *m, bc_export_ir *ir)
{
    if (m->n_layers > BC_EXPORT_MAX_LAYERS)
        return bc_fail(BC_E_UNSUPPORTED, "export: %d layers, at most %d export",
                       (int)m->n_layers, BC_EXPORT_MAX_LAYERS);
    ir->n_layers = m->n_layers;
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        /* BC_EXPORT_ACT_* are the backend's BC_ACT_* values. */
        ir->layers[l] = (bc_export_layer){L->in, L->out, L->activation, L->weight, L->bias};
    }
    return BC_OK;
}

/* The IR's normalization, then its layers by bc_dense_layer_ref. */
static void dense_ir_logits(const bc_export_ir *ir, const double *x, double *scratch,
                            int32_t width, double **logits)
{
    double *h = scratch, *next = scratch + width;
    /* export_ir.h's order: a missing value becomes 0 and is then clipped
     * (the generated graphs' order; the same as bc_norm_value whenever the
     * clip range holds 0, as every trained model's does). */
    for (int32_t j = 0; j < ir->n_features; j++) {
        double z = (x[j] - ir->center[j]) / ir->scale[j];
        z = isfinite(z) ? z : 0.0;
        z = z < ir->clip_low[j] ? ir->clip_low[j] : z;
        h[j] = z > ir->clip_high[j] ? ir->clip_high[j] : z;
    }
    for (int32_t l = 0; l < ir->n_layers; l++) {
        const bc_export_layer *L = &ir->layers[l];
        bc_dense_layer_ref(L->weight, L->bias, L->n_out, L->n_in, L->activation, h, next);
        double *t = h;
        h = next;
        next = t;
    }
    *logits = h;
}

/* ---- the .bcm sections ----------------------------------------------------- */

/* The dense kinds' layer table: checks the shapes against the payload
 * size before allocating, then creates the model. */
static int32_t read_layers_shape(const bc_bcm_reader *rr, int64_t F, int64_t C, int64_t n_layers,
                                 int64_t kind, int32_t *shapes_out, bc_model **out)
{
    const uint8_t *p;
    uint64_t sz;
    if (F < 1 || F > (1 << 24) || C < 2 || C > 65536 || n_layers < 1 ||
        n_layers > BC_MODEL_MAX_LAYERS)
        return bc_fail(BC_E_CORRUPT, "%s: %lld features, %lld classes, %lld layers is not a model",
                       bc_bcm_reader_name(rr), (long long)F, (long long)C, (long long)n_layers);
    uint64_t want_l[2] = {(uint64_t)n_layers, 3};
    int32_t rc = bc_bcm_find(rr, "layers.i32", BC_BCM_I32, 2, want_l, &p, &sz);
    if (rc != BC_OK)
        return bc_bcm_require(rr, "layers.i32", rc);
    int32_t shapes[BC_MODEL_MAX_LAYERS * 3];
    memcpy(shapes, p, sz);
    /* Allocate nothing the payload could not fill: a crafted header must
     * not make the loader reserve gigabytes. */
    uint64_t need = 4 * 8 * (uint64_t)F;
    for (int64_t l = 0; l < n_layers; l++) {
        if (shapes[3 * l] < 1 || shapes[3 * l + 1] < 1)
            return bc_fail(BC_E_CORRUPT, "%s: layer %d has shape %dx%d", bc_bcm_reader_name(rr), (int)l,
                           (int)shapes[3 * l + 1], (int)shapes[3 * l]);
        need += 4 * ((uint64_t)shapes[3 * l] * (uint64_t)shapes[3 * l + 1] +
                     (uint64_t)shapes[3 * l + 1]);
    }
    if (need > bc_bcm_reader_size(rr))
        return bc_fail(BC_E_CORRUPT, "%s: the model's tensors need %llu bytes, the payload has %llu",
                       bc_bcm_reader_name(rr), (unsigned long long)need, (unsigned long long)bc_bcm_reader_size(rr));
    int32_t hidden[BC_MODEL_MAX_LAYERS];
    for (int64_t l = 0; l + 1 < n_layers; l++)
        hidden[l] = shapes[3 * l + 1];
    int32_t act = n_layers > 1 ? shapes[2] : BC_ACT_RELU;
    bc_model *m = NULL;
    rc = bc_model_create((int32_t)kind, (int32_t)F, (int32_t)C, hidden,
                         (int32_t)n_layers - 1, act, &m);
    if (rc != BC_OK)
        return bc_fail_context(rc == BC_E_OUT_OF_MEMORY ? rc : BC_E_CORRUPT, "%s: ", bc_bcm_reader_name(rr));
    memcpy(shapes_out, shapes, sizeof shapes);
    *out = m;
    return BC_OK;
}

/* The dense kinds' tensors: the layer table, then every layer's weight
 * and bias, each checked for the shape the table gives it. */
static int32_t dense_load_sections(const bc_bcm_reader *rr, int64_t F, int64_t C,
                                   int64_t n_layers, int32_t kind, bc_model **out)
{
    int32_t shapes[BC_MODEL_MAX_LAYERS * 3];
    bc_model *m = NULL;
    int32_t rc = read_layers_shape(rr, F, C, n_layers, kind, shapes, &m);
    if (rc != BC_OK)
        return rc;
    const uint8_t *p;
    uint64_t sz;
    for (int32_t l = 0; l < m->n_layers && rc == BC_OK; l++) {
        bc_model_layer *L = &m->layers[l];
        L->activation = shapes[3 * l + 2];
        if (shapes[3 * l] != L->in || shapes[3 * l + 1] != L->out) {
            rc = bc_fail(BC_E_CORRUPT, "%s: layer %d is %dx%d, expected %dx%d",
                         bc_bcm_reader_name(rr), (int)l, (int)shapes[3 * l + 1],
                         (int)shapes[3 * l], (int)L->out, (int)L->in);
            break;
        }
        char name[BC_BCM_NAME_SIZE];
        uint64_t wd[2] = {(uint64_t)L->out, (uint64_t)L->in}, bd[1] = {(uint64_t)L->out};
        snprintf(name, sizeof name, "layer%d.weight", (int)l);
        rc = bc_bcm_require(rr, name, bc_bcm_find(rr, name, BC_BCM_F32, 2, wd, &p, &sz));
        if (rc == BC_OK)
            memcpy(L->weight, p, sz);
        snprintf(name, sizeof name, "layer%d.bias", (int)l);
        if (rc == BC_OK)
            rc = bc_bcm_require(rr, name, bc_bcm_find(rr, name, BC_BCM_F32, 1, bd, &p, &sz));
        if (rc == BC_OK)
            memcpy(L->bias, p, sz);
    }
    if (rc != BC_OK) {
        bc_model_free(m);
        return rc;
    }
    *out = m;
    return BC_OK;
}

/* The layer table ("layers.i32": in, out, activation per layer), then
 * "layer<l>.weight" [out x in] and "layer<l>.bias" [out]. */
static void dense_save_sections(const bc_model *m, bc_bcm_writer *w)
{
    int32_t *shapes = bc_bcm_ints(w, 3 * m->n_layers);
    for (int32_t l = 0; l < m->n_layers; l++) {
        shapes[3 * l] = m->layers[l].in;
        shapes[3 * l + 1] = m->layers[l].out;
        shapes[3 * l + 2] = m->layers[l].activation;
    }
    if (m->n_layers > 0)
        bc_bcm_add(w, "layers.i32", BC_BCM_I32, 2, (uint64_t)m->n_layers, 3, shapes);
    for (int32_t l = 0; l < m->n_layers; l++) {
        char name[BC_BCM_NAME_SIZE];
        snprintf(name, sizeof name, "layer%d.weight", (int)l);
        bc_bcm_add(w, name, BC_BCM_F32, 2, (uint64_t)m->layers[l].out, (uint64_t)m->layers[l].in,
                   m->layers[l].weight);
        snprintf(name, sizeof name, "layer%d.bias", (int)l);
        bc_bcm_add(w, name, BC_BCM_F32, 1, (uint64_t)m->layers[l].out, 0, m->layers[l].bias);
    }
}


/* ---- model.json ----------------------------------------------------------- */

#ifdef BC_HAVE_JANSSON
/* A two-class logistic model as one coefficient row (class 1 minus class
 * 0) and intercept; more classes as their rows. */
static int32_t logistic_json_body(const bc_model *m, json_t *root)
{
    int32_t F = m->n_features, C = m->n_classes;
    const bc_model_layer *out = &m->layers[m->n_layers - 1];
    if (C == 2) {
        double *diff = malloc(sizeof(double) * (size_t)F);
        if (!diff)
            return bc_fail(BC_E_OUT_OF_MEMORY, "model.json: out of memory");
        for (int32_t j = 0; j < F; j++)
            diff[j] = (double)out->weight[F + j] - (double)out->weight[j];
        json_object_set_new(root, "coefficients", bc_model_json_doubles(diff, F));
        json_object_set_new(root, "intercept",
                            json_real((double)out->bias[1] - (double)out->bias[0]));
        free(diff);
    } else {
        json_t *rows = json_array();
        for (int32_t c = 0; c < C; c++)
            json_array_append_new(rows, bc_model_json_floats(out->weight + (size_t)c * F, F));
        json_object_set_new(root, "coefficients", rows);
        json_object_set_new(root, "intercept", bc_model_json_floats(out->bias, C));
    }
    return BC_OK;
}

static const char *activation_name(int32_t act)
{
    return act == BC_ACT_RELU ? "relu" : act == BC_ACT_TANH ? "tanh" : "identity";
}

static int32_t mlp_json_body(const bc_model *m, json_t *root)
{
    json_t *layers = json_array();
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        json_t *rows = json_array();
        for (int32_t o = 0; o < L->out; o++)
            json_array_append_new(rows,
                                  bc_model_json_floats(L->weight + (size_t)o * L->in, L->in));
        json_array_append_new(layers,
                              json_pack("{s:o, s:o, s:s}", "weights", rows, "bias",
                                        bc_model_json_floats(L->bias, L->out), "activation",
                                        activation_name(L->activation)));
    }
    json_object_set_new(root, "mlp_layers", layers);
    return BC_OK;
}
#endif

#define BC_DENSE_KIND(k, n, json)                                                                    \
    {                                                                                          \
        .kind = (k), .name = (n), .has_layers = 1, .validate = dense_validate,                 \
        .clone = dense_clone, .free_payload = dense_free, .forward_row = dense_forward_row,    \
        .forward_row_f32 = dense_forward_row_f32, .forward_row_fast = dense_forward_row_fast,  \
        .forward_batch = dense_forward_batch, .save_sections = dense_save_sections,            \
        .load_sections = dense_load_sections, .json_body = BC_KIND_JSON(json),                 \
        .export_ir = dense_export_ir,                                                          \
        .ir_logits = dense_ir_logits                                                           \
    }

const bc_model_kind_ops bc_model_kind_logistic = BC_DENSE_KIND(BC_MODEL_LOGISTIC, "logistic", logistic_json_body);
const bc_model_kind_ops bc_model_kind_mlp = BC_DENSE_KIND(BC_MODEL_MLP, "mlp", mlp_json_body);

/*
 * gru_ac.c - forward and backward through time of the GRU actor-critic
 * (gru_ac.h). Every numerical step is a backend op (GEMM, LayerNorm,
 * dropout, GRU recurrence, bias sums, copies), so the tape may live in a
 * device's memory; with no backend (the single step) the same ops run on
 * the host through the cpu backend's table. Allocates only in
 * rl_tape_create / rl_tape_create_on.
 */
#include "rl/gru_ac.h"

#include "backend/backend.h"
#include "backend/kernels_math.h"
#include "core/internal.h"
#include "core/rng.h"
#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Runs backend op `name` on be, or on the host through the cpu backend's
 * table when be is NULL (the single step); a failure becomes the thread's
 * error. Evaluates to the status. */
#define OP(be, name, ...)                                                                   \
    ((be) ? op_status((be), (be)->ops->name((be)->state, __VA_ARGS__), #name)               \
          : op_status(NULL, bc_cpu_backend_ops()->name(NULL, __VA_ARGS__), #name))

static int32_t op_status(const bc_backend *be, int32_t rc, const char *what)
{
    return rc == BC_OK ? BC_OK : bc_backend_op_failed(be, rc, what);
}

void rl_net_layout(rl_net *net, int32_t obs, int32_t hidden, int32_t head, int32_t layers,
                   int32_t actions)
{
    memset(net, 0, sizeof *net);
    net->obs = obs;
    net->hidden = hidden;
    net->head = head;
    net->layers = layers;
    net->actions = actions;
    const int64_t D = obs, H = hidden, P = head, A = actions;
    int64_t o = 0;
#define TAKE(field, count) (net->field = o, o += (count))
    TAKE(enc_w1, H * D);
    TAKE(enc_b1, H);
    TAKE(enc_g1, H);
    TAKE(enc_be1, H);
    TAKE(enc_w2, H * H);
    TAKE(enc_b2, H);
    TAKE(enc_g2, H);
    TAKE(enc_be2, H);
    for (int32_t l = 0; l < layers; l++) {
        TAKE(gru_wih[l], 3 * H * H);
        TAKE(gru_whh[l], 3 * H * H);
        TAKE(gru_bih[l], 3 * H);
        TAKE(gru_bhh[l], 3 * H);
    }
    TAKE(pol_w1, P * H);
    TAKE(pol_b1, P);
    TAKE(pol_g, P);
    TAKE(pol_be, P);
    TAKE(pol_w2, A * P);
    TAKE(pol_b2, A);
    net->n_actor = o;
    TAKE(val_w1, P * H);
    TAKE(val_b1, P);
    TAKE(val_g, P);
    TAKE(val_be, P);
    TAKE(val_w2, P);
    TAKE(val_b2, 1);
#undef TAKE
    net->n_params = o;
}

/* ---- initialisation ---------------------------------------------------- */

static void fill_uniform(float *x, int64_t n, float bound, uint64_t seed, uint64_t stream)
{
    for (int64_t i = 0; i < n; i += 4) {
        uint32_t r[4];
        bc_philox_block(seed, stream, (uint64_t)i / 4, r);
        for (int64_t l = 0; l < 4 && i + l < n; l++)
            x[i + l] = bound * (2.0f * bc_philox_to_unit_float(r[l]) - 1.0f);
    }
}

static void fill_const(float *x, int64_t n, float v)
{
    for (int64_t i = 0; i < n; i++)
        x[i] = v;
}

void rl_net_init(const rl_net *net, float *p, uint64_t seed)
{
    const int64_t D = net->obs, H = net->hidden, P = net->head, A = net->actions;
    uint64_t s = 0x524c0000u; /* "RL": streams apart from the env's */
    float bd = 1.0f / sqrtf((float)D), bh = 1.0f / sqrtf((float)H), bp = 1.0f / sqrtf((float)P);
    fill_uniform(p + net->enc_w1, H * D, bd, seed, s++);
    fill_uniform(p + net->enc_b1, H, bd, seed, s++);
    fill_const(p + net->enc_g1, H, 1.0f);
    fill_const(p + net->enc_be1, H, 0.0f);
    fill_uniform(p + net->enc_w2, H * H, bh, seed, s++);
    fill_uniform(p + net->enc_b2, H, bh, seed, s++);
    fill_const(p + net->enc_g2, H, 1.0f);
    fill_const(p + net->enc_be2, H, 0.0f);
    for (int32_t l = 0; l < net->layers; l++) {
        fill_uniform(p + net->gru_wih[l], 3 * H * H, bh, seed, s++);
        fill_uniform(p + net->gru_whh[l], 3 * H * H, bh, seed, s++);
        fill_uniform(p + net->gru_bih[l], 3 * H, bh, seed, s++);
        fill_uniform(p + net->gru_bhh[l], 3 * H, bh, seed, s++);
    }
    fill_uniform(p + net->pol_w1, P * H, bh, seed, s++);
    fill_uniform(p + net->pol_b1, P, bh, seed, s++);
    fill_const(p + net->pol_g, P, 1.0f);
    fill_const(p + net->pol_be, P, 0.0f);
    fill_uniform(p + net->pol_w2, A * P, 0.01f * bp, seed, s++);
    fill_const(p + net->pol_b2, A, 0.0f);
    fill_uniform(p + net->val_w1, P * H, bh, seed, s++);
    fill_uniform(p + net->val_b1, P, bh, seed, s++);
    fill_const(p + net->val_g, P, 1.0f);
    fill_const(p + net->val_be, P, 0.0f);
    fill_uniform(p + net->val_w2, P, bp, seed, s++);
    fill_const(p + net->val_b2, 1, 0.0f);
}

/* ---- tape ------------------------------------------------------------------ */

/* Every buffer of a tape with its length in floats; the same list sizes,
 * allocates and frees. */
static int32_t tape_buffers(const rl_net *net, rl_tape *t, int64_t R, int64_t B, float ***ptr,
                            int64_t *len)
{
    const int64_t H = net->hidden, P = net->head, A = net->actions;
    int32_t n = 0;
#define BUF(field, count) (ptr[n] = &t->field, len[n] = (count), n++)
    BUF(a1, R * H);
    BUF(xh1, R * H);
    BUF(rs1, R);
    BUF(e1, R * H);
    BUF(a2, R * H);
    BUF(xh2, R * H);
    BUF(rs2, R);
    BUF(e2, R * H);
    BUF(mask_e, R * H);
    BUF(x0, R * H);
    for (int32_t l = 0; l < net->layers; l++) {
        BUF(gx[l], R * 3 * H);
        BUF(r[l], R * H);
        BUF(z[l], R * H);
        BUF(n[l], R * H);
        BUF(hnl[l], R * H);
        BUF(hp[l], R * H);
        BUF(out[l], R * H);
        if (l + 1 < net->layers) {
            BUF(mask_l[l], R * H);
            BUF(xin[l + 1], R * H);
        }
    }
    BUF(pa, R * P);
    BUF(pxh, R * P);
    BUF(prs, R);
    BUF(pe, R * P);
    BUF(logits, R * A);
    BUF(va, R * P);
    BUF(vxh, R * P);
    BUF(vrs, R);
    BUF(ve, R * P);
    BUF(values, R);
    BUF(d_pe, R * P);
    BUF(d_ve, R * P);
    BUF(d_top, R * H);
    BUF(d_h, R * H);
    BUF(d_x, R * H);
    BUF(g_i, R * 3 * H);
    BUF(g_h, R * 3 * H);
    BUF(d_carry, B * H);
    BUF(d_hp, B * H);
    BUF(gh, B * 3 * H);
    BUF(d_e, R * H);
#undef BUF
    return n;
}

int64_t rl_tape_bytes(const rl_net *net, int64_t rows, int32_t batch)
{
    rl_tape t;
    float **ptr[96];
    int64_t len[96], total = 0;
    int32_t n = tape_buffers(net, &t, rows, batch, ptr, len);
    for (int32_t i = 0; i < n; i++)
        total += len[i] * (int64_t)sizeof(float);
    return total + (int64_t)sizeof t;
}

void rl_tape_free(rl_tape *t)
{
    if (!t)
        return;
    if (t->be) {
        t->be->ops->release(t->be->state, t->a1); /* one block: a1 is its start */
        free(t);
        return;
    }
#ifdef _WIN32
    _aligned_free(t->a1); /* one block: a1 is its start */
#else
    free(t->a1); /* one block: a1 is its start */
#endif
    free(t);
}

/* Places every buffer of a tape for rows x batch in block (NULL: only
 * counts), each piece 64-byte aligned; returns the floats it needs. */
static int64_t tape_place(const rl_net *net, rl_tape *t, int64_t rows, int32_t batch,
                          float *block)
{
    float **ptr[96];
    int64_t len[96], total = 0;
    int32_t n = tape_buffers(net, t, rows, batch, ptr, len);
    for (int32_t i = 0; i < n; i++) {
        if (block)
            *ptr[i] = block + total;
        total += (len[i] + 15) & ~(int64_t)15;
    }
    t->capacity_rows = rows;
    t->capacity_batch = batch;
    return total;
}

rl_tape *rl_tape_create_on(bc_backend *be, const rl_net *net, int64_t rows, int32_t batch)
{
    if (!be)
        return rl_tape_create(net, rows, batch);
    rl_tape *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    int64_t total = tape_place(net, t, rows, batch, NULL);
    const size_t bytes = (size_t)total * sizeof(float);
    float *block = be->ops->alloc(be->state, bytes);
    if (!block || be->ops->fill(be->state, block, 0, bytes) != BC_OK) {
        if (block)
            be->ops->release(be->state, block);
        free(t);
        return NULL;
    }
    tape_place(net, t, rows, batch, block);
    t->be = be;
    return t;
}

rl_tape *rl_tape_create(const rl_net *net, int64_t rows, int32_t batch)
{
    rl_tape *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    int64_t total = tape_place(net, t, rows, batch, NULL);
#ifdef _WIN32 /* the Windows DLL (MSVCRT has no C11 aligned_alloc) */
    float *block = _aligned_malloc((size_t)total * sizeof(float), 64);
#else
    float *block = aligned_alloc(64, (size_t)total * sizeof(float));
#endif
    if (!block) {
        free(t);
        return NULL;
    }
    memset(block, 0, (size_t)total * sizeof(float));
    tape_place(net, t, rows, batch, block);
    return t;
}

/* ---- kernels ---------------------------------------------------------------- */

/* Y[N x out] = X[N x in] W^T + b. be NULL (the single step): each row
 * through the fixed-order dot products of bc_dense_rows_f32, the same bits
 * on every machine (Linux library, Windows DLL) instead of the backend's
 * GEMM order. */
static int32_t linear_forward(bc_backend *be, const float *x, int64_t N, int32_t in,
                              const float *w, const float *b, int32_t out, float *y)
{
    if (!be) {
        for (int64_t i = 0; i < N; i++)
            bc_dense_rows_f32(w, b, out, in, x + i * in, y + i * out);
        return BC_OK;
    }
    int32_t rc = OP(be, bias_rows, N, out, b, y);
    if (rc != BC_OK)
        return rc;
    return bc_backend_sgemm(be, 0, 1, (int32_t)N, out, in, 1.0f, x, in, w, in, 1.0f, y, out);
}

/* dW += dY^T X, db += column sums of dY, dX = dY W (+ dX when accumulate);
 * dx NULL skips the input gradient. */
static int32_t linear_backward(bc_backend *be, const float *x, int64_t N, int32_t in,
                               const float *w, const float *dy, int32_t out, float *dw,
                               float *db, float *dx, int accumulate)
{
    int32_t rc = bc_backend_sgemm(be, 1, 0, out, in, (int32_t)N, 1.0f, dy, out, x, in, 1.0f, dw,
                                  in);
    if (rc == BC_OK)
        rc = OP(be, column_sums_add, N, out, dy, db);
    if (rc != BC_OK)
        return rc;
    if (!dx)
        return BC_OK;
    return bc_backend_sgemm(be, 0, 0, (int32_t)N, in, out, 1.0f, dy, out, w, in,
                            accumulate ? 1.0f : 0.0f, dx, in);
}

/* ReLU + LayerNorm and their backward, dropout: the backend's ops over
 * kernels_math.h's rows (bc_math_relu_layernorm_row and friends). */
static int32_t relu_layernorm_forward(bc_backend *be, float *a, int64_t N, int32_t dim,
                                      const float *g, const float *beta, float *xh, float *rs,
                                      float *y)
{
    return OP(be, relu_layernorm_forward, N, dim, RL_LAYERNORM_EPS, a, g, beta, xh, rs, y);
}

static int32_t relu_layernorm_backward(bc_backend *be, float *dy, int64_t N, int32_t dim,
                                       const float *g, const float *xh, const float *rs,
                                       const float *a, float *dg, float *dbeta)
{
    return OP(be, relu_layernorm_backward, N, dim, dy, g, xh, rs, a, dg, dbeta);
}

/* The GRU cell's gate math (sigmoid, tanh through expf: glibc's tanhf
 * cost 15% of a PPO update) is lib/backend/kernels_math.h's, run by the
 * backend's gru_forward/gru_backward: the CUDA plugin compiles the same. */

/* One GRU layer over T steps (PyTorch's equations, gates r, z, n):
 *   r = s(W_ir x + b_ir + W_hr h + b_hr), z = s(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) n + z h
 * The input projection for all steps at once, then the backend's
 * recurrence (the one the CUDA plugin runs too). */
static int32_t gru_layer_forward(bc_backend *be, const rl_net *net, const float *p,
                                 rl_tape *t, int32_t l, const float *x, const uint8_t *starts,
                                 const float *h0)
{
    const int32_t H = net->hidden, T = t->T, B = t->B;
    const int64_t R = (int64_t)T * B;
    int32_t rc = linear_forward(be, x, R, H, p + net->gru_wih[l], p + net->gru_bih[l], 3 * H,
                                t->gx[l]);
    if (rc != BC_OK)
        return rc;
    if (be)
        return OP(be, gru_forward, T, B, H, t->gx[l], p + net->gru_whh[l], p + net->gru_bhh[l],
                  starts, h0, t->out[l], t->hp[l], t->r[l], t->z[l], t->n[l], t->hnl[l], t->gh);
    /* No backend (the single step): the same recurrence with the
     * fixed-order products of linear_forward, the same bits in the Linux
     * library and the Windows DLL. */
    for (int32_t s = 0; s < T; s++) {
        float *hp = t->hp[l] + (int64_t)s * B * H;
        const float *prev = s == 0 ? h0 : t->out[l] + (int64_t)(s - 1) * B * H;
        for (int32_t b = 0; b < B; b++) {
            const int reset = starts[(int64_t)s * B + b] || !prev;
            for (int32_t j = 0; j < H; j++)
                hp[(int64_t)b * H + j] = reset ? 0.0f : prev[(int64_t)b * H + j];
        }
        rc = linear_forward(NULL, hp, B, H, p + net->gru_whh[l], p + net->gru_bhh[l], 3 * H, t->gh);
        if (rc != BC_OK)
            return rc;
        for (int32_t b = 0; b < B; b++) {
            const int64_t row = (int64_t)s * B + b;
            const float *gx = t->gx[l] + row * 3 * H, *gh = t->gh + (int64_t)b * 3 * H;
            const float *hpr = hp + (int64_t)b * H;
            float *r = t->r[l] + row * H, *z = t->z[l] + row * H, *n = t->n[l] + row * H;
            float *hnl = t->hnl[l] + row * H, *h = t->out[l] + row * H;
            for (int32_t j = 0; j < H; j++) {
                hnl[j] = gh[2 * H + j];
                h[j] = bc_math_gru_forward(gx[j], gx[H + j], gx[2 * H + j], gh[j], gh[H + j],
                                           gh[2 * H + j], hpr[j], &r[j], &z[j], &n[j]);
            }
        }
    }
    return BC_OK;
}

int32_t rl_net_forward(bc_backend *be, const rl_net *net, const float *p, rl_tape *t,
                       const float *obs, const uint8_t *starts, const float *h0, int32_t T,
                       int32_t B, float *h_last, float dropout, uint64_t seed, uint64_t stream,
                       int with_policy)
{
    const int32_t D = net->obs, H = net->hidden, P = net->head, A = net->actions;
    const int64_t R = (int64_t)T * B;
    if (R > t->capacity_rows || B > t->capacity_batch)
        return bc_fail(BC_E_INTERNAL, "rl forward: %d x %d rows exceed the tape's %lld",
                       (int)T, (int)B, (long long)t->capacity_rows);
    t->T = T;
    t->B = B;
    t->dropout = dropout;
    t->train = dropout > 0.0f;
    int32_t rc = linear_forward(be, obs, R, D, p + net->enc_w1, p + net->enc_b1, H, t->a1);
    if (rc != BC_OK)
        return rc;
    rc = relu_layernorm_forward(be, t->a1, R, H, p + net->enc_g1, p + net->enc_be1, t->xh1, t->rs1,
                                t->e1);
    if (rc == BC_OK)
        rc = linear_forward(be, t->e1, R, H, p + net->enc_w2, p + net->enc_b2, H, t->a2);
    if (rc == BC_OK)
        rc = relu_layernorm_forward(be, t->a2, R, H, p + net->enc_g2, p + net->enc_be2, t->xh2,
                                    t->rs2, t->e2);
    if (rc == BC_OK)
        rc = t->train ? OP(be, dropout_forward, R * H, dropout, seed, stream, t->e2, t->mask_e,
                           t->x0)
                      : OP(be, copy, t->x0, t->e2, (size_t)(R * H) * sizeof(float));
    if (rc != BC_OK)
        return rc;
    for (int32_t l = 0; l < net->layers; l++) {
        const float *x = l == 0 ? t->x0 : t->xin[l];
        rc = gru_layer_forward(be, net, p, t, l, x, starts,
                               h0 ? h0 + (int64_t)l * B * H : NULL);
        if (rc != BC_OK)
            return rc;
        if (h_last)
            rc = OP(be, copy, h_last + (int64_t)l * B * H, t->out[l] + (R - B) * H,
                    (size_t)B * H * sizeof(float));
        if (rc == BC_OK && l + 1 < net->layers)
            rc = t->train ? OP(be, dropout_forward, R * H, dropout, seed, stream + 1 + (uint64_t)l,
                               t->out[l], t->mask_l[l], t->xin[l + 1])
                          : OP(be, copy, t->xin[l + 1], t->out[l], (size_t)(R * H) * sizeof(float));
        if (rc != BC_OK)
            return rc;
    }
    const float *top = t->out[net->layers - 1];
    if (with_policy) {
        rc = linear_forward(be, top, R, H, p + net->pol_w1, p + net->pol_b1, P, t->pa);
        if (rc != BC_OK)
            return rc;
        rc = relu_layernorm_forward(be, t->pa, R, P, p + net->pol_g, p + net->pol_be, t->pxh,
                                    t->prs, t->pe);
        if (rc == BC_OK)
            rc = linear_forward(be, t->pe, R, P, p + net->pol_w2, p + net->pol_b2, A, t->logits);
        if (rc != BC_OK)
            return rc;
    }
    return rl_value_head_forward(be, net, p, t, top, R);
}

/* Backward of one GRU layer: d_h holds d(loss)/d(out[l]); leaves
 * d(loss)/d(input of layer l) in t->d_x. */
static int32_t gru_layer_backward(bc_backend *be, const rl_net *net, const float *p, rl_tape *t,
                                  int32_t l, const float *x, const uint8_t *starts, float *g)
{
    const int32_t H = net->hidden, T = t->T, B = t->B;
    const int64_t R = (int64_t)T * B;
    const float *whh = p + net->gru_whh[l];
    int32_t rc = OP(be, gru_backward, T, B, H, whh, starts, t->hp[l], t->r[l], t->z[l], t->n[l],
                    t->hnl[l], t->d_h, t->g_i, t->g_h, t->d_carry, t->d_hp);
    if (rc != BC_OK)
        return rc;
    rc = bc_backend_sgemm(be, 1, 0, 3 * H, H, (int32_t)R, 1.0f, t->g_h, 3 * H, t->hp[l], H, 1.0f,
                          g + net->gru_whh[l], H);
    if (rc != BC_OK)
        return rc;
    rc = OP(be, column_sums_add, R, 3 * H, t->g_h, g + net->gru_bhh[l]);
    if (rc != BC_OK)
        return rc;
    return linear_backward(be, x, R, H, p + net->gru_wih[l], t->g_i, 3 * H, g + net->gru_wih[l],
                           g + net->gru_bih[l], t->d_x, 0);
}

int32_t rl_value_head_forward(bc_backend *be, const rl_net *net, const float *p, rl_tape *t,
                              const float *top, int64_t rows)
{
    const int32_t H = net->hidden, P = net->head;
    if (rows > t->capacity_rows)
        return bc_fail(BC_E_INTERNAL, "rl value head: %lld rows exceed the tape's %lld",
                       (long long)rows, (long long)t->capacity_rows);
    int32_t rc = linear_forward(be, top, rows, H, p + net->val_w1, p + net->val_b1, P, t->va);
    if (rc != BC_OK)
        return rc;
    rc = relu_layernorm_forward(be, t->va, rows, P, p + net->val_g, p + net->val_be, t->vxh, t->vrs,
                                t->ve);
    if (rc != BC_OK)
        return rc;
    return linear_forward(be, t->ve, rows, P, p + net->val_w2, p + net->val_b2, 1, t->values);
}

int32_t rl_value_head_backward(bc_backend *be, const rl_net *net, const float *p, rl_tape *t,
                               const float *top, int64_t rows, const float *d_values, float *g,
                               float *d_top)
{
    const int32_t H = net->hidden, P = net->head;
    int32_t rc = linear_backward(be, t->ve, rows, P, p + net->val_w2, d_values, 1, g + net->val_w2,
                                 g + net->val_b2, t->d_ve, 0);
    if (rc != BC_OK)
        return rc;
    rc = relu_layernorm_backward(be, t->d_ve, rows, P, p + net->val_g, t->vxh, t->vrs, t->va,
                                 g + net->val_g, g + net->val_be);
    if (rc != BC_OK)
        return rc;
    return linear_backward(be, top, rows, H, p + net->val_w1, t->d_ve, P, g + net->val_w1,
                           g + net->val_b1, d_top, 1);
}

int32_t rl_net_backward(bc_backend *be, const rl_net *net, const float *p, rl_tape *t,
                        const float *obs, const uint8_t *starts, const float *h0,
                        const float *d_logits, const float *d_values, float *g, int value_only)
{
    (void)h0;
    const int32_t D = net->obs, H = net->hidden, P = net->head, A = net->actions;
    const int64_t R = (int64_t)t->T * t->B;
    const float *top = t->out[net->layers - 1];
    int32_t rc;
    rc = OP(be, fill, t->d_top, 0, (size_t)(R * H) * sizeof(float));
    if (rc != BC_OK)
        return rc;
    if (d_logits && !value_only) {
        rc = linear_backward(be, t->pe, R, P, p + net->pol_w2, d_logits, A, g + net->pol_w2,
                             g + net->pol_b2, t->d_pe, 0);
        if (rc == BC_OK)
            rc = relu_layernorm_backward(be, t->d_pe, R, P, p + net->pol_g, t->pxh, t->prs, t->pa,
                                         g + net->pol_g, g + net->pol_be);
        if (rc == BC_OK)
            rc = linear_backward(be, top, R, H, p + net->pol_w1, t->d_pe, P, g + net->pol_w1,
                             g + net->pol_b1, t->d_top, 1);
        if (rc != BC_OK)
            return rc;
    }
    if (d_values) {
        rc = rl_value_head_backward(be, net, p, t, top, R, d_values, g,
                                    value_only ? NULL : t->d_top);
        if (rc != BC_OK)
            return rc;
    }
    if (value_only)
        return BC_OK;
    rc = OP(be, copy, t->d_h, t->d_top, (size_t)(R * H) * sizeof(float));
    if (rc != BC_OK)
        return rc;
    for (int32_t l = net->layers - 1; l >= 0; l--) {
        const float *x = l == 0 ? t->x0 : t->xin[l];
        rc = gru_layer_backward(be, net, p, t, l, x, starts, g);
        if (rc != BC_OK)
            return rc;
        const float *mask = l == 0 ? t->mask_e : t->mask_l[l - 1];
        float *dst = l == 0 ? t->d_e : t->d_h;
        rc = t->train ? OP(be, multiply, R * H, t->d_x, mask, dst)
                      : OP(be, copy, dst, t->d_x, (size_t)(R * H) * sizeof(float));
        if (rc != BC_OK)
            return rc;
    }
    rc = relu_layernorm_backward(be, t->d_e, R, H, p + net->enc_g2, t->xh2, t->rs2, t->a2,
                                 g + net->enc_g2, g + net->enc_be2);
    if (rc == BC_OK)
        rc = linear_backward(be, t->e1, R, H, p + net->enc_w2, t->d_e, H, g + net->enc_w2,
                             g + net->enc_b2, t->d_x, 0);
    if (rc == BC_OK)
        rc = relu_layernorm_backward(be, t->d_x, R, H, p + net->enc_g1, t->xh1, t->rs1, t->a1,
                                     g + net->enc_g1, g + net->enc_be1);
    if (rc != BC_OK)
        return rc;
    return linear_backward(be, obs, R, D, p + net->enc_w1, t->d_x, H, g + net->enc_w1,
                           g + net->enc_b1, NULL, 0);
}

/* ---- the single step ---------------------------------------------------- */

/* Scratch of a step: a one-row tape (its 64-byte aligned pieces), then the
 * next state [layers x hidden]. */
int64_t rl_step_scratch_floats(const rl_net *net)
{
    rl_tape t;
    return tape_place(net, &t, 1, 1, NULL) + (int64_t)net->layers * net->hidden + 16;
}

int32_t rl_net_step(const rl_net *net, const float *p, float *scratch, const float *obs,
                    int start, float *h, float *logits, float *value)
{
    /* the tape's pieces are 64-byte aligned relative to its start */
    float *block = (float *)(((uintptr_t)scratch + 63) & ~(uintptr_t)63);
    rl_tape t;
    memset(&t, 0, sizeof t);
    int64_t used = tape_place(net, &t, 1, 1, block);
    float *h_next = block + used;
    uint8_t starts = start ? 1 : 0;
    int32_t rc = rl_net_forward(NULL, net, p, &t, obs, &starts, h, 1, 1, h_next, 0.0f, 0, 0, 1);
    if (rc != BC_OK)
        return rc;
    memcpy(h, h_next, (size_t)net->layers * (size_t)net->hidden * sizeof(float));
    if (logits)
        memcpy(logits, t.logits, (size_t)net->actions * sizeof(float));
    if (value)
        *value = t.values[0];
    return BC_OK;
}

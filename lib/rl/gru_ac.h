/*
 * gru_ac.h - the GRU actor-critic of the PPO seed: encoder (Linear + ReLU +
 * LayerNorm, twice, then dropout), a stack of GRU layers (PyTorch's gate
 * layout and biases, dropout between layers), a policy head and a value
 * head (Linear + ReLU + LayerNorm + Linear each). Parameters live in one
 * flat float buffer, actor part (encoder, GRU, policy head) first and the
 * critic part (value head) after it, so each optimizer owns one range.
 * Forward and backward through time over a [T x B] block of sequences;
 * every step is a backend op (sgemm, LayerNorm, dropout, the GRU
 * recurrence, bias sums), so tape, parameters and gradients may live in a
 * device's memory (rl_tape_create_on). Never allocates outside
 * rl_tape_create / rl_tape_create_on.
 */
#ifndef BC_RL_GRU_AC_H
#define BC_RL_GRU_AC_H

#include "botcopier.h"

#include <stdint.h>

#define RL_MAX_GRU_LAYERS 3
#define RL_LAYERNORM_EPS 1e-5f

/* Offsets of every tensor in the flat buffer (PyTorch's shapes: a Linear's
 * weight is [out x in], row-major). */
typedef struct rl_net {
    int32_t obs, hidden, head, layers, actions;
    int64_t n_params, n_actor; /* critic = [n_actor, n_params) */
    int64_t enc_w1, enc_b1, enc_g1, enc_be1, enc_w2, enc_b2, enc_g2, enc_be2;
    int64_t gru_wih[RL_MAX_GRU_LAYERS], gru_whh[RL_MAX_GRU_LAYERS];
    int64_t gru_bih[RL_MAX_GRU_LAYERS], gru_bhh[RL_MAX_GRU_LAYERS];
    int64_t pol_w1, pol_b1, pol_g, pol_be, pol_w2, pol_b2;
    int64_t val_w1, val_b1, val_g, val_be, val_w2, val_b2;
} rl_net;

/* Lays the network out. obs >= 1, hidden >= 1, head >= 1, layers 1..3,
 * actions >= 2 (checked by the caller). */
void rl_net_layout(rl_net *net, int32_t obs, int32_t hidden, int32_t head, int32_t layers,
                   int32_t actions);

/* PyTorch's default initialisation drawn from Philox keyed by seed: Linear
 * and GRU weights and biases uniform in +-1/sqrt(fan_in) (GRU: 1/sqrt(hidden)),
 * LayerNorm gain 1 and bias 0; the policy's last layer scaled by 0.01 (near
 * uniform first policy, as CleanRL does). */
void rl_net_init(const rl_net *net, float *params, uint64_t seed);

/* Activations of one forward pass over rows = T * B (time-major: row t*B+b
 * is sequence b at step t), kept for the backward pass. */
typedef struct rl_tape {
    bc_backend *be;           /* whose memory the buffers are; NULL: the host's */
    int64_t capacity_rows;
    int32_t capacity_batch;
    int32_t T, B;
    float dropout;            /* probability used by the last train-mode forward */
    int train;                /* 1: dropout masks applied in the last forward */
    /* encoder */
    float *a1, *xh1, *rs1, *e1, *a2, *xh2, *rs2, *e2, *mask_e, *x0;
    /* GRU, per layer */
    float *gx[RL_MAX_GRU_LAYERS], *r[RL_MAX_GRU_LAYERS], *z[RL_MAX_GRU_LAYERS];
    float *n[RL_MAX_GRU_LAYERS], *hnl[RL_MAX_GRU_LAYERS], *hp[RL_MAX_GRU_LAYERS];
    float *out[RL_MAX_GRU_LAYERS], *mask_l[RL_MAX_GRU_LAYERS], *xin[RL_MAX_GRU_LAYERS];
    /* heads */
    float *pa, *pxh, *prs, *pe, *logits;
    float *va, *vxh, *vrs, *ve, *values;
    /* backward scratch */
    float *d_pe, *d_ve, *d_top, *d_h, *d_x, *g_i, *g_h, *d_carry, *d_hp, *gh, *d_e;
} rl_tape;

/* Allocates a tape for up to T*B = rows and B = batch sequences. Returns
 * NULL when out of memory. */
rl_tape *rl_tape_create(const rl_net *net, int64_t rows, int32_t batch);
/* The same in backend be's memory (zeroed; be NULL: rl_tape_create); the
 * tape keeps be, which must outlive it. */
rl_tape *rl_tape_create_on(bc_backend *be, const rl_net *net, int64_t rows, int32_t batch);
void rl_tape_free(rl_tape *tape);

/* Bytes rl_tape_create would take (for memory planning). */
int64_t rl_tape_bytes(const rl_net *net, int64_t rows, int32_t batch);

/* Forward over obs [T x B x obs] (time-major). starts[t*B+b] = 1 where step
 * t of sequence b begins an episode (the hidden state entering it is
 * zeroed). h0 [layers x B x hidden] is the state entering step 0 (NULL =
 * zeros); h_last, when not NULL, receives the state after step T-1.
 * dropout > 0 applies masks drawn from Philox keyed by (seed, stream)
 * (train mode; mask k uses stream + k, k < 4); 0 runs the network as in inference. be NULL
 * (rl_net_step) runs the whole pass on the host, the products in bc_dense_rows_f32's
 * fixed order: nothing in the forward may call the backend with a NULL be. with_policy = 0 skips
 * the policy head (the critic-only epochs). Results in tape->logits
 * [rows x actions] and tape->values [rows]. */
int32_t rl_net_forward(bc_backend *be, const rl_net *net, const float *params, rl_tape *tape,
                       const float *obs, const uint8_t *starts, const float *h0, int32_t T,
                       int32_t B, float *h_last, float dropout, uint64_t seed, uint64_t stream,
                       int with_policy);

/* Backward of the last forward: adds d(loss)/d(params) into grad given
 * d_logits [rows x actions] (may be NULL: no policy loss) and d_values
 * [rows]. value_only = 1 stops at the value head (the trunk is the
 * actor's, and the critic-only epochs move the value head alone). obs is
 * the forward's input. */
int32_t rl_net_backward(bc_backend *be, const rl_net *net, const float *params, rl_tape *tape,
                        const float *obs, const uint8_t *starts, const float *h0,
                        const float *d_logits, const float *d_values, float *grad,
                        int value_only);

/* The value head alone over rows of trunk features top [rows x hidden]
 * (the critic-only epochs): values into tape->values, and its backward
 * adding the head's gradient into g (d_top, when not NULL, accumulates
 * d(loss)/d(top)). */
int32_t rl_value_head_forward(bc_backend *be, const rl_net *net, const float *params,
                              rl_tape *tape, const float *top, int64_t rows);
int32_t rl_value_head_backward(bc_backend *be, const rl_net *net, const float *params,
                               rl_tape *tape, const float *top, int64_t rows,
                               const float *d_values, float *grad, float *d_top);

/* One inference step of one stream (no dropout), allocation-free: obs
 * [obs], h [layers x hidden] the state entering the step (zeroed first
 * when start is 1), replaced by the state after it; logits [actions] and
 * *value (either may be NULL). The products are bc_dense_rows_f32's fixed
 * order (rl_net_forward with a NULL backend), so a step gives the same
 * bits on every machine; the trainer's batched forward (the backend's GEMM)
 * agrees to float rounding. scratch holds rl_step_scratch_floats(net)
 * floats, owned by the caller, one per thread. */
int64_t rl_step_scratch_floats(const rl_net *net);
int32_t rl_net_step(const rl_net *net, const float *params, float *scratch, const float *obs,
                    int start, float *h, float *logits, float *value);

#endif /* BC_RL_GRU_AC_H */

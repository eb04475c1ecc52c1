/*
 * order_book.c - order-book features (DESIGN.md section 6) from the raw bid
 * volume b and ask volume a of the bar, T = b + a:
 *   book_bid_vol = b/T, book_ask_vol = a/T, book_imbalance = (b-a)/T,
 *   book_spread = book_ask_vol - book_bid_vol,
 *   bid_ask_ratio = book_bid_vol/(book_ask_vol + 1e-9),
 *   book_imbalance_roll = mean of the last 5 imbalances (of fewer while
 *   fewer exist), oldest first.
 * T <= 0 makes the five per-bar values 0 (and pushes imbalance 0). A bar
 * without a book (NaN volume, or none given) gives NaN for all six and does
 * not advance the roll.
 */
#include "feature_internal.h"

#define ROLL 5

typedef struct book_state {
    int32_t pos, filled;
    double ring[ROLL];
} book_state;

static inline void book_step(book_state *s, double b, double a, double out[6])
{
    if (isnan(b) || isnan(a)) {
        for (int j = 0; j < 6; j++)
            out[j] = NAN;
        return;
    }
    double t = b + a;
    double bid = 0.0, ask = 0.0, imb = 0.0, spread = 0.0, ratio = 0.0;
    if (t > 0.0) {
        bid = b / t;
        ask = a / t;
        imb = (b - a) / t;
        spread = ask - bid;
        ratio = bid / (ask + 1e-9);
    }
    s->ring[s->pos] = imb;
    if (++s->pos == ROLL)
        s->pos = 0;
    if (s->filled < ROLL)
        s->filled++;
    double sum = 0.0;
    int32_t j = s->filled < ROLL ? 0 : s->pos; /* oldest */
    for (int32_t m = 0; m < s->filled; m++) {
        sum += s->ring[j];
        if (++j == ROLL)
            j = 0;
    }
    out[0] = bid;
    out[1] = ask;
    out[2] = imb;
    out[3] = spread;
    out[4] = ratio;
    out[5] = sum / s->filled;
}

static int64_t book_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(book_state);
}

static void book_reset(bc_feature_node *node)
{
    book_state *s = node->state;
    s->pos = s->filled = 0;
}

BC_FEATURE_LOOP void book_loop(book_state *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const bc_feature_column *o = cols + node->slot;
    for (int64_t i = 0; i < n; i++) {
        double v[6];
        book_step(s, in->bid ? in->bid[i] : NAN, in->ask ? in->ask[i] : NAN, v);
        for (int j = 0; j < 6; j++)
            BC_FEATURE_PUT(o[j], i, v[j]);
    }
}

static BC_FEATURE_KERNEL void book_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    book_state *state = node->state;
    book_state *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        book_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    book_state local = *shared;
    book_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_book = {
    .name = "book", .args = "", .n_outputs = 6,
    .outputs = {"book_bid_vol", "book_ask_vol", "book_imbalance", "book_spread",
                "bid_ask_ratio", "book_imbalance_roll"},
    .needs = BC_FEATURE_IN_BOOK, .lookback = bc_feature_lookback_zero,
    .state_size = book_state_size, .reset = book_reset, .run = book_run,
};

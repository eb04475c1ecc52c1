/*
 * linebreak.c - linebreak(n) -> .trend .level: Steve Nison's line-break
 * chart of the closes (Beyond Candlesticks, 1994; n = 3 is his customary
 * three-line break). A line is (bottom, top) with a colour. The first line
 * is drawn on the first close that differs from the first close seen
 * (bottom = the lower, top = the higher of the two, white when the close is
 * above the first close, else black). In a white run a close above the last
 * line's top adds a white line (top of the last line, close); a close below
 * the lowest bottom of the last n lines (of those there are, when fewer)
 * turns it black: a black line (close, bottom of the last line). The mirror
 * in a black run: a close below the last line's bottom adds a black line
 * (close, bottom), a close above the highest top of the last n lines turns
 * it white: a white line (top of the last line, close). Other closes draw
 * nothing (strict comparisons). .trend is +1 while the last line is white,
 * -1 while it is black; .level is the close that would turn it: the lowest
 * bottom of the last n lines in a white run, the highest top in a black run.
 * Both NaN until the first line (lookback 1). A missing bar (non-finite
 * price) never reaches run() (the engine's rule). n is 1..10. Must not
 * allocate after create.
 */
#include "feature_internal.h"
#include "core/internal.h"

#include <stdint.h>

#define LINEBREAK_MAX 10

typedef struct linebreak_state {
    int32_t n;
    int32_t seen;               /* 1 once the first close is kept */
    int32_t count;              /* lines kept, at most n */
    int32_t pos;                /* the ring slot of the last line */
    double first;               /* the first close */
    double trend;               /* +1 / -1 once a line is drawn */
    double bottom[LINEBREAK_MAX], top[LINEBREAK_MAX];
} linebreak_state;

static int32_t linebreak_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return 1;
}

static int64_t linebreak_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(linebreak_state);
}

static void linebreak_reset(bc_feature_node *node)
{
    linebreak_state *s = node->state;
    s->n = node->iarg[0];
    s->seen = s->count = s->pos = 0;
    s->first = 0.0;
    s->trend = 1.0;
    for (int32_t i = 0; i < LINEBREAK_MAX; i++)
        s->bottom[i] = s->top[i] = 0.0;
}

static inline void linebreak_push(linebreak_state *s, double bottom, double top)
{
    s->pos = (s->pos + 1) % s->n;
    s->bottom[s->pos] = bottom;
    s->top[s->pos] = top;
    if (s->count < s->n)
        s->count++;
}

/* The lowest bottom (white run) or the highest top (black run) of the lines
 * kept. */
static inline double linebreak_level(const linebreak_state *s)
{
    double v = s->trend > 0.0 ? s->bottom[s->pos] : s->top[s->pos];
    for (int32_t k = 1; k < s->count; k++) {
        const int32_t j = (s->pos - k + s->n) % s->n;
        if (s->trend > 0.0 ? s->bottom[j] < v : s->top[j] > v)
            v = s->trend > 0.0 ? s->bottom[j] : s->top[j];
    }
    return v;
}

/* One bar. The generated code's template (lib/export/feature_source.c
 * "linebreak") is this step. */
static inline void linebreak_step(linebreak_state *s, double close, double *trend,
                                  double *level)
{
    *trend = *level = NAN;
    if (!s->seen) {
        s->seen = 1;
        s->first = close;
        return;
    }
    if (s->count == 0) {
        if (close == s->first)
            return;
        s->trend = close > s->first ? 1.0 : -1.0;
        linebreak_push(s, close > s->first ? s->first : close,
                       close > s->first ? close : s->first);
    } else {
        const double bottom = s->bottom[s->pos], top = s->top[s->pos];
        const double turn = linebreak_level(s);
        if (s->trend > 0.0) {
            if (close > top) {
                linebreak_push(s, top, close);
            } else if (close < turn) {
                s->trend = -1.0;
                linebreak_push(s, close, bottom);
            }
        } else {
            if (close < bottom) {
                linebreak_push(s, close, bottom);
            } else if (close > turn) {
                s->trend = 1.0;
                linebreak_push(s, top, close);
            }
        }
    }
    *trend = s->trend;
    *level = linebreak_level(s);
}

static BC_FEATURE_KERNEL void linebreak_run(bc_feature_node *node, const bc_feature_inputs *in,
                                            int64_t n, const bc_feature_column *cols)
{
    linebreak_state local = *(linebreak_state *)node->state;
    const double *c = in->close;
    bc_feature_column ot = cols[node->slot], ol = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double trend, level;
        linebreak_step(&local, c[i], &trend, &level);
        BC_FEATURE_PUT(ot, i, trend);
        BC_FEATURE_PUT(ol, i, level);
    }
    *(linebreak_state *)node->state = local;
}

const bc_feature_kind bc_feature_kind_linebreak = {
    .name = "linebreak", .args = "i", .arg_min = {1}, .arg_max = {LINEBREAK_MAX},
    .n_outputs = 2, .outputs = {"trend", "level"},
    .needs = BC_FEATURE_IN_CLOSE,
    .lookback = linebreak_lookback,
    .state_size = linebreak_state_size, .reset = linebreak_reset, .run = linebreak_run,
};

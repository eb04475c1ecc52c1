/*
 * search.c - data-driven choice of extra clone features: scores a wide grid
 * of candidate signals (moving-average crosses over a period grid, price
 * crossing its averages, MACD with several parameter sets, RSI and
 * stochastics levels and threshold conditions) on the training bars by how
 * well each one alone marks the bot's decisions, and names the few that
 * beat every signal already in the spec. Every candidate is a feature-engine
 * item computed by the engine, so whatever is chosen is a valid spec item
 * that the predictor rebuilds from the model's spec.
 */
#include "clone/clone.h"
#include "core/internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Items per engine: bounds the engine's node graph and its output row. */
#define SEARCH_BATCH 512
#define SEARCH_NAME_MAX 64

/* Codes of a discrete signal value; anything else makes a column
 * continuous, and continuous columns are not scored. */
enum { V_MINUS = 0, V_ZERO = 1, V_PLUS = 2, V_NAN = 3, V_CODES = 4 };

struct clone_search {
    int32_t n_items;
    char (*items)[SEARCH_NAME_MAX];
    int32_t n_engines;
    bc_features **engines;
    int32_t *first_item; /* [n_engines + 1] */
    int32_t lookback;
};

struct grid {
    int32_t n, capacity;
    char (*items)[SEARCH_NAME_MAX];
};

static int add_item(struct grid *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends one formatted item; -1 when out of memory. */
static int add_item(struct grid *g, const char *fmt, ...)
{
    if (g->n == g->capacity) {
        int32_t cap = g->capacity ? 2 * g->capacity : 1024;
        void *p = realloc(g->items, sizeof *g->items * (size_t)cap);
        if (!p)
            return -1;
        g->items = p;
        g->capacity = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->items[g->n++], SEARCH_NAME_MAX, fmt, ap);
    va_end(ap);
    return 0;
}

/* The candidate grid (documented in include/botcopier.h, key "search"). */
static int build_grid(struct grid *g)
{
    int bad = 0;
    static const char *const avg[2] = {"sma", "ema"};
    for (int a = 0; a < 2; a++)
        for (int fast = 3; fast <= 60; fast++)
            for (int slow = fast + 1; slow <= 60; slow++)
                bad |= add_item(g, "cross(%s(%d),%s(%d))", avg[a], fast, avg[a], slow);
    for (int a = 0; a < 2; a++)
        for (int n = 3; n <= 60; n++)
            bad |= add_item(g, "cross(close,%s(%d))", avg[a], n);
    static const int macd[][3] = {{12, 26, 9}, {8, 17, 9}, {5, 35, 5}, {6, 13, 5},
                                  {10, 20, 5}, {19, 39, 9}, {5, 13, 8}, {8, 21, 5}};
    for (size_t m = 0; m < sizeof macd / sizeof macd[0]; m++) {
        bad |= add_item(g, "cross(macd(%d,%d,%d).line,macd(%d,%d,%d).signal)", macd[m][0],
                        macd[m][1], macd[m][2], macd[m][0], macd[m][1], macd[m][2]);
        bad |= add_item(g, "cross(macd(%d,%d,%d).line,0)", macd[m][0], macd[m][1], macd[m][2]);
    }
    for (int n = 2; n <= 30; n++)
        for (int k = 10; k <= 90; k += 5) {
            bad |= add_item(g, "above(rsi(%d),%d)", n, k);
            bad |= add_item(g, "cross(rsi(%d),%d)", n, k);
        }
    static const int stoch_k[] = {5, 9, 14, 21};
    for (size_t s = 0; s < sizeof stoch_k / sizeof stoch_k[0]; s++) {
        int k = stoch_k[s];
        bad |= add_item(g, "cross(stoch(%d,3,3).k,stoch(%d,3,3).d)", k, k);
        for (int level = 10; level <= 90; level += 5) {
            bad |= add_item(g, "above(stoch(%d,3,3).k,%d)", k, level);
            bad |= add_item(g, "cross(stoch(%d,3,3).k,%d)", k, level);
        }
    }
    static const int bb_n[] = {10, 14, 20, 30};
    static const char *const bb_x[] = {"1.5", "2", "2.5"};
    for (size_t i = 0; i < sizeof bb_n / sizeof bb_n[0]; i++)
        for (size_t j = 0; j < sizeof bb_x / sizeof bb_x[0]; j++) {
            bad |= add_item(g, "cross(close,bbands(%d,%s).upper)", bb_n[i], bb_x[j]);
            bad |= add_item(g, "cross(close,bbands(%d,%s).lower)", bb_n[i], bb_x[j]);
        }
    return bad ? -1 : 0;
}

void clone_search_free(struct clone_search *s)
{
    if (!s)
        return;
    for (int32_t e = 0; e < s->n_engines; e++)
        bc_features_free(s->engines[e]);
    free(s->engines);
    free(s->first_item);
    free(s->items);
    free(s);
}

int32_t clone_search_create(struct clone_search **out)
{
    *out = NULL;
    struct clone_search *s = calloc(1, sizeof *s);
    struct grid g = {0};
    if (!s || build_grid(&g) != 0) {
        free(s);
        free(g.items);
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: search: no memory for the candidate grid");
    }
    s->items = g.items;
    s->n_items = g.n;
    s->n_engines = (g.n + SEARCH_BATCH - 1) / SEARCH_BATCH;
    s->engines = calloc((size_t)s->n_engines, sizeof *s->engines);
    s->first_item = calloc((size_t)s->n_engines + 1, sizeof *s->first_item);
    char *spec = malloc((size_t)SEARCH_BATCH * SEARCH_NAME_MAX);
    int32_t rc = BC_OK;
    if (!s->engines || !s->first_item || !spec)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: search: no memory for the candidate grid");
    for (int32_t e = 0; rc == BC_OK && e < s->n_engines; e++) {
        int32_t lo = e * SEARCH_BATCH, hi = lo + SEARCH_BATCH < g.n ? lo + SEARCH_BATCH : g.n;
        size_t len = 0;
        for (int32_t i = lo; i < hi; i++)
            len += (size_t)snprintf(spec + len, (size_t)SEARCH_BATCH * SEARCH_NAME_MAX - len, "%s%s",
                                    i > lo ? "," : "", s->items[i]);
        s->first_item[e] = lo;
        s->first_item[e + 1] = hi;
        rc = bc_features_create(spec, &s->engines[e]);
        if (rc == BC_OK && bc_features_count(s->engines[e]) != hi - lo)
            rc = bc_fail(BC_E_INTERNAL, "cloner: search: batch %d has %d columns for %d items", e,
                         bc_features_count(s->engines[e]), hi - lo);
        if (rc == BC_OK && bc_features_lookback(s->engines[e]) > s->lookback)
            s->lookback = bc_features_lookback(s->engines[e]);
    }
    free(spec);
    if (rc != BC_OK) {
        clone_search_free(s);
        return rc;
    }
    *out = s;
    return BC_OK;
}

int32_t clone_search_lookback(const struct clone_search *s)
{
    return s->lookback;
}

/* ---- scoring ------------------------------------------------------------ */

/* Which decisions a bar takes part in (bit t) and which it was (bit 4 + t):
 * 0 open long (bars not long), 1 open short (bars not short), 2 close long
 * (bars long; a close or a reversal), 3 close short. */
static uint8_t bar_code(int32_t label, int32_t direction)
{
    uint8_t code = 0;
    if (direction != 1) {
        code |= 1u;
        if (label == CLONE_LABEL_OPEN_LONG)
            code |= 1u << 4;
    }
    if (direction != -1) {
        code |= 2u;
        if (label == CLONE_LABEL_OPEN_SHORT)
            code |= 2u << 4;
    }
    if (direction == 1) {
        code |= 4u;
        if (label != CLONE_LABEL_NONE)
            code |= 4u << 4;
    }
    if (direction == -1) {
        code |= 8u;
        if (label != CLONE_LABEL_NONE)
            code |= 8u << 4;
    }
    return code;
}

static int value_code(double v)
{
    if (v != v)
        return V_NAN;
    if (v == 1.0)
        return V_PLUS;
    if (v == 0.0)
        return V_ZERO;
    if (v == -1.0)
        return V_MINUS;
    return -1;
}

/* Adds one bar (its decision code, its row of n_cols values) to
 * counts[col][decision][is_positive][value code]; continuous[col] is set
 * where a value is not -1/0/1/NaN. */
static void count_row(uint8_t code, const double *row, int32_t n_cols, int64_t *counts,
                      uint8_t *continuous)
{
    for (int32_t j = 0; j < n_cols; j++) {
        int v = value_code(row[j]);
        if (v < 0) {
            continuous[j] = 1;
            continue;
        }
        int64_t *cc = counts + (int64_t)j * CLONE_SEARCH_DECISIONS * 2 * V_CODES;
        for (int t = 0; t < CLONE_SEARCH_DECISIONS; t++)
            if (code & (1u << t))
                cc[(t * 2 + ((code >> (4 + t)) & 1u)) * V_CODES + v]++;
    }
}

/* Best F1 over the predicates "value == -1 / 0 / +1" of one column for
 * decision t: how well the signal alone marks the bars the bot acted on. */
static double column_f1(const int64_t *cc, int t)
{
    const int64_t *neg = cc + (t * 2) * V_CODES, *pos = cc + (t * 2 + 1) * V_CODES;
    int64_t positives = 0;
    for (int v = 0; v < V_CODES; v++)
        positives += pos[v];
    double best = 0.0;
    for (int v = V_MINUS; v <= V_PLUS; v++) {
        int64_t tp = pos[v], fp = neg[v], fn = positives - tp;
        if (tp > 0) {
            double f1 = 2.0 * (double)tp / (double)(2 * tp + fp + fn);
            if (f1 > best)
                best = f1;
        }
    }
    return best;
}

static int32_t positives_of(const struct clone_search_input *in, int32_t n_in, int t)
{
    int32_t n = 0;
    for (int32_t k = 0; k < n_in; k++)
        for (int32_t i = in[k].start; i < in[k].end; i++)
            n += (bar_code(in[k].labels[i], in[k].state[i].direction) >> (4 + t)) & 1u;
    return n;
}

/* Per decision, the best F1 of the discrete columns of the spec. */
static int32_t spec_best(const struct clone_search_input *in, int32_t n_in,
                         double best[CLONE_SEARCH_DECISIONS])
{
    int32_t n_cols = in[0].n_market;
    int64_t *counts = calloc((size_t)n_cols * CLONE_SEARCH_DECISIONS * 2 * V_CODES, sizeof *counts);
    uint8_t *continuous = calloc((size_t)n_cols, 1);
    if (!counts || !continuous) {
        free(counts);
        free(continuous);
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: search: no memory");
    }
    for (int32_t k = 0; k < n_in; k++)
        for (int32_t i = in[k].start; i < in[k].end; i++)
            count_row(bar_code(in[k].labels[i], in[k].state[i].direction),
                      in[k].market + (int64_t)i * n_cols, n_cols, counts, continuous);
    for (int t = 0; t < CLONE_SEARCH_DECISIONS; t++) {
        best[t] = 0.0;
        for (int32_t j = 0; j < n_cols; j++) {
            double f1 = continuous[j]
                            ? 0.0
                            : column_f1(counts + (int64_t)j * CLONE_SEARCH_DECISIONS * 2 * V_CODES, t);
            if (f1 > best[t])
                best[t] = f1;
        }
    }
    free(counts);
    free(continuous);
    return BC_OK;
}

static int has_name(const char *const *names, int32_t n, const char *name)
{
    for (int32_t j = 0; j < n; j++)
        if (strcmp(names[j], name) == 0)
            return 1;
    return 0;
}

/* The indicator a candidate watches: its text inside cross(...) or
 * above(...) less a trailing numeric level, e.g. "rsi(9)" for
 * above(rsi(9),45), "sma(7),sma(25)" for cross(sma(7),sma(25)). */
static void family_key(const char *item, char *key, size_t size)
{
    const char *open = strchr(item, '(');
    snprintf(key, size, "%s", open ? open + 1 : item);
    size_t len = strlen(key);
    if (len && key[len - 1] == ')')
        key[--len] = '\0';
    char *comma = strrchr(key, ',');
    if (comma && comma[1] && strspn(comma + 1, "0123456789.-") == strlen(comma + 1))
        *comma = '\0';
}

struct keyed {
    char key[SEARCH_NAME_MAX];
    int32_t index;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* family[i]: over the decisions with enough examples, the sum of the best
 * score any candidate of item i's indicator reached. Breaks ties between
 * equally scored candidates in favour of the indicator that explains the
 * bot's other decisions too (a rule bot tends to act on one indicator). */
static int32_t family_totals(const struct clone_search *s, const float *score,
                             const int32_t positives[CLONE_SEARCH_DECISIONS], float *family)
{
    struct keyed *k = malloc(sizeof *k * (size_t)s->n_items);
    if (!k)
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: search: no memory");
    for (int32_t i = 0; i < s->n_items; i++) {
        family_key(s->items[i], k[i].key, sizeof k[i].key);
        k[i].index = i;
    }
    qsort(k, (size_t)s->n_items, sizeof *k, cmp_keyed);
    for (int32_t a = 0; a < s->n_items;) {
        int32_t b = a;
        float best[CLONE_SEARCH_DECISIONS] = {0};
        for (; b < s->n_items && strcmp(k[b].key, k[a].key) == 0; b++)
            for (int t = 0; t < CLONE_SEARCH_DECISIONS; t++)
                if (score[(int64_t)k[b].index * CLONE_SEARCH_DECISIONS + t] > best[t])
                    best[t] = score[(int64_t)k[b].index * CLONE_SEARCH_DECISIONS + t];
        float total = 0.0f;
        for (int t = 0; t < CLONE_SEARCH_DECISIONS; t++)
            total += positives[t] >= CLONE_SEARCH_MIN_POSITIVES ? best[t] : 0.0f;
        for (int32_t j = a; j < b; j++)
            family[k[j].index] = total;
        a = b;
    }
    free(k);
    return BC_OK;
}

int32_t clone_search_run(struct clone_search *s, const struct clone_search_input *in, int32_t n_in,
                         const char *const *market_names, int32_t per_decision,
                         struct clone_search_result *out)
{
    memset(out, 0, sizeof *out);
    if (n_in < 1 || per_decision < 1)
        return BC_OK;
    int32_t rc = spec_best(in, n_in, out->spec_f1);
    if (rc != BC_OK)
        return rc;
    const int64_t stride = CLONE_SEARCH_DECISIONS * 2 * V_CODES;
    double *values = malloc(sizeof *values * SEARCH_BATCH);
    int64_t *counts = malloc(sizeof *counts * (size_t)SEARCH_BATCH * (size_t)stride);
    uint8_t *continuous = malloc(SEARCH_BATCH);
    float *score = malloc(sizeof *score * (size_t)s->n_items * CLONE_SEARCH_DECISIONS);
    float *family = malloc(sizeof *family * (size_t)s->n_items);
    uint8_t *in_spec = malloc((size_t)s->n_items);
    if (!values || !counts || !continuous || !score || !family || !in_spec) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: search: no memory for %d candidates",
                     s->n_items);
        goto done;
    }
    for (int32_t e = 0; e < s->n_engines; e++) {
        int32_t lo = s->first_item[e], n_cols = s->first_item[e + 1] - lo;
        memset(counts, 0, sizeof *counts * (size_t)n_cols * (size_t)stride);
        memset(continuous, 0, (size_t)n_cols);
        /* Streamed bar by bar up to the last scored bar (the features
         * are causal, later bars cannot change them): memory stays one row
         * whatever the length of the series. */
        for (int32_t k = 0; k < n_in; k++) {
            const bc_bars *b = in[k].bars;
            const int64_t *time = bc_bars_time(b);
            const double *open = bc_bars_column(b, BC_BAR_OPEN), *high = bc_bars_column(b, BC_BAR_HIGH),
                         *low = bc_bars_column(b, BC_BAR_LOW), *close = bc_bars_column(b, BC_BAR_CLOSE),
                         *volume = bc_bars_column(b, BC_BAR_VOLUME);
            bc_features *f = s->engines[e];
            if ((rc = bc_features_reset(f)) != BC_OK)
                goto done;
            for (int32_t i = 0; i < in[k].end; i++) {
                rc = bc_features_update(f, time[i], open[i], high[i], low[i], close[i], volume[i],
                                        values, n_cols);
                if (rc != BC_OK)
                    goto done;
                if (i >= in[k].start)
                    count_row(bar_code(in[k].labels[i], in[k].state[i].direction), values, n_cols,
                              counts, continuous);
            }
        }
        for (int32_t j = 0; j < n_cols; j++)
            for (int t = 0; t < CLONE_SEARCH_DECISIONS; t++)
                score[(int64_t)(lo + j) * CLONE_SEARCH_DECISIONS + t] =
                    continuous[j] ? 0.0f : (float)column_f1(counts + (int64_t)j * stride, t);
    }
    for (int t = 0; t < CLONE_SEARCH_DECISIONS; t++)
        out->positives[t] = positives_of(in, n_in, t);
    if ((rc = family_totals(s, score, out->positives, family)) != BC_OK)
        goto done;
    for (int32_t i = 0; i < s->n_items; i++)
        in_spec[i] = (uint8_t)has_name(market_names, in[0].n_market, s->items[i]);
    /* Per decision with enough examples, the per_decision best candidates
     * (by F1, then by their indicator's total, then grid order) not in the
     * spec that clear the floor and either beat the spec's best F1 by the
     * margin, or match it while their indicator explains the bot's
     * decisions better than the spec's best one (by the family margin): with
     * few examples several signals fit the training bars alike, and the one
     * whose indicator fits every decision is the bot's. The union keeps the
     * first decision's order. */
    for (int t = 0; t < CLONE_SEARCH_DECISIONS; t++) {
        out->best_f1[t] = out->spec_f1[t];
        if (out->positives[t] < CLONE_SEARCH_MIN_POSITIVES)
            continue;
        const float eps = 1e-6f, spec_f1 = (float)out->spec_f1[t];
        float spec_family = 0.0f;
        for (int32_t i = 0; i < s->n_items; i++)
            if (in_spec[i] && fabsf(score[(int64_t)i * CLONE_SEARCH_DECISIONS + t] - spec_f1) <= eps &&
                family[i] > spec_family)
                spec_family = family[i];
        for (int32_t r = 0; r < per_decision; r++) {
            int32_t best = -1;
            float best_score = 0.0f;
            for (int32_t i = 0; i < s->n_items; i++) {
                float sc = score[(int64_t)i * CLONE_SEARCH_DECISIONS + t];
                if (in_spec[i] || sc < (float)CLONE_SEARCH_MIN_F1 - eps)
                    continue;
                int beats = sc >= spec_f1 + (float)CLONE_SEARCH_MARGIN - eps ||
                            (sc >= spec_f1 - eps &&
                             family[i] >= spec_family + (float)CLONE_SEARCH_FAMILY_MARGIN - eps);
                if (!beats || (best >= 0 && (sc < best_score ||
                                             (sc == best_score && family[i] <= family[best]))))
                    continue;
                best = i;
                best_score = sc;
            }
            if (best < 0)
                break;
            if (r == 0 && best_score > out->best_f1[t])
                out->best_f1[t] = best_score;
            score[(int64_t)best * CLONE_SEARCH_DECISIONS + t] = -1.0f; /* taken for t */
            int dup = 0;
            for (int32_t a = 0; a < out->n_added; a++)
                dup |= strcmp(out->added[a], s->items[best]) == 0;
            if (!dup && out->n_added < CLONE_SEARCH_MAX_ADDED)
                snprintf(out->added[out->n_added++], sizeof out->added[0], "%s", s->items[best]);
        }
    }
done:
    free(values);
    free(counts);
    free(continuous);
    free(score);
    free(family);
    free(in_spec);
    return rc;
}

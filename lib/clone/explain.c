/*
 * explain.c - "explain the bot": runs a clone over bars with its own
 * predictor (the code a live host calls), then fits a shallow CART per
 * position state (flat / long / short) and decision to the clone's
 * decisions, and states each tree's positive leaves as readable rules with
 * round thresholds, their support and precision, and how much of the
 * clone's decisions they cover. It reads models; it never changes them.
 */
#include "clone/clone.h"
#include "clone/explain.h"
#include "clone/predictor.h"
#include "core/internal.h"
#include "model/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- threshold snapping ---------------------------------------------- */

static double times_power_of_ten(double k, int e)
{
    /* Division by an exact 10^-e keeps 0.3 as 3 / 10, not 3 * 0.1. */
    return e >= 0 ? k * pow(10.0, e) : k / pow(10.0, -e);
}

double clone_explain_snap(double below, double above)
{
    if (!(below < above))
        return above;
    if (below < 0.0 && above >= 0.0)
        return 0.0;
    double mid = below + (above - below) / 2.0;
    double big = fmax(fabs(below), fabs(above));
    for (int e = (int)ceil(log10(big)) + 1; e >= -300; e--) {
        double step = times_power_of_ten(1.0, e);
        if (step > big * 10.0)
            continue;
        double kmin = floor(below / step) + 1.0, kmax = floor(above / step);
        if (kmin > kmax + 1.0)
            continue;
        double k = nearbyint(mid / step);
        if (k < kmin)
            k = kmin;
        if (k > kmax)
            k = kmax;
        /* Rounding at the ends: try the neighbours of the nearest too. */
        double tries[3] = {k, k - 1.0, k + 1.0};
        for (int i = 0; i < 3; i++) {
            double t = times_power_of_ten(tries[i], e);
            if (below < t && t <= above)
                return t;
        }
    }
    return above;
}

/* ---- the CART -------------------------------------------------------- */

struct value_label {
    double v;
    uint8_t y;
};

static int compare_values(const void *a, const void *b)
{
    double x = ((const struct value_label *)a)->v, z = ((const struct value_label *)b)->v;
    int xn = isnan(x), zn = isnan(z);
    if (xn || zn)
        return xn - zn; /* NaN last */
    return x < z ? -1 : x > z ? 1 : 0;
}

struct cart_fit {
    int64_t n;
    int32_t m, max_depth, capacity;
    int64_t min_leaf;
    const double *x;
    const uint8_t *y;
    int64_t *index;
    struct value_label *buf;
    struct clone_cart_node *nodes;
    int32_t n_nodes;
};

/* 2 * positives * negatives / rows: the node's gini impurity times rows. */
static double gini_mass(int64_t rows, int64_t positives)
{
    return rows > 0 ? 2.0 * (double)positives * (double)(rows - positives) / (double)rows : 0.0;
}

static void cart_grow(struct cart_fit *f, int32_t k, int64_t lo, int64_t hi)
{
    struct clone_cart_node *node = &f->nodes[k];
    int64_t rows = hi - lo;
    if (node->depth >= f->max_depth || node->positives == 0 || node->positives == rows ||
        rows < 2 * f->min_leaf || f->n_nodes + 2 > f->capacity)
        return;
    double best = gini_mass(rows, node->positives) - 1e-9;
    int32_t best_j = -1;
    double best_below = 0.0, best_above = 0.0;
    for (int32_t j = 0; j < f->m; j++) {
        const double *col = f->x + (int64_t)j * f->n;
        for (int64_t i = lo; i < hi; i++)
            f->buf[i - lo] = (struct value_label){col[f->index[i]], f->y[f->index[i]]};
        qsort(f->buf, (size_t)rows, sizeof *f->buf, compare_values);
        int64_t finite = rows;
        while (finite > 0 && isnan(f->buf[finite - 1].v))
            finite--;
        int64_t left_pos = 0;
        for (int64_t i = 0; i + 1 < finite; i++) {
            left_pos += f->buf[i].y;
            int64_t left = i + 1;
            if (!(f->buf[i].v < f->buf[i + 1].v) || left < f->min_leaf || rows - left < f->min_leaf)
                continue;
            double cost = gini_mass(left, left_pos) +
                          gini_mass(rows - left, node->positives - left_pos);
            if (cost < best) {
                best = cost;
                best_j = j;
                best_below = f->buf[i].v;
                best_above = f->buf[i + 1].v;
            }
        }
    }
    if (best_j < 0)
        return;
    double t = clone_explain_snap(best_below, best_above);
    const double *col = f->x + (int64_t)best_j * f->n;
    int64_t mid = lo, left_pos = 0;
    for (int64_t i = lo; i < hi; i++)
        if (col[f->index[i]] < t) {
            int64_t swap = f->index[mid];
            f->index[mid++] = f->index[i];
            f->index[i] = swap;
            left_pos += f->y[f->index[mid - 1]];
        }
    node->feature = best_j;
    node->threshold = t;
    node->left = f->n_nodes++;
    node->right = f->n_nodes++;
    int32_t depth = node->depth + 1;
    f->nodes[node->left] = (struct clone_cart_node){-1, NAN, -1, -1, depth, mid - lo, left_pos};
    f->nodes[node->right] = (struct clone_cart_node){-1, NAN, -1, -1, depth, hi - mid,
                                                     f->nodes[k].positives - left_pos};
    int32_t left = f->nodes[k].left, right = f->nodes[k].right;
    cart_grow(f, left, lo, mid);
    cart_grow(f, right, mid, hi);
}

int32_t clone_cart_fit(int64_t n, int32_t m, const double *x, const uint8_t *y, int32_t max_depth,
                       int64_t min_leaf, struct clone_cart_node *nodes, int32_t *n_nodes)
{
    if (!x || !y || !nodes || !n_nodes || n < 1 || m < 0 || max_depth < 1 ||
        max_depth > CLONE_EXPLAIN_MAX_DEPTH || min_leaf < 1)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "cart: %lld rows, %d columns, depth %d, min leaf %lld (or a NULL array)",
                       (long long)n, m, max_depth, (long long)min_leaf);
    struct cart_fit f = {n, m, max_depth, (1 << (max_depth + 1)) - 1, min_leaf, x, y,
                         malloc(sizeof(int64_t) * (size_t)n),
                         malloc(sizeof(struct value_label) * (size_t)n), nodes, 1};
    if (!f.index || !f.buf) {
        free(f.index);
        free(f.buf);
        return bc_fail(BC_E_OUT_OF_MEMORY, "cart: no memory for %lld rows", (long long)n);
    }
    int64_t positives = 0;
    for (int64_t i = 0; i < n; i++) {
        f.index[i] = i;
        positives += y[i] != 0;
    }
    nodes[0] = (struct clone_cart_node){-1, NAN, -1, -1, 0, n, positives};
    cart_grow(&f, 0, 0, n);
    *n_nodes = f.n_nodes;
    free(f.index);
    free(f.buf);
    return BC_OK;
}

#ifdef BC_HAVE_JANSSON

/* ---- the clone's decisions on the bars -------------------------------- */

/* Rows the clone decided on: inputs (market columns, the day count
 * trades_today of a position_day clone, then the position columns that
 * vary within a state), the position before the decision and the
 * decision. */
struct decided {
    int32_t width, n_market, n_position_used;
    int32_t n_day, day_index; /* 1 and its index in the predictor's row */
    int64_t n, cap, bars;
    double *x; /* row-major [n][width] */
    int8_t *state;
    int8_t *decision;
    /* The target's own rows on the same bars (when a trade log is given):
     * the same market columns, its position columns, state and decision. */
    int32_t has_target;
    double *tx;
    int8_t *tstate, *tdecision;
};

static int32_t decided_push(struct decided *d, const double *row, int32_t state, int32_t decision)
{
    if (d->n == d->cap) {
        int64_t cap = d->cap ? d->cap * 2 : 1024;
        double *x = realloc(d->x, sizeof *x * (size_t)(cap * d->width + 1));
        if (x)
            d->x = x;
        int8_t *s = x ? realloc(d->state, (size_t)cap) : NULL;
        if (s)
            d->state = s;
        int8_t *c = s ? realloc(d->decision, (size_t)cap) : NULL;
        if (!c)
            return bc_fail(BC_E_OUT_OF_MEMORY, "explain: no memory for %lld decisions",
                           (long long)cap);
        d->decision = c;
        d->cap = cap;
    }
    memcpy(d->x + d->n * d->width, row, sizeof *row * (size_t)d->n_market);
    if (d->n_day)
        d->x[d->n * d->width + d->n_market] = row[d->day_index];
    /* bars_held, upnl_atr, mae_atr, mfe_atr (and the extended columns of a
     * position_columns=extended clone, giveback_atr, the entry-bar
     * columns): past pos_long and pos_short, which the state already says. */
    memcpy(d->x + d->n * d->width + d->n_market + d->n_day, row + d->n_market + 2,
           sizeof *row * (size_t)d->n_position_used);
    d->state[d->n] = (int8_t)state;
    d->decision[d->n] = (int8_t)decision;
    d->n++;
    return BC_OK;
}

static int32_t run_series(bc_predictor *p, const bc_bars *bars, struct decided *d, double *atr)
{
    int32_t n = bc_bars_length(bars), rc = bc_predictor_reset(p);
    const int64_t *t = bc_bars_time(bars);
    const double *o = bc_bars_column(bars, BC_BAR_OPEN), *h = bc_bars_column(bars, BC_BAR_HIGH),
                 *l = bc_bars_column(bars, BC_BAR_LOW), *c = bc_bars_column(bars, BC_BAR_CLOSE),
                 *v = bc_bars_column(bars, BC_BAR_VOLUME);
    p->auto_position = 1;
    for (int32_t i = 0; rc == BC_OK && i < n; i++) {
        int64_t before = p->bar_count;
        int32_t state = p->pos.direction, decision;
        rc = bc_predictor_update(p, t[i], o[i], h[i], l[i], c[i], v[i], NULL, 0, &decision);
        atr[i] = p->last_atr;
        if (rc == BC_OK && before >= p->lookback)
            rc = decided_push(d, p->row, state, decision);
    }
    d->bars += n;
    return rc;
}

/* The decision a labelled bar stands for (predictor.h's BC_DECISION_*). */
static int8_t label_decision(int32_t label)
{
    return (int8_t)(label == CLONE_LABEL_OPEN_LONG    ? BC_DECISION_BUY
                    : label == CLONE_LABEL_OPEN_SHORT ? BC_DECISION_SELL
                    : label == CLONE_LABEL_CLOSE      ? BC_DECISION_CLOSE
                                                      : BC_DECISION_HOLD);
}

/* The target's rows for the decided rows [first_row, d->n) of one series
 * (bar lookback + j - first_row each): its labels and position from the
 * log's events of symbol (all events when none has it), the position
 * columns as the cloner builds them. */
static int32_t target_rows(struct decided *d, const bc_predictor *p, const bc_bars *bars,
                           const double *atr, const bc_trades *trades, const char *symbol,
                           int64_t first_row)
{
    int32_t n_bars = bc_bars_length(bars), n_events = bc_trades_count(trades), m = 0;
    struct clone_event *ev = malloc(sizeof *ev * (size_t)(n_events > 0 ? n_events : 1));
    int32_t *labels = malloc(sizeof *labels * (size_t)n_bars);
    struct clone_position *state = malloc(sizeof *state * (size_t)n_bars);
    double *day = d->n_day ? malloc(sizeof *day * (size_t)n_bars) : NULL;
    double *tx = realloc(d->tx, sizeof *tx * (size_t)(d->cap * d->width + 1));
    if (tx)
        d->tx = tx;
    int8_t *ts = tx ? realloc(d->tstate, (size_t)d->cap) : NULL;
    if (ts)
        d->tstate = ts;
    int8_t *td = ts ? realloc(d->tdecision, (size_t)d->cap) : NULL;
    if (td)
        d->tdecision = td;
    int32_t rc = BC_OK;
    if (!ev || !labels || !state || !td || (d->n_day && !day))
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "explain: no memory for the trade log's %d events",
                     n_events);
    for (int pass = 0; rc == BC_OK && pass < 2 && m == 0; pass++)
        for (int32_t i = 0; rc == BC_OK && i < n_events; i++) {
            bc_trade_event e;
            e.struct_size = (uint32_t)sizeof e;
            rc = bc_trades_get(trades, i, &e);
            if (rc == BC_OK && (pass == 1 || strcmp(e.symbol, symbol) == 0) &&
                (e.action == BC_ACTION_OPEN || e.action == BC_ACTION_CLOSE))
                ev[m++] = (struct clone_event){e.time, e.ticket, e.line, e.action, e.order_type};
        }
    if (rc == BC_OK) {
        rc = clone_label_bars(n_bars, bc_bars_time(bars), bc_bars_column(bars, BC_BAR_CLOSE), m,
                              ev, labels, state, NULL);
        if (rc != BC_OK)
            bc_fail_context(rc, "explain: trades: ");
    }
    if (rc == BC_OK) {
        clone_fill_excursions(n_bars, bc_bars_column(bars, BC_BAR_HIGH),
                              bc_bars_column(bars, BC_BAR_LOW),
                              bc_bars_column(bars, BC_BAR_CLOSE), atr, state);
        const double *close = bc_bars_column(bars, BC_BAR_CLOSE);
        const double *high = bc_bars_column(bars, BC_BAR_HIGH);
        const double *low = bc_bars_column(bars, BC_BAR_LOW);
        if (d->n_day)
            clone_day_counts(n_bars, bc_bars_time(bars), labels, day);
        for (int64_t j = first_row; j < d->n; j++) {
            int32_t i = p->lookback + (int32_t)(j - first_row);
            double position[CLONE_POSITION_FEATURES_EXT_EB + CLONE_POSITION_LEVELS];
            double *row = d->tx + j * d->width;
            memcpy(row, d->x + j * d->width, sizeof *row * (size_t)d->n_market);
            if (d->n_day)
                row[d->n_market] = day[i];
            if (d->n_position_used > 0) {
                clone_position_inputs(&state[i], high[i], low[i], close[i], atr[i], p->n_position,
                                      &p->levels, NULL, NULL, 0,
                                      position);
                memcpy(row + d->n_market + d->n_day, position + 2,
                       sizeof *row * (size_t)d->n_position_used);
            }
            d->tstate[j] = (int8_t)state[i].direction;
            d->tdecision[j] = label_decision(labels[i]);
        }
    }
    free(ev);
    free(labels);
    free(state);
    free(day);
    return rc;
}

/* ---- rules from the trees -------------------------------------------- */

struct bound {
    int32_t feature;
    double lo, hi; /* lo <= x < hi */
};

/* Splits "name(A,B)" into A and B at its top-level comma. */
static int split_two(const char *name, const char *prefix, char *a, char *b, size_t cap)
{
    size_t plen = strlen(prefix), len = strlen(name);
    if (strncmp(name, prefix, plen) != 0 || len < plen + 3 || name[len - 1] != ')')
        return 0;
    const char *s = name + plen, *end = name + len - 1;
    int depth = 0;
    for (const char *q = s; q < end; q++) {
        if (*q == '(')
            depth++;
        else if (*q == ')')
            depth--;
        else if (*q == ',' && depth == 0) {
            snprintf(a, cap, "%.*s", (int)(q - s), s);
            snprintf(b, cap, "%.*s", (int)(end - q - 1), q + 1);
            return 1;
        }
    }
    return 0;
}

static int in01(double t)
{
    return t > 0.0 && t <= 1.0;
}

/* The condition lo <= name < hi in words: the 0/1 and -1/0/+1 columns
 * (above, cross, session, hour_is) as the event they mark, the rest as a
 * comparison with the snapped numbers. */
static void condition_text(const char *name, double lo, double hi, char *out, size_t cap)
{
    char a[256], b[256];
    int has_lo = isfinite(lo), has_hi = isfinite(hi);
    if (split_two(name, "above(", a, b, sizeof a)) {
        /* above(k,x), a number first (the search's "x below k"), reads
         * with x first */
        char *end = NULL;
        double k = strtod(a, &end);
        int number_first = end && end != a && *end == '\0';
        /* a cross's side of 0, above(0,cross(x,y)) / above(cross(x,y),0)
         * (a grid signal joined with a session: and(above(0,cross(..)),
         * session(..))), reads as the cross it marks */
        char c1[256], c2[256];
        const char *crs = number_first && k == 0.0 ? b : strcmp(b, "0") == 0 ? a : NULL;
        if (crs && split_two(crs, "cross(", c1, c2, sizeof c1) &&
            ((has_lo && !has_hi && in01(lo)) || (has_hi && !has_lo && in01(hi)))) {
            int down = number_first; /* above(0,cross): the cross is -1, below */
            snprintf(out, cap, "%s %s %s", c1,
                     has_lo ? (down ? "crosses below" : "crosses above")
                            : (down ? "does not cross below" : "does not cross above"),
                     c2);
            return;
        }
        if (has_lo && !has_hi && in01(lo)) {
            if (number_first)
                snprintf(out, cap, "%s < %s", b, a);
            else
                snprintf(out, cap, "%s > %s", a, b);
            return;
        }
        if (has_hi && !has_lo && in01(hi)) {
            if (number_first)
                snprintf(out, cap, "%s >= %s", b, a);
            else
                snprintf(out, cap, "%s <= %s", a, b);
            return;
        }
    }
    if (split_two(name, "and(", a, b, sizeof a)) {
        char ta[512], tb[512];
        if ((has_lo && !has_hi && in01(lo)) || (has_hi && !has_lo && in01(hi))) {
            condition_text(a, 0.5, INFINITY, ta, sizeof ta);
            condition_text(b, 0.5, INFINITY, tb, sizeof tb);
            /* and(and(x,y),z) reads "(x and y and z)" */
            size_t la = strlen(ta);
            const char *inner = ta;
            if (strncmp(a, "and(", 4) == 0 && la >= 2 && ta[0] == '(' && ta[la - 1] == ')') {
                ta[la - 1] = '\0';
                inner = ta + 1;
            }
            snprintf(out, cap, has_lo ? "(%s and %s)" : "not (%s and %s)", inner, tb);
            return;
        }
    }
    if (split_two(name, "cross(", a, b, sizeof a)) {
        int lo_up = has_lo && in01(lo), lo_mid = has_lo && in01(lo + 1.0);
        int hi_up = has_hi && in01(hi), hi_mid = has_hi && in01(hi + 1.0);
        const char *what = NULL;
        if (lo_up && !has_hi)
            what = "crosses above";
        else if (hi_mid && !has_lo)
            what = "crosses below";
        else if (hi_up && !has_lo)
            what = "does not cross above";
        else if (lo_mid && !has_hi)
            what = "does not cross below";
        else if (lo_mid && hi_up)
            what = "does not cross";
        if (what) {
            snprintf(out, cap, "%s %s %s", a, what, b);
            return;
        }
    }
    int h0, h1;
    if (sscanf(name, "session(%d,%d)", &h0, &h1) == 2) {
        if (has_lo && !has_hi && in01(lo)) {
            if (h1 == 24)
                snprintf(out, cap, "hour >= %d", h0);
            else
                snprintf(out, cap, "hour in [%d, %d)", h0, h1);
            return;
        }
        if (has_hi && !has_lo && in01(hi)) {
            if (h1 == 24)
                snprintf(out, cap, "hour < %d", h0);
            else
                snprintf(out, cap, "hour outside [%d, %d)", h0, h1);
            return;
        }
    }
    if (sscanf(name, "hour_is(%d)", &h0) == 1) {
        if (has_lo && !has_hi && in01(lo)) {
            snprintf(out, cap, "hour is %d", h0);
            return;
        }
        if (has_hi && !has_lo && in01(hi)) {
            snprintf(out, cap, "hour is not %d", h0);
            return;
        }
    }
    if (strcmp(name, CLONE_POSITION_GIVEBACK_NAME) == 0) {
        /* A trailing stop: the close's fall from its best since the entry. */
        const char *what = "the close gave back";
        const char *unit = "ATRs from its best since the entry";
        if (has_lo && has_hi)
            snprintf(out, cap, "%s %.10g to %.10g %s", what, lo, hi, unit);
        else if (has_lo)
            snprintf(out, cap, "%s >= %.10g %s", what, lo, unit);
        else
            snprintf(out, cap, "%s < %.10g %s", what, hi, unit);
        return;
    }
    if (has_lo && has_hi)
        snprintf(out, cap, "%.10g <= %s < %.10g", lo, name, hi);
    else if (has_lo)
        snprintf(out, cap, "%s >= %.10g", name, lo);
    else
        snprintf(out, cap, "%s < %.10g", name, hi);
}

static const char *state_name(int32_t state)
{
    return state > 0 ? "long" : state < 0 ? "short" : "flat";
}

static const char *decision_key(int32_t decision)
{
    return decision == BC_DECISION_BUY ? "open_long"
           : decision == BC_DECISION_SELL ? "open_short"
                                          : "close";
}

static const char *decision_verb(int32_t state, int32_t decision)
{
    if (decision == BC_DECISION_CLOSE)
        return state > 0 ? "closes the long" : "closes the short";
    if (state == 0)
        return decision == BC_DECISION_BUY ? "opens long when flat" : "opens short when flat";
    if ((decision == BC_DECISION_BUY) == (state > 0))
        return state > 0 ? "closes the long and opens long again"
                         : "closes the short and opens short again";
    return state > 0 ? "reverses the long to short" : "reverses the short to long";
}

struct rule_context {
    const char *const *names;
    int32_t state, decision;
    json_t *rules;
    int64_t hits, support;
    const struct decided *d; /* its target rows, when d->has_target */
    uint8_t *covered;        /* [d->n] target rows inside a rule */
};

/* lo <= v < hi as the tree routes it: NaN fails "< hi" and passes ">= lo". */
static int inside(double v, double lo, double hi)
{
    return (isinf(hi) || v < hi) && !(v < lo);
}

/* One rule per leaf where the decision is the majority: the path's
 * conditions, merged per column into one interval. */
static void add_rule(struct rule_context *rc, const struct clone_cart_node *leaf,
                     const struct bound *path, int32_t depth)
{
    struct bound merged[CLONE_EXPLAIN_MAX_DEPTH];
    int32_t n = 0;
    for (int32_t i = 0; i < depth; i++) {
        int32_t k = 0;
        while (k < n && merged[k].feature != path[i].feature)
            k++;
        if (k == n)
            merged[n++] = (struct bound){path[i].feature, -INFINITY, INFINITY};
        merged[k].lo = fmax(merged[k].lo, path[i].lo);
        merged[k].hi = fmin(merged[k].hi, path[i].hi);
    }
    json_t *conditions = json_array();
    char text[2048];
    /* "opens long when flat and A and B"; "closes the long when A and B". */
    int len = snprintf(text, sizeof text, "%s", decision_verb(rc->state, rc->decision));
    for (int32_t k = 0; k < n; k++) {
        char words[600];
        const char *name = rc->names[merged[k].feature];
        condition_text(name, merged[k].lo, merged[k].hi, words, sizeof words);
        json_t *c = json_pack("{s:s, s:s}", "feature", name, "text", words);
        if (isfinite(merged[k].lo))
            json_object_set_new(c, "min", json_real(merged[k].lo));
        if (isfinite(merged[k].hi))
            json_object_set_new(c, "below", json_real(merged[k].hi));
        json_array_append_new(conditions, c);
        if (len < (int)sizeof text)
            len += snprintf(text + len, sizeof text - (size_t)len, "%s %s",
                            rc->state == 0 || k > 0 ? " and" : " when", words);
    }
    double precision = (double)leaf->positives / (double)leaf->rows;
    int64_t target_support = 0, target_hits = 0;
    const struct decided *d = rc->d;
    for (int64_t r = 0; d->has_target && r < d->n; r++) {
        if (d->tstate[r] != rc->state)
            continue;
        int32_t k = 0;
        while (k < n && inside(d->tx[r * d->width + merged[k].feature], merged[k].lo, merged[k].hi))
            k++;
        if (k < n)
            continue;
        target_support++;
        target_hits += d->tdecision[r] == rc->decision;
        rc->covered[r] = 1;
    }
    if (len < (int)sizeof text)
        snprintf(text + len, sizeof text - (size_t)len, " (support %lld, precision %.2f)",
                 (long long)leaf->rows, precision);
    json_t *rule = json_pack("{s:s, s:s, s:o, s:I, s:I, s:f}", "state", state_name(rc->state),
                             "text", text, "conditions", conditions, "support",
                             (json_int_t)leaf->rows, "hits", (json_int_t)leaf->positives,
                             "precision", precision);
    if (d->has_target) {
        json_object_set_new(rule, "target_support", json_integer((json_int_t)target_support));
        json_object_set_new(rule, "target_hits", json_integer((json_int_t)target_hits));
        json_object_set_new(rule, "target_precision",
                            target_support ? json_real((double)target_hits / (double)target_support)
                                           : json_null());
    }
    json_array_append_new(rc->rules, rule);
    rc->hits += leaf->positives;
    rc->support += leaf->rows;
}

static void collect_rules(struct rule_context *rc, const struct clone_cart_node *nodes, int32_t k,
                          struct bound *path, int32_t depth)
{
    const struct clone_cart_node *node = &nodes[k];
    if (node->feature < 0) {
        if (node->positives > 0 && 2 * node->positives > node->rows)
            add_rule(rc, node, path, depth);
        return;
    }
    path[depth] = (struct bound){node->feature, -INFINITY, node->threshold};
    collect_rules(rc, nodes, node->left, path, depth + 1);
    path[depth] = (struct bound){node->feature, node->threshold, INFINITY};
    collect_rules(rc, nodes, node->right, path, depth + 1);
}

/* Per decision key: its totals and rules over the states. */
struct decision_summary {
    int64_t decisions, explained, support;
    int64_t target_decisions, target_explained;
    json_t *rules, *states;
};

static int32_t explain_decisions(const struct decided *d, const char *const *names,
                                 int32_t max_depth, int64_t min_support, json_t *root)
{
    static const int32_t states[3] = {0, 1, -1};
    static const int32_t per_state[3][3] = {
        {BC_DECISION_BUY, BC_DECISION_SELL, -1},
        {BC_DECISION_CLOSE, BC_DECISION_SELL, BC_DECISION_BUY},
        {BC_DECISION_CLOSE, BC_DECISION_BUY, BC_DECISION_SELL},
    };
    struct decision_summary sum[4];
    for (int32_t k = 1; k < 4; k++)
        sum[k] = (struct decision_summary){0, 0, 0, 0, 0, json_array(), json_object()};
    int32_t width = d->width, rc = BC_OK;
    double *x = malloc(sizeof *x * (size_t)(d->n * width + 1));
    uint8_t *y = malloc((size_t)d->n + 1);
    int64_t *rows = malloc(sizeof *rows * (size_t)(d->n + 1));
    uint8_t *covered = calloc((size_t)d->n + 1, 1);
    struct clone_cart_node nodes[(1 << (CLONE_EXPLAIN_MAX_DEPTH + 1)) - 1];
    json_t *state_rows = json_object();
    if (!x || !y || !rows || !covered)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "explain: no memory for %lld rows", (long long)d->n);
    for (int32_t s = 0; rc == BC_OK && s < 3; s++) {
        int64_t n = 0;
        for (int64_t i = 0; i < d->n; i++)
            if (d->state[i] == states[s])
                rows[n++] = i;
        json_object_set_new(state_rows, state_name(states[s]), json_integer((json_int_t)n));
        if (n == 0)
            continue;
        /* Flat rows have no position columns worth a split (all zero);
         * the day count is one. */
        int32_t m = states[s] == 0 ? d->n_market + d->n_day : width;
        for (int32_t j = 0; j < m; j++)
            for (int64_t i = 0; i < n; i++)
                x[(int64_t)j * n + i] = d->x[rows[i] * width + j];
        for (int32_t q = 0; rc == BC_OK && q < 3 && per_state[s][q] >= 0; q++) {
            int32_t decision = per_state[s][q];
            int64_t count = 0, target_count = 0, target_explained = 0;
            for (int64_t i = 0; i < n; i++)
                count += (y[i] = d->decision[rows[i]] == decision);
            for (int64_t r = 0; d->has_target && r < d->n; r++)
                target_count += d->tstate[r] == states[s] && d->tdecision[r] == decision;
            sum[decision].target_decisions += target_count;
            if (count == 0)
                continue;
            int32_t n_nodes = 0;
            rc = clone_cart_fit(n, m, x, y, max_depth, min_support, nodes, &n_nodes);
            struct rule_context ctx = {names, states[s], decision, sum[decision].rules, 0, 0,
                                       d, covered};
            struct bound path[CLONE_EXPLAIN_MAX_DEPTH];
            memset(covered, 0, (size_t)d->n);
            if (rc == BC_OK)
                collect_rules(&ctx, nodes, 0, path, 0);
            for (int64_t r = 0; d->has_target && r < d->n; r++)
                target_explained += covered[r] && d->tstate[r] == states[s] &&
                                    d->tdecision[r] == decision;
            sum[decision].target_explained += target_explained;
            sum[decision].decisions += count;
            sum[decision].explained += ctx.hits;
            sum[decision].support += ctx.support;
            json_object_set_new(sum[decision].states, state_name(states[s]),
                                json_pack("{s:I, s:I, s:I}", "rows", (json_int_t)n, "decisions",
                                          (json_int_t)count, "explained", (json_int_t)ctx.hits));
        }
    }
    int64_t decisions = 0, explained = 0, support = 0, target_decisions = 0,
            target_explained = 0;
    for (int32_t k = 1; k < 4; k++) {
        decisions += sum[k].decisions;
        explained += sum[k].explained;
        support += sum[k].support;
        target_decisions += sum[k].target_decisions;
        target_explained += sum[k].target_explained;
    }
    double coverage = decisions ? (double)explained / (double)decisions : 1.0;
    json_object_set_new(root, "decided_bars", json_integer((json_int_t)d->n));
    json_object_set_new(root, "decisions", json_integer((json_int_t)decisions));
    json_object_set_new(root, "explained", json_integer((json_int_t)explained));
    json_object_set_new(root, "coverage", json_real(coverage));
    json_object_set_new(root, "unexplained_share", json_real(1.0 - coverage));
    json_object_set_new(root, "rule_precision",
                        support ? json_real((double)explained / (double)support) : json_null());
    json_object_set_new(root, "max_depth", json_integer(max_depth));
    json_object_set_new(root, "min_support", json_integer((json_int_t)min_support));
    json_object_set_new(root, "states", state_rows);
    if (d->has_target) {
        double tcov = target_decisions ? (double)target_explained / (double)target_decisions : 1.0;
        json_object_set_new(root, "target",
                            json_pack("{s:I, s:I, s:f, s:f}", "decisions",
                                      (json_int_t)target_decisions, "explained",
                                      (json_int_t)target_explained, "coverage", tcov,
                                      "unexplained_share", 1.0 - tcov));
    }
    static const int32_t order[3] = {BC_DECISION_BUY, BC_DECISION_SELL, BC_DECISION_CLOSE};
    for (int32_t q = 0; q < 3; q++) {
        struct decision_summary *ds = &sum[order[q]];
        double cov = ds->decisions ? (double)ds->explained / (double)ds->decisions : 1.0;
        json_t *obj = json_pack("{s:I, s:I, s:f}", "decisions", (json_int_t)ds->decisions,
                                "explained", (json_int_t)ds->explained, "coverage", cov);
        if (d->has_target) {
            json_object_set_new(obj, "target_decisions",
                                json_integer((json_int_t)ds->target_decisions));
            json_object_set_new(obj, "target_explained",
                                json_integer((json_int_t)ds->target_explained));
        }
        json_object_set_new(obj, "states", ds->states);
        json_object_set_new(obj, "rules", ds->rules);
        json_object_set_new(root, decision_key(order[q]), obj);
    }
    free(x);
    free(y);
    free(rows);
    free(covered);
    return rc;
}

int32_t clone_explain(const bc_model *model, const bc_bars *const *bars, const bc_trades *trades,
                      const char *const *symbols, int32_t n_series, int32_t max_depth,
                      int32_t min_support, json_t **out)
{
    *out = NULL;
    if (!model->feature_spec || !*model->feature_spec)
        return bc_fail(BC_E_UNSUPPORTED,
                       "explain: the model has no feature spec, so its inputs are not bar "
                       "features a rule could name (%d inputs)", model->n_features);
    bc_predictor *p = NULL;
    int32_t rc = bc_predictor_create(model, &p);
    if (rc != BC_OK)
        return bc_fail_context(rc, "explain: ");
    struct decided d = {0};
    d.n_market = p->n_market;
    d.n_position_used = p->has_position ? p->n_position - 2 : 0;
    d.n_day = p->n_day;
    d.day_index = model->n_features - 1;
    d.width = d.n_market + d.n_day + d.n_position_used;
    const char **names = malloc(sizeof *names * (size_t)d.width);
    if (!names)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "explain: no memory");
    for (int32_t j = 0; rc == BC_OK && j < d.width; j++)
        names[j] = j < d.n_market            ? model->feature_names[j]
                   : j < d.n_market + d.n_day ? CLONE_DAY_NAME
                                              : clone_position_column_name(
                                                    p->n_position, 2 + j - d.n_market - d.n_day);
    d.has_target = trades != NULL;
    char identity[64];
    double lots;
    bc_model_trade_identity(model, identity, (int32_t)sizeof identity, &lots);
    for (int32_t k = 0; rc == BC_OK && k < n_series; k++) {
        const char *symbol = symbols && symbols[k] && *symbols[k] ? symbols[k] : NULL;
        if (symbol)
            rc = bc_predictor_set(p, "symbol", symbol);
        int64_t first_row = d.n;
        double *atr = malloc(sizeof *atr * (size_t)(bc_bars_length(bars[k]) + 1));
        if (rc == BC_OK && !atr)
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "explain: no memory for %d bars",
                         bc_bars_length(bars[k]));
        if (rc == BC_OK)
            rc = run_series(p, bars[k], &d, atr);
        if (rc == BC_OK && trades && d.n > first_row)
            rc = target_rows(&d, p, bars[k], atr, trades, symbol ? symbol : identity, first_row);
        free(atr);
    }
    if (rc == BC_OK && d.n == 0)
        rc = bc_fail(BC_E_NO_DATA,
                     "explain: %lld bars, none past the features' lookback of %d bars: no "
                     "decision to explain",
                     (long long)d.bars, p->lookback);
    json_t *root = json_object();
    if (rc == BC_OK) {
        json_object_set_new(root, "bars", json_integer((json_int_t)d.bars));
        rc = explain_decisions(&d, names, max_depth, min_support, root);
    }
    free(names);
    free(d.x);
    free(d.state);
    free(d.decision);
    free(d.tx);
    free(d.tstate);
    free(d.tdecision);
    bc_predictor_free(p);
    if (rc != BC_OK) {
        json_decref(root);
        return rc;
    }
    *out = root;
    return BC_OK;
}
#endif

int32_t bc_model_explain(const bc_model *model, const bc_bars *const *bars,
                         const bc_trades *trades, const char *const *symbols, int32_t n_series,
                         int32_t max_depth, int32_t min_support, char *buf, int32_t capacity,
                         int32_t *length)
{
    if (!model || !bars || !length)
        return bc_fail_null("model_explain", "model", model, "bars", bars, "length", length,
                            (const char *)NULL);
    if (capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "model_explain: buf %s with capacity %d",
                       buf ? "given" : "NULL", capacity);
    if (n_series < 1 || n_series > 1024)
        return bc_fail(BC_E_INVALID_ARGUMENT, "model_explain: %d series, expected 1..1024",
                       n_series);
    for (int32_t k = 0; k < n_series; k++)
        if (!bars[k])
            return bc_fail(BC_E_INVALID_ARGUMENT, "model_explain: bars[%d] is NULL", k);
    if (max_depth == 0)
        max_depth = CLONE_EXPLAIN_DEFAULT_DEPTH;
    if (min_support == 0)
        min_support = CLONE_EXPLAIN_DEFAULT_SUPPORT;
    if (max_depth < 1 || max_depth > CLONE_EXPLAIN_MAX_DEPTH)
        return bc_fail(BC_E_INVALID_ARGUMENT, "model_explain: max_depth %d outside 1..%d",
                       max_depth, CLONE_EXPLAIN_MAX_DEPTH);
    if (min_support < 1)
        return bc_fail(BC_E_INVALID_ARGUMENT, "model_explain: min_support %d is not positive",
                       min_support);
#ifdef BC_HAVE_JANSSON
    json_t *root = NULL;
    int32_t rc = clone_explain(model, bars, trades, symbols, n_series, max_depth, min_support,
                               &root);
    if (rc != BC_OK)
        return rc;
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (!text)
        return bc_fail(BC_E_OUT_OF_MEMORY, "model_explain: no memory for the JSON text");
    size_t len = strlen(text);
    if (len > INT32_MAX - 1) {
        free(text);
        return bc_fail(BC_E_OUT_OF_MEMORY, "model_explain: %zu bytes of JSON", len);
    }
    *length = (int32_t)len;
    rc = BC_OK;
    if ((int64_t)capacity <= (int64_t)len)
        rc = bc_fail(BC_E_BUFFER_TOO_SMALL,
                     "model_explain: capacity %d, the rules need %zu bytes and a NUL", capacity,
                     len);
    else
        memcpy(buf, text, len + 1);
    free(text);
    return rc;
#else
    (void)symbols, (void)trades;
    return bc_fail(BC_E_UNSUPPORTED, "model_explain: this build has no JSON library");
#endif
}

/*
 * decision_source.c - the generated predictor's decision half: the forward
 * pass as bc_predictor runs it (float layers, model.c's single-row path),
 * the clone's position state (lib/clone/labels.c) and the predictor's rule
 * (lib/clone/predictor.c: allowed actions per position, calibrated P(act)
 * over them, per-class thresholds, the position moved as if the decision
 * filled at the close). Each statement transliterates the library's, in the
 * same order, so the C twin the tests compile gives bc_predictor_update's
 * decisions and probabilities bar for bar; a change there must change here.
 */
#include "clone/clone.h"
#include "export/export_ir.h"
#include "export/source_text.h"
#include "model/trees.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* CLONE_DAY_CAP as text, for the generated comments */
#define DAY_CAP_STR_(x) #x
#define DAY_CAP_STR(x) DAY_CAP_STR_(x)
#define DAY_CAP_TEXT DAY_CAP_STR(CLONE_DAY_CAP)

/* A float table of a layer's weights or biases. */
static void put_layer_table(source_text *t, const source_flavour *fl, const char *name, int32_t l,
                            int64_t n, const float *v)
{
    char full[32];
    snprintf(full, sizeof full, "%s%d", name, (int)l);
    bc_source_typed_array(t, fl, t->prefix, full, n, v, NULL, NULL);
}

/* A double table; +-inf (an open clip bound) prints as +-DBL_MAX, which
 * compares the same against every finite value, and MQL5 has no infinity
 * literal. */
static void put_double_table(source_text *t, const source_flavour *fl, const char *name,
                             int64_t n, const double *v)
{
    bc_source_put(t, "%sdouble %s_%s[%lld] = {", fl->const_storage, t->prefix, name,
                  (long long)n);
    for (int64_t i = 0; i < n; i++) {
        double x = isinf(v[i]) ? (v[i] > 0 ? 1.7976931348623157e308 : -1.7976931348623157e308)
                               : v[i];
        bc_source_put(t, "%s%s%.17g", i ? "," : "", i % 4 == 0 ? "\n    " : " ", x);
    }
    bc_source_put(t, "\n};\n");
}

static const char *activation_code(const source_flavour *fl, int32_t activation, char *buf,
                                   size_t cap)
{
    /* model.c activate_f / relu_f: s > 0 ? s : +0 (NaN too); tanh and the
     * sigmoid in double, rounded back to float. */
    if (activation == BC_EXPORT_ACT_RELU)
        snprintf(buf, cap, "        if (!(s > (float)0.0))\n            s = (float)0.0;\n");
    else if (activation == BC_EXPORT_ACT_TANH)
        snprintf(buf, cap, "        s = (float)%s((double)s);\n", fl->tanh_fn);
    else if (activation == BC_EXPORT_ACT_SIGMOID)
        snprintf(buf, cap, "        s = (float)(1.0 / (1.0 + %s(-(double)s)));\n", fl->exp_fn);
    else
        buf[0] = '\0';
    return buf;
}

void bc_source_forward(source_text *t, const source_flavour *fl, const bc_export_ir *ir)
{
    const char *P = t->prefix;
    const int32_t F = ir->n_features, C = ir->n_classes;
    const int32_t W = bc_export_ir_max_width(ir);
    bc_source_put(t, "\n/* ---- forward pass as bc_predictor runs it: raw class probabilities\n"
                  " * (softmax, before calibration). ");
    if (ir->trees) {
        bc_source_put(t, "Trees: the tables above. */\n");
    } else {
        bc_source_put(t, "The row is normalized in double and rounded to\n"
                      " * float; each layer sums w * x in float in eight lanes (lane j takes\n"
                      " * the inputs i = j mod 8 in order) added as ((l0+l4)+(l1+l5))+((l2+l6)+\n"
                      " * (l3+l7)), then bias + sum; the softmax is in double. */\n");
        put_double_table(t, fl, "clip_lo", F, ir->clip_low);
        put_double_table(t, fl, "clip_hi", F, ir->clip_high);
        for (int32_t l = 0; l < ir->n_layers; l++) {
            const bc_export_layer *L = &ir->layers[l];
            put_layer_table(t, fl, "fw", l, (int64_t)L->n_out * L->n_in, L->weight);
            put_layer_table(t, fl, "fb", l, L->n_out, L->bias);
        }
    }
    bc_source_put(t, "\nvoid %s_forward(", P);
    bc_source_put(t, fl->in_array, "x");
    bc_source_put(t, ", ");
    bc_source_put(t, fl->out_array, "probs");
    bc_source_put(t, ")\n{\n    double h[%d];\n    int i;\n    int o;\n", (int)W);
    if (ir->trees) {
        bc_source_trees_body(t, fl, ir);
    } else {
        bc_source_put(t, "    float fa[%d];\n    float fb[%d];\n    float lane[8];\n"
                      "    float s;\n    double v;\n    int j;\n", (int)W, (int)W);
        bc_source_put(t, "    for (j = 0; j < %d; j++) {\n"
                      "        v = (x[j] - %s_center[j]) / %s_scale[j];\n        if (",
                      (int)F, P, P);
        bc_source_put(t, fl->nonfinite_fmt, "v");
        bc_source_put(t, ") {\n            fa[j] = (float)0.0;\n        } else {\n"
                      "            if (v < %s_clip_lo[j])\n                v = %s_clip_lo[j];\n"
                      "            if (v > %s_clip_hi[j])\n                v = %s_clip_hi[j];\n"
                      "            fa[j] = (float)v;\n        }\n    }\n", P, P, P, P);
        const char *src = "fa", *dst = "fb";
        for (int32_t l = 0; l < ir->n_layers; l++) {
            const bc_export_layer *L = &ir->layers[l];
            char act[160];
            bc_source_put(t,
                          "    for (o = 0; o < %d; o++) {\n"
                          "        for (j = 0; j < 8; j++)\n            lane[j] = (float)0.0;\n"
                          "        for (i = 0; i + 8 <= %d; i += 8)\n"
                          "            for (j = 0; j < 8; j++)\n"
                          "                lane[j] += %s_fw%d[o * %d + i + j] * %s[i + j];\n"
                          "        for (j = 0; i < %d; i++) {\n"
                          "            lane[j] += %s_fw%d[o * %d + i] * %s[i];\n"
                          "            j++;\n        }\n"
                          "        s = ((lane[0] + lane[4]) + (lane[1] + lane[5])) +\n"
                          "            ((lane[2] + lane[6]) + (lane[3] + lane[7]));\n"
                          "        s = %s_fb%d[o] + s;\n%s        %s[o] = s;\n    }\n",
                          (int)L->n_out, (int)L->n_in, P, (int)l, (int)L->n_in, src,
                          (int)L->n_in, P, (int)l, (int)L->n_in, src, P, (int)l,
                          activation_code(fl, L->activation, act, sizeof act), dst);
            const char *swap = src;
            src = dst;
            dst = swap;
        }
        bc_source_put(t, "    for (o = 0; o < %d; o++)\n        h[o] = (double)%s[o];\n",
                      (int)C, src);
    }
    /* model.c softmax_double. */
    bc_source_put(t, "    double top = h[0];\n    for (o = 1; o < %d; o++)\n"
                  "        if (h[o] > top)\n            top = h[o];\n"
                  "    double total = 0.0;\n    for (o = 0; o < %d; o++) {\n"
                  "        probs[o] = %s(h[o] - top);\n        total += probs[o];\n    }\n"
                  "    for (o = 0; o < %d; o++)\n        probs[o] /= total;\n}\n",
                  (int)C, (int)C, fl->exp_fn, (int)C);
}

/* The bar parameters of _update and _observe, and the arguments that pass
 * them on to _features_update. */
static void put_bar_params(source_text *t, const source_flavour *fl, int32_t book)
{
    bc_source_put(t, "%s bar_time, double bar_open, double bar_high,\n    double bar_low, "
                  "double bar_close, double bar_volume%s", fl->int64_type,
                  book ? ", double book_bid_volume,\n    double book_ask_volume" : "");
}

static const char *bar_args(int32_t book)
{
    return book ? "bar_time, bar_open, bar_high, bar_low, bar_close, bar_volume,\n"
                  "        book_bid_volume, book_ask_volume"
                : "bar_time, bar_open, bar_high, bar_low, bar_close, bar_volume";
}

/* The one writer of the generated code's finite guards: fl's finite test
 * of each name of list (names apart by blanks), joined by " && "; "@x"
 * names the prefix's global <prefix>_x, and a gap holding a newline keeps
 * it and the indent after it (" &&\n        "). */
static void put_finite(source_text *t, const source_flavour *fl, const char *list)
{
    const char *s = list;
    for (int first = 1;; first = 0) {
        const char *gap = s;
        s += strspn(s, " \n");
        if (!*s)
            return;
        if (!first) {
            const char *nl = memchr(gap, '\n', (size_t)(s - gap));
            if (nl)
                bc_source_put(t, " &&%.*s", (int)(s - nl), nl);
            else
                bc_source_put(t, " && ");
        }
        const size_t len = strcspn(s, " \n");
        char name[96];
        if (*s == '@')
            snprintf(name, sizeof name, "%s_%.*s", t->prefix, (int)len - 1, s + 1);
        else
            snprintf(name, sizeof name, "%.*s", (int)len, s);
        bc_source_put(t, fl->finite_fmt, name);
        s += len;
    }
}

/* The extended position columns (labels.c clone_position_extra) from
 * column `at`: the bar's levels against the entry in entry ATRs, then the
 * bars-held buckets. _entry_atr is already the entry's ATR or, when the
 * position had none, this bar's (put_feed set it above). */
static void put_extended_columns(source_text *t, const source_flavour *fl, int32_t at)
{
    const char *P = t->prefix;
    bc_source_put(t, "    for (j = 0; j < 10; j++)\n        %s_row[%d + j] = 0.0;\n"
                  "    if (%s_direction != 0) {\n        if (%s_entry_atr > 0.0 && ",
                  P, (int)at, P, P);
    put_finite(t, fl, "@entry_atr @entry_price\n            bar_high bar_low bar_close");
    bc_source_put(t, ") {\n"
                  "            up = (bar_high - %s_entry_price) / %s_entry_atr;\n"
                  "            down = (%s_entry_price - bar_low) / %s_entry_atr;\n"
                  "            %s_row[%d] = %s_direction > 0 ? up : down; /* bar_fav_atr */\n"
                  "            %s_row[%d] = %s_direction > 0 ? down : up; /* bar_adv_atr */\n"
                  "            %s_row[%d] = (double)%s_direction * (bar_close - %s_entry_price) / "
                  "%s_entry_atr; /* close_entry_atr */\n        }\n"
                  "        j = held <= 1 ? 0 : held == 2 ? 1 : held <= 4 ? 2 : held <= 8 ? 3 : "
                  "held <= 16 ? 4 : held <= 32 ? 5 : 6;\n"
                  "        %s_row[%d + j] = 1.0; /* held_1 .. held_33_up */\n    }\n",
                  P, P, P, P, P, (int)at, P, P, (int)at + 1, P, P, (int)at + 2, P, P, P,
                  P, (int)at + 3);
}

/* A double constant that reads back as the same double in C and MQL5. */
static void put_double_literal(source_text *t, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    bc_source_put(t, "%s%s", buf, strpbrk(buf, ".eEn") ? "" : ".0");
}

/* The level block (labels.c clone_position_levels, clone_level_price)
 * from column `at`: each of the model's levels at the entry (the unit the
 * entry ATR, the entry price or one point), then the bar's worst / best
 * price and its close against it in entry ATRs. _entry_atr is already
 * the entry's or this bar's (put_feed). */
static void put_level_columns(source_text *t, const source_flavour *fl,
                              const bc_export_decision *d, int32_t at)
{
    const char *P = t->prefix;
    bc_source_put(t, "    for (j = 0; j < 4; j++)\n        %s_row[%d + j] = 0.0;\n"
                  "    if (%s_direction != 0 && %s_entry_atr > 0.0 && ", P, (int)at, P, P);
    put_finite(t, fl, "@entry_atr\n        bar_high bar_low bar_close");
    bc_source_put(t, ") {\n");
    static const char *const names[2][2] = {{"sl_bar_atr", "sl_close_atr"},
                                            {"tp_bar_atr", "tp_close_atr"}};
    for (int k = 0; k < 2; k++) {
        int32_t unit = d->level_unit[k];
        if (unit == 0)
            continue;
        /* clone_level_price: entry + sign * direction * k * unit */
        bc_source_put(t, "        unit = ");
        if (unit == 1)
            bc_source_put(t, "%s_entry_atr;\n", P);
        else if (unit == 2)
            bc_source_put(t, "%s_entry_price;\n", P);
        else
            bc_source_put(t, "1.0;\n");
        bc_source_put(t, "        level = %s_NAN;\n        if (unit > 0.0 && ", P);
        put_finite(t, fl, "unit @entry_price");
        bc_source_put(t, ")\n            level = %s_entry_price + (double)(%d) * (double)%s_direction * ",
                      P, k ? 1 : -1, P);
        put_double_literal(t, d->level_k[k]);
        bc_source_put(t, " * unit;\n        if (");
        put_finite(t, fl, "level");
        if (k == 0)
            bc_source_put(t, ") {\n"
                          "            %s_row[%d] = %s_direction > 0 ? (bar_low - level) / %s_entry_atr "
                          ": (level - bar_high) / %s_entry_atr; /* %s */\n"
                          "            %s_row[%d] = (double)%s_direction * (bar_close - level) / "
                          "%s_entry_atr; /* %s */\n        }\n",
                          P, (int)at, P, P, P, names[k][0], P, (int)at + 1, P, P, names[k][1]);
        else
            bc_source_put(t, ") {\n"
                          "            %s_row[%d] = %s_direction > 0 ? (level - bar_high) / %s_entry_atr "
                          ": (bar_low - level) / %s_entry_atr; /* %s */\n"
                          "            %s_row[%d] = (double)%s_direction * (level - bar_close) / "
                          "%s_entry_atr; /* %s */\n        }\n",
                          P, (int)at + 2, P, P, P, names[k][0], P, (int)at + 3, P, P, names[k][1]);
    }
    bc_source_put(t, "    }\n");
}

/* _feed: features, the ATR, this bar's excursions and the position
 * columns (predictor.c feed_bar + position_columns, labels.c
 * clone_excursion_step, clone_position_features, clone_signed_features). */
static void put_feed(source_text *t, const source_flavour *fl, const bc_export_ir *ir,
                     int32_t book)
{
    const char *P = t->prefix;
    const bc_export_decision *d = ir->decision;
    const int32_t M = d->n_market, NP = d->n_position, base = NP - (d->has_levels ? 4 : 0);
    /* 7 and 17: the six or sixteen, then giveback_atr; 9 and 19 then the
     * two entry-bar columns too (export_ir.h). */
    const int eb = base == 9 || base == 19;
    const int32_t core = base == 7 || base == 17 ? base - 1 : eb ? base - 3 : base;
    bc_source_put(t, "\n/* One bar into the features and the position state: %s_row holds the\n"
                  " * model's inputs, the position as before this bar's decision. */\n"
                  "void %s_feed(", P, P);
    put_bar_params(t, fl, book);
    bc_source_put(t, ")\n{\n    int j;\n");
    if (NP == 0) {
        bc_source_put(t, "    %s_features_update(%s, %s_row);\n}\n", P, bar_args(book), P);
        return;
    }
    bc_source_put(t, "    int held;\n    double up;\n    double down;\n    double adverse;\n"
                  "    double favourable;\n    double upnl;\n%s"
                  "    %s_features_update(%s, %s_cols);\n"
                  "    for (j = 0; j < %d; j++)\n        %s_row[j] = %s_cols[j];\n"
                  "    %s_last_atr = %s_cols[%d];\n"
                  "    %s_last_high = bar_high;\n    %s_last_low = bar_low;\n",
                  d->has_levels ? "    double unit;\n    double level;\n" : "", P, bar_args(book), P,
                  (int)M, P, P, P, P, (int)M, P, P);
    if (d->exit_unit[0] == CLONE_LEVEL_SWING || d->breakeven > 0.0)
        /* predictor.c clone_predictor_swing_push: this bar (bar_count); a
         * break-even move reads it in _set_position */
        bc_source_put(t, "    %s_swing_high[%s_bar_count %% %d] = bar_high;\n"
                      "    %s_swing_low[%s_bar_count %% %d] = bar_low;\n"
                      "    %s_swing_last = %s_bar_count;\n",
                      P, P, CLONE_SWING_MAX, P, P, CLONE_SWING_MAX, P, P);
    bc_source_put(t, "    held = %s_direction != 0 ? %s_bar_count - %s_entry_index : 0;\n"
                  "    if (%s_direction != 0) {\n", P, P, P, P);
    if (eb) {
        /* labels.c clone_excursion_step: the entry bar's high and low, this
         * bar's when either is not finite (a position set before any bar) */
        bc_source_put(t, "        if (!(");
        put_finite(t, fl, "@entry_high @entry_low");
        bc_source_put(t, ")) {\n            %s_entry_high = bar_high;\n"
                      "            %s_entry_low = bar_low;\n        }\n", P, P);
    }
    if (core != base) {
        /* labels.c clone_excursion_step: the best close, from the entry
         * price, then each finite close better for the position. */
        bc_source_put(t, "        if (!(");
        put_finite(t, fl, "@best_close");
        bc_source_put(t, "))\n            %s_best_close = %s_entry_price;\n        if (", P, P);
        put_finite(t, fl, "bar_close");
        bc_source_put(t, " && (!(");
        put_finite(t, fl, "@best_close");
        bc_source_put(t, ") ||\n            (%s_direction > 0 ? bar_close > %s_best_close : "
                      "bar_close < %s_best_close)))\n            %s_best_close = bar_close;\n",
                      P, P, P, P);
    }
    bc_source_put(t, "        if (!(%s_entry_atr > 0.0 && ", P);
    put_finite(t, fl, "@entry_atr");
    bc_source_put(t, "))\n            %s_entry_atr = %s_last_atr;\n        if (%s_entry_atr > 0.0 && ",
                  P, P, P);
    put_finite(t, fl, "@entry_atr @entry_price\n            bar_high bar_low");
    bc_source_put(t, ") {\n"
                  "            up = (bar_high - %s_entry_price) / %s_entry_atr;\n"
                  "            down = (%s_entry_price - bar_low) / %s_entry_atr;\n"
                  "            adverse = %s_direction > 0 ? down : up;\n"
                  "            favourable = %s_direction > 0 ? up : down;\n"
                  "            if (adverse > %s_mae_atr)\n                %s_mae_atr = adverse;\n"
                  "            if (favourable > %s_mfe_atr)\n                %s_mfe_atr = favourable;\n"
                  "        }\n    }\n",
                  P, P, P, P, P, P, P, P, P, P);
    bc_source_put(t, "    %s_row[%d] = %s_direction > 0 ? 1.0 : 0.0; /* pos_long */\n"
                  "    %s_row[%d] = %s_direction < 0 ? 1.0 : 0.0; /* pos_short */\n"
                  "    %s_row[%d] = %s_direction != 0 ? (double)held : 0.0; /* bars_held */\n"
                  "    upnl = 0.0;\n    if (%s_direction != 0 && %s_last_atr > 0.0 && ",
                  P, (int)M, P, P, (int)M + 1, P, P, (int)M + 2, P, P, P);
    put_finite(t, fl, "@last_atr\n        @entry_price bar_close");
    bc_source_put(t, ")\n        upnl = (double)%s_direction * (bar_close - %s_entry_price) / "
                  "%s_last_atr;\n    %s_row[%d] = upnl; /* upnl_atr */\n", P, P, P, P, (int)M + 3);
    if (core >= 6)
        bc_source_put(t, "    %s_row[%d] = %s_direction != 0 ? %s_mae_atr : 0.0; /* mae_atr */\n"
                      "    %s_row[%d] = %s_direction != 0 ? %s_mfe_atr : 0.0; /* mfe_atr */\n",
                      P, (int)M + 4, P, P, P, (int)M + 5, P, P);
    if (core >= 16)
        put_extended_columns(t, fl, M + 6);
    if (core != base) {
        /* labels.c clone_position_giveback */
        bc_source_put(t, "    upnl = 0.0;\n    if (%s_direction != 0 && %s_last_atr > 0.0 && ", P, P);
        put_finite(t, fl, "@last_atr\n        bar_close @best_close");
        bc_source_put(t, ")\n        upnl = (double)%s_direction * (%s_best_close - bar_close) / "
                      "%s_last_atr;\n    %s_row[%d] = upnl > 0.0 ? upnl : 0.0; /* giveback_atr */\n",
                      P, P, P, P, (int)(M + core));
    }
    if (eb) {
        /* labels.c clone_position_entry_bar; the unit is the entry ATR,
         * already this bar's when the position has none (above) */
        bc_source_put(t, "    %s_row[%d] = 0.0;\n    %s_row[%d] = 0.0;\n"
                      "    if (%s_direction != 0 && %s_entry_atr > 0.0 && ",
                      P, (int)(M + core + 1), P, (int)(M + core + 2), P, P);
        put_finite(t, fl, "@entry_atr\n        @entry_high @entry_low bar_close");
        bc_source_put(t, ") {\n"
                      "        %s_row[%d] = (double)%s_direction * (bar_close - (%s_direction > 0 ? "
                      "%s_entry_high : %s_entry_low)) / %s_entry_atr; /* close_ebar_fav_atr */\n"
                      "        %s_row[%d] = (double)%s_direction * (bar_close - (%s_direction > 0 ? "
                      "%s_entry_low : %s_entry_high)) / %s_entry_atr; /* close_ebar_adv_atr */\n"
                      "    }\n",
                      P, (int)(M + core + 1), P, P, P, P, P, P, (int)(M + core + 2), P, P, P, P,
                      P);
    }
    if (d->has_levels)
        put_level_columns(t, fl, d, M + base);
    if (d->n_signed > 0)
        bc_source_put(t, "    for (j = 0; j < %d; j++) /* pos_dir*<market column> */\n"
                      "        %s_row[%d + j] = %s_direction != 0 ? (double)%s_direction * "
                      "%s_row[%s_signed_index[j]] : 0.0;\n",
                      (int)d->n_signed, P, (int)(M + NP), P, P, P, P);
    bc_source_put(t, "}\n");
}

/* _decide with the generated forward pass: predictor.c clone_predict_row. */
static void put_decide(source_text *t, const source_flavour *fl, const bc_export_ir *ir)
{
    const char *P = t->prefix;
    bc_source_put(t, "\n/* The decision on %s_row: P(act) = the raw probabilities of the actions\n"
                  " * open to the position, summed in %s_allowed order and calibrated; the\n"
                  " * likeliest of them is taken when P(act) clears its class's threshold. */\n"
                  "int %s_decide()\n{\n    int s;\n    int i;\n    int k;\n    int best;\n"
                  "    double mass;\n    double none;\n    double pact;\n"
                  "    %s_forward(%s_row, %s_raw);\n"
                  "    s = (%s_direction + 1) * 4;\n    mass = 0.0;\n"
                  "    for (i = 0; %s_allowed[s + i] >= 0; i++)\n"
                  "        mass += %s_raw[%s_allowed[s + i]];\n"
                  "    none = 1.0 - mass;\n    pact = 1.0 - none;\n",
                  P, P, P, P, P, P, P, P, P, P);
    if (ir->has_calibration)
        bc_source_put(t, "    double a = pact;\n    if (a < 1e-12)\n        a = 1e-12;\n"
                      "    if (a > 1.0 - 1e-12)\n        a = 1.0 - 1e-12;\n"
                      "    pact = 1.0 / (1.0 + %s(-(%.17g * %s(a / (1.0 - a)) + %.17g)));\n",
                      fl->exp_fn, ir->calibration_coef, fl->log_fn,
                      ir->calibration_intercept);
    bc_source_put(t, "    %s_last_p_act = pact;\n    best = -1;\n"
                  "    for (i = 0; %s_allowed[s + i] >= 0; i++) {\n"
                  "        k = %s_allowed[s + i];\n"
                  "        if (best < 0 || %s_raw[k] > %s_raw[best])\n            best = k;\n"
                  "    }\n    %s_last_threshold = %s_threshold;\n    if (best >= 0 && ",
                  P, P, P, P, P, P, P);
    put_finite(t, fl, "@class_threshold[best]");
    bc_source_put(t, ")\n        %s_last_threshold = %s_class_threshold[best];\n"
                  "    if (best < 0 || !(pact >= %s_last_threshold))\n"
                  "        return %s_DECISION_HOLD;\n"
                  "    return best == 1 ? %s_DECISION_BUY : best == 2 ? %s_DECISION_SELL : "
                  "%s_DECISION_CLOSE;\n}\n", P, P, P, P, P, P, P);
}

/* _decide through MT5's ONNX Runtime: the decision graph of the same model
 * (bc_export_onnx_decision) run on %s_row. MQL5 only. */
static void put_decide_onnx(source_text *t, const bc_export_ir *ir)
{
    const char *P = t->prefix;
    const int32_t F = ir->n_features, C = ir->n_classes;
    bc_source_put(t, "\n/* ---- the decision graph through MT5's ONNX Runtime (OnnxRun). The\n"
                  " * graph takes the row above and applies the predictor's rule inside it;\n"
                  " * the thresholds are its constants. %s_onnx_create(model) once (model:\n"
                  " * the .onnx bytes, e.g. #resource \"\\\\Files\\\\clone.onnx\" as uchar\n"
                  " * model[]), %s_onnx_release() in OnDeinit. */\n"
                  "long %s_onnx = INVALID_HANDLE;\nint %s_onnx_error = 0;\n\n"
                  "bool %s_onnx_create(const uchar &model[])\n{\n"
                  "    const long in_shape[] = {1, %d};\n    const long one[] = {1};\n"
                  "    const long prob_shape[] = {1, %d};\n"
                  "    %s_onnx = OnnxCreateFromBuffer(model, ONNX_DEFAULT);\n"
                  "    if (%s_onnx == INVALID_HANDLE) {\n"
                  "        %s_onnx_error = GetLastError();\n"
                  "        PrintFormat(\"%s: OnnxCreateFromBuffer failed, error %%d\", %s_onnx_error);\n"
                  "        return false;\n    }\n"
                  "    if (!OnnxSetInputShape(%s_onnx, 0, in_shape) || !OnnxSetOutputShape(%s_onnx, 0, one) ||\n"
                  "        !OnnxSetOutputShape(%s_onnx, 1, one) || !OnnxSetOutputShape(%s_onnx, 2, one) ||\n"
                  "        !OnnxSetOutputShape(%s_onnx, 3, prob_shape)) {\n"
                  "        %s_onnx_error = GetLastError();\n"
                  "        PrintFormat(\"%s: the ONNX model's shapes are not [1,%d] -> decision, p_act, "
                  "threshold, [1,%d] (error %%d): export it again with --format onnx-decision\",\n"
                  "                    %s_onnx_error);\n"
                  "        OnnxRelease(%s_onnx);\n        %s_onnx = INVALID_HANDLE;\n"
                  "        return false;\n    }\n    return true;\n}\n\n"
                  "void %s_onnx_release()\n{\n    if (%s_onnx != INVALID_HANDLE)\n"
                  "        OnnxRelease(%s_onnx);\n    %s_onnx = INVALID_HANDLE;\n}\n",
                  P, P, P, P, P, (int)F, (int)C, P, P, P, P, P, P, P, P, P, P, P, P, (int)F,
                  (int)C, P, P, P, P, P, P, P);
    bc_source_put(t, "\n/* The decision, or -2 when OnnxRun fails (%s_onnx_error holds\n"
                  " * GetLastError()). */\nint %s_decide()\n{\n    long decision[1];\n"
                  "    double pact[1];\n    double threshold[1];\n    double probs[%d];\n"
                  "    int k;\n"
                  "    if (%s_onnx == INVALID_HANDLE ||\n"
                  "        !OnnxRun(%s_onnx, ONNX_NO_CONVERSION, %s_row, decision, pact, threshold, probs)) {\n"
                  "        %s_onnx_error = %s_onnx == INVALID_HANDLE ? 0 : GetLastError();\n"
                  "        %s_last_p_act = %s_NAN;\n        return -2;\n    }\n"
                  "    for (k = 0; k < %d; k++)\n        %s_raw[k] = probs[k];\n"
                  "    %s_last_p_act = pact[0];\n    %s_last_threshold = threshold[0];\n"
                  "    return (int)decision[0];\n}\n",
                  P, P, (int)C, P, P, P, P, P, P, P, (int)C, P, P, P);
}

/* _swing_extreme (a swing stop only): predictor.c swing_extremes, labels.c
 * clone_swing_extremes over the window of the last CLONE_SWING_MAX bars
 * fed that _feed keeps, as the predictor's. */
static void put_swing_extreme(source_text *t, const source_flavour *fl)
{
    const char *P = t->prefix;
    const int W = CLONE_SWING_MAX;
    bc_source_put(t, "\n/* The lowest low (direction > 0) or the highest high of the n bars\n"
                  " * through bar last, of the last %d bars fed; NaN when one of them is not\n"
                  " * there (before the first bar, or older than those %d) or not finite. */\n"
                  "double %s_swing_extreme(int last, int n, int direction)\n{\n"
                  "    int j;\n    double l;\n    double h;\n    double lo;\n    double hi;\n"
                  "    if (last > %s_swing_last || last - n + 1 < 0 || last - n + 1 <= %s_swing_last - %d)\n"
                  "        return %s_NAN;\n"
                  "    lo = %s_swing_low[(last - n + 1) %% %d];\n"
                  "    hi = %s_swing_high[(last - n + 1) %% %d];\n"
                  "    for (j = last - n + 1; j <= last; j++) {\n"
                  "        l = %s_swing_low[j %% %d];\n        h = %s_swing_high[j %% %d];\n"
                  "        if (!(",
                  W, W, P, P, P, W, P, P, W, P, W, P, W, P, W);
    put_finite(t, fl, "l h");
    bc_source_put(t, "))\n            return %s_NAN;\n"
                  "        lo = l < lo ? l : lo;\n        hi = h > hi ? h : hi;\n    }\n"
                  "    return direction > 0 ? lo : hi;\n}\n", P);
}

/* _place_levels: the position's stop-loss and take-profit at its entry
 * (predictor.c clone_predictor_levels, labels.c clone_entry_levels,
 * clone_level_price): each rule's unit - the entry ATR (atr(14)), the
 * entry price, one point, an engine column's value (atr(n), range,
 * stddev), |entry price - the engine's level| (to_*); a swing stop k times
 * the distance to the extreme of the n bars through the entry bar (the
 * window _feed keeps: the entry bar's own window also for a position set
 * bars after its entry, as the predictor's), a risk target k times the
 * stop's distance. The engine columns are the last bar's (the entry bar,
 * or the one standing for it as for the ATR). NaN: no such level. */
static void put_place_levels(source_text *t, const source_flavour *fl, const bc_export_decision *d)
{
    const char *P = t->prefix;
    const int32_t at = d->n_market + 1; /* the first engine column */
    int uses_unit = 0, uses_dist = d->exit_unit[0] == CLONE_LEVEL_SWING;
    if (uses_dist)
        put_swing_extreme(t, fl);
    bc_source_put(t, "\n/* The levels of the position just entered or set, as the predictor places\n"
                  " * them: %s_sl, %s_tp (NaN: none) for the EA's order. */\n"
                  "void %s_place_levels()\n{\n", P, P, P);
    for (int k = 0; k < 2; k++) {
        uses_unit |= d->exit_unit[k] != CLONE_LEVEL_NONE && d->exit_unit[k] != CLONE_LEVEL_SWING &&
                     d->exit_unit[k] != CLONE_LEVEL_RISK;
    }
    bc_source_put(t, "%s%s", uses_unit ? "    double unit;\n" : "",
                  uses_dist ? "    double dist;\n" : "");
    bc_source_put(t, "    %s_sl = %s_NAN;\n    %s_tp = %s_NAN;\n", P, P, P, P);
    for (int k = 0; k < 2; k++) {
        const int32_t u = d->exit_unit[k];
        const char *level = k ? "tp" : "sl";
        /* clone_level_unit: a swing or risk unit places no level of its own
         * (clone_entry_levels: a swing stop-loss, a risk take-profit) */
        if (u == CLONE_LEVEL_NONE || u == CLONE_LEVEL_RISK || (k && u == CLONE_LEVEL_SWING))
            continue;
        bc_source_put(t, "    /* the %s: %s", k ? "take-profit" : "stop-loss",
                      clone_level_unit_name(u));
        if (d->exit_col[k] >= 0)
            bc_source_put(t, ", %s", d->exit_engine[d->exit_col[k]]);
        if (u == CLONE_LEVEL_SWING)
            bc_source_put(t, ", the %d bars through the entry bar", (int)d->exit_n[k]);
        bc_source_put(t, " */\n");
        if (u == CLONE_LEVEL_SWING) {
            /* clone_predictor_levels: the window through the entry bar, or
             * the last bar fed when the entry is not (a position set
             * between bars); clone_entry_levels: the distance to the
             * extreme, k times */
            bc_source_put(t, "    dist = %s_swing_extreme(%s_entry_index < %s_swing_last ? "
                          "%s_entry_index : %s_swing_last, %d,\n"
                          "                            %s_direction);\n"
                          "    dist = %s_direction > 0 ? %s_entry_price - dist : dist - %s_entry_price;\n"
                          "    if (%s_direction != 0 && ",
                          P, P, P, P, P, (int)d->exit_n[0], P, P, P, P, P);
            put_finite(t, fl, "@entry_price");
            bc_source_put(t, " && dist > 0.0 && ");
            put_finite(t, fl, "dist");
            bc_source_put(t, ")\n        %s_%s = %s_entry_price - (double)%s_direction * ", P,
                          level, P, P);
            put_double_literal(t, d->exit_k[k]);
            bc_source_put(t, " * dist;\n");
            continue;
        }
        bc_source_put(t, "    unit = ");
        if (u == CLONE_LEVEL_ATR && d->exit_col[k] < 0)
            bc_source_put(t, "%s_entry_atr;\n", P);
        else if (u == CLONE_LEVEL_PRICE)
            bc_source_put(t, "%s_entry_price;\n", P);
        else if (u == CLONE_LEVEL_POINTS)
            bc_source_put(t, "1.0;\n");
        else if (CLONE_LEVEL_IS_TO(u))
            bc_source_put(t, "%s(%s_entry_price - %s_cols[%d]);\n", fl->fabs_fn, P, P,
                          (int)(at + d->exit_col[k]));
        else
            bc_source_put(t, "%s_cols[%d];\n", P, (int)(at + d->exit_col[k]));
        /* clone_level_price */
        bc_source_put(t, "    if (%s_direction != 0 && unit > 0.0 && ", P);
        put_finite(t, fl, "unit @entry_price");
        bc_source_put(t, ")\n        %s_%s = %s_entry_price + (double)(%d) * (double)%s_direction * ",
                      P, level, P, k ? 1 : -1, P);
        put_double_literal(t, d->exit_k[k]);
        bc_source_put(t, " * unit;\n");
    }
    if (d->exit_unit[1] == CLONE_LEVEL_RISK) {
        bc_source_put(t, "    /* the take-profit: risk, k times the stop's distance */\n    if (");
        put_finite(t, fl, "@sl");
        bc_source_put(t, ")\n        %s_tp = %s_entry_price + ", P, P);
        put_double_literal(t, d->exit_k[1]);
        bc_source_put(t, " * (%s_entry_price - %s_sl);\n", P, P);
    }
    bc_source_put(t, "}\n");
}

void bc_source_decision(source_text *t, const source_flavour *fl, const bc_export_ir *ir,
                        int32_t book, int32_t onnx_run)
{
    const char *P = t->prefix;
    const bc_export_decision *d = ir->decision;
    const int32_t F = ir->n_features, C = ir->n_classes, M = d->n_market;
    const char *G = fl->global_storage;
    bc_source_put(t, "\n/* ---- the predictor (bc_predictor): call %s_reset() once, then\n"
                  " * %s_update() for every closed bar in time order; it returns the\n"
                  " * decision (%s_DECISION_*), or -1 for a bar not after the previous one%s.\n"
                  " * Until %s_LOOKBACK bars are in it holds. The inputs: %d market columns,\n"
                  " * %d position columns (pos_long, pos_short, bars_held, upnl_atr%s%s; ATR =\n"
                  " * ",
                  P, P, P, onnx_run ? ", or\n * -2 when OnnxRun fails" : "", P, (int)M,
                  (int)d->n_position, d->n_position - 4 * d->has_levels >= 6 ? ", mae_atr, mfe_atr, ..." : "",
                  d->has_levels ? ", ..., the sl/tp level columns" : "");
    bc_source_put_comment(t, d->n_position ? d->atr_spec : "none");
    bc_source_put(t, " of the bars), %d position-signed copies of market columns%s.\n"
                  " * With auto position (the default) the position follows the decisions\n"
                  " * as if each filled at the bar's close; an EA that trades calls\n"
                  " * %s_set_auto_position(0) and reports its real position with\n"
                  " * %s_set_position(direction, bars_held, entry_price) after each fill. */\n",
                  (int)d->n_signed,
                  d->n_day ? ", then the day count trades_today (the entries taken on the\n"
                             " * bar's UTC day before its decision, capped at " DAY_CAP_TEXT ": its own with auto\n"
                             " * position, the ones set_position reports entered)"
                           : "",
                  P, P);
    bc_source_put(t, "#define %s_LOOKBACK %d\n#define %s_DECISION_HOLD %d\n"
                  "#define %s_DECISION_BUY %d\n#define %s_DECISION_SELL %d\n"
                  "#define %s_DECISION_CLOSE %d\n",
                  P, (int)d->lookback, P, BC_EXPORT_DECISION_HOLD, P, BC_EXPORT_DECISION_BUY, P,
                  BC_EXPORT_DECISION_SELL, P, BC_EXPORT_DECISION_CLOSE);
    /* Allowed classes per position, rows short / flat / long. */
    int32_t allowed[12];
    for (int32_t s = 0; s < 3; s++)
        for (int32_t i = 0; i < 4; i++)
            allowed[s * 4 + i] = d->allowed[s][i];
    bc_source_typed_array(t, fl, P, "allowed", 12, NULL, allowed, NULL);
    if (d->n_signed > 0)
        bc_source_typed_array(t, fl, P, "signed_index", d->n_signed, NULL, d->signed_index,
                              NULL);
    bc_source_put(t, "%sdouble %s_row[%d];\n%sdouble %s_raw[%d];\n", G, P, (int)F, G, P, (int)C);
    if (d->n_position > 0)
        bc_source_put(t, "%sdouble %s_cols[%d];\n", G, P, (int)M + 1 + (int)d->n_exit_engines);
    bc_source_put(t, "%sdouble %s_sl;\n%sdouble %s_tp;\n", G, P, G, P);
    if (d->exit_unit[0] == CLONE_LEVEL_SWING || d->breakeven > 0.0)
        /* predictor.h swing_high, swing_low, swing_last */
        bc_source_put(t, "%sdouble %s_swing_high[%d];\n%sdouble %s_swing_low[%d];\n"
                      "%sint %s_swing_last;\n",
                      G, P, CLONE_SWING_MAX, G, P, CLONE_SWING_MAX, G, P);
    bc_source_put(t, "%sdouble %s_threshold;\n%sdouble %s_class_threshold[4];\n"
                  "%sdouble %s_last_p_act;\n%sdouble %s_last_threshold;\n"
                  "%sdouble %s_entry_price;\n%sdouble %s_entry_atr;\n%sdouble %s_mae_atr;\n"
                  "%sdouble %s_mfe_atr;\n%sdouble %s_last_atr;\n%sdouble %s_best_close;\n"
                  "%sdouble %s_entry_high;\n%sdouble %s_entry_low;\n"
                  "%sdouble %s_last_high;\n%sdouble %s_last_low;\n"
                  "%sint %s_auto_position;\n%sint %s_last_entered;\n%sint %s_bar_count;\n"
                  "%sint %s_has_time;\n%sint %s_direction;\n%sint %s_entry_index;\n"
                  "%s%s %s_last_time;\n",
                  G, P, G, P, G, P, G, P, G, P, G, P, G, P, G, P, G, P, G, P, G, P, G, P, G, P,
                  G, P, G, P, G, P, G, P, G, P, G, P, G, P, G, fl->int64_type, P);
    if (d->n_day) /* predictor.h day: the UTC day of the last bar decided, its entries */
        bc_source_put(t, "%s%s %s_day;\n%sint %s_has_day;\n%sint %s_day_entries;\n", G,
                      fl->int64_type, P, G, P, G, P);
    if (d->level_wait)
        bc_source_put(t, "%sint %s_closed_direction;\n%sint %s_closed_at;\n%sint %s_last_decision;\n"
                      "%sdouble %s_closed_sl;\n%sdouble %s_closed_tp;\n",
                      G, P, G, P, G, P, G, P, G, P);
    if (onnx_run)
        put_decide_onnx(t, ir);
    else
        put_decide(t, fl, ir);
    put_feed(t, fl, ir, book);

    /* _reset: a new predictor (bc_predictor_create + reset). */
    bc_source_put(t, "\n/* A new predictor: features, position (flat), thresholds (the model's)\n"
                  " * and auto position. */\nvoid %s_reset()\n{\n"
                  "    %s_features_reset();\n    %s_bar_count = 0;\n    %s_has_time = 0;\n"
                  "    %s_last_time = 0;\n    %s_direction = 0;\n    %s_entry_index = 0;\n"
                  "    %s_entry_price = %s_NAN;\n    %s_entry_atr = %s_NAN;\n"
                  "    %s_last_atr = %s_NAN;\n    %s_mae_atr = 0.0;\n    %s_mfe_atr = 0.0;\n"
                  "    %s_best_close = %s_NAN;\n    %s_sl = %s_NAN;\n    %s_tp = %s_NAN;\n"
                  "    %s_entry_high = %s_NAN;\n    %s_entry_low = %s_NAN;\n"
                  "    %s_last_high = %s_NAN;\n    %s_last_low = %s_NAN;\n"
                  "    %s_last_p_act = %s_NAN;\n    %s_last_entered = 0;\n"
                  "    %s_auto_position = 1;\n    %s_threshold = %.17g;\n",
                  P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
                  P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, ir->threshold);
    for (int32_t c = 0; c < 4; c++) {
        if (isnan(d->class_threshold[c]))
            bc_source_put(t, "    %s_class_threshold[%d] = %s_NAN;\n", P, (int)c, P);
        else
            bc_source_put(t, "    %s_class_threshold[%d] = %.17g;\n", P, (int)c,
                          d->class_threshold[c]);
    }
    if (d->exit_unit[0] == CLONE_LEVEL_SWING || d->breakeven > 0.0)
        bc_source_put(t, "    %s_swing_last = -1;\n", P);
    if (d->n_day) /* CLONE_DAY_START */
        bc_source_put(t, "    %s_day = 0;\n    %s_has_day = 0;\n    %s_day_entries = 0;\n", P, P, P);
    if (d->level_wait)
        bc_source_put(t, "    %s_closed_direction = 0;\n    %s_closed_at = 0;\n"
                      "    %s_last_decision = %s_DECISION_HOLD;\n", P, P, P, P);
    bc_source_put(t, "    %s_last_threshold = %s_threshold;\n}\n", P, P);

    if (!onnx_run)
        bc_source_put(t, "\n/* bc_predictor_set(p, \"threshold\", t): one bar for every action\n"
                      " * from now on; returns 0 (nothing changed) unless 0 <= t <= 1. */\n"
                      "int %s_set_threshold(double value)\n{\n    int k;\n"
                      "    if (!(value >= 0.0 && value <= 1.0))\n        return 0;\n"
                      "    %s_threshold = value;\n    for (k = 0; k < 4; k++)\n"
                      "        %s_class_threshold[k] = %s_NAN;\n    return 1;\n}\n",
                      P, P, P, P);
    bc_source_put(t, "\n/* 1: the position follows the decisions (filled at the close); 0: the\n"
                  " * EA reports it with %s_set_position. */\n"
                  "void %s_set_auto_position(int on)\n{\n    %s_auto_position = on != 0 ? 1 : 0;\n}\n",
                  P, P, P);
    put_place_levels(t, fl, d);
    bc_source_put(t, "\n/* bc_predictor_set_position: the position held now (direction -1, 0, 1;\n"
                  " * bars since the entry; entry price > 0). The last bar's ATR, high and\n"
                  " * low stand for the entry bar's; the excursions count from here.\n");
    if (d->exit_unit[0] == CLONE_LEVEL_SWING)
        bc_source_put(t, " * The swing stop is the entry bar's own: the extreme of its window when\n"
                      " * the last %d bars fed hold it (an EA restarted mid-trade feeds the bars\n"
                      " * since the entry with %s_observe first), else none (NaN), as the\n"
                      " * library's.\n", CLONE_SWING_MAX, P);
    if (d->breakeven > 0.0)
        bc_source_put(t, " * The break-even move: the position held already (the same direction,\n"
                      " * entry price and entry bar) keeps a move made; another makes it where\n"
                      " * a bar after the entry bar among the last %d fed reached it, as the\n"
                      " * library's.\n", CLONE_SWING_MAX);
    bc_source_put(t, " * Returns 0 (nothing changed) for invalid values. */\n"
                  "int %s_set_position(int direction, int bars_held, double entry_price)\n{\n",
                  P);
    if (d->breakeven > 0.0)
        bc_source_put(t, "    int same;\n    int moved;\n    int j;\n");
    bc_source_put(t, "    if (direction < -1 || direction > 1)\n        return 0;\n"
                  "    if (direction != 0 && (bars_held < 0 || !(entry_price > 0.0) || ");
    bc_source_put(t, fl->nonfinite_fmt, "entry_price");
    bc_source_put(t, "))\n        return 0;\n");
    if (d->breakeven > 0.0) /* predictor.c set_position_breakeven */
        bc_source_put(t, "    same = direction != 0 && direction == %s_direction &&\n"
                      "           entry_price == %s_entry_price && %s_bar_count - bars_held == %s_entry_index;\n"
                      "    moved = same && (direction > 0 ? %s_sl >= %s_entry_price : %s_sl <= %s_entry_price);\n",
                      P, P, P, P, P, P, P, P);
    if (d->level_wait) /* predictor.c: a flat report of a position its last decision kept */
        bc_source_put(t, "    %s_closed_direction = 0;\n"
                      "    if (direction == 0 && %s_direction != 0 && %s_last_decision != %s_DECISION_CLOSE &&\n"
                      "        !(%s_last_decision == %s_DECISION_BUY && %s_direction < 0) &&\n"
                      "        !(%s_last_decision == %s_DECISION_SELL && %s_direction > 0)) {\n"
                      "        %s_closed_direction = %s_direction;\n        %s_closed_sl = %s_sl;\n"
                      "        %s_closed_tp = %s_tp;\n        %s_closed_at = %s_bar_count;\n    }\n",
                      P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P);
    if (d->n_day) /* predictor.c: a position entered since the last report */
        bc_source_put(t, "    if (direction != 0 && (direction != %s_direction ||\n"
                      "        %s_bar_count - bars_held != %s_entry_index) && %s_day_entries < %d)\n"
                      "        %s_day_entries++; /* trades_today */\n",
                      P, P, P, P, INT32_MAX, P);
    bc_source_put(t, "    %s_direction = direction;\n"
                  "    %s_entry_index = %s_bar_count - (direction != 0 ? bars_held : 0);\n"
                  "    %s_entry_price = direction != 0 ? entry_price : %s_NAN;\n"
                  "    %s_entry_atr = direction != 0 ? %s_last_atr : %s_NAN;\n"
                  "    %s_mae_atr = 0.0;\n    %s_mfe_atr = 0.0;\n    %s_best_close = %s_NAN;\n"
                  "    %s_entry_high = direction != 0 ? %s_last_high : %s_NAN;\n"
                  "    %s_entry_low = direction != 0 ? %s_last_low : %s_NAN;\n"
                  "    %s_place_levels();\n",
                  P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P);
    if (d->breakeven > 0.0) {
        bc_source_put(t, "    if (moved)\n        %s_sl = %s_entry_price;\n"
                      "    else if (direction != 0 && !same && %s_entry_atr > 0.0 && ", P, P, P);
        put_finite(t, fl, "@entry_atr");
        bc_source_put(t, ") {\n"
                      "        for (j = %s_entry_index < 0 ? 0 : %s_entry_index + 1; j < %s_bar_count; j++) {\n"
                      "            if (j > %s_swing_last || j <= %s_swing_last - %d)\n                continue;\n"
                      "            if (direction > 0 && %s_swing_high[j %% %d] >= %s_entry_price + %.17g * %s_entry_atr &&\n"
                      "                !(%s_sl >= %s_entry_price))\n"
                      "                %s_sl = %s_entry_price;\n"
                      "            else if (direction < 0 && %s_swing_low[j %% %d] <= %s_entry_price - %.17g * %s_entry_atr &&\n"
                      "                     !(%s_sl <= %s_entry_price))\n"
                      "                %s_sl = %s_entry_price;\n        }\n    }\n",
                      P, P, P, P, P, CLONE_SWING_MAX, P, CLONE_SWING_MAX, P, d->breakeven, P, P, P,
                      P, P, P, CLONE_SWING_MAX, P, d->breakeven, P, P, P, P, P);
    }
    bc_source_put(t, "    return 1;\n}\n");
    bc_source_put(t, "\n/* clone_apply_decision: the position after decision filled at price\n"
                  " * (a BUY while long closes and enters again; the last bar fed is the\n"
                  " * entry bar); 1 when it entered. */\n"
                  "int %s_apply(int decision, double price, double atr)\n{\n"
                  "    int target;\n"
                  "    target = decision == %s_DECISION_BUY ? 1 : decision == %s_DECISION_SELL ? -1 :\n"
                  "             decision == %s_DECISION_CLOSE ? 0 : %s_direction;\n"
                  "    if (target == %s_direction && !(target != 0 && decision != %s_DECISION_HOLD))\n"
                  "        return 0;\n"
                  "    %s_direction = target;\n    %s_entry_index = %s_bar_count;\n"
                  "    %s_entry_price = target != 0 ? price : %s_NAN;\n"
                  "    %s_entry_atr = target != 0 ? atr : %s_NAN;\n"
                  "    %s_mae_atr = 0.0;\n    %s_mfe_atr = 0.0;\n    %s_best_close = %s_NAN;\n"
                  "    %s_entry_high = target != 0 ? %s_last_high : %s_NAN;\n"
                  "    %s_entry_low = target != 0 ? %s_last_low : %s_NAN;\n"
                  "    %s_place_levels();\n",
                  P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P);
    if (d->n_day) /* simulate.c apply_decision: clone_day_entered */
        bc_source_put(t, "    if (target != 0 && %s_day_entries < %d)\n"
                      "        %s_day_entries++; /* trades_today */\n", P, INT32_MAX, P);
    bc_source_put(t, "    return target != 0 ? 1 : 0;\n}\n");
    bc_source_put(t, "\n/* bc_predictor_update: one closed bar; probs gets the %d raw class\n"
                  " * probabilities, %s_last_p_act / %s_last_threshold what the decision\n"
                  " * compared. */\nint %s_update(", (int)C, P, P, P);
    put_bar_params(t, fl, book);
    bc_source_put(t, ",\n    ");
    bc_source_put(t, fl->out_array, "probs");
    bc_source_put(t, ")\n{\n    int d;\n    int k;\n");
    if (d->n_day)
        bc_source_put(t, "    %s day;\n", fl->int64_type);
    bc_source_put(t, "    if (%s_has_time != 0 && bar_time <= %s_last_time)\n        return -1;\n",
                  P, P);
    if (d->n_day) /* simulate.c clone_sim_bar: clone_day_bar before the decision */
        bc_source_put(t, "    /* trades_today: the bar's UTC day (floor of its time / 86400), a new\n"
                      "     * day from no entries, capped at %d */\n"
                      "    day = bar_time / 86400;\n    if (bar_time %% 86400 < 0)\n        day--;\n"
                      "    if (%s_has_day == 0 || day != %s_day) {\n        %s_day = day;\n"
                      "        %s_has_day = 1;\n        %s_day_entries = 0;\n    }\n"
                      "    %s_row[%d] = %s_day_entries < %d ? (double)%s_day_entries : %d.0;"
                      " /* trades_today */\n",
                      CLONE_DAY_CAP, P, P, P, P, P, P, (int)(F - 1), P, CLONE_DAY_CAP, P,
                      CLONE_DAY_CAP);
    if (d->breakeven > 0.0) { /* simulate.c: clone_breakeven_step, before the bar is decided */
        bc_source_put(t, "    /* break-even: a bar after the entry bar that reached %.17g x the entry\n"
                      "     * ATR moves the stop-loss to the entry price (an EA that trades moves\n"
                      "     * its broker stop to %s_sl when it changes) */\n"
                      "    if (%s_direction != 0 && %s_bar_count > %s_entry_index &&\n"
                      "        %s_entry_atr > 0.0 && ", d->breakeven, P, P, P, P, P);
        put_finite(t, fl, "@entry_atr @entry_price");
        bc_source_put(t, ") {\n"
                      "        if (%s_direction > 0 && bar_high >= %s_entry_price + %.17g * %s_entry_atr &&\n"
                      "            !(%s_sl >= %s_entry_price))\n"
                      "            %s_sl = %s_entry_price;\n"
                      "        else if (%s_direction < 0 && bar_low <= %s_entry_price - %.17g * %s_entry_atr &&\n"
                      "                 !(%s_sl <= %s_entry_price))\n"
                      "            %s_sl = %s_entry_price;\n    }\n",
                      P, P, d->breakeven, P, P, P, P, P, P, P, d->breakeven, P, P, P, P, P);
    }
    bc_source_put(t, "    %s_feed(%s);\n    %s_has_time = 1;\n    %s_last_time = bar_time;\n"
                  "    d = %s_DECISION_HOLD;\n"
                  "    if (%s_bar_count >= %s_LOOKBACK) {\n        d = %s_decide();\n"
                  "    } else {\n        for (k = 0; k < %d; k++)\n"
                  "            %s_raw[k] = k == 0 ? 1.0 : 0.0;\n        %s_last_p_act = 0.0;\n"
                  "    }\n    for (k = 0; k < %d; k++)\n        probs[k] = %s_raw[k];\n",
                  P, bar_args(book), P, P, P, P, P, P, (int)C, P, P, (int)C, P);
    if (onnx_run)
        bc_source_put(t, "    if (d < 0) {\n        %s_bar_count++;\n        return d;\n    }\n", P);
    if (d->max_hold > 0) /* simulate.c: clone_max_hold */
        bc_source_put(t, "    if (d == %s_DECISION_HOLD && %s_direction != 0 &&\n"
                      "        %s_bar_count >= %s_LOOKBACK && %s_bar_count - %s_entry_index > %d)\n"
                      "        d = %s_DECISION_CLOSE;\n",
                      P, P, P, P, P, P, (int)d->max_hold, P);
    if (d->level_wait) /* simulate.c: level_wait */
        bc_source_put(t, "    if (%s_closed_direction != 0 && %s_closed_at == %s_bar_count &&\n"
                      "        (%s_closed_direction > 0 ? (bar_low <= %s_closed_sl || bar_high >= %s_closed_tp)\n"
                      "                                 : (bar_high >= %s_closed_sl || bar_low <= %s_closed_tp)) &&\n"
                      "        (d == %s_DECISION_BUY || d == %s_DECISION_SELL))\n"
                      "        d = %s_DECISION_HOLD;\n    %s_closed_direction = 0;\n"
                      "    %s_last_decision = d;\n",
                      P, P, P, P, P, P, P, P, P, P, P, P, P);
    bc_source_put(t, "    if (%s_auto_position != 0)\n"
                  "        %s_last_entered = %s_apply(d, bar_close, %s_last_atr);\n"
                  "    %s_bar_count++;\n    return d;\n}\n", P, P, P, P, P);
    bc_source_put(t, "\n/* bc_predictor_observe: a bar into the features and the position state\n"
                  " * without a decision (history fed while the EA was away). Returns 1, or\n"
                  " * -1 for a bar not after the previous one. */\nint %s_observe(", P);
    put_bar_params(t, fl, book);
    bc_source_put(t, ")\n{\n    if (%s_has_time != 0 && bar_time <= %s_last_time)\n"
                  "        return -1;\n    %s_feed(%s);\n    %s_has_time = 1;\n"
                  "    %s_last_time = bar_time;\n    %s_bar_count++;\n    return 1;\n}\n",
                  P, P, P, bar_args(book), P, P, P);
}

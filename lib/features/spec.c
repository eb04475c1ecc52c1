/*
 * spec.c - the feature spec parser: turns "sma(20),macd(12,26,9).hist,
 * rsi(14)@1,cross(sma(10),sma(30))" (or a JSON array of such strings) into
 * the node graph, sharing identical sub-features, and writes the canonical
 * spec and column names. Grammar in include/botcopier.h.
 */
#include "feature_internal.h"
#include "core/internal.h"

#include <ctype.h>
#include <math.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

#define MAX_DEPTH 16
#define MAX_NODES 4096

/* Kinds a spec may name directly. */
static const bc_feature_kind *const named_kinds[] = {
    &bc_feature_kind_sma,  &bc_feature_kind_ema,    &bc_feature_kind_rsi,
    &bc_feature_kind_macd, &bc_feature_kind_atr,    &bc_feature_kind_bbands,
    &bc_feature_kind_stoch, &bc_feature_kind_adx,   &bc_feature_kind_ret,
    &bc_feature_kind_logret, &bc_feature_kind_vol,  &bc_feature_kind_cross,
    &bc_feature_kind_diff, &bc_feature_kind_above, &bc_feature_kind_hour_is,
    &bc_feature_kind_session, &bc_feature_kind_sym_emb, &bc_feature_kind_max,
    &bc_feature_kind_min, &bc_feature_kind_ratio, &bc_feature_kind_rank,
    &bc_feature_kind_zscore, &bc_feature_kind_mean, &bc_feature_kind_since, &bc_feature_kind_cci,
    &bc_feature_kind_and,
    /* volume, range and moving-average families (mfi.c ...) */
    &bc_feature_kind_mfi, &bc_feature_kind_willr, &bc_feature_kind_obv, &bc_feature_kind_ad,
    &bc_feature_kind_adosc, &bc_feature_kind_wma, &bc_feature_kind_dema, &bc_feature_kind_tema,
    &bc_feature_kind_trix, &bc_feature_kind_kama, &bc_feature_kind_linreg,
    &bc_feature_kind_linregslope, &bc_feature_kind_linregse,
    &bc_feature_kind_aroon, &bc_feature_kind_aroonosc,
    /* window-extreme families (stoch.c) */
    &bc_feature_kind_midprice, &bc_feature_kind_stochrsi,
    /* the choppiness index, the Fisher transform (stoch.c), Chaikin money
     * flow and the volume-weighted moving average (volume_flow.c) */
    &bc_feature_kind_chop, &bc_feature_kind_fisher, &bc_feature_kind_cmf,
    &bc_feature_kind_vwma,
    /* parabolic SAR (sar.c) */
    &bc_feature_kind_sar,
    /* Bill Williams' fractals (fractal.c) */
    &bc_feature_kind_fractal,
    /* the volatility squeeze, the acceleration bands, Keltner's 1960
     * channel and Katsanos' stiffness (bbands.c) */
    &bc_feature_kind_squeeze, &bc_feature_kind_accbands, &bc_feature_kind_keltner1960,
    &bc_feature_kind_stiffness,
    /* four EMAs in order (ema.c) */
    &bc_feature_kind_ribbon,
    /* directional lines (adx.c) and Chande momentum (rsi.c) */
    &bc_feature_kind_dmi, &bc_feature_kind_cmo,
    /* the stochastic momentum index (stoch.c) and VIDYA (rsi.c) */
    &bc_feature_kind_smi, &bc_feature_kind_vidya,
    /* Hull's average (wma.c) and the vortex lines (vortex.c) */
    &bc_feature_kind_hma, &bc_feature_kind_vortex,
    /* Williams' ultimate oscillator (ultosc.c) */
    &bc_feature_kind_ultosc,
    /* Heikin-Ashi candles (heikinashi.c) */
    &bc_feature_kind_heikinashi,
    /* the bar's own candle shape and balance of power (candle.c) */
    &bc_feature_kind_candle, &bc_feature_kind_bop,
    /* the true strength index (tsi.c) */
    &bc_feature_kind_tsi,
    /* detrended price oscillator (sma.c), percentage price oscillator
     * (macd.c), the Coppock curve (wma.c) */
    &bc_feature_kind_dpo, &bc_feature_kind_ppo, &bc_feature_kind_coppock,
    /* Elder-ray and force index (elder.c) */
    &bc_feature_kind_elderray, &bc_feature_kind_force,
    /* Elder's market thermometer (elder.c) */
    &bc_feature_kind_thermo,
    /* session-anchored extremes of the day (day_extreme.c) */
    &bc_feature_kind_dayhigh, &bc_feature_kind_daylow,
    /* the previous day's levels (prevday.c) */
    &bc_feature_kind_prevday, &bc_feature_kind_pivot, &bc_feature_kind_camarilla,
    &bc_feature_kind_rbreaker, &bc_feature_kind_dmpivot,
    &bc_feature_kind_prevweek,
    &bc_feature_kind_dayema, &bc_feature_kind_weekema,
    /* the UTC day's volume-weighted average price (vwap.c) */
    &bc_feature_kind_vwap,
    /* signed runs of rises / falls (streak.c) */
    &bc_feature_kind_streak,
    /* MetaTrader 5 families (mt5.c) */
    &bc_feature_kind_smma, &bc_feature_kind_medprice, &bc_feature_kind_typprice,
    &bc_feature_kind_demarker, &bc_feature_kind_rvi,
    /* the accelerator oscillator (mt5.c), Dorsey's mass index (mass.c) */
    &bc_feature_kind_ac, &bc_feature_kind_mass,
    /* a bar's place in its calendar month / week (calendar.c) */
    &bc_feature_kind_monthbar, &bc_feature_kind_weekbar,
    /* Williams' alligator (mt5.c) and Elder's impulse system (macd.c) */
    &bc_feature_kind_alligator, &bc_feature_kind_impulse,
    /* Pring's Know Sure Thing and the ease of movement (kst.c) */
    &bc_feature_kind_kst, &bc_feature_kind_emv,
    /* Tillson's T3 (wma.c) and Martin's ulcer index (rolling_extreme.c) */
    &bc_feature_kind_t3, &bc_feature_kind_ulcer,
    /* TA-Lib's harami pattern as its side (harami.c) */
    &bc_feature_kind_harami,
    /* TA-Lib's three inside up / down as its side (threeinside.c) */
    &bc_feature_kind_cdl3inside,
    /* k white soldiers / k black crows as their side (soldiers.c) */
    &bc_feature_kind_soldiers,
    /* TA-Lib's hikkake pattern with its own values (hikkake.c) */
    &bc_feature_kind_cdlhikkake,
    /* Williams' VIX Fix (rolling_extreme.c), the percentage volume oscillator (macd.c) */
    &bc_feature_kind_vixfix, &bc_feature_kind_pvo,
    /* the Klinger volume oscillator and Pearson's r of the close against time (kvo.c) */
    &bc_feature_kind_kvo, &bc_feature_kind_correl,
    /* Schaff's trend cycle and Ehlers' Laguerre RSI (stc.c) */
    &bc_feature_kind_stc, &bc_feature_kind_laguerre,
    /* the Supertrend (supertrend.c) and the UTC day's opening price (day_extreme.c) */
    &bc_feature_kind_supertrend, &bc_feature_kind_dayopen,
    /* Nison's line-break chart of the closes (linebreak.c) */
    &bc_feature_kind_linebreak,
    /* Ehlers' MESA adaptive moving average (mama.c) */
    &bc_feature_kind_mama,
    /* Ehlers' Hilbert-transform cycle items (ht.c) */
    &bc_feature_kind_htsine, &bc_feature_kind_htdcperiod, &bc_feature_kind_httrendmode,
    &bc_feature_kind_httrendline,
    /* Wilder's ADX rating (adx.c) */
    &bc_feature_kind_adxr,
    /* Chaikin's volatility (ema.c; ema(x,n) is ema's overload) */
    &bc_feature_kind_chvol,
    /* TA-Lib's time series forecast, linreg one bar ahead, and Widner's
     * projection bands on linreg's slope (kama.c) */
    &bc_feature_kind_tsf, &bc_feature_kind_pbands,
    /* the price volume trend (volume_flow.c) */
    &bc_feature_kind_pvt,
    /* Fosback's negative / positive volume index (volume_flow.c) */
    &bc_feature_kind_nvi,
    &bc_feature_kind_pvi,
    /* the zero-lag EMA (ema.c) */
    &bc_feature_kind_zlema,
    /* Chande's intraday momentum index, Dorsey's relative volatility index (imi.c) */
    &bc_feature_kind_imi, &bc_feature_kind_relvol,
    /* Connors RSI (crsi.c) */
    &bc_feature_kind_crsi,
    /* Williams' accumulation / distribution line (wad.c), Poulos' random
     * walk index (rwi.c) */
    &bc_feature_kind_wad, &bc_feature_kind_rwi,
    /* Ehlers' center of gravity (cog.c), Kaufman's efficiency ratio and
     * White's vertical horizontal filter (kama.c) */
    &bc_feature_kind_cog, &bc_feature_kind_er, &bc_feature_kind_vhf,
    /* the dual-thrust range and Crabel's stretch (dtrange.c) */
    &bc_feature_kind_dtrange, &bc_feature_kind_stretch,
    /* the learned moving average, a finite filter of the close (fir.c) */
    &bc_feature_kind_fir,
    /* the learned oscillator, a finite filter of the close changes (firosc.c) */
    &bc_feature_kind_firosc,
    /* the triangular average and Ehlers' super smoother (trima.c) */
    &bc_feature_kind_trima, &bc_feature_kind_ssf, &bc_feature_kind_usmooth, &bc_feature_kind_uband, &bc_feature_kind_eco,
    &bc_feature_kind_decycler,
    /* Blau's directional trend index (tsi.c) */
    &bc_feature_kind_dti,
    /* the QQE's smoothed RSI and its trailing line (qqe.c) */
    &bc_feature_kind_qqe,
    /* Pee's trend intensity index, the close's place in the previous range
     * (tii.c) */
    &bc_feature_kind_tii, &bc_feature_kind_rangepos,
    /* Pee's trend detection index (tii.c) */
    &bc_feature_kind_tdi,
    /* Widner's rainbow oscillator (rainbow.c) */
    &bc_feature_kind_rainbow,
    /* Pee's trend continuation factor (tcf.c) */
    &bc_feature_kind_tcf,
    /* DeMark's TD range expansion index (tdrei.c) */
    &bc_feature_kind_tdrei,
    /* Bressert's double smoothed stochastic, Chande's dynamic momentum index
     * (dss.c) */
    &bc_feature_kind_dss, &bc_feature_kind_dynmom,
    /* DecisionPoint's price momentum oscillator (pmo.c) */
    &bc_feature_kind_pmo,
    /* Ehlers' inverse Fisher transform of the RSI (wma.c), Bill Williams'
     * market facilitation index (volume_flow.c) */
    &bc_feature_kind_iftrsi, &bc_feature_kind_bwmfi,
    /* the Ichimoku cloud and the polarized fractal efficiency (cloud.c) */
    &bc_feature_kind_ichimoku, &bc_feature_kind_pfe,
    /* the t-statistic of returns, Johnson's pretty good oscillator
     * (tstat_pgo.c) */
    &bc_feature_kind_tstat, &bc_feature_kind_pgo,
    /* Ehlers' FRAMA, Chande and Kroll's stop (frama.c) */
    &bc_feature_kind_frama, &bc_feature_kind_ckstop,
    /* the skewness of returns (skew.c) */
    &bc_feature_kind_skew,
    /* Dormeier's volume-weighted MACD (macd.c) */
    &bc_feature_kind_vwmacd,
    /* Spiroglou's MACD-V (macd.c) */
    &bc_feature_kind_macdv,
    /* LazyBear's WaveTrend, Ehlers' cyber cycle (wavetrend.c) */
    &bc_feature_kind_wavetrend, &bc_feature_kind_cybercycle,
    /* the weekly MACD of whole ISO weeks (macd.c, prevday.h) */
    &bc_feature_kind_weekmacd,
    /* the price and volume zone oscillators (zone.c) */
    &bc_feature_kind_pzo, &bc_feature_kind_vzo,
    /* Altman's relative momentum index, the trend trigger factor (rmi_ttf.c) */
    &bc_feature_kind_rmi, &bc_feature_kind_ttf,
};

/* Top-level arguments inside the parentheses at p (0 when p is not at '('
 * or they do not close): the commas outside nested parentheses, plus one. */
static size_t count_arguments(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p != '(')
        return 0;
    size_t n = 1;
    int depth = 0;
    for (; *p; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && --depth == 0)
            return n;
        else if (*p == ',' && depth == 1)
            n++;
    }
    return 0;
}

/* Bare names that are one output of a shared node. */
static const struct {
    const char *name;
    const bc_feature_kind *kind;
    int32_t output;
} aliases[] = {
    {"open", &bc_feature_kind_open, 0},      {"high", &bc_feature_kind_high, 0},
    {"low", &bc_feature_kind_low, 0},        {"close", &bc_feature_kind_close, 0},
    {"volume", &bc_feature_kind_volume, 0},
    {"hour_sin", &bc_feature_kind_time, 0},  {"hour_cos", &bc_feature_kind_time, 1},
    {"dow_sin", &bc_feature_kind_time, 2},   {"dow_cos", &bc_feature_kind_time, 3},
    {"month_sin", &bc_feature_kind_time, 4}, {"month_cos", &bc_feature_kind_time, 5},
    {"hour", &bc_feature_kind_hour, 0},
    {"book_bid_vol", &bc_feature_kind_book, 0},
    {"book_ask_vol", &bc_feature_kind_book, 1},
    {"book_imbalance", &bc_feature_kind_book, 2},
    {"book_spread", &bc_feature_kind_book, 3},
    {"bid_ask_ratio", &bc_feature_kind_book, 4},
    {"book_imbalance_roll", &bc_feature_kind_book, 5},
};

char bc_feature_arg_type(const char *name, size_t len, size_t n_args, size_t index)
{
    const bc_feature_kind *kind = NULL;
    for (size_t i = 0; !kind && i < sizeof named_kinds / sizeof named_kinds[0]; i++)
        if (strlen(named_kinds[i]->name) == len && strncmp(named_kinds[i]->name, name, len) == 0)
            kind = named_kinds[i];
    if (!kind)
        return 0;
    if (kind->overload && n_args != strlen(kind->args))
        kind = kind->overload;
    return index < strlen(kind->args) ? kind->args[index] : 0;
}

typedef struct item {
    int32_t n;                      /* columns it stands for */
    int32_t slot[BC_FEATURE_MAX_OUTPUTS];
    char name[BC_FEATURE_MAX_OUTPUTS][BC_FEATURE_NAME_MAX];
    char text[BC_FEATURE_NAME_MAX]; /* canonical text of the whole item */
    int32_t is_number;
    double number;
} item;

typedef struct parser {
    const char *start;
    const char *p;
    bc_feature_graph *g;
} parser;

static void skip_space(parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
        ps->p++;
}

static int32_t offset(const parser *ps)
{
    return (int32_t)(ps->p - ps->start);
}

/* Shortest text that reads back as exactly v; whole numbers as plain
 * integers, so cross(rsi(14),70) keeps its name (%.1g would give 7e+01). */
static void format_number(double v, char *buf, size_t cap)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, cap, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

static int32_t append(char *dst, size_t cap, const char *what)
{
    size_t have = strlen(dst), add = strlen(what);
    if (have + add + 1 > cap)
        return bc_fail(BC_E_PARSE, "feature spec: item '%.40s...' is longer than %d characters",
                       dst, BC_FEATURE_NAME_MAX - 1);
    memcpy(dst + have, what, add + 1);
    return BC_OK;
}

/* Finds the node with this key or makes it; its first slot in *slot. */
static int32_t add_node(bc_feature_graph *g, const bc_feature_node *proto, const char *key,
                        int32_t *slot)
{
    for (int32_t i = 0; i < g->n_nodes; i++)
        if (strcmp(g->node_key[i], key) == 0) {
            *slot = g->nodes[i].slot;
            return BC_OK;
        }
    if (g->n_nodes >= MAX_NODES)
        return bc_fail(BC_E_PARSE, "feature spec: more than %d features", MAX_NODES);
    if (g->n_nodes == g->cap_nodes) {
        int32_t cap = g->cap_nodes ? 2 * g->cap_nodes : 16;
        bc_feature_node *nodes = realloc(g->nodes, sizeof *nodes * (size_t)cap);
        if (!nodes)
            return bc_fail(BC_E_OUT_OF_MEMORY, "feature spec: out of memory");
        g->nodes = nodes;
        char **keys = realloc(g->node_key, sizeof *keys * (size_t)cap);
        if (!keys)
            return bc_fail(BC_E_OUT_OF_MEMORY, "feature spec: out of memory");
        g->node_key = keys;
        g->cap_nodes = cap;
    }
    int32_t n_out = proto->kind->n_outputs;
    int32_t *lb = realloc(g->slot_lookback, sizeof *lb * (size_t)(g->n_slots + n_out));
    if (!lb)
        return bc_fail(BC_E_OUT_OF_MEMORY, "feature spec: out of memory");
    g->slot_lookback = lb;
    char *k = strdup(key);
    if (!k)
        return bc_fail(BC_E_OUT_OF_MEMORY, "feature spec: out of memory");
    bc_feature_node *node = &g->nodes[g->n_nodes];
    *node = *proto;
    node->slot = g->n_slots;
    node->state = NULL;
    int32_t src_lb[2] = {0, 0};
    for (int j = 0; j < 2; j++)
        if (node->source[j] >= 0)
            src_lb[j] = g->slot_lookback[node->source[j]];
    node->lookback = node->kind->lookback(node, src_lb);
    for (int32_t j = 0; j < n_out; j++)
        g->slot_lookback[node->slot + j] = node->lookback;
    g->node_key[g->n_nodes++] = k;
    g->n_slots += n_out;
    g->needs |= node->kind->needs;
    *slot = node->slot;
    return BC_OK;
}

static int32_t parse_item(parser *ps, int32_t depth, int32_t allow_number, item *it);

/* An integer argument: digits only, inside [lo, hi]. */
static int32_t parse_int(parser *ps, const char *what, int32_t lo, int32_t hi, int32_t *out)
{
    skip_space(ps);
    const char *b = ps->p;
    char *end = NULL;
    errno = 0;
    double v = strtod(b, &end);
    if (end == b)
        return bc_fail(BC_E_PARSE, "feature spec: %s expects an integer at offset %d, found '%.20s'",
                       what, offset(ps), b);
    ps->p = end;
    if (v != floor(v) || errno == ERANGE)
        return bc_fail(BC_E_PARSE, "feature spec: %s: '%.*s' is not an integer", what,
                       (int)(end - b), b);
    if (v < lo || v > hi)
        return bc_fail(BC_E_PARSE, "feature spec: %s: %.*s is out of range %d..%d", what,
                       (int)(end - b), b, lo, hi);
    *out = (int32_t)v;
    return BC_OK;
}

static int32_t parse_double(parser *ps, const char *what, double *out)
{
    skip_space(ps);
    const char *b = ps->p;
    char *end = NULL;
    double v = strtod(b, &end);
    if (end == b)
        return bc_fail(BC_E_PARSE, "feature spec: %s expects a number at offset %d, found '%.20s'",
                       what, offset(ps), b);
    ps->p = end;
    if (!(v - v == 0.0) || fabs(v) > 3e37)
        return bc_fail(BC_E_PARSE, "feature spec: %s: '%.*s' is not a finite number", what,
                       (int)(end - b), b);
    *out = v;
    return BC_OK;
}

static int32_t expect(parser *ps, char c, const char *what)
{
    skip_space(ps);
    if (*ps->p != c)
        return bc_fail(BC_E_PARSE, "feature spec: %s: expected '%c' at offset %d, found '%.20s'",
                       what, c, offset(ps), *ps->p ? ps->p : "end of text");
    ps->p++;
    return BC_OK;
}

/* A column argument of cross/diff/max/...: an item with one column, or a number. */
static int32_t parse_column_arg(parser *ps, int32_t depth, const char *what, int32_t *slot,
                                char *text, size_t cap)
{
    item *sub = calloc(1, sizeof *sub);
    if (!sub)
        return bc_fail(BC_E_OUT_OF_MEMORY, "feature spec: out of memory");
    int32_t rc = parse_item(ps, depth + 1, 1, sub);
    if (rc == BC_OK && sub->is_number) {
        bc_feature_node proto = {.kind = &bc_feature_kind_const, .darg = sub->number,
                                 .source = {-1, -1}};
        char num[32], key[64];
        format_number(sub->number, num, sizeof num);
        snprintf(key, sizeof key, "const(%s)", num);
        rc = add_node(ps->g, &proto, key, slot);
    } else if (rc == BC_OK && sub->n != 1) {
        rc = bc_fail(BC_E_PARSE,
                     "feature spec: %s takes single columns; '%s' has %d (pick one with a "
                     ".suffix)", what, sub->text, sub->n);
    } else if (rc == BC_OK) {
        *slot = sub->slot[0];
        snprintf(text, cap, "%s", sub->name[0]);
    }
    if (rc == BC_OK && sub->is_number)
        snprintf(text, cap, "%s", sub->text);
    free(sub);
    return rc;
}

static int32_t parse_identifier(parser *ps, char *buf, size_t cap)
{
    skip_space(ps);
    size_t n = 0;
    if (!isalpha((unsigned char)*ps->p) && *ps->p != '_')
        return bc_fail(BC_E_PARSE, "feature spec: expected a feature name at offset %d, found '%.20s'",
                       offset(ps), *ps->p ? ps->p : "end of text");
    while (isalnum((unsigned char)*ps->p) || *ps->p == '_') {
        if (n + 1 < cap)
            buf[n++] = (char)tolower((unsigned char)*ps->p);
        ps->p++;
    }
    buf[n] = '\0';
    return BC_OK;
}

static int32_t parse_item(parser *ps, int32_t depth, int32_t allow_number, item *it)
{
    int32_t rc;
    memset(it, 0, sizeof *it);
    if (depth > MAX_DEPTH)
        return bc_fail(BC_E_PARSE, "feature spec: nesting deeper than %d at offset %d", MAX_DEPTH,
                       offset(ps));
    skip_space(ps);
    char c = *ps->p;
    if (allow_number && (isdigit((unsigned char)c) || c == '-' || c == '+' || c == '.')) {
        if ((rc = parse_double(ps, "number", &it->number)) != BC_OK)
            return rc;
        it->is_number = 1;
        format_number(it->number, it->text, sizeof it->text);
        return BC_OK;
    }
    char name[64];
    const char *name_at = ps->p;
    if ((rc = parse_identifier(ps, name, sizeof name)) != BC_OK)
        return rc;

    bc_feature_node proto = {.source = {-1, -1}};
    int32_t selected = -1; /* output picked by an alias */
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(aliases[i].name, name) == 0) {
            proto.kind = aliases[i].kind;
            selected = aliases[i].output;
        }
    for (size_t i = 0; !proto.kind && i < sizeof named_kinds / sizeof named_kinds[0]; i++)
        if (strcmp(named_kinds[i]->name, name) == 0)
            proto.kind = named_kinds[i];
    if (!proto.kind)
        return bc_fail(BC_E_PARSE, "feature spec: unknown feature '%s' at offset %d", name,
                       (int32_t)(name_at - ps->start));

    size_t n_given = proto.kind->overload && selected < 0 ? count_arguments(ps->p) : 0;
    if (n_given > 0 && n_given != strlen(proto.kind->args))
        proto.kind = proto.kind->overload; /* ema(x,n): spelled ema, keyed ema_of */
    const bc_feature_kind *kind = proto.kind;
    char key[BC_FEATURE_NAME_MAX + 64];
    snprintf(it->text, sizeof it->text, "%s",
             selected >= 0 || strcmp(kind->name, name) != 0 ? name : kind->name);
    snprintf(key, sizeof key, "%s", kind->name);
    size_t n_args = strlen(kind->args);
    skip_space(ps);
    if (n_args == 0 && *ps->p == '(')
        return bc_fail(BC_E_PARSE, "feature spec: '%s' takes no arguments (offset %d)", name,
                       offset(ps));
    if (n_args > 0) {
        if ((rc = expect(ps, '(', name)) != BC_OK)
            return rc;
        int32_t ni = 0, nf = 0, nd = 0;
        if ((rc = append(it->text, sizeof it->text, "(")) != BC_OK)
            return rc;
        for (size_t a = 0; a < n_args; a++) {
            char arg[BC_FEATURE_NAME_MAX], keyarg[32];
            if (a > 0 && (rc = expect(ps, ',', name)) != BC_OK)
                return rc;
            if (kind->args[a] == 'i') {
                if ((rc = parse_int(ps, name, kind->arg_min[ni], kind->arg_max[ni],
                                    &proto.iarg[ni])) != BC_OK)
                    return rc;
                snprintf(arg, sizeof arg, "%d", proto.iarg[ni]);
                snprintf(keyarg, sizeof keyarg, "%d", proto.iarg[ni]);
                ni++;
            } else if (kind->args[a] == 'd') {
                double *const ds[4] = {&proto.darg, &proto.darg2, &proto.darg3,
                                       &proto.darg4};
                double *d = ds[nd++];
                if ((rc = parse_double(ps, name, d)) != BC_OK)
                    return rc;
                format_number(*d, keyarg, sizeof keyarg);
                snprintf(arg, sizeof arg, "%s", keyarg);
            } else {
                if ((rc = parse_column_arg(ps, depth, name, &proto.source[nf], arg,
                                           sizeof arg)) != BC_OK)
                    return rc;
                snprintf(keyarg, sizeof keyarg, "#%d", proto.source[nf]);
                nf++;
            }
            if ((a > 0 && (rc = append(it->text, sizeof it->text, ",")) != BC_OK) ||
                (rc = append(it->text, sizeof it->text, arg)) != BC_OK)
                return rc;
            size_t kl = strlen(key);
            snprintf(key + kl, sizeof key - kl, "%c%s", a == 0 ? '(' : ',', keyarg);
        }
        if ((rc = expect(ps, ')', it->text)) != BC_OK)
            return rc;
        if (kind == &bc_feature_kind_sym_emb)
            proto.darg = NAN; /* missing until the engine is given the symbol's embedding */
        if ((rc = append(it->text, sizeof it->text, ")")) != BC_OK)
            return rc;
        strncat(key, ")", sizeof key - strlen(key) - 1);
    }
    if (kind->check && (rc = kind->check(&proto, it->text)) != BC_OK)
        return rc;
    if (kind->from) {
        bc_feature_node from = {.kind = kind->from, .source = {-1, -1}};
        if ((rc = add_node(ps->g, &from, kind->from->name, &proto.source[0])) != BC_OK)
            return rc;
    }
    int32_t first;
    if ((rc = add_node(ps->g, &proto, key, &first)) != BC_OK)
        return rc;

    /* Columns: all outputs, the one an alias names, or the one a suffix picks. */
    skip_space(ps);
    if (*ps->p == '.') {
        ps->p++;
        char suffix[32];
        if ((rc = parse_identifier(ps, suffix, sizeof suffix)) != BC_OK)
            return rc;
        if (selected >= 0 || kind->n_outputs == 1)
            return bc_fail(BC_E_PARSE, "feature spec: '%s' has one output; '.%s' selects nothing",
                           it->text, suffix);
        for (int32_t j = 0; j < kind->n_outputs; j++)
            if (strcmp(kind->outputs[j], suffix) == 0)
                selected = j;
        if (selected < 0)
            return bc_fail(BC_E_PARSE, "feature spec: '%s' has no output '.%s'", it->text, suffix);
        if ((rc = append(it->text, sizeof it->text, ".")) != BC_OK ||
            (rc = append(it->text, sizeof it->text, suffix)) != BC_OK)
            return rc;
    }
    if (selected >= 0 || kind->n_outputs == 1) {
        it->n = 1;
        it->slot[0] = first + (selected >= 0 ? selected : 0);
        if (kind == &bc_feature_kind_sym_emb) /* BotCopier's name for it */
            snprintf(it->name[0], sizeof it->name[0], "sym_emb_%d", (int)proto.iarg[0]);
        else
            snprintf(it->name[0], sizeof it->name[0], "%s", it->text);
    } else {
        it->n = kind->n_outputs;
        for (int32_t j = 0; j < it->n; j++) {
            it->slot[j] = first + j;
            it->name[j][0] = '\0';
            if ((rc = append(it->name[j], sizeof it->name[j], it->text)) != BC_OK ||
                (rc = append(it->name[j], sizeof it->name[j], ".")) != BC_OK ||
                (rc = append(it->name[j], sizeof it->name[j], kind->outputs[j])) != BC_OK)
                return rc;
        }
    }

    skip_space(ps);
    if (*ps->p == '@') {
        ps->p++;
        int32_t k;
        if ((rc = parse_int(ps, "lag '@'", 1, BC_FEATURE_MAX_PERIOD, &k)) != BC_OK)
            return rc;
        char lag[16];
        snprintf(lag, sizeof lag, "@%d", k);
        if ((rc = append(it->text, sizeof it->text, lag)) != BC_OK)
            return rc;
        for (int32_t j = 0; j < it->n; j++) {
            bc_feature_node lp = {.kind = &bc_feature_kind_lag, .iarg = {k},
                                  .source = {it->slot[j], -1}};
            snprintf(key, sizeof key, "lag(#%d,%d)", it->slot[j], k);
            if ((rc = add_node(ps->g, &lp, key, &it->slot[j])) != BC_OK ||
                (rc = append(it->name[j], sizeof it->name[j], lag)) != BC_OK)
                return rc;
        }
    }
    return BC_OK;
}

static int32_t add_column(bc_feature_graph *g, int32_t slot, const char *name)
{
    if (g->n_cols == g->cap_cols) {
        int32_t cap = g->cap_cols ? 2 * g->cap_cols : 16;
        int32_t *cs = realloc(g->col_slot, sizeof *cs * (size_t)cap);
        if (!cs)
            return bc_fail(BC_E_OUT_OF_MEMORY, "feature spec: out of memory");
        g->col_slot = cs;
        char **cn = realloc(g->col_name, sizeof *cn * (size_t)cap);
        if (!cn)
            return bc_fail(BC_E_OUT_OF_MEMORY, "feature spec: out of memory");
        g->col_name = cn;
        g->cap_cols = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return bc_fail(BC_E_OUT_OF_MEMORY, "feature spec: out of memory");
    g->col_slot[g->n_cols] = slot;
    g->col_name[g->n_cols++] = copy;
    return BC_OK;
}

static int32_t spec_append(bc_feature_graph *g, const char *text)
{
    size_t have = g->spec ? strlen(g->spec) : 0, add = strlen(text);
    char *s = realloc(g->spec, have + add + 2);
    if (!s)
        return bc_fail(BC_E_OUT_OF_MEMORY, "feature spec: out of memory");
    if (have > 0)
        s[have++] = ',';
    memcpy(s + have, text, add + 1);
    g->spec = s;
    return BC_OK;
}

/* "item, item, ..." */
static int32_t parse_list(bc_feature_graph *g, const char *text)
{
    parser ps = {text, text, g};
    item *it = malloc(sizeof *it);
    if (!it)
        return bc_fail(BC_E_OUT_OF_MEMORY, "feature spec: out of memory");
    int32_t rc = BC_OK;
    for (;;) {
        if ((rc = parse_item(&ps, 0, 0, it)) != BC_OK)
            break;
        for (int32_t j = 0; j < it->n && rc == BC_OK; j++)
            rc = add_column(g, it->slot[j], it->name[j]);
        if (rc == BC_OK)
            rc = spec_append(g, it->text);
        if (rc != BC_OK)
            break;
        skip_space(&ps);
        if (*ps.p == '\0')
            break;
        if (*ps.p != ',') {
            rc = bc_fail(BC_E_PARSE, "feature spec: expected ',' after '%s' at offset %d, found '%.20s'",
                         it->text, offset(&ps), ps.p);
            break;
        }
        ps.p++;
    }
    free(it);
    return rc;
}

static int32_t parse_json(bc_feature_graph *g, const char *text)
{
#ifdef BC_HAVE_JANSSON
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    if (!root)
        return bc_fail(BC_E_PARSE, "feature spec: JSON line %d column %d: %s", err.line,
                       err.column, err.text);
    int32_t rc = BC_OK;
    if (!json_is_array(root))
        rc = bc_fail(BC_E_PARSE, "feature spec: JSON must be an array of strings");
    size_t i;
    json_t *v;
    json_array_foreach(root, i, v)
    {
        if (rc != BC_OK)
            break;
        if (!json_is_string(v))
            rc = bc_fail(BC_E_PARSE, "feature spec: JSON element %d is not a string", (int)i);
        else
            rc = parse_list(g, json_string_value(v));
    }
    json_decref(root);
    return rc;
#else
    (void)g;
    (void)text;
    return bc_fail(BC_E_UNSUPPORTED,
                   "feature spec: JSON specs need a build with jansson; pass the comma form");
#endif
}

void bc_feature_graph_free(bc_feature_graph *g)
{
    for (int32_t i = 0; i < g->n_nodes; i++) {
        free(g->nodes[i].state);
        free(g->node_key[i]);
    }
    for (int32_t i = 0; i < g->n_cols; i++)
        free(g->col_name[i]);
    free(g->nodes);
    free(g->node_key);
    free(g->slot_lookback);
    free(g->col_slot);
    free(g->col_name);
    free(g->spec);
    memset(g, 0, sizeof *g);
}

int32_t bc_feature_graph_parse(const char *spec, bc_feature_graph *g)
{
    const char *p = spec;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    int32_t rc;
    if (*p == '\0')
        rc = bc_fail(BC_E_PARSE, "feature spec is empty");
    else if (*p == '[')
        rc = parse_json(g, p);
    else
        rc = parse_list(g, spec);
    if (rc == BC_OK && g->n_cols == 0)
        rc = bc_fail(BC_E_PARSE, "feature spec has no features");
    if (rc != BC_OK)
        bc_feature_graph_free(g);
    return rc;
}

/*
 * feature_internal.h - internals of the feature engine: the node graph the spec
 * parser builds and the per-kind interface every indicator file implements.
 * A kind's run() computes its values: batch calls it with whole segments,
 * streaming with n = 1, except for the small kinds the streaming engine
 * steps inline through the same step functions (step.h, sma.h, ema.h,
 * rsi.h), so
 * both paths are bit-identical.
 */
#ifndef BC_FEATURES_INTERNAL_H
#define BC_FEATURES_INTERNAL_H

#include "botcopier.h"

#include <math.h>
#include "core/exact_fma.h" /* fma() rounds once on every platform */
#include <stdint.h>

/* Inputs a kind reads; a bar with a non-finite value in any input the spec
 * reads is a missing bar (row of NaN, no state advanced). */
#define BC_FEATURE_IN_OPEN   1u
#define BC_FEATURE_IN_HIGH   2u
#define BC_FEATURE_IN_LOW    4u
#define BC_FEATURE_IN_CLOSE  8u
#define BC_FEATURE_IN_VOLUME 16u
#define BC_FEATURE_IN_TIME   32u
#define BC_FEATURE_IN_BOOK   64u   /* bid/ask volumes: NaN there means "no book" */

#define BC_FEATURE_MAX_PERIOD 100000
#define BC_FEATURE_MAX_OUTPUTS 8 /* camarilla's eight levels */
#define BC_FEATURE_NAME_MAX 256

/* Bar arrays of one run, all with stride 1 and already offset to the first
 * bar of the run. bid/ask may be NULL (no book for any bar). */
typedef struct bc_feature_inputs {
    const int64_t *time;
    const double *open, *high, *low, *close, *volume;
    const double *bid, *ask;
} bc_feature_inputs;

/* Where a slot's values of the run go: value of bar i at p[i * stride]. */
typedef struct bc_feature_column {
    double *p;
    int64_t stride;
} bc_feature_column;

typedef struct bc_feature_node bc_feature_node;

typedef struct bc_feature_kind {
    const char *name;
    const char *args;       /* one char per argument: 'i' integer, 'd' number, 'f' feature */
    int32_t arg_min[4];     /* range of each 'i' argument */
    int32_t arg_max[4];
    int32_t n_outputs;
    const char *outputs[BC_FEATURE_MAX_OUTPUTS]; /* suffixes when n_outputs > 1 */
    uint32_t needs;         /* BC_FEATURE_IN_* */
    /* A kind computed from another kind's (argument-free, one-output) value:
     * the parser adds that node once, shared, as source[0]; NULL when none. */
    const struct bc_feature_kind *from;
    /* The kind the same name parses to when its parentheses hold another
     * number of top-level arguments than this kind's args (ema(n) and
     * ema(x,n)); NULL when none. Spelled with this kind's name. */
    const struct bc_feature_kind *overload;
    /* Rules between arguments; NULL when none. Returns BC_OK or bc_fail(BC_E_PARSE). */
    int32_t (*check)(const bc_feature_node *node, const char *text);
    /* Bars before the outputs are valid, from the sources' lookbacks. */
    int32_t (*lookback)(const bc_feature_node *node, const int32_t *source_lookback);
    /* Bytes of state (struct plus ring buffers), allocated zeroed at create. */
    int64_t (*state_size)(const bc_feature_node *node);
    /* Puts the state back to "no bar seen". */
    void (*reset)(bc_feature_node *node);
    /* Processes n bars: reads in and the source slots cols[node->source[k]],
     * writes cols[node->slot + j]. Never allocates. */
    void (*run)(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                const bc_feature_column *cols);
} bc_feature_kind;

struct bc_feature_node {
    const bc_feature_kind *kind;
    int32_t iarg[4];
    double darg;        /* the 'd' argument (bbands k, a constant) */
    double darg2;       /* a second 'd' argument (sar's maximum) */
    double darg3, darg4; /* a third and fourth 'd' argument (fir's c2, c3) */
    int32_t source[2];  /* slots of the 'f' arguments, -1 when unused */
    int32_t slot;       /* first output slot */
    int32_t lookback;
    void *state;
};

/* Kernels with a multiply-add on their dependency chain use C's fma(): one
 * rounding, so the result is the same on every IEEE machine whether fma()
 * is an instruction or a library routine. BC_FEATURE_KERNEL builds a run()
 * twice on x86-64 ELF (baseline and x86-64-v3, picked at load time) so
 * machines with FMA get the instruction; the numbers never differ. */
/* Sanitizers: the ifunc resolvers of target_clones run before the
 * sanitizer runtime is up (ASan/TSan crash before main), so sanitized builds
 * keep one version. gcc says __SANITIZE_*__, clang __has_feature. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define BC_SANITIZED_BUILD 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BC_SANITIZED_BUILD 1
#endif
#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__) && !defined(BC_SANITIZED_BUILD)
#define BC_FEATURE_KERNEL __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define BC_FEATURE_KERNEL
#endif

/* A run()'s loop body, inlined into each clone so the state copy stays in
 * registers. */
#if defined(__GNUC__)
#define BC_FEATURE_LOOP static inline __attribute__((always_inline))
#else
#define BC_FEATURE_LOOP static inline
#endif

/* Four doubles as one vector for the batch loops the compiler does not
 * vectorize itself (selects on FP compares): GCC/clang vector extensions,
 * AVX in the x86-64-v3 clone, SSE2 pairs in the baseline one; the
 * operations are IEEE lane by lane, so a lane computes a scalar loop's
 * bits. Compares give all-ones/zero masks (bc_m4); BC_V4_PICK(mask, a, b)
 * is a where the mask is set, else b. Loads and stores by memcpy. Without
 * BC_FEATURE_V4 the loops run their scalar forms. */
#if defined(__GNUC__)
#define BC_FEATURE_V4 1
typedef double bc_v4 __attribute__((vector_size(32)));
typedef long long bc_m4 __attribute__((vector_size(32)));
#define BC_V4_PICK(mask, a, b) ((bc_v4)(((bc_m4)(a) & (mask)) | ((bc_m4)(b) & ~(mask))))
#define BC_V4_ZERO_WHERE(mask, a) ((bc_v4)((bc_m4)(a) & ~(mask)))
#endif

/* The one non-finite rule: +-inf becomes NaN, NaN stays NaN. Branch-free:
 * v - v is 0 for a finite v (v + 0 = v; -0 becomes +0) and NaN otherwise. */
static inline double bc_feature_clean(double v)
{
    return v + (v - v);
}

#define BC_FEATURE_PUT(col, i, v) ((col).p[(i) * (col).stride] = bc_feature_clean(v))
#define BC_FEATURE_GET(col, i) ((col).p[(i) * (col).stride])

/* Every kind, defined in its own file. */
extern const bc_feature_kind bc_feature_kind_open, bc_feature_kind_high,
    bc_feature_kind_low, bc_feature_kind_close, bc_feature_kind_volume;
extern const bc_feature_kind bc_feature_kind_sma, bc_feature_kind_ema,
    bc_feature_kind_rsi, bc_feature_kind_macd, bc_feature_kind_atr,
    bc_feature_kind_bbands, bc_feature_kind_stoch, bc_feature_kind_adx;
extern const bc_feature_kind bc_feature_kind_ret, bc_feature_kind_logret,
    bc_feature_kind_vol;
extern const bc_feature_kind bc_feature_kind_lag, bc_feature_kind_cross,
    bc_feature_kind_diff, bc_feature_kind_above, bc_feature_kind_const;
extern const bc_feature_kind bc_feature_kind_time, bc_feature_kind_book;
extern const bc_feature_kind bc_feature_kind_hour, bc_feature_kind_hour_is,
    bc_feature_kind_session;
extern const bc_feature_kind bc_feature_kind_sym_emb;
extern const bc_feature_kind bc_feature_kind_max, bc_feature_kind_min,
    bc_feature_kind_ratio, bc_feature_kind_rank, bc_feature_kind_zscore, bc_feature_kind_mean,
    bc_feature_kind_since, bc_feature_kind_cci, bc_feature_kind_and;
/* Volume, range and moving-average families. */
extern const bc_feature_kind bc_feature_kind_mfi, bc_feature_kind_willr,
    bc_feature_kind_obv, bc_feature_kind_ad, bc_feature_kind_adosc, bc_feature_kind_wma,
    bc_feature_kind_dema, bc_feature_kind_tema, bc_feature_kind_aroon, bc_feature_kind_aroonosc;
/* Window-extreme families on stoch.c's window: midprice(n), stochrsi(n,k,d). */
extern const bc_feature_kind bc_feature_kind_midprice, bc_feature_kind_stochrsi;
/* The choppiness index and Ehlers' Fisher transform on stoch.c's window:
 * chop(n), fisher(n); Chaikin money flow on ad's flows (volume_flow.c):
 * cmf(n), and the volume-weighted moving average on cmf's sums: vwma(n). */
extern const bc_feature_kind bc_feature_kind_chop, bc_feature_kind_fisher,
    bc_feature_kind_cmf, bc_feature_kind_vwma;
/* Parabolic SAR (sar.c): sar(accel,max). */
extern const bc_feature_kind bc_feature_kind_sar;
/* Bill Williams' fractals (fractal.c): fractal(k) .up .down. */
extern const bc_feature_kind bc_feature_kind_fractal;
/* The volatility squeeze (bbands.c): squeeze(n,x,y); Headley's acceleration
 * bands (bbands.c): accbands(n) .upper .middle .lower; Keltner's 1960 channel
 * (bbands.c): keltner1960(n) .upper .middle .lower; Katsanos' stiffness(n,m)
 * (bbands.c): .up .down. */
extern const bc_feature_kind bc_feature_kind_squeeze, bc_feature_kind_accbands,
    bc_feature_kind_keltner1960, bc_feature_kind_stiffness;
/* Four EMAs in order (ema.c): ribbon(a,b,c,d); the EMA of any item, ema(x,n)
 * (the ema kind's overload), and Chaikin's volatility on it, chvol(e,n). */
extern const bc_feature_kind bc_feature_kind_ribbon, bc_feature_kind_ema_of,
    bc_feature_kind_chvol;
/* Wilder's directional lines beside adx (adx.c): dmi(n) .plus .minus; the
 * Chande momentum oscillator on rsi's smoothing (rsi.c): cmo(n). */
extern const bc_feature_kind bc_feature_kind_dmi, bc_feature_kind_cmo;
/* Blau's stochastic momentum index on stoch.c's window: smi(q,r,s) .line
 * .signal; Chande's VIDYA on cmo's smoothing (rsi.c): vidya(n,m). */
extern const bc_feature_kind bc_feature_kind_smi, bc_feature_kind_vidya;
/* Kaufman's adaptive average and the least-squares line of the close
 * (kama.c): kama(n), linreg(n), linregslope(n), linregse(n). */
extern const bc_feature_kind bc_feature_kind_kama, bc_feature_kind_linreg,
    bc_feature_kind_linregslope, bc_feature_kind_linregse;
/* (kama.c) tsf(n): TA-Lib TSF, linreg's line one bar ahead */
extern const bc_feature_kind bc_feature_kind_tsf;
/* (kama.c) pbands(n) .upper .lower .po: Widner's projection bands and
 * oscillator on linregslope's slope of the highs and of the lows */
extern const bc_feature_kind bc_feature_kind_pbands;
/* (volume_flow.c) pvt: the price volume trend */
extern const bc_feature_kind bc_feature_kind_pvt;
/* (volume_flow.c) nvi, pvi: Fosback's negative / positive volume index */
extern const bc_feature_kind bc_feature_kind_nvi, bc_feature_kind_pvi;
/* (ema.c) zlema(n): the zero-lag EMA, ema(n) of 2*close - close@((n-1)/2) */
extern const bc_feature_kind bc_feature_kind_zlema;
/* TRIX (wma.c, on the tema chain): trix(n). */
extern const bc_feature_kind bc_feature_kind_trix;
/* Hull's average on three wmas (wma.c): hma(n); its outer period
 * floor(sqrt(n)), exactly: the kernel's and the exporter's one computation
 * of it. */
extern const bc_feature_kind bc_feature_kind_hma;
int32_t bc_feature_hma_sqrt_period(int32_t n);
/* The vortex indicator (vortex.c): vortex(n) .plus .minus. */
extern const bc_feature_kind bc_feature_kind_vortex;
/* Williams' ultimate oscillator (ultosc.c): ultosc(a,b,c). */
extern const bc_feature_kind bc_feature_kind_ultosc;
/* Heikin-Ashi candles (heikinashi.c): heikinashi .open .high .low .close. */
extern const bc_feature_kind bc_feature_kind_heikinashi;
/* The bar's own candle shape (candle.c): candle .body .upper .lower, and
 * TA-Lib's balance of power bop. */
extern const bc_feature_kind bc_feature_kind_candle, bc_feature_kind_bop;
/* Blau's true strength index (tsi.c): tsi(r,s,k) .line .signal. */
extern const bc_feature_kind bc_feature_kind_tsi;
/* (tsi.c) eco(r,s,k): Blau's ergodic candlestick oscillator, .line .signal */
extern const bc_feature_kind bc_feature_kind_eco;
/* (tsi.c) dti(r,s,u): Blau's directional trend index, one output */
extern const bc_feature_kind bc_feature_kind_dti;
/* (qqe.c) qqe(n,m,k): the QQE, its smoothed RSI .line and trailing .trail */
extern const bc_feature_kind bc_feature_kind_qqe;
/* Detrended price oscillator (sma.c): dpo(n); its shift n/2 + 1. */
extern const bc_feature_kind bc_feature_kind_dpo;
int32_t bc_feature_dpo_shift(int32_t n);
/* Percentage price oscillator (macd.c): ppo(fast,slow). */
extern const bc_feature_kind bc_feature_kind_ppo;
/* The Coppock curve (wma.c): coppock(a,b,n). */
extern const bc_feature_kind bc_feature_kind_coppock;
/* Elder's MT5 indicators (elder.c): elderray(n) .bull .bear, force(n). */
extern const bc_feature_kind bc_feature_kind_elderray, bc_feature_kind_force;
/* Elder's market thermometer (elder.c): thermo(n) .temp .ratio. */
extern const bc_feature_kind bc_feature_kind_thermo;
/* A bar's place in its calendar month / week (calendar.c). */
extern const bc_feature_kind bc_feature_kind_monthbar, bc_feature_kind_weekbar;
/* Session-anchored extremes of the bar's UTC day (day_extreme.c). */
extern const bc_feature_kind bc_feature_kind_dayhigh, bc_feature_kind_daylow;
/* The previous UTC day's levels (prevday.c): prevday, pivot, camarilla,
 * rbreaker, dmpivot. */
extern const bc_feature_kind bc_feature_kind_prevday, bc_feature_kind_pivot,
    bc_feature_kind_camarilla, bc_feature_kind_rbreaker, bc_feature_kind_dmpivot, bc_feature_kind_prevweek, bc_feature_kind_dayema, bc_feature_kind_weekema;
extern const bc_feature_kind bc_feature_kind_vwap;
/* Signed runs of consecutive rises / falls of a column (streak.c). */
extern const bc_feature_kind bc_feature_kind_streak;
/* MetaTrader 5 families (mt5.c): smma(n), medprice, typprice, demarker(n), rvi(n). */
extern const bc_feature_kind bc_feature_kind_smma, bc_feature_kind_medprice,
    bc_feature_kind_typprice, bc_feature_kind_demarker, bc_feature_kind_rvi;
/* Bill Williams' accelerator oscillator (mt5.c): ac, MT5 iAC. */
extern const bc_feature_kind bc_feature_kind_ac;
/* Dorsey's mass index (mass.c): mass(e,n). */
extern const bc_feature_kind bc_feature_kind_mass;
/* Williams' alligator (mt5.c): alligator(j,t,l) -> .order .jaw .teeth .lips. */
extern const bc_feature_kind bc_feature_kind_alligator;
/* Elder's impulse system (macd.c): impulse(e,f,s,g). */
extern const bc_feature_kind bc_feature_kind_impulse;
/* Pring's Know Sure Thing and the ease of movement (kst.c) */
extern const bc_feature_kind bc_feature_kind_kst, bc_feature_kind_emv;
/* Altman's relative momentum index and the trend trigger factor (rmi_ttf.c) */
extern const bc_feature_kind bc_feature_kind_rmi, bc_feature_kind_ttf;
/* Ehlers' FRAMA and Chande and Kroll's stop (frama.c) */
extern const bc_feature_kind bc_feature_kind_frama, bc_feature_kind_ckstop;
/* the price and volume zone oscillators (zone.c): pzo(n), vzo(n) */
extern const bc_feature_kind bc_feature_kind_pzo, bc_feature_kind_vzo;
/* Tillson's T3 (wma.c, six chained EMAs): t3(n,v); Martin's ulcer index
 * (rolling_extreme.c, the deque on the close): ulcer(n). */
extern const bc_feature_kind bc_feature_kind_t3, bc_feature_kind_ulcer;
/* TA-Lib's harami pattern as its side (harami.c) */
extern const bc_feature_kind bc_feature_kind_harami;
/* TA-Lib's three inside up / down as its side (threeinside.c) */
extern const bc_feature_kind bc_feature_kind_cdl3inside;
/* k white soldiers / k black crows as their side (soldiers.c) */
extern const bc_feature_kind bc_feature_kind_soldiers;
/* TA-Lib's hikkake pattern with its own values (hikkake.c) */
extern const bc_feature_kind bc_feature_kind_cdlhikkake;
/* Williams' VIX Fix (rolling_extreme.c), the percentage volume oscillator (macd.c) */
extern const bc_feature_kind bc_feature_kind_vixfix, bc_feature_kind_pvo;
/* the Klinger volume oscillator and Pearson's r of the close against time (kvo.c) */
extern const bc_feature_kind bc_feature_kind_kvo, bc_feature_kind_correl;
/* Schaff's trend cycle and Ehlers' Laguerre RSI (stc.c) */
extern const bc_feature_kind bc_feature_kind_stc, bc_feature_kind_laguerre;
/* the Supertrend (supertrend.c) and the UTC day's opening price (day_extreme.c) */
extern const bc_feature_kind bc_feature_kind_supertrend, bc_feature_kind_dayopen;
/* Nison's line-break chart of the closes (linebreak.c) */
extern const bc_feature_kind bc_feature_kind_linebreak;
/* Ehlers' MESA adaptive moving average (mama.c): mama(fast,slow) -> .mama .fama. */
extern const bc_feature_kind bc_feature_kind_mama;
/* Ehlers' Hilbert-transform cycle items (ht.c): htsine -> .sine .lead,
 * htdcperiod, httrendmode, httrendline. */
extern const bc_feature_kind bc_feature_kind_htsine, bc_feature_kind_htdcperiod,
    bc_feature_kind_httrendmode, bc_feature_kind_httrendline;
/* Wilder's ADX rating (adx.c): adxr(n) = (adx + adx n-1 bars earlier) / 2. */
extern const bc_feature_kind bc_feature_kind_adxr;
/* Chande's intraday momentum index, TA-Lib's IMI (imi.c): imi(n); Dorsey's
 * relative volatility index (imi.c): relvol(n,m). */
extern const bc_feature_kind bc_feature_kind_imi, bc_feature_kind_relvol;
/* Connors RSI (crsi.c): crsi(a,b,c), the mean of rsi(close,a), the rsi(b) of
 * the close's up/down streak and the percent rank of the one-bar return. */
extern const bc_feature_kind bc_feature_kind_crsi;
/* Williams' accumulation / distribution line (wad.c): wad. */
extern const bc_feature_kind bc_feature_kind_wad;
/* Poulos' random walk index (rwi.c): rwi(n) .high .low. */
extern const bc_feature_kind bc_feature_kind_rwi;
/* Ehlers' center of gravity (cog.c): cog(n); Kaufman's efficiency ratio,
 * kama's own (kama.c): er(n); White's vertical horizontal filter on er's
 * sum (kama.c): vhf(n). */
extern const bc_feature_kind bc_feature_kind_cog, bc_feature_kind_er, bc_feature_kind_vhf;
/* the dual-thrust range (dtrange.c): dtrange(n) = max(HH - LC, HC - LL)
 * over the last n bars. */
extern const bc_feature_kind bc_feature_kind_dtrange;
/* Crabel's stretch (dtrange.c): stretch(n), the n-bar mean of
 * min(high - open, open - low). */
extern const bc_feature_kind bc_feature_kind_stretch;
/* The learned moving average, a cubic-weighted finite filter of the close
 * (fir.c): fir(n,c0,c1,c2,c3); its n normalized weights into w (w_0 for
 * this bar), 0 when they sum to zero. */
extern const bc_feature_kind bc_feature_kind_fir;
/* The cubic of fir/firosc (darg..darg4 = c0..c3) at u = i / (n-1), i =
 * 0..n-1 (n = iarg[0]), into p; its sum into *total, the sum of its
 * absolute values into *mass (fir.c). */
void bc_feature_cubic_lags(const bc_feature_node *node, double *p, double *total, double *mass);
int32_t bc_feature_fir_weights(const bc_feature_node *node, double *w);
/* The learned oscillator, a cubic-weighted finite filter of the one-bar
 * close changes in percent of the close (firosc.c):
 * firosc(n,c0,c1,c2,c3); its n weights into v (v_0 for this bar's change),
 * 0 when they are all zero or not finite. */
extern const bc_feature_kind bc_feature_kind_firosc;
int32_t bc_feature_firosc_weights(const bc_feature_node *node, double *v);
/* (trima.c) trima(n): TA-Lib TRIMA, sma of sma; ssf(n): Ehlers' two-pole
 * super smoother of the close; usmooth(n): Ehlers' UltimateSmoother of the
 * close; uband(n): the close's place in his Ultimate Bands,
 * (close - usmooth(n)) / the n-bar rms of that distance */
extern const bc_feature_kind bc_feature_kind_trima, bc_feature_kind_ssf;
extern const bc_feature_kind bc_feature_kind_usmooth, bc_feature_kind_uband;
/* (trima.c) decycler(n): Ehlers' simple decycler, the close less his
 * two-pole high-pass filter of period n */
extern const bc_feature_kind bc_feature_kind_decycler;
/* Pee's trend intensity index and the close's place in the previous n
 * bars' range (tii.c): tii(n,m), rangepos(n). */
extern const bc_feature_kind bc_feature_kind_tii, bc_feature_kind_rangepos;
/* Pee's trend detection index (tii.c): tdi(n) .tdi .direction */
extern const bc_feature_kind bc_feature_kind_tdi;
/* Widner's rainbow oscillator (rainbow.c): rainbow(n,r) */
extern const bc_feature_kind bc_feature_kind_rainbow;
/* Pee's trend continuation factor (tcf.c): tcf(n) .plus .minus */
extern const bc_feature_kind bc_feature_kind_tcf;
/* DeMark's TD range expansion index (tdrei.c): tdrei(n) */
extern const bc_feature_kind bc_feature_kind_tdrei;
/* Bressert's double smoothed stochastic (dss.c): dss(n,m); Chande's dynamic
 * momentum index (dss.c): dynmom(n). */
extern const bc_feature_kind bc_feature_kind_dss, bc_feature_kind_dynmom;
/* DecisionPoint's price momentum oscillator (pmo.c): pmo(a,b) .line
 * .signal */
extern const bc_feature_kind bc_feature_kind_pmo;
/* Ehlers' inverse Fisher transform of the RSI (wma.c): iftrsi(n,m); Bill
 * Williams' market facilitation index (volume_flow.c): bwmfi. */
extern const bc_feature_kind bc_feature_kind_iftrsi, bc_feature_kind_bwmfi;
/* Hosoda's Ichimoku cloud and Hannula's polarized fractal efficiency
 * (cloud.c): ichimoku(t,k,s,d) .top .bottom .a .b, pfe(n,m). */
extern const bc_feature_kind bc_feature_kind_ichimoku, bc_feature_kind_pfe;
/* The t-statistic of the last n one-bar returns and Johnson's pretty good
 * oscillator (tstat_pgo.c): tstat(n), pgo(n). */
extern const bc_feature_kind bc_feature_kind_tstat, bc_feature_kind_pgo;
/* The population skewness of the last n one-bar returns (skew.c): skew(n). */
extern const bc_feature_kind bc_feature_kind_skew;
/* Dormeier's volume-weighted MACD (macd.c): vwmacd(f,s,g). */
extern const bc_feature_kind bc_feature_kind_vwmacd;
/* Spiroglou's MACD-V (macd.c): macdv(f,s,a,g) .line .signal. */
extern const bc_feature_kind bc_feature_kind_macdv;
/* LazyBear's WaveTrend and Ehlers' cyber cycle (wavetrend.c). */
extern const bc_feature_kind bc_feature_kind_wavetrend, bc_feature_kind_cybercycle;
/* The weekly MACD (macd.c): weekmacd(f,s,g) .line .signal .hist .slope on
 * whole ISO weeks' closes. */
extern const bc_feature_kind bc_feature_kind_weekmacd;

/* time_encoding.c's tables: sin and cos ([0], [1]) of the angle of each
 * minute of the day (hour_sin/cos), weekday from Monday (dow_*) and month
 * from January (month_*), each rounded once (core/exact_sincos.h). Made on
 * the first call (thread-safe), read-only, never freed. The one source of
 * these values: the engine reads them per bar, the exporters print them. */
typedef struct bc_time_tables {
    double hour[1440][2], dow[7][2], month[12][2];
} bc_time_tables;
const bc_time_tables *bc_feature_time_tables(void);

/* Lookback helpers for kinds whose lookback is one argument expression. */
int32_t bc_feature_lookback_zero(const bc_feature_node *node, const int32_t *src);
int32_t bc_feature_lookback_max2(const bc_feature_node *node, const int32_t *src);

/* ---- the spec parser (spec.c) builds this graph ------------------------ */

typedef struct bc_feature_graph {
    bc_feature_node *nodes;
    char **node_key;            /* canonical key per node, for sharing */
    int32_t n_nodes, cap_nodes;
    int32_t n_slots;
    int32_t *slot_lookback;     /* per slot */
    int32_t *col_slot;          /* visible column -> slot */
    char **col_name;
    int32_t n_cols, cap_cols;
    char *spec;                 /* canonical spec text */
    uint32_t needs;
} bc_feature_graph;

/* Parses spec (comma list or JSON array of items) into g (zeroed by the
 * caller). BC_E_PARSE naming the item on bad input; g is then freed. */
int32_t bc_feature_graph_parse(const char *spec, bc_feature_graph *g);
void bc_feature_graph_free(bc_feature_graph *g);

/* The kind of argument index (0-based) of the feature spelled name (len
 * bytes; a bare alias has none) called with n_args top-level arguments
 * (an overloaded name: the kind of that many arguments): 'i' integer, 'd'
 * number, 'f' feature; 0 when name is no feature or index is out of its
 * arguments. */
char bc_feature_arg_type(const char *name, size_t len, size_t n_args, size_t index);

#endif

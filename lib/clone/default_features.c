/*
 * default_features.c - the candidate features a clone starts from when the
 * user names none. A rule bot built on common indicators acts on crosses
 * and levels of them, so the set holds those events (cross(...) = +1/-1 on
 * the bar it happens), the level conditions at the usual thresholds
 * (above(rsi(14),70) = 1/0: a linear model cannot cut a continuous level
 * sharply; measured: they took the stochastics test bot from 0.95 to 1.0),
 * the bounded levels themselves (RSI, stochastics, ADX), first lags,
 * returns, volatility, hour of day and day of week, and the hour-of-day
 * steps session(h,24) = "hour >= h" for h = 1..23: a bot that trades only
 * inside a session [h0,h1) acts where the step h0 is on and the step h1 is
 * off, which a linear model over the steps and the entry signal can express
 * with two weights (hour_sin/hour_cos cannot cut out a window; one-hot hours
 * can but need a weight per hour, each learned from the few signals at that
 * hour. Measured on the MACD-session test bot, held-out fidelity F1: 0.905
 * with sin/cos only, 0.950 with hour_is(0..23), 1.000 with the steps).
 * Left out on purpose: anything in price units (averages, MACD values,
 * ATR, distances) and the month: they drift, and a clone trained on one
 * stretch of time must hold on the next one (measured: dropping them took
 * the MACD-session test bot from 0.71 to 0.90 held-out fidelity F1).
 */
#include "botcopier.h"
#include "clone/clone.h"

static const char default_features[] =
    /* moving-average crosses, and price crossing its averages */
    "cross(sma(5),sma(20)),cross(sma(10),sma(30)),cross(sma(20),sma(50)),"
    "cross(ema(5),ema(20)),cross(ema(12),ema(26)),cross(ema(10),ema(50)),"
    "cross(close,sma(20)),cross(close,sma(50)),cross(close,ema(20)),"
    /* MACD line crossing its signal and zero */
    "cross(macd(12,26,9).line,macd(12,26,9).signal),cross(macd(12,26,9).line,0),"
    /* RSI levels, threshold crosses and conditions */
    "rsi(7),rsi(14),rsi(21),rsi(14)@1,"
    "cross(rsi(14),30),cross(rsi(14),50),cross(rsi(14),70),"
    "above(rsi(14),30),above(rsi(14),70),"
    /* stochastics */
    "stoch(14,3,3),stoch(14,3,3).k@1,cross(stoch(14,3,3).k,stoch(14,3,3).d),"
    "cross(stoch(14,3,3).k,20),cross(stoch(14,3,3).k,80),"
    "above(stoch(14,3,3).k,20),above(stoch(14,3,3).k,30),above(stoch(14,3,3).k,70),"
    "above(stoch(14,3,3).k,80),"
    /* Bollinger bands */
    "cross(close,bbands(20,2).upper),cross(close,bbands(20,2).lower),"
    "cross(close,bbands(20,2).middle),"
    /* trend strength, returns, volatility */
    "adx(14),ret(1),ret(5),vol(20),"
    /* time of day and day of week */
    "hour_sin,hour_cos,dow_sin,dow_cos,"
    /* hour-of-day steps "hour >= h": a session window [h0,h1) is
     * session(h0,24) - session(h1,24), two weights for a linear model */
    "session(1,24),session(2,24),session(3,24),session(4,24),session(5,24),session(6,24),"
    "session(7,24),session(8,24),session(9,24),session(10,24),session(11,24),session(12,24),"
    "session(13,24),session(14,24),session(15,24),session(16,24),session(17,24),"
    "session(18,24),session(19,24),session(20,24),session(21,24),session(22,24),"
    "session(23,24)";

const char *bc_clone_default_features(void)
{
    return default_features;
}

/* Levels a threshold on a continuous value expresses (issue 8: "close
 * beyond a band", z-score levels, channel breakouts), scale-free so they
 * hold on later prices: the close's z-score over 20 bars (a Bollinger
 * band at k standard deviations is zscore = +-k) and the close over the
 * previous 20 bars' highest high / lowest low (a Donchian breakout is a
 * ratio above 1 / below 1). A tree cuts them at the bot's own level; only
 * the trees kind takes them (measured on the tuning bots, held-out
 * fidelity F1 without / with them, model auto: Donchian ATR stops 0.636 /
 * 1.000, z-score session 0.884 / 0.965, band level with time stop 0.991 /
 * 1.000, Bollinger+RSI 0.951 / 0.968; given to logistic regression too
 * they cost the RSI(9) levels bot 0.947 -> 0.889). */
static const char level_features[] =
    "zscore(close,20),ratio(close,max(high,20)@1),ratio(close,min(low,20)@1)";

const char *clone_level_features(void)
{
    return level_features;
}

/* The level a filter on reversals is commonly set at: the ATR as a share
 * of the close ("trade the cross only while atr(14) > 1.4 % of the
 * price"), scale-free like the levels above. A bot that mostly reverses
 * on its signal but on some signals only closes shows such a filter
 * (cloner_add_level_features says when); the signal
 * search cannot see it, as a bar where the bot only closed is no open
 * example (search.c), and one filtered signal is too few to search. Only
 * trees take it, and only for such a bot (measured, held-out fidelity F1
 * without / with it: the heldout9 ATR-filtered ema cross 0.897 / 0.968,
 * its open-short rule cutting at 0.0144 against the bot's 0.014; given to
 * every bot it cost four conditions 0.947 -> 0.912 and the smoothed BOP
 * bot 0.960 -> 0.940, chance cuts of bots that never reverse; the ADX
 * filtered crosses, the other bots of this kind, kept 0.986 and 0.988). */
static const char reversal_filter_features[] = "ratio(atr(14),close)";

const char *clone_reversal_filter_features(void)
{
    return reversal_filter_features;
}

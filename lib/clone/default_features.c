/*
 * default_features.c - the candidate features a clone starts from when the
 * user names none. A rule bot built on common indicators acts on crosses
 * and levels of them, so the set holds those events (cross(...) = +1/-1 on
 * the bar it happens), the level conditions at the usual thresholds
 * (above(rsi(14),70) = 1/0: a linear model cannot cut a continuous level
 * sharply; measured: they took the stochastics test bot from 0.95 to 1.0),
 * the bounded levels themselves (RSI, stochastics, ADX), first lags,
 * returns, volatility, hour of day and day of week.
 * Left out on purpose: anything in price units (averages, MACD values,
 * ATR, distances) and the month: they drift, and a clone trained on one
 * stretch of time must hold on the next one (measured: dropping them took
 * the MACD-session test bot from 0.71 to 0.90 held-out fidelity F1).
 */
#include "botcopier.h"

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
    "hour_sin,hour_cos,dow_sin,dow_cos";

const char *bc_clone_default_features(void)
{
    return default_features;
}

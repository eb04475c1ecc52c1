/*
 * default_features.c - the candidate features a clone starts from when the
 * user names none. A rule bot built on common indicators acts on crosses
 * and levels of them, so the set holds those events (cross(...) = +1/-1 on
 * the bar it happens), the levels (RSI, stochastics, ADX, distances between
 * averages), their first lags, returns, volatility and time encodings.
 * Raw price levels are left out on purpose: they drift over time, and a
 * clone trained on one price range must hold on the held-out one.
 */
#include "botcopier.h"

static const char default_features[] =
    /* moving-average crosses and distances */
    "cross(sma(5),sma(20)),cross(sma(10),sma(30)),cross(sma(20),sma(50)),"
    "cross(ema(5),ema(20)),cross(ema(12),ema(26)),cross(ema(10),ema(50)),"
    "cross(close,sma(20)),cross(close,sma(50)),cross(close,ema(20)),"
    "diff(sma(5),sma(20)),diff(sma(10),sma(30)),diff(sma(20),sma(50)),"
    "diff(ema(12),ema(26)),diff(close,sma(20)),diff(close,ema(20)),"
    /* MACD */
    "cross(macd(12,26,9).line,macd(12,26,9).signal),cross(macd(12,26,9).line,0),"
    "macd(12,26,9).hist,macd(12,26,9).hist@1,macd(12,26,9).line,"
    /* RSI levels and threshold crosses */
    "rsi(7),rsi(14),rsi(21),rsi(14)@1,"
    "cross(rsi(14),30),cross(rsi(14),50),cross(rsi(14),70),"
    /* stochastics */
    "stoch(14,3,3),stoch(14,3,3).k@1,cross(stoch(14,3,3).k,stoch(14,3,3).d),"
    "cross(stoch(14,3,3).k,20),cross(stoch(14,3,3).k,80),"
    /* Bollinger bands */
    "cross(close,bbands(20,2).upper),cross(close,bbands(20,2).lower),"
    "cross(close,bbands(20,2).middle),diff(close,bbands(20,2).upper),"
    "diff(close,bbands(20,2).lower),"
    /* trend strength, returns, volatility */
    "adx(14),atr(14),ret(1),ret(5),vol(20),"
    /* time */
    "hour_sin,hour_cos,dow_sin,dow_cos,month_sin,month_cos";

const char *bc_clone_default_features(void)
{
    return default_features;
}

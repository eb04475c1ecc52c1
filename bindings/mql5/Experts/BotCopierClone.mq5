//+------------------------------------------------------------------+
//| BotCopierClone.mq5 - trades a clone made by libbotcopier          |
//|                                                                  |
//| Make the clone:  botcopier clone --trades trades_raw.csv          |
//|                    --bars EURUSD_H1.csv --time-zone server        |
//|                    --out clone_dir                                |
//| and copy clone_dir/model.bcm (uncompressed, as the CLI writes it  |
//| by default: the DLL has no zstd) to <data folder>\MQL5\Files\     |
//| clone.bcm. README.md, "MetaTrader 5 (DLL route)", has every step. |
//|                                                                  |
//| On every new bar of the chart's timeframe the EA feeds the bar    |
//| that just closed (on the model's clock) to the predictor, which    |
//| computes the model's features with the code that trained it and  |
//| decides: buy, sell (each reverses an opposite position), close or |
//| hold. The EA trades only positions with its magic number, reports |
//| its real position to the predictor before every bar, and logs     |
//| decisions and uncertain decisions through the library (label the  |
//| uncertain ones and retrain with them). Nothing fails silently:    |
//| every refusal and failure is a line in the Experts journal.        |
//+------------------------------------------------------------------+
#property copyright "libbotcopier"
#property version   "2.00"
#property description "Runs a libbotcopier clone (.bcm) as an Expert Advisor through botcopier.dll."

// Strategy tester: the tester's agents do not see MQL5\Files, so compile
// the model into the EA. Uncomment the #define, put the clone at
// MQL5\Files\clone.bcm (or change the path, which is relative to the MQL5
// folder) and recompile; InpModelFile is then ignored.
//#define BOTCOPIER_EMBED_MODEL
#ifdef BOTCOPIER_EMBED_MODEL
#resource "\\Files\\clone.bcm" as uchar g_embedded_model[]
#endif

#include <Trade/Trade.mqh>
#include <BotCopier/BotCopier.mqh>

input group "Model"
input string InpModelFile      = "clone.bcm"; // Model file in MQL5\Files (ignored when embedded)
input double InpThreshold      = 0.0;         // Decision threshold, 0..1 (0 = the model's own)
input double InpMargin         = 0.05;        // Uncertainty margin: |P(act) - threshold| below it is logged as uncertain
input string InpModelTimeZone  = "";          // Clock of the model's bars: "" = what the model records, else UTC, UTC+02:00 or server
input string InpServerTimeZone = "auto";      // Broker server clock: auto (live only: TimeTradeServer - TimeGMT) or e.g. UTC+02:00
input bool   InpAllowOtherSymbol = false;     // Allow a chart symbol the model was not trained on
input int    InpWarmupBars     = 500;         // Closed history bars fed before the first decision
input group "Trading"
input double InpLots           = 0.10;        // Lots per position (rounded down to the symbol's step)
input long   InpMagic          = 7301;        // Magic number: the EA trades only positions carrying it
input int    InpMaxSpreadPoints = 0;          // Skip new entries while the spread exceeds this many points (0 = no filter)
input bool   InpUseModelStops  = true;        // Send each entry's stop-loss / take-profit: the clone's rules' levels (medians without rules)
input int    InpSlippagePoints = 10;          // Largest accepted deviation from the requested price, in points
input int    InpMaxRetries     = 3;           // Retries after a requote, price change, timeout or busy server
input int    InpRetryDelayMs   = 500;         // Pause before each retry, in milliseconds
input group "Logs"
input string InpDecisionLog    = "auto";      // decisions.csv in MQL5\Files: auto = <symbol>_<period>_<magic>_decisions.csv, "" = none
input string InpUncertainLog   = "auto";      // Uncertain decisions: auto = <symbol>_<period>_<magic>_uncertain.csv, "" = none
input bool   InpVerbose        = false;       // Journal every decision, holds included

// This EA's positions on the chart's symbol, summed.
struct SPosition
  {
   int               direction;    // -1 short, 0 flat, +1 long (net of this EA's positions)
   int               bars_held;    // bars since the oldest of them was filled
   double            entry_price;  // volume-weighted entry price
   double            volume;       // net volume
   int               count;        // how many positions (a hedging account may hold several)
   bool              mixed;        // long and short ones at once (hedging)
   bool              foreign;      // netting: the symbol's one position is not this EA's
  };

CBotCopierModel     g_model;
CBotCopierPredictor g_predictor;
CTrade              g_trade;
string              g_tag;                  // journal prefix "BotCopierClone EURUSD,H1 #7301: "
bool                g_warm = false;         // history fed, decisions from the next new bar
datetime            g_last_bar = 0;         // server time of the last bar fed
long                g_last_fed = 0;         // the same bar on the model's clock
bool                g_model_server_clock = true;  // feed server time unchanged
int                 g_model_offset = 0;     // model clock, minutes east of UTC
bool                g_server_auto = true;   // server offset from TimeTradeServer - TimeGMT
int                 g_server_offset = 0;    // server clock, minutes east of UTC (when not auto)
double              g_lots = 0.0;           // InpLots normalised to the symbol
double              g_sl_distance = 0.0, g_tp_distance = 0.0;
int                 g_stop_rules = 0;       // the clone's rules: 1 sl, 2 tp, 3 both, 0 none
bool                g_hedging = false;
string              g_waiting = "";         // why the EA is waiting for history (reported once)
int                 g_log_failures = 0, g_decisions = 0, g_orders = 0, g_fills = 0;
double              g_requested_price = 0.0;

//+------------------------------------------------------------------+
//| Journal                                                          |
//+------------------------------------------------------------------+
void Report(string text) { Print(g_tag, text); }

// Reports a library failure with its own message, and drains the log ring.
// The same failure on every tick is reported once and then every 100th.
bool Fail(string what, string message)
  {
   static string last = "";
   static int repeats = 0;
   string text = what + ": " + message;
   repeats = text == last ? repeats + 1 : 0;
   last = text;
   if(repeats == 0 || repeats % 100 == 0)
      Report(text + (repeats > 0 ? " (" + IntegerToString(repeats + 1) + " times)" : ""));
   CBotCopier::DrainLog();
   return false;
  }

// Reports what the EA waits for, once per reason (history loading).
bool Waiting(string why)
  {
   if(why != g_waiting)
      Report("waiting: " + why + "; retrying on the next tick or timer");
   g_waiting = why;
   return false;
  }

string PeriodName(void) { return StringSubstr(EnumToString((ENUM_TIMEFRAMES)_Period), 7); }

// A symbol name as a file name part (no \ / : * ? " < > |).
string SafeName(string name)
  {
   string bad = "\\/:*?\"<>|";
   for(int i = 0; i < StringLen(bad); i++)
      StringReplace(name, StringSubstr(bad, i, 1), "_");
   return name;
  }

// "auto" = a name of this chart's own; "" = none; else as given.
string LogName(string input_value, string suffix)
  {
   if(input_value != "auto")
      return input_value;
   return SafeName(_Symbol) + "_" + PeriodName() + "_" + IntegerToString(InpMagic) + "_" + suffix + ".csv";
  }

//+------------------------------------------------------------------+
//| Clocks: server time -> the clock of the model's bars              |
//+------------------------------------------------------------------+
// Minutes east of UTC of the server clock now.
bool ServerOffset(int &minutes)
  {
   if(!g_server_auto)
     {
      minutes = g_server_offset;
      return true;
     }
   datetime server = TimeTradeServer(), gmt = TimeGMT();
   if(server <= 0 || gmt <= 0)
      return false;
   // Whole quarter hours: TimeGMT comes from this computer's clock.
   minutes = (int)MathRound((double)(server - gmt) / 900.0) * 15;
   return true;
  }

// A bar's server time on the model's clock (bars keep their server time
// for MetaTrader; only the predictor sees the converted one).
bool ModelTime(datetime server_time, long &model_time)
  {
   if(g_model_server_clock)
     {
      model_time = (long)server_time;
      return true;
     }
   int server_minutes = 0;
   if(!ServerOffset(server_minutes))
      return false;
   model_time = (long)server_time + 60 * (long)(g_model_offset - server_minutes);
   return true;
  }

// Reads InpModelTimeZone / the model's zone and InpServerTimeZone; false
// (INIT_FAILED) on a contradiction or an unreadable zone, with the reason.
bool SetUpClocks(void)
  {
   string model_zone = g_model.TimeZone();
   string zone = model_zone;
   int minutes = 0;
   bool server = false;
   if(InpModelTimeZone != "")
     {
      if(!CBotCopier::ParseTimeZone(InpModelTimeZone, minutes, server))
         return Fail("InpModelTimeZone", CBotCopier::LastError());
      int model_minutes = 0;
      bool model_server = false;
      if(model_zone != "" && CBotCopier::ParseTimeZone(model_zone, model_minutes, model_server) &&
         (model_server != server || model_minutes != minutes))
        {
         Report("InpModelTimeZone '" + InpModelTimeZone + "' contradicts the model, whose bars are on " +
                model_zone + "; leave it empty to use the model's");
         return false;
        }
      zone = InpModelTimeZone;
     }
   if(zone == "")
     {
      Report("the model does not record the clock of its bars (clone with --time-zone); feeding "
             "server time, which is right only when the training bars were exported from this "
             "broker's MetaTrader");
      g_model_server_clock = true;
      return true;
     }
   if(!CBotCopier::ParseTimeZone(zone, minutes, server))
      return Fail("model time zone '" + zone + "'", CBotCopier::LastError());
   g_model_server_clock = server;
   g_model_offset = minutes;
   if(server)
     {
      Report("the model's bars are on broker server time: bars are fed with their server time");
      return true;
     }
   g_server_auto = InpServerTimeZone == "auto";
   if(g_server_auto)
     {
      if(MQLInfoInteger(MQL_TESTER))
        {
         // In the tester TimeGMT() is the simulated server time: the
         // offset would read 0 whatever the broker's clock is.
         Report("the strategy tester cannot measure the server's UTC offset: set InpServerTimeZone "
                "(e.g. UTC+02:00, the broker's clock in the tested period)");
         return false;
        }
     }
   else
     {
      bool is_server = false;
      if(!CBotCopier::ParseTimeZone(InpServerTimeZone, g_server_offset, is_server) || is_server)
        {
         Report("InpServerTimeZone '" + InpServerTimeZone + "' must be auto or a UTC offset such as "
                "UTC+02:00" + (is_server ? "" : ": " + CBotCopier::LastError()));
         return false;
        }
     }
   int now = 0;
   if(!ServerOffset(now))
      Report("the server's UTC offset is not known yet (no server time); bars wait for it");
   int size = now < 0 ? -now : now;
   Report("bars are fed on the model's clock " + zone + "; server clock " +
          StringFormat("UTC%s%02d:%02d", now < 0 ? "-" : "+", size / 60, size % 60) +
          (g_server_auto ? " (auto, follows daylight saving time)" : ""));
   return true;
  }

//+------------------------------------------------------------------+
//| Symbol, timeframe, volume                                         |
//+------------------------------------------------------------------+
bool CheckSymbolAndPeriod(void)
  {
   string symbols = g_model.Symbol();
   if(symbols == "")
      Report("the model does not record its symbol: not checked against " + _Symbol);
   else
     {
      string names[];
      int n = StringSplit(symbols, ',', names);
      bool exact = false, prefix = false;
      for(int i = 0; i < n; i++)
        {
         if(names[i] == _Symbol)
            exact = true;
         else if(names[i] != "" && StringFind(_Symbol, names[i]) == 0)
            prefix = true;
        }
      if(!exact && prefix)
         Report("chart symbol " + _Symbol + " taken as the model's " + symbols + " (broker suffix)");
      else if(!exact && !InpAllowOtherSymbol)
        {
         Report("the model was trained on " + symbols + ", the chart is " + _Symbol +
                " (set InpAllowOtherSymbol to run it anyway)");
         return false;
        }
      else if(!exact)
         Report("WARNING: the model was trained on " + symbols + ", running it on " + _Symbol);
     }
   int seconds = g_model.BarSeconds();
   int chart = PeriodSeconds((ENUM_TIMEFRAMES)_Period);
   if(seconds <= 0)
      Report("the model does not record its bar period: not checked against " + PeriodName());
   else if(seconds != chart && !(_Period == PERIOD_MN1 && seconds >= 28 * 86400))
     {
      Report("the model was trained on " + IntegerToString(seconds) + "-second bars, the chart is " +
             PeriodName() + " (" + IntegerToString(chart) + " s): attach it to a chart of the "
             "model's timeframe");
      return false;
     }
   return true;
  }

// InpLots rounded down to the symbol's volume step, within min/max/limit.
bool NormaliseLots(void)
  {
   double step = SymbolInfoDouble(_Symbol, SYMBOL_VOLUME_STEP);
   double vmin = SymbolInfoDouble(_Symbol, SYMBOL_VOLUME_MIN);
   double vmax = SymbolInfoDouble(_Symbol, SYMBOL_VOLUME_MAX);
   double limit = SymbolInfoDouble(_Symbol, SYMBOL_VOLUME_LIMIT);
   if(step <= 0.0)
      step = vmin > 0.0 ? vmin : 0.01;
   double lots = MathFloor(InpLots / step + 1e-7) * step;
   if(vmax > 0.0)
      lots = MathMin(lots, vmax);
   if(limit > 0.0)
      lots = MathMin(lots, limit);
   int digits = (int)MathMax(0.0, MathCeil(-MathLog10(step) - 1e-9));
   lots = NormalizeDouble(lots, digits);
   if(lots < vmin - 1e-12 || lots <= 0.0)
     {
      Report("InpLots " + DoubleToString(InpLots, 4) + " is below the symbol's minimum volume " +
             DoubleToString(vmin, digits));
      return false;
     }
   if(MathAbs(lots - InpLots) > 1e-9)
      Report("lots " + DoubleToString(InpLots, 4) + " traded as " + DoubleToString(lots, digits) +
             " (volume step " + DoubleToString(step, digits) + ", max " + DoubleToString(vmax, digits) + ")");
   g_lots = lots;
   return true;
  }

//+------------------------------------------------------------------+
//| Position                                                          |
//+------------------------------------------------------------------+
bool ReadPosition(SPosition &p)
  {
   p.direction = 0;
   p.bars_held = 0;
   p.entry_price = 0.0;
   p.volume = 0.0;
   p.count = 0;
   p.mixed = false;
   p.foreign = false;
   double long_volume = 0.0, short_volume = 0.0, weighted = 0.0;
   datetime oldest = 0;
   for(int i = PositionsTotal() - 1; i >= 0; i--)
     {
      ulong ticket = PositionGetTicket(i);
      if(ticket == 0 || PositionGetString(POSITION_SYMBOL) != _Symbol)
         continue;
      if(PositionGetInteger(POSITION_MAGIC) != InpMagic)
        {
         // On a netting account the symbol has one position, shared by
         // every EA: trading it would change someone else's.
         if(!g_hedging)
            p.foreign = true;
         continue;
        }
      double volume = PositionGetDouble(POSITION_VOLUME);
      if(PositionGetInteger(POSITION_TYPE) == POSITION_TYPE_BUY)
         long_volume += volume;
      else
         short_volume += volume;
      weighted += volume * PositionGetDouble(POSITION_PRICE_OPEN);
      datetime opened = (datetime)PositionGetInteger(POSITION_TIME);
      if(oldest == 0 || opened < oldest)
         oldest = opened;
      p.count++;
     }
   if(p.count == 0)
      return true;
   p.mixed = long_volume > 0.0 && short_volume > 0.0;
   p.volume = long_volume - short_volume;
   p.direction = p.volume > 0.0 ? 1 : p.volume < 0.0 ? -1 : 0;
   p.entry_price = weighted / (long_volume + short_volume);
   // The closed bar being fed is shift 1 and a fill lands in the bar after
   // its decision, so the fill bar's shift counts the bars since the
   // decision bar: what the predictor's own tracking calls bars held.
   p.bars_held = MathMax(0, iBarShift(_Symbol, (ENUM_TIMEFRAMES)_Period, oldest, false));
   return true;
  }

//+------------------------------------------------------------------+
//| Orders                                                            |
//+------------------------------------------------------------------+
bool Retryable(uint retcode)
  {
   return retcode == TRADE_RETCODE_REQUOTE || retcode == TRADE_RETCODE_PRICE_CHANGED ||
          retcode == TRADE_RETCODE_PRICE_OFF || retcode == TRADE_RETCODE_TIMEOUT ||
          retcode == TRADE_RETCODE_CONNECTION || retcode == TRADE_RETCODE_TOO_MANY_REQUESTS;
  }

// After a timeout the request may have gone through: true when the
// position already looks as the request wanted.
bool AlreadyDone(int action, ulong ticket)
  {
   if(action == 0)
      return !PositionSelectByTicket(ticket);
   SPosition p;
   return ReadPosition(p) && p.direction == action && p.count > 0;
  }

// The stops of an entry at the current price, at least the broker's stop
// level (plus the spread) away. A clone with stop rules (g_stop_rules):
// the levels its rules place at this entry, which the predictor computes
// from the bar just decided (bc_mql_predictor_levels after reporting the
// entry at this price, one bar held at the next decision: what
// `botcopier run` places on the same bar); a rule that gives no level at
// this entry places no order on its side, as in `botcopier run`. Only a
// model without stop rules (written before the cloner learned them, or not
// a clone) falls back to the median distances of the bot's stops
// (bc_mql_model_stops). The EA reports its real position again before the
// next bar.
void StopsFor(int action, double &sl, double &tp)
  {
   sl = 0.0;
   tp = 0.0;
   if(!InpUseModelStops)
      return;
   double ask = SymbolInfoDouble(_Symbol, SYMBOL_ASK), bid = SymbolInfoDouble(_Symbol, SYMBOL_BID);
   double price = action > 0 ? ask : bid;
   double least = (double)SymbolInfoInteger(_Symbol, SYMBOL_TRADE_STOPS_LEVEL) * _Point + (ask - bid);
   double sl_distance = g_sl_distance, tp_distance = g_tp_distance;
   if(g_stop_rules != 0)
     {
      double sl_level = 0.0, tp_level = 0.0;
      int rules = 0;
      if(!g_predictor.SetPosition(action, 1, price) ||
         !g_predictor.Levels(sl_level, tp_level, rules))
        {
         Fail("stop levels (the entry is sent without them)", g_predictor.ErrorMessage());
         return;
        }
      // NaN (no level at this entry) fails both tests: no order that side
      sl_distance = MathIsValidNumber(sl_level) ? action * (price - sl_level) : 0.0;
      tp_distance = MathIsValidNumber(tp_level) ? action * (tp_level - price) : 0.0;
     }
   if(sl_distance > 0.0)
      sl = NormalizeDouble(price - action * MathMax(sl_distance, least), _Digits);
   if(tp_distance > 0.0)
      tp = NormalizeDouble(price + action * MathMax(tp_distance, least), _Digits);
  }

// One trade request (+1 buy, -1 sell, 0 close ticket) with retries of the
// retcodes that say "try again"; every outcome is journaled.
bool Send(int action, ulong ticket, double volume, string what)
  {
   for(int attempt = 0; attempt <= InpMaxRetries; attempt++)
     {
      if(attempt > 0)
        {
         Sleep(InpRetryDelayMs);
         if(AlreadyDone(action, ticket))
           {
            Report(what + ": done by the previous attempt");
            return true;
           }
        }
      bool sent;
      ResetLastError();
      if(action == 0)
         sent = g_trade.PositionClose(ticket);
      else
        {
         double sl = 0.0, tp = 0.0;
         StopsFor(action, sl, tp);
         g_requested_price = action > 0 ? SymbolInfoDouble(_Symbol, SYMBOL_ASK)
                                        : SymbolInfoDouble(_Symbol, SYMBOL_BID);
         string comment = "botcopier " + IntegerToString(InpMagic);
         sent = action > 0 ? g_trade.Buy(volume, _Symbol, 0.0, sl, tp, comment)
                           : g_trade.Sell(volume, _Symbol, 0.0, sl, tp, comment);
        }
      g_orders++;
      uint rc = g_trade.ResultRetcode();
      if(rc == TRADE_RETCODE_DONE || rc == TRADE_RETCODE_PLACED)
         return true;
      if(rc == TRADE_RETCODE_DONE_PARTIAL)
        {
         Report(what + ": partly filled, " + DoubleToString(g_trade.ResultVolume(), 2) + " of " +
                DoubleToString(volume, 2) + " lots");
         return true;
        }
      bool again = Retryable(rc) && attempt < InpMaxRetries;
      Report(what + ": attempt " + IntegerToString(attempt + 1) + " of " +
             IntegerToString(InpMaxRetries + 1) + " failed: retcode " + IntegerToString(rc) + " (" +
             g_trade.ResultRetcodeDescription() + ")" +
             (sent ? "" : ", error " + IntegerToString(GetLastError())) +
             (again ? "; retrying" : Retryable(rc) ? "; giving up" : ""));
      if(!Retryable(rc))
         return false;
     }
   return false;
  }

// Closes every position of this EA on the symbol.
bool CloseAll(string why)
  {
   bool ok = true;
   for(int i = PositionsTotal() - 1; i >= 0; i--)
     {
      ulong ticket = PositionGetTicket(i);
      if(ticket == 0 || PositionGetString(POSITION_SYMBOL) != _Symbol ||
         PositionGetInteger(POSITION_MAGIC) != InpMagic)
         continue;
      if(!Send(0, ticket, 0.0, "close #" + IntegerToString((long)ticket) + " (" + why + ")"))
         ok = false;
     }
   return ok;
  }

// Opens a position in direction (+1/-1) after the spread, trade-mode and
// margin checks; false (journaled) when it is not opened.
bool Open(int direction)
  {
   long mode = SymbolInfoInteger(_Symbol, SYMBOL_TRADE_MODE);
   if(mode == SYMBOL_TRADE_MODE_DISABLED || mode == SYMBOL_TRADE_MODE_CLOSEONLY ||
      (direction > 0 && mode == SYMBOL_TRADE_MODE_SHORTONLY) ||
      (direction < 0 && mode == SYMBOL_TRADE_MODE_LONGONLY))
     {
      Report("entry skipped: the symbol's trade mode does not allow it");
      return false;
     }
   long spread = SymbolInfoInteger(_Symbol, SYMBOL_SPREAD);
   if(InpMaxSpreadPoints > 0 && spread > InpMaxSpreadPoints)
     {
      Report("entry skipped: spread " + IntegerToString(spread) + " points exceeds InpMaxSpreadPoints " +
             IntegerToString(InpMaxSpreadPoints));
      return false;
     }
   double price = direction > 0 ? SymbolInfoDouble(_Symbol, SYMBOL_ASK) : SymbolInfoDouble(_Symbol, SYMBOL_BID);
   double margin = 0.0;
   ResetLastError();
   if(!OrderCalcMargin(direction > 0 ? ORDER_TYPE_BUY : ORDER_TYPE_SELL, _Symbol, g_lots, price, margin))
     {
      Report("entry skipped: OrderCalcMargin failed, error " + IntegerToString(GetLastError()));
      return false;
     }
   double free_margin = AccountInfoDouble(ACCOUNT_MARGIN_FREE);
   if(margin > free_margin)
     {
      Report("entry skipped: " + DoubleToString(g_lots, 2) + " lots need " + DoubleToString(margin, 2) +
             " margin, " + DoubleToString(free_margin, 2) + " is free");
      return false;
     }
   return Send(direction, 0, g_lots, direction > 0 ? "buy" : "sell");
  }

// Carries out a decision from the position p.
void Act(int decision, const SPosition &p)
  {
   int target = decision == BC_DECISION_BUY ? 1 : decision == BC_DECISION_SELL ? -1 :
                decision == BC_DECISION_CLOSE ? 0 : p.direction;
   if(target == p.direction && !p.mixed)
      return;
   if(!MQLInfoInteger(MQL_TRADE_ALLOWED) || !TerminalInfoInteger(TERMINAL_TRADE_ALLOWED))
     {
      Report("decision not carried out: algorithmic trading is disabled (terminal's Algo Trading "
             "button or the EA's 'Allow Algo Trading')");
      return;
     }
   if(p.count > 0 && !CloseAll(p.mixed ? "long and short at once" : target == 0 ? "close" : "reverse"))
      return;                           // never open while an old position may remain
   if(target != 0)
      Open(target);
  }

//+------------------------------------------------------------------+
//| Bars                                                              |
//+------------------------------------------------------------------+
// Feeds one closed bar; decides (and trades) when decide is true.
bool Feed(const MqlRates &bar, bool decide)
  {
   long model_time = 0;
   if(!ModelTime(bar.time, model_time))
      return Waiting("the server's UTC offset is not known yet");
   if(model_time <= g_last_fed)
     {
      // A clock change that would feed time backwards: the predictor
      // refuses that, so the bar is skipped, loudly.
      Report("bar " + TimeToString(bar.time) + " skipped: on the model's clock it is not after the "
             "previous bar (server UTC offset changed?)");
      g_last_bar = bar.time;
      return true;
     }
   if(!decide)
     {
      if(!g_predictor.ObserveAt(model_time, bar))
         return Fail("bar " + TimeToString(bar.time), g_predictor.ErrorMessage());
     }
   else
     {
      SPosition p;
      ReadPosition(p);
      if(p.foreign)
         Report("the " + _Symbol + " position belongs to another EA or to the user (netting "
                "account): this bar is decided but not traded");
      bool reported = p.foreign ? g_predictor.SetPosition(0, 0, 0.0)
                                : g_predictor.SetPosition(p.direction, p.mixed ? 0 : p.bars_held, p.entry_price);
      if(!reported)
         return Fail("position " + IntegerToString(p.direction), g_predictor.ErrorMessage());
      double probs[];
      int decision = BC_DECISION_HOLD;
      bool ok = g_predictor.UpdateAt(model_time, bar, probs, decision);
      if(!ok && g_predictor.Status() != BC_E_IO)
         return Fail("bar " + TimeToString(bar.time) + " not decided", g_predictor.ErrorMessage());
      if(!ok)
        {
         // The decision stands; only its log line is missing.
         g_log_failures++;
         if(g_log_failures == 1 || g_log_failures % 100 == 0)
            Report("decision log write failed (" + IntegerToString(g_log_failures) + " so far): " +
                   g_predictor.ErrorMessage() + "; trading continues");
        }
      g_decisions++;
      double p_act = 0.0, threshold = 0.0;
      g_predictor.Last(p_act, threshold);
      static string names[4] = {"hold", "BUY", "SELL", "CLOSE"};
      if(decision != BC_DECISION_HOLD || InpVerbose)
         Report(TimeToString(bar.time) + " bar: " + names[decision & 3] + ", P(act) " +
                DoubleToString(p_act, 4) + " vs threshold " + DoubleToString(threshold, 4) +
                ", position " + IntegerToString(p.direction));
      if(!p.foreign)
         Act(decision, p);
     }
   g_last_bar = bar.time;
   g_last_fed = model_time;
   return true;
  }

// Brings the predictor up to the newest closed bar. History that is not
// loaded or not synchronised yet is waited for (nothing is fed, so a gap
// is never fed as consecutive bars); bars missed while the EA was away
// are fed without trading, and the newest one is decided.
bool CatchUp(void)
  {
   datetime newest = iTime(_Symbol, (ENUM_TIMEFRAMES)_Period, 1);
   if(newest <= 0)
      return Waiting("no closed bar in the history yet (error " + IntegerToString(GetLastError()) + ")");
   if(newest <= g_last_bar)
      return true;
   if(!(bool)SeriesInfoInteger(_Symbol, (ENUM_TIMEFRAMES)_Period, SERIES_SYNCHRONIZED))
      return Waiting("the " + _Symbol + " " + PeriodName() + " history is still synchronising");
   MqlRates rates[];
   ArraySetAsSeries(rates, false);
   ResetLastError();
   int n;
   if(!g_warm)
      n = CopyRates(_Symbol, (ENUM_TIMEFRAMES)_Period, 1, InpWarmupBars, rates);
   else
      n = CopyRates(_Symbol, (ENUM_TIMEFRAMES)_Period, g_last_bar + 1, newest, rates);
   if(n <= 0)
      return Waiting("CopyRates returned " + IntegerToString(n) + " (error " +
                     IntegerToString(GetLastError()) + ")");
   if(rates[n - 1].time != newest)
      return Waiting("the copied bars end at " + TimeToString(rates[n - 1].time) +
                     ", the newest closed bar is " + TimeToString(newest));
   if(g_warm)
     {
      int expected = Bars(_Symbol, (ENUM_TIMEFRAMES)_Period, g_last_bar + 1, newest);
      if(expected != n)
         return Waiting(IntegerToString(n) + " bars copied since " + TimeToString(g_last_bar) +
                        ", the history counts " + IntegerToString(expected));
     }
   else if(n < InpWarmupBars)
      Report("only " + IntegerToString(n) + " closed bars in the history (InpWarmupBars " +
             IntegerToString(InpWarmupBars) + "); the model holds until its features have enough");
   g_waiting = "";
   if(g_warm && n > 1)
      Report(IntegerToString(n - 1) + " bar(s) missed since " + TimeToString(g_last_bar) +
             " fed without trading");
   for(int i = 0; i < n; i++)
      if(rates[i].time > g_last_bar && !Feed(rates[i], g_warm && i == n - 1))
         return false;
   if(!g_warm)
     {
      g_warm = true;
      Report("warmed up on " + IntegerToString(n) + " bars up to " + TimeToString(newest) +
             "; deciding from the next bar");
     }
   CBotCopier::DrainLog();
   return true;
  }

//+------------------------------------------------------------------+
//| Events                                                            |
//+------------------------------------------------------------------+
int OnInit(void)
  {
   // A change of inputs, symbol or timeframe runs OnDeinit/OnInit without
   // unloading the EA, and globals keep their values: start afresh.
   g_warm = false;
   g_last_bar = 0;
   g_last_fed = 0;
   g_model_server_clock = true;
   g_model_offset = 0;
   g_server_auto = true;
   g_server_offset = 0;
   g_sl_distance = 0.0;
   g_tp_distance = 0.0;
   g_stop_rules = 0;
   g_waiting = "";
   g_log_failures = 0;
   g_decisions = 0;
   g_orders = 0;
   g_fills = 0;
   g_requested_price = 0.0;
   g_tag = "BotCopierClone " + _Symbol + "," + PeriodName() + " #" + IntegerToString(InpMagic) + ": ";
   if(!CBotCopier::Compatible())
     {
      Report("botcopier.dll " + CBotCopier::Version() + " does not speak the ABI of BotCopier.mqh (" +
             IntegerToString(BC_ABI_VERSION_EXPECTED) + "): install the matching DLL");
      return INIT_FAILED;
     }
   CBotCopier::SetLogLevel(BC_LOG_INFO);
   if(InpThreshold < 0.0 || InpThreshold > 1.0 || InpMargin < 0.0 || InpMargin > 0.5 ||
      InpWarmupBars < 1 || InpMaxRetries < 0 || InpRetryDelayMs < 0 || InpSlippagePoints < 0)
     {
      Report("inputs out of range: InpThreshold 0..1, InpMargin 0..0.5, InpWarmupBars >= 1, "
             "retries, delay and slippage >= 0");
      return INIT_PARAMETERS_INCORRECT;
     }
#ifdef BOTCOPIER_EMBED_MODEL
   string source = "the embedded model";
   bool loaded = g_model.LoadFromArray(g_embedded_model);
#else
   string source = InpModelFile;
   bool loaded = g_model.Load(InpModelFile);
#endif
   if(!loaded)
     {
      Fail("cannot load " + source, g_model.ErrorMessage());
      return INIT_FAILED;
     }
   Report("model " + source + "\n" + g_model.Info());
   if(!CheckSymbolAndPeriod() || !SetUpClocks() || !NormaliseLots())
      return INIT_FAILED;
   if(!g_model.Stops(g_sl_distance, g_tp_distance))
     {
      Fail("model stops", g_model.ErrorMessage());
      return INIT_FAILED;
     }
   if(!g_predictor.Create(g_model))
     {
      Fail("cannot create a predictor", g_predictor.ErrorMessage());
      return INIT_FAILED;
     }
   double no_sl = 0.0, no_tp = 0.0;
   if(!g_predictor.Levels(no_sl, no_tp, g_stop_rules))
     {
      Fail("model stop rules", g_predictor.ErrorMessage());
      return INIT_FAILED;
     }
   if(InpUseModelStops && g_stop_rules != 0)
      Report("stops from the clone's rules, placed at each entry: " +
             ((g_stop_rules & 1) != 0 ? "stop-loss" : "") + (g_stop_rules == 3 ? " and " : "") +
             ((g_stop_rules & 2) != 0 ? "take-profit" : ""));
   else if(InpUseModelStops && (g_sl_distance > 0.0 || g_tp_distance > 0.0))
      Report("stops from the model (no stop rules: the median distances): stop-loss " +
             DoubleToString(g_sl_distance, _Digits) + ", take-profit " +
             DoubleToString(g_tp_distance, _Digits) + " from the entry (0 = none)");
   // The EA reports its real position before every bar.
   string decision_log = LogName(InpDecisionLog, "decisions");
   string uncertain_log = LogName(InpUncertainLog, "uncertain");
   string keys[6] = {"auto_position", "uncertainty_margin", "model_version", "threshold",
                     "decision_log", "uncertain_log"};
   string values[6];
   values[0] = "0";
   values[1] = DoubleToString(InpMargin, 6);
   values[2] = StringSubstr(source, 0, 31);
   values[3] = InpThreshold > 0.0 ? DoubleToString(InpThreshold, 6) : "";
   values[4] = decision_log != "" ? CBotCopier::FilesPath(decision_log) : "";
   values[5] = uncertain_log != "" ? CBotCopier::FilesPath(uncertain_log) : "";
   for(int i = 0; i < 6; i++)
      if(values[i] != "" && !g_predictor.Set(keys[i], values[i]))
        {
         Fail("option " + keys[i] + " = '" + values[i] + "'", g_predictor.ErrorMessage());
         return INIT_FAILED;
        }
   if(decision_log != "" || uncertain_log != "")
      Report("decisions logged to MQL5\\Files\\" + decision_log + (uncertain_log != "" ?
             ", uncertain ones to MQL5\\Files\\" + uncertain_log : ""));

   g_hedging = AccountInfoInteger(ACCOUNT_MARGIN_MODE) == ACCOUNT_MARGIN_MODE_RETAIL_HEDGING;
   g_trade.SetExpertMagicNumber((ulong)InpMagic);
   g_trade.SetDeviationInPoints((ulong)InpSlippagePoints);
   // SYMBOL_FILLING_MODE is a set of flags (SYMBOL_FILLING_FOK 1,
   // SYMBOL_FILLING_IOC 2), not an ENUM_ORDER_TYPE_FILLING: FOK or IOC when
   // the symbol allows one, else RETURN (exchange execution). CTrade's
   // default, FOK, fails with 10030 on symbols that lack it.
   long filling_flags = SymbolInfoInteger(_Symbol, SYMBOL_FILLING_MODE);
   ENUM_ORDER_TYPE_FILLING filling = (filling_flags & SYMBOL_FILLING_FOK) != 0 ? ORDER_FILLING_FOK :
                                     (filling_flags & SYMBOL_FILLING_IOC) != 0 ? ORDER_FILLING_IOC :
                                     ORDER_FILLING_RETURN;
   g_trade.SetTypeFilling(filling);
   Report((g_hedging ? "hedging" : "netting") + " account; filling " + EnumToString(filling) +
          "; lots " + DoubleToString(g_lots, 2));
   EventSetTimer(10);
   CatchUp();                           // history may not be there yet: OnTimer retries
   CBotCopier::DrainLog();
   return INIT_SUCCEEDED;
  }

void OnDeinit(const int reason)
  {
   EventKillTimer();
   g_predictor.Release();               // closes the decision logs
   g_model.Release();
   Report("stopped (reason " + IntegerToString(reason) + "): " + IntegerToString(g_decisions) +
          " decisions, " + IntegerToString(g_orders) + " order requests, " + IntegerToString(g_fills) +
          " fills, " + IntegerToString(g_log_failures) + " failed log writes");
   CBotCopier::DrainLog();
  }

void OnTimer(void)
  {
   if(!g_warm)
      CatchUp();
   CBotCopier::DrainLog();
  }

void OnTick(void)
  {
   CatchUp();
  }

// Fills of this EA's orders, as the server reports them: entries, exits,
// stop-loss and take-profit hits, slippage against the requested price.
void OnTradeTransaction(const MqlTradeTransaction &trans, const MqlTradeRequest &request,
                        const MqlTradeResult &result)
  {
   if(trans.type != TRADE_TRANSACTION_DEAL_ADD || trans.symbol != _Symbol)
      return;
   if(!HistoryDealSelect(trans.deal) || HistoryDealGetInteger(trans.deal, DEAL_MAGIC) != InpMagic)
      return;
   g_fills++;
   long entry = HistoryDealGetInteger(trans.deal, DEAL_ENTRY);
   long type = HistoryDealGetInteger(trans.deal, DEAL_TYPE);
   long reason = HistoryDealGetInteger(trans.deal, DEAL_REASON);
   double price = HistoryDealGetDouble(trans.deal, DEAL_PRICE);
   string text = "fill: deal #" + IntegerToString((long)trans.deal) + " " +
                 (type == DEAL_TYPE_BUY ? "buy" : type == DEAL_TYPE_SELL ? "sell" : "other") + " " +
                 (entry == DEAL_ENTRY_IN ? "in" : entry == DEAL_ENTRY_OUT ? "out" :
                  entry == DEAL_ENTRY_INOUT ? "reverse" : "out by") + " " +
                 DoubleToString(HistoryDealGetDouble(trans.deal, DEAL_VOLUME), 2) + " lots at " +
                 DoubleToString(price, _Digits);
   if(reason == DEAL_REASON_SL)
      text += " (stop-loss)";
   else if(reason == DEAL_REASON_TP)
      text += " (take-profit)";
   else if(entry == DEAL_ENTRY_IN && g_requested_price > 0.0)
      text += ", slippage " + DoubleToString((type == DEAL_TYPE_BUY ? price - g_requested_price :
                                              g_requested_price - price) / _Point, 0) + " points";
   if(entry != DEAL_ENTRY_IN)
      text += ", profit " + DoubleToString(HistoryDealGetDouble(trans.deal, DEAL_PROFIT), 2);
   Report(text);
  }
//+------------------------------------------------------------------+

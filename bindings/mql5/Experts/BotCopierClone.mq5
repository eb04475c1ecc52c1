//+------------------------------------------------------------------+
//| BotCopierClone.mq5 - trades a clone made by libbotcopier          |
//|                                                                  |
//| The clone (botcopier clone ... -o clone.bcm, saved uncompressed:  |
//| the DLL has no zstd) goes in <data folder>\MQL5\Files. On every   |
//| new bar of the chart's timeframe the EA feeds the bar that just   |
//| closed to the predictor, which computes the model's features      |
//| (the same code that trained it), and acts on the decision: buy,   |
//| sell (each reverses an opposite position) or close. One position  |
//| per symbol and magic number. Decisions and uncertain decisions    |
//| are logged by the library as decisions.csv and                    |
//| uncertain_decisions.csv; label the latter and retrain with them.  |
//+------------------------------------------------------------------+
#property copyright "libbotcopier"
#property version   "1.00"
#property description "Runs a libbotcopier clone (.bcm) as an Expert Advisor through botcopier.dll."

#include <Trade/Trade.mqh>
#include <BotCopier/BotCopier.mqh>

input string InpModelFile    = "clone.bcm";                // Model file in MQL5\Files
input double InpThreshold    = 0.0;                        // Decision threshold (0 = the model's)
input double InpMargin       = 0.05;                       // Uncertainty margin around the threshold
input double InpLots         = 0.10;                       // Lots per position
input long   InpMagic        = 7301;                       // Magic number
input int    InpWarmupBars   = 500;                        // Closed bars fed before trading
input string InpDecisionLog  = "decisions.csv";            // Decision log in MQL5\Files ("" = none)
input string InpUncertainLog = "uncertain_decisions.csv";  // Uncertain decisions in MQL5\Files ("" = none)

CBotCopierModel     g_model;
CBotCopierPredictor g_predictor;
CTrade              g_trade;
datetime            g_last_bar = 0;   // time of the last bar fed to the predictor

// Prints what failed with the library's own message.
bool Fail(string what)
  {
   Print("BotCopierClone: ", what, ": ", CBotCopier::LastError());
   CBotCopier::DrainLog();
   return false;
  }

// Sets a predictor option, reporting a failure.
bool SetOption(string key, string value)
  {
   return g_predictor.Set(key, value) || Fail("option " + key + " = '" + value + "'");
  }

//+------------------------------------------------------------------+
int OnInit(void)
  {
   if(!CBotCopier::Compatible())
     {
      Print("BotCopierClone: botcopier.dll ", CBotCopier::Version(),
            " does not speak the ABI of BotCopier.mqh (", BC_ABI_VERSION_EXPECTED, ")");
      return INIT_FAILED;
     }
   CBotCopier::SetLogLevel(BC_LOG_INFO);
   if(!g_model.Load(InpModelFile))
     {
      Fail("cannot load " + InpModelFile);
      return INIT_FAILED;
     }
   Print("BotCopierClone: model ", InpModelFile, "\n", g_model.Info());
   if(!g_predictor.Create(g_model))
     {
      Fail("cannot create a predictor");
      return INIT_FAILED;
     }
   // The EA reports its real position before every bar.
   bool ok = SetOption("auto_position", "0") &&
             SetOption("uncertainty_margin", DoubleToString(InpMargin, 6)) &&
             SetOption("model_version", StringSubstr(InpModelFile, 0, 31));
   if(ok && InpThreshold > 0.0)
      ok = SetOption("threshold", DoubleToString(InpThreshold, 6));
   if(ok && InpDecisionLog != "")
      ok = SetOption("decision_log", CBotCopier::FilesPath(InpDecisionLog));
   if(ok && InpUncertainLog != "")
      ok = SetOption("uncertain_log", CBotCopier::FilesPath(InpUncertainLog));
   if(!ok)
      return INIT_FAILED;

   // Warm the features up on closed history bars (oldest first).
   MqlRates history[];
   ArraySetAsSeries(history, false);
   int n = CopyRates(_Symbol, _Period, 1, InpWarmupBars, history);
   for(int i = 0; i < n; i++)
     {
      if(!g_predictor.Observe(history[i]))
        {
         Fail("warm-up bar " + TimeToString(history[i].time));
         return INIT_FAILED;
        }
      g_last_bar = history[i].time;
     }
   g_trade.SetExpertMagicNumber((ulong)InpMagic);
   EventSetTimer(10);
   CBotCopier::DrainLog();
   return INIT_SUCCEEDED;
  }

//+------------------------------------------------------------------+
void OnDeinit(const int reason)
  {
   EventKillTimer();
   g_predictor.Release();   // closes the decision logs
   g_model.Release();
   CBotCopier::DrainLog();
  }

void OnTimer(void) { CBotCopier::DrainLog(); }

// This EA's position on the symbol: direction -1/0/1, ticket, entry bar.
int OurPosition(ulong &ticket, int &bars_held, double &entry_price)
  {
   ticket = 0;
   bars_held = 0;
   entry_price = 0.0;
   for(int i = PositionsTotal() - 1; i >= 0; i--)
     {
      ulong t = PositionGetTicket(i);
      if(t == 0 || PositionGetString(POSITION_SYMBOL) != _Symbol ||
         PositionGetInteger(POSITION_MAGIC) != InpMagic)
         continue;
      ticket = t;
      entry_price = PositionGetDouble(POSITION_PRICE_OPEN);
      // Filled in the bar after the decision: the bar being fed now is
      // shift 1, the decision bar shift s + 1, so s bars have passed.
      bars_held = MathMax(0, iBarShift(_Symbol, _Period, (datetime)PositionGetInteger(POSITION_TIME)));
      return PositionGetInteger(POSITION_TYPE) == POSITION_TYPE_BUY ? 1 : -1;
     }
   return 0;
  }

// Carries out a decision; returns false when an order failed.
bool Act(int decision, int direction, ulong ticket)
  {
   int target = decision == BC_DECISION_BUY ? 1 : decision == BC_DECISION_SELL ? -1 :
                decision == BC_DECISION_CLOSE ? 0 : direction;
   if(target == direction)
      return true;
   if(direction != 0 && !g_trade.PositionClose(ticket))
     {
      Print("BotCopierClone: close failed: ", g_trade.ResultRetcodeDescription());
      return false;
     }
   bool ok = true;
   if(target == 1)
      ok = g_trade.Buy(InpLots, _Symbol);
   else if(target == -1)
      ok = g_trade.Sell(InpLots, _Symbol);
   if(!ok)
      Print("BotCopierClone: order failed: ", g_trade.ResultRetcodeDescription());
   return ok;
  }

//+------------------------------------------------------------------+
void OnTick(void)
  {
   MqlRates closed[];
   ArraySetAsSeries(closed, false);
   if(CopyRates(_Symbol, _Period, 1, 1, closed) != 1 || closed[0].time <= g_last_bar)
      return;                                   // no new bar yet
   // Bars missed while the terminal was away: features see them, no trades.
   MqlRates missed[];
   ArraySetAsSeries(missed, false);
   int n = g_last_bar > 0 ? CopyRates(_Symbol, _Period, g_last_bar + 1, closed[0].time, missed) : 0;
   for(int i = 0; i < n - 1; i++)
      if(missed[i].time > g_last_bar && missed[i].time < closed[0].time && !g_predictor.Observe(missed[i]))
         Fail("bar " + TimeToString(missed[i].time));

   ulong ticket = 0;
   int bars_held = 0;
   double entry_price = 0.0;
   int direction = OurPosition(ticket, bars_held, entry_price);
   if(!g_predictor.SetPosition(direction, bars_held, entry_price))
      Fail("position");

   double probs[];
   int decision = BC_DECISION_HOLD;
   g_last_bar = closed[0].time;
   if(!g_predictor.Update(closed[0], probs, decision))
     {
      Fail("bar " + TimeToString(closed[0].time));
      return;
     }
   double p_act = 0.0, threshold = 0.0;
   g_predictor.Last(p_act, threshold);
   if(decision != BC_DECISION_HOLD)
      PrintFormat("BotCopierClone: %s decision %d, P(act) %.4f (threshold %.4f)",
                  TimeToString(closed[0].time), decision, p_act, threshold);
   Act(decision, direction, ticket);
   CBotCopier::DrainLog();
  }
//+------------------------------------------------------------------+

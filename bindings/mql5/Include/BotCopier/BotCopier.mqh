//+------------------------------------------------------------------+
//| BotCopier.mqh - libbotcopier for MQL5 through botcopier.dll      |
//|                                                                  |
//| Put botcopier.dll in <data folder>\MQL5\Libraries, this file in  |
//| <data folder>\MQL5\Include\BotCopier, and allow DLL imports for   |
//| the EA. The #import block mirrors the "MQL5 shim" section of     |
//| include/botcopier.h (checked by make check-dll); the classes      |
//| below wrap it: ids are released in destructors, text comes back   |
//| as MQL5 strings, failures as false + LastError().                 |
//|                                                                  |
//| Types across the DLL boundary: int = int32, long = int64 (ids),  |
//| string = UTF-16 text in, ushort &buf[] = UTF-16 text out with a   |
//| capacity, double &a[] = flat row-major arrays with a length.      |
//|                                                                  |
//| Memory rule: every array goes to the DLL with ArraySize() of the  |
//| array itself as its length or capacity, never a number the code   |
//| merely hoped ArrayResize reached (it fails for a static array or  |
//| when memory is short), so the DLL cannot read or write past an    |
//| array. The DLL sees memory order, so an input array set as series |
//| (ArraySetAsSeries) is refused, not read backwards, and an output  |
//| array is switched to memory order before the call.                |
//+------------------------------------------------------------------+
#ifndef BOTCOPIER_MQH
#define BOTCOPIER_MQH

// ABI this file was written against; CBotCopier::Compatible() checks it.
#define BC_ABI_VERSION_EXPECTED 1

// Status codes (pinned; equal to include/botcopier.h).
#define BC_OK 0
#define BC_E_INVALID_ARGUMENT   (-1)
#define BC_E_OUT_OF_MEMORY      (-2)
#define BC_E_IO                 (-3)
#define BC_E_PARSE              (-4)
#define BC_E_FORMAT             (-5)
#define BC_E_CORRUPT            (-6)
#define BC_E_VERSION            (-7)
#define BC_E_BUFFER_TOO_SMALL   (-8)
#define BC_E_BAD_HANDLE         (-9)
#define BC_E_STALE_HANDLE       (-10)
#define BC_E_WRONG_HANDLE_TYPE  (-11)
#define BC_E_UNSUPPORTED        (-12)
#define BC_E_NOT_FOUND          (-13)
#define BC_E_UNKNOWN_KEY        (-14)
#define BC_E_CANCELLED          (-15)
#define BC_E_SHAPE              (-16)
#define BC_E_NUMERIC            (-17)
#define BC_E_NO_DATA            (-18)
#define BC_E_STATE              (-19)
#define BC_E_BACKEND            (-20)
#define BC_E_INTERNAL           (-21)

// Decisions of a predictor.
#define BC_DECISION_HOLD  0
#define BC_DECISION_BUY   1
#define BC_DECISION_SELL  2
#define BC_DECISION_CLOSE 3

// Log levels.
#define BC_LOG_ERROR 1
#define BC_LOG_WARN  2
#define BC_LOG_INFO  3
#define BC_LOG_DEBUG 4

// Monitoring (bc_mql_detector_*, bc_mql_quality_*): detector kinds, the
// indices of bc_mql_detector_state, quality flag bits and count indices.
#define BC_DETECTOR_PAGE_HINKLEY 1
#define BC_DETECTOR_CUSUM        2
#define BC_DETECTOR_UP           0
#define BC_DETECTOR_DOWN         1
#define BC_DETECTOR_MEAN         2
#define BC_DETECTOR_COUNT        3
#define BC_DETECTOR_TOTAL        4
#define BC_DETECTOR_ALARMS       5
#define BC_DETECTOR_LAST_ALARM   6
#define BC_DETECTOR_SIGMA        7
#define BC_DETECTOR_STATES       8
#define BC_QUALITY_MISSING       1
#define BC_QUALITY_GAP           2
#define BC_QUALITY_OUTLIER       4
#define BC_QUALITY_STALE         8
#define BC_QUALITY_OUT_OF_ORDER  16
#define BC_QUALITY_INCONSISTENT  32
#define BC_QUALITY_BARS              0
#define BC_QUALITY_MISSING_BARS      1
#define BC_QUALITY_GAPS              2
#define BC_QUALITY_GAP_BARS          3
#define BC_QUALITY_OUTLIERS          4
#define BC_QUALITY_STALE_BARS        5
#define BC_QUALITY_STALE_RUNS        6
#define BC_QUALITY_LONGEST_RUN       7
#define BC_QUALITY_OUT_OF_ORDER_BARS 8
#define BC_QUALITY_INCONSISTENT_BARS 9
#define BC_QUALITY_WEEKEND_GAPS      10
#define BC_QUALITY_COUNTS            11
// trade events of bc_mql_model_event_rows (the header's BC_ACTION_*, BC_ORDER_*)
#define BC_ACTION_OPEN               1
#define BC_ACTION_MODIFY             2
#define BC_ACTION_CLOSE              3
#define BC_ORDER_BUY                 0
#define BC_ORDER_SELL                1

#import "botcopier.dll"
int  bc_mql_version();
int  bc_mql_abi_version();
int  bc_mql_build_info(ushort &buf[], int capacity);
int  bc_mql_last_error(ushort &buf[], int capacity);
int  bc_mql_status_string(int status, ushort &buf[], int capacity);
int  bc_mql_log_set_level(int max_level);
int  bc_mql_log_pending();
int  bc_mql_log_pop(ushort &buf[], int capacity, int &level);
int  bc_mql_backend_create(string name, long &id);
int  bc_mql_backend_kind(long id, ushort &buf[], int capacity);
int  bc_mql_release(long id);
int  bc_mql_live_count();
int  bc_mql_model_load(string path, long &id);
int  bc_mql_model_load_bytes(const uchar &data[], int size, long &id);
int  bc_mql_model_save(long id, string path);
int  bc_mql_model_num_features(long id);
int  bc_mql_model_num_classes(long id);
int  bc_mql_model_info(long id, ushort &buf[], int capacity);
int  bc_mql_model_feature_name(long id, int index, ushort &buf[], int capacity);
int  bc_mql_model_predict(long id, const double &x[], int n_features, double &probs[],
                          int capacity);
int  bc_mql_model_update(long id, const double &x[], int x_count, const int &y[], int n,
                         const double &weights[], int n_weights, int n_features,
                         double learning_rate, double l2);
long bc_mql_model_last_event_id(long id);
int  bc_mql_model_set_last_event_id(long id, long last_event_id);
int  bc_mql_model_event_rows(long id, const long &time[], const double &open[],
                             const double &high[], const double &low[], const double &close[],
                             const double &volume[], int n_bars, const long &event_id[],
                             const long &event_time[], const long &ticket[],
                             const int &action[], const int &order_type[], int n_events,
                             long after_event_id, double half_life_days, double &x[],
                             int x_capacity, int &y[], double &weights[], long &times[],
                             int capacity, int &n_rows, long &last_event_id);
int  bc_mql_model_symbol(long id, ushort &buf[], int capacity);
int  bc_mql_model_bar_seconds(long id);
int  bc_mql_model_time_zone(long id, ushort &buf[], int capacity);
int  bc_mql_model_stops(long id, double &sl_distance, double &tp_distance);
int  bc_mql_time_zone_parse(string zone, int &utc_offset_minutes, int &is_server);
int  bc_mql_predictor_create(long model_id, long &id);
int  bc_mql_predictor_set(long id, string key, string value);
int  bc_mql_predictor_update(long id, long time, double bar_open, double bar_high,
                             double bar_low, double bar_close, double volume,
                             double &probs[], int capacity, int &decision);
int  bc_mql_predictor_observe(long id, long time, double bar_open, double bar_high,
                              double bar_low, double bar_close, double volume);
int  bc_mql_predictor_set_position(long id, int direction, int bars_held, double entry_price);
int  bc_mql_predictor_set_symbol_embedding(long id, const double &values[], int n);
int  bc_mql_predictor_position(long id, int &direction, int &bars_held, double &entry_price);
int  bc_mql_predictor_last(long id, double &p_act, double &threshold);
int  bc_mql_predictor_levels(long id, double &sl, double &tp, int &rules);
int  bc_mql_predictor_reset(long id);
int  bc_mql_policy_create(long model_id, long &id);
int  bc_mql_policy_step(long id, const double &obs[], int obs_count, double &probs[],
                        int capacity, double &value, int &action);
int  bc_mql_policy_reset(long id);
int  bc_mql_features_create(string spec, long &id);
int  bc_mql_features_count(long id);
int  bc_mql_features_name(long id, int index, ushort &buf[], int capacity);
int  bc_mql_features_update(long id, long time, double bar_open, double bar_high,
                            double bar_low, double bar_close, double volume,
                            double &out[], int capacity);
int  bc_mql_detector_create(int kind, long &id);
int  bc_mql_detector_set(long id, string key, double value);
int  bc_mql_detector_update(long id, double x, int &alarm);
int  bc_mql_detector_state(long id, double &state[], int capacity);
int  bc_mql_detector_reset(long id);
int  bc_mql_quality_create(long bar_seconds, long &id);
int  bc_mql_quality_set(long id, string key, double value);
int  bc_mql_quality_update(long id, long time, double bar_open, double bar_high,
                           double bar_low, double bar_close, double volume, int &flags);
int  bc_mql_quality_counts(long id, long &counts[], int capacity);
int  bc_mql_quality_reset(long id);
int  bc_mql_drift_psi(const double &reference[], int n_reference, const double &live[],
                      int n_live, int bins, double &psi);
int  bc_mql_drift_ks(const double &reference[], int n_reference, const double &live[],
                     int n_live, double &statistic, double &p_value);
#import

//+------------------------------------------------------------------+
//| Text out by the shim's rule: pass the array's real size, and when |
//| the returned length does not fit, grow it and call again.         |
//+------------------------------------------------------------------+
class CBotCopierText
  {
public:
   // Grows buf to at least want elements if it can; returns the size it
   // really has (a static array keeps its own), the capacity to pass.
   static int        Reserve(ushort &buf[], int want)
     {
      if(ArraySize(buf) < want)
         ArrayResize(buf, want);
      return ArraySize(buf);
     }
   // The text of a call that returned n into an array of cap elements:
   // "" for a status (n < 0), the part that fit when n >= cap.
   static string     Of(const ushort &buf[], int n, int cap)
     {
      if(n <= 0 || cap <= 0)
         return "";
      return ShortArrayToString(buf, 0, MathMin(n, cap - 1));
     }
  };

//+------------------------------------------------------------------+
//| Library-wide calls: version check, errors, the log ring.          |
//+------------------------------------------------------------------+
class CBotCopier
  {
public:
   // true when the loaded DLL speaks the ABI this file was written for.
   static bool       Compatible(void)
     {
      return bc_mql_abi_version() == BC_ABI_VERSION_EXPECTED;
     }
   // "0.1.0" style version of the loaded DLL.
   static string     Version(void)
     {
      int v = bc_mql_version();
      return IntegerToString(v / 10000) + "." + IntegerToString((v / 100) % 100) +
             "." + IntegerToString(v % 100);
     }
   // The message of this EA's last failed call ("" when none). Read it
   // right after the failure: the next failing call replaces it.
   static string     LastError(void)
     {
      ushort buf[];
      int cap = CBotCopierText::Reserve(buf, 256);
      int n = bc_mql_last_error(buf, cap);
      if(n >= cap)
        {
         cap = CBotCopierText::Reserve(buf, n + 1);
         n = bc_mql_last_error(buf, cap);
        }
      return CBotCopierText::Of(buf, n, cap);
     }
   // "BC_E_STALE_HANDLE: handle was already released" for -10, etc.
   static string     StatusString(int status)
     {
      ushort buf[];
      int cap = CBotCopierText::Reserve(buf, 128);
      int n = bc_mql_status_string(status, buf, cap);
      if(n >= cap)
        {
         cap = CBotCopierText::Reserve(buf, n + 1);
         n = bc_mql_status_string(status, buf, cap);
        }
      return CBotCopierText::Of(buf, n, cap);
     }
   // The build description (JSON).
   static string     BuildInfo(void)
     {
      ushort buf[];
      int cap = CBotCopierText::Reserve(buf, 1024);
      int n = bc_mql_build_info(buf, cap);
      if(n >= cap)
        {
         cap = CBotCopierText::Reserve(buf, n + 1);
         n = bc_mql_build_info(buf, cap);
        }
      return CBotCopierText::Of(buf, n, cap);
     }
   // Keeps log messages up to max_level (BC_LOG_ERROR .. BC_LOG_DEBUG).
   static bool       SetLogLevel(int max_level)
     {
      return bc_mql_log_set_level(max_level) == BC_OK;
     }
   // Prints every waiting log message to the Experts journal; returns how
   // many. Call it from OnTimer or after calls that may log.
   static int        DrainLog(void)
     {
      ushort buf[];
      int cap = CBotCopierText::Reserve(buf, 512);
      int level = 0, count = 0;
      while(cap > 0)
        {
         int n = bc_mql_log_pop(buf, cap, level);
         if(n < 0)
            break;                      // BC_E_NOT_FOUND: ring is empty
         if(n >= cap)
           {
            // The message stays queued; fetch it whole, or take the part
            // that fits when the array cannot grow (it leaves the ring
            // only with a buffer that holds it, so pop it by growing).
            int grown = CBotCopierText::Reserve(buf, n + 1);
            if(grown > cap)
              {
               cap = grown;
               continue;
              }
            Print("botcopier: a ", n, "-character log message does not fit ", cap,
                  " characters; the rest of the ring stays queued");
            break;
           }
         string tag = level == BC_LOG_ERROR ? "ERROR" : level == BC_LOG_WARN ? "WARN" :
                      level == BC_LOG_INFO ? "INFO" : "DEBUG";
         Print("botcopier ", tag, ": ", CBotCopierText::Of(buf, n, cap));
         count++;
        }
      return count;
     }
   // Ids alive in the whole terminal (all EAs).
   static int        LiveCount(void) { return bc_mql_live_count(); }
   // Full path of a file in <data folder>\MQL5\Files (the EA sandbox), as
   // the DLL needs it; a path with a drive letter or a UNC path (\\server) stays.
   static string     FilesPath(string name)
     {
      if(StringFind(name, ":") >= 0 || StringFind(name, "\\\\") == 0)
         return name;
      return TerminalInfoString(TERMINAL_DATA_PATH) + "\\MQL5\\Files\\" + name;
     }
   // Reads a time zone ("UTC", "UTC+02:00", "server") with the library's
   // parser: minutes east of UTC and whether it is the broker's server
   // clock. false for any other text (see LastError()).
   static bool       ParseTimeZone(string zone, int &utc_offset_minutes, bool &is_server)
     {
      int minutes = 0, server = 0;
      if(bc_mql_time_zone_parse(zone, minutes, server) != BC_OK)
         return false;
      utc_offset_minutes = minutes;
      is_server = server != 0;
      return true;
     }
  };

//+------------------------------------------------------------------+
//| Base of every object held by id: released once, in Release() or   |
//| the destructor. Later kinds (model, predictor) derive from it.     |
//+------------------------------------------------------------------+
class CBotCopierObject
  {
protected:
   long              m_id;
   int               m_status;          // status of the last call
   string            m_message;         // its message when it failed
   // Records status (and the library's message on failure); true on BC_OK.
   bool              Check(int status)
     {
      m_status = status;
      m_message = status == BC_OK ? "" : CBotCopier::LastError();
      return status == BC_OK;
     }
   // A failure found on this side of the DLL (the call was not made).
   bool              Refuse(int status, string message)
     {
      m_status = status;
      m_message = message;
      return false;
     }
   // Input arrays go to the DLL in memory order, which a series array
   // reverses: refuse them instead of feeding the DLL reversed rows.
   bool              PlainInput(const double &values[], string what)
     {
      if(ArrayGetAsSeries(values))
         return Refuse(BC_E_INVALID_ARGUMENT, what + " is a series array (ArraySetAsSeries); " +
                       "pass it in memory order");
      return true;
     }
   // An output array of at least need elements; its real size is what
   // the DLL is told, so a static array that is too small is refused by
   // the DLL (BC_E_BUFFER_TOO_SMALL) instead of being overrun.
   int               OutputCapacity(double &values[], int need)
     {
      ArraySetAsSeries(values, false);
      if(ArraySize(values) < need)
         ArrayResize(values, need);
      return ArraySize(values);
     }
public:
                     CBotCopierObject(void) : m_id(0), m_status(BC_OK), m_message("") {}
                    ~CBotCopierObject(void) { Release(); }
   long              Id(void) const { return m_id; }
   bool              IsValid(void) const { return m_id > 0; }
   int               Status(void) const { return m_status; }
   // Why the last call failed ("" after a success).
   string            ErrorMessage(void) const { return m_message; }
   bool              Release(void)
     {
      if(m_id <= 0)
         return true;
      bool ok = Check(bc_mql_release(m_id));
      m_id = 0;
      return ok;
     }
  };

//+------------------------------------------------------------------+
//| A compute backend ("cpu" or "best").                              |
//+------------------------------------------------------------------+
class CBotCopierBackend : public CBotCopierObject
  {
public:
   bool              Create(string name = "cpu")
     {
      Release();
      long id = 0;
      if(!Check(bc_mql_backend_create(name, id)))
         return false;
      m_id = id;
      return true;
     }
   // "cpu" or "cuda"; "" on failure (see ErrorMessage()).
   string            Kind(void)
     {
      ushort buf[];
      int cap = CBotCopierText::Reserve(buf, 16);
      int n = bc_mql_backend_kind(m_id, buf, cap);
      if(n >= cap)
        {
         cap = CBotCopierText::Reserve(buf, n + 1);
         n = bc_mql_backend_kind(m_id, buf, cap);
        }
      Check(n < 0 ? n : BC_OK);
      return CBotCopierText::Of(buf, n, cap);
     }
  };

//+------------------------------------------------------------------+
//| A model: loaded from MQL5\Files or from bytes, private to this    |
//| object (online updates change no one else's). Predictors keep it  |
//| alive, so it may be released before them.                         |
//+------------------------------------------------------------------+
class CBotCopierModel : public CBotCopierObject
  {
protected:
   // The call behind each text property.
   int               Fetch(int which, ushort &buf[], int cap)
     {
      switch(which)
        {
         case 0:
            return bc_mql_model_info(m_id, buf, cap);
         case 1:
            return bc_mql_model_symbol(m_id, buf, cap);
         default:
            return bc_mql_model_time_zone(m_id, buf, cap);
        }
     }
   // A text property of the model by the text-out rule.
   string            Text(int which)
     {
      ushort buf[];
      int cap = CBotCopierText::Reserve(buf, which == 0 ? 1024 : 128);
      int n = Fetch(which, buf, cap);
      if(n >= cap)
        {
         cap = CBotCopierText::Reserve(buf, n + 1);
         n = Fetch(which, buf, cap);
        }
      Check(n < 0 ? n : BC_OK);
      return CBotCopierText::Of(buf, n, cap);
     }
public:
   // name: file in MQL5\Files (an uncompressed .bcm, what `botcopier
   // clone` writes by default) or a full path.
   bool              Load(string name)
     {
      Release();
      long id = 0;
      if(!Check(bc_mql_model_load(CBotCopier::FilesPath(name), id)))
         return false;
      m_id = id;
      return true;
     }
   // A .bcm image in memory (a #resource or FileReadArray).
   bool              LoadFromArray(const uchar &data[])
     {
      Release();
      long id = 0;
      if(ArraySize(data) < 1)
         return Refuse(BC_E_INVALID_ARGUMENT, "the model image is empty");
      if(!Check(bc_mql_model_load_bytes(data, ArraySize(data), id)))
         return false;
      m_id = id;
      return true;
     }
   // Saves the model (with its online updates) to MQL5\Files or a full path.
   bool              Save(string name)
     {
      return Check(bc_mql_model_save(m_id, CBotCopier::FilesPath(name)));
     }
   int               Features(void) { int n = bc_mql_model_num_features(m_id); Check(n < 0 ? n : BC_OK); return n; }
   int               Classes(void)  { int n = bc_mql_model_num_classes(m_id); Check(n < 0 ? n : BC_OK); return n; }
   // "kind=logistic\nfeatures=10\n..." (one key=value per line).
   string            Info(void) { return Text(0); }
   // Symbol(s) of the training bars, comma-separated; "" unknown.
   string            Symbol(void) { return Text(1); }
   // Time zone of the training bars: "UTC", "UTC+02:00", "server"; "" unknown.
   string            TimeZone(void) { return Text(2); }
   // Bar period of the training bars in seconds (compare PeriodSeconds());
   // 0 unknown, negative on a bad id.
   int               BarSeconds(void) { int n = bc_mql_model_bar_seconds(m_id); Check(n < 0 ? n : BC_OK); return n; }
   // Stop-loss / take-profit distance from the entry price in price units
   // that the target bot set (0 = none).
   bool              Stops(double &sl_distance, double &tp_distance)
     {
      return Check(bc_mql_model_stops(m_id, sl_distance, tp_distance));
     }
   string            FeatureName(int index)
     {
      ushort buf[];
      int cap = CBotCopierText::Reserve(buf, 128);
      int n = bc_mql_model_feature_name(m_id, index, buf, cap);
      if(n >= cap)
        {
         cap = CBotCopierText::Reserve(buf, n + 1);
         n = bc_mql_model_feature_name(m_id, index, buf, cap);
        }
      Check(n < 0 ? n : BC_OK);
      return CBotCopierText::Of(buf, n, cap);
     }
   // Class probabilities of one raw feature row.
   bool              Predict(const double &x[], double &probs[])
     {
      int classes = bc_mql_model_num_classes(m_id);
      if(classes < 0)
         return Check(classes);
      if(!PlainInput(x, "x"))
         return false;
      int cap = OutputCapacity(probs, classes);
      return Check(bc_mql_model_predict(m_id, x, ArraySize(x), probs, cap));
     }
   // One online-learning step on n = ArraySize(y) rows x[n * Features()],
   // weights empty (all 1) or n values.
   bool              Update(const double &x[], const int &y[], const double &weights[],
                            double learning_rate, double l2 = 0.0)
     {
      int n = ArraySize(y);
      int features = n > 0 ? ArraySize(x) / n : 0;
      if(!PlainInput(x, "x") || !PlainInput(weights, "weights"))
         return false;
      if(ArrayGetAsSeries(y))
         return Refuse(BC_E_INVALID_ARGUMENT, "y is a series array (ArraySetAsSeries)");
      return Check(bc_mql_model_update(m_id, x, ArraySize(x), y, n, weights,
                                       ArraySize(weights), features, learning_rate, l2));
     }
  };

//+------------------------------------------------------------------+
//| A predictor: the model's features, position state and decision,   |
//| fed one closed bar at a time.                                     |
//+------------------------------------------------------------------+
class CBotCopierPredictor : public CBotCopierObject
  {
protected:
   int               m_classes;
public:
                     CBotCopierPredictor(void) : m_classes(0) {}
   bool              Create(CBotCopierModel &model)
     {
      Release();
      long id = 0;
      if(!Check(bc_mql_predictor_create(model.Id(), id)))
         return false;
      m_id = id;
      m_classes = model.Classes();
      return true;
     }
   // Keys: threshold, uncertainty_margin, auto_position, decision_log,
   // uncertain_log (full paths, see CBotCopier::FilesPath), model_version.
   bool              Set(string key, string value)
     {
      return Check(bc_mql_predictor_set(m_id, key, value));
     }
   // Decides on a closed bar whose time on the model's clock is time (the
   // EA converts server time, see BotCopierClone.mq5): probs gets the class
   // probabilities, decision a BC_DECISION_*. false with Status() ==
   // BC_E_IO means the bar WAS decided (decision and probs are valid) but
   // appending it to a decision log failed: act on it and report the log.
   bool              UpdateAt(long time, const MqlRates &bar, double &probs[], int &decision)
     {
      int cap = OutputCapacity(probs, m_classes);
      decision = BC_DECISION_HOLD;
      return Check(bc_mql_predictor_update(m_id, time, bar.open, bar.high, bar.low, bar.close,
                                           (double)bar.tick_volume, probs, cap, decision));
     }
   // UpdateAt with the bar's own (server) time.
   bool              Update(const MqlRates &bar, double &probs[], int &decision)
     {
      return UpdateAt((long)bar.time, bar, probs, decision);
     }
   // Feeds a bar without deciding (history warm-up), time as in UpdateAt.
   bool              ObserveAt(long time, const MqlRates &bar)
     {
      return Check(bc_mql_predictor_observe(m_id, time, bar.open, bar.high, bar.low,
                                            bar.close, (double)bar.tick_volume));
     }
   bool              Observe(const MqlRates &bar) { return ObserveAt((long)bar.time, bar); }
   // The real position: direction -1/0/1, bars since the entry bar, entry price.
   bool              SetPosition(int direction, int bars_held, double entry_price)
     {
      return Check(bc_mql_predictor_set_position(m_id, direction, bars_held, entry_price));
     }
   // A clone trained with --symbol-graph: this symbol's vector from model.json's
   // "symbol_embeddings" (the DLL does not read the model's JSON metadata).
   bool              SetSymbolEmbedding(const double &values[])
     {
      if(!PlainInput(values, "values"))
         return false;
      return Check(bc_mql_predictor_set_symbol_embedding(m_id, values, ArraySize(values)));
     }
   bool              Position(int &direction, int &bars_held, double &entry_price)
     {
      return Check(bc_mql_predictor_position(m_id, direction, bars_held, entry_price));
     }
   // P(act) of the last decision and the threshold it was held against.
   bool              Last(double &p_act, double &threshold)
     {
      return Check(bc_mql_predictor_last(m_id, p_act, threshold));
     }
   // The stop-loss / take-profit prices the clone's rules place on the
   // position held (after SetPosition(direction, 1, price) for an entry on
   // the bar just decided): NaN when flat or without a level; rules 1 a
   // stop-loss rule, 2 a take-profit rule, 3 both, 0 a model without rules.
   bool              Levels(double &sl, double &tp, int &rules)
     {
      return Check(bc_mql_predictor_levels(m_id, sl, tp, rules));
     }
   bool              Reset(void) { return Check(bc_mql_predictor_reset(m_id)); }
  };

//+------------------------------------------------------------------+
//| The feature engine alone (the columns a model's spec computes).   |
//+------------------------------------------------------------------+
class CBotCopierFeatures : public CBotCopierObject
  {
public:
   bool              Create(string spec)
     {
      Release();
      long id = 0;
      if(!Check(bc_mql_features_create(spec, id)))
         return false;
      m_id = id;
      return true;
     }
   int               Count(void) { int n = bc_mql_features_count(m_id); Check(n < 0 ? n : BC_OK); return n; }
   string            Name(int index)
     {
      ushort buf[];
      int cap = CBotCopierText::Reserve(buf, 128);
      int n = bc_mql_features_name(m_id, index, buf, cap);
      if(n >= cap)
        {
         cap = CBotCopierText::Reserve(buf, n + 1);
         n = bc_mql_features_name(m_id, index, buf, cap);
        }
      Check(n < 0 ? n : BC_OK);
      return CBotCopierText::Of(buf, n, cap);
     }
   bool              Update(const MqlRates &bar, double &out[])
     {
      int n = bc_mql_features_count(m_id);
      if(n < 0)
         return Check(n);
      int cap = OutputCapacity(out, n);
      int rc = bc_mql_features_update(m_id, (long)bar.time, bar.open, bar.high, bar.low,
                                      bar.close, (double)bar.tick_volume, out, cap);
      return Check(rc < 0 ? rc : BC_OK);
     }
  };

#endif // BOTCOPIER_MQH

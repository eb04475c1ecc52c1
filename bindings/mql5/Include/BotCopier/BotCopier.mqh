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

// Log levels.
#define BC_LOG_ERROR 1
#define BC_LOG_WARN  2
#define BC_LOG_INFO  3
#define BC_LOG_DEBUG 4

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
#import

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
   // The message of this EA's last failed call ("" when none).
   static string     LastError(void)
     {
      ushort buf[];
      ArrayResize(buf, 256);
      int n = bc_mql_last_error(buf, 256);
      if(n >= 256)
        {
         ArrayResize(buf, n + 1);
         n = bc_mql_last_error(buf, n + 1);
        }
      return n > 0 ? ShortArrayToString(buf, 0, n) : "";
     }
   // "BC_E_STALE_HANDLE: handle was already released" for -10, etc.
   static string     StatusString(int status)
     {
      ushort buf[];
      ArrayResize(buf, 128);
      int n = bc_mql_status_string(status, buf, 128);
      if(n >= 128)
        {
         ArrayResize(buf, n + 1);
         n = bc_mql_status_string(status, buf, n + 1);
        }
      return n > 0 ? ShortArrayToString(buf, 0, n) : "";
     }
   // The build description (JSON).
   static string     BuildInfo(void)
     {
      ushort buf[];
      ArrayResize(buf, 1024);
      int n = bc_mql_build_info(buf, 1024);
      if(n >= 1024)
        {
         ArrayResize(buf, n + 1);
         n = bc_mql_build_info(buf, n + 1);
        }
      return n > 0 ? ShortArrayToString(buf, 0, n) : "";
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
      ArrayResize(buf, 512);
      int level = 0, count = 0;
      while(true)
        {
         int n = bc_mql_log_pop(buf, ArraySize(buf), level);
         if(n < 0)
            break;                      // BC_E_NOT_FOUND: ring is empty
         if(n >= ArraySize(buf))
           {
            ArrayResize(buf, n + 1);    // message stays queued; fetch it whole
            continue;
           }
         string tag = level == BC_LOG_ERROR ? "ERROR" : level == BC_LOG_WARN ? "WARN" :
                      level == BC_LOG_INFO ? "INFO" : "DEBUG";
         Print("botcopier ", tag, ": ", ShortArrayToString(buf, 0, n));
         count++;
        }
      return count;
     }
   // Ids alive in the whole terminal (all EAs).
   static int        LiveCount(void) { return bc_mql_live_count(); }
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
   // Records status; true on BC_OK.
   bool              Check(int status)
     {
      m_status = status;
      return status == BC_OK;
     }
public:
                     CBotCopierObject(void) : m_id(0), m_status(BC_OK) {}
                    ~CBotCopierObject(void) { Release(); }
   long              Id(void) const { return m_id; }
   bool              IsValid(void) const { return m_id > 0; }
   int               Status(void) const { return m_status; }
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
   // "cpu" or "cuda"; "" on failure (see CBotCopier::LastError()).
   string            Kind(void)
     {
      ushort buf[];
      ArrayResize(buf, 16);
      int n = bc_mql_backend_kind(m_id, buf, 16);
      if(n >= 16)
        {
         ArrayResize(buf, n + 1);
         n = bc_mql_backend_kind(m_id, buf, n + 1);
        }
      if(n < 0)
        {
         m_status = n;
         return "";
        }
      return ShortArrayToString(buf, 0, n);
     }
  };

#endif // BOTCOPIER_MQH

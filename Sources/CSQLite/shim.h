// The system SQLite (libsqlite3-dev): the embedded store for telemetry, keys and spend.
#include <sqlite3.h>

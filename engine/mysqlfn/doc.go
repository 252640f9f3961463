// Package mysqlfn holds MySQL built-in scalar functions that
// go-mysql-server v0.20.0 lacks or computes differently from MySQL 8, as
// BI tools send them (Metabase's date breakouts above all): MAKEDATE,
// TIMESTAMPDIFF in whole calendar months and years, and
// STR_TO_DATE with the week specifiers (%X %V %x %v %U %u %W %w %a) that
// `STR_TO_DATE(CONCAT(YEARWEEK(x), ' Sunday'), '%X%V %W')` needs; LOCATE
// case-sensitive in characters; TIMESTAMP(x) typed DATETIME; Text, the
// text of DOUBLEs and dates inside CAST(… AS CHAR) and CONCAT; ROUND and
// TRUNCATE typed and computed as MySQL's Item_func_round; GREATEST and
// LEAST exact over integers and DECIMALs; DecimalCast (CAST to a DECIMAL
// too narrow for the value); DATE_FORMAT's %y; GROUP_CONCAT cut at a
// whole character; and the aggregates SUM and AVG (Sum, Avg:
// exact DECIMALs of MySQL's precision over integers and DECIMALs, money
// being exact, DECIMAL quotients added at MySQL's internal digits:
// Quotient) with MySQL's default window frames (DefaultFrame,
// PeerFramer), which the engine's analyzer rule puts in place of GMS's.
//
// The date arithmetic is plain Go over civil dates (this file's package
// has no storage or wire knowledge); functions.go adapts it to SQL. The
// engine serves Functions ahead of GMS's built-ins of the same name
// (engine.Provider implements sql.FunctionProvider), so an override here
// replaces GMS's function everywhere a query names it.
//
// # Invariants
//
//   - Results follow MySQL 8 with its default sql_mode: a date that MySQL
//     would reject (February 30th, a zero month or day, a year outside
//     1..9999) is NULL, never normalised into another date.
//   - ParseDate follows MySQL's extract_date_time (sql/item_timefunc.cc)
//     specifier by specifier, including which pairs of week specifiers are
//     accepted together.
package mysqlfn

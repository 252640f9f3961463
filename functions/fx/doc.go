// Package fx converts order amounts into one reporting currency, so that
// every analytics function adds money of one kind.
//
// # Model
//
// Rates live in the canonical table fx_rates (currency, valid_from, rate):
// one unit of currency is worth rate units of the reporting currency from
// valid_from (a UTC day) until the currency's next row. An order line is
// converted at the rate in force on its order day. The reporting currency
// is the session variable reporting_currency, else the settings row
// reporting_currency, else EUR. When the reporting currency itself has
// rows in fx_rates (the table holds rates to another base), amounts go
// through the base: amount · rate(currency) / rate(reporting).
//
// Load builds a Table once per statement: per currency a dense slice of
// rates indexed by day, so converting a line is an array lookup and one
// multiplication. A Converter maps a batch's dictionary codes to currency
// indexes once per batch; per row it allocates nothing.
//
// # Invariants
//
//   - Amounts stay scaled integers (DECIMAL value × 10^scale); a converted
//     amount is rounded half away from zero to the same scale, line by line.
//   - Lines in the reporting currency (and NULL currencies) are never
//     multiplied: a shop in one currency needs no rates and sums exactly.
//   - A line in a currency without a rate on its day is an error naming the
//     currency and the day (MissingRateError), never a silent zero.
//
// Callers: functions/rfm (monetary, tiers, snapshot, reports),
// functions/clv (transaction values), functions/segments (uplift revenue),
// functions/affinity (revenue), functions/quality (the no_fx_rate check).
package fx

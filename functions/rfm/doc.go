// Package rfm computes eRFM scores, lifecycle stages, the customer snapshot
// and the profiler's recommended parameters, and the range reports that
// place each order in its customer's history, and exposes them as SQL:
// rfm(), rfm_segment(), lifecycle(), customer_snapshot(),
// dimension_matrix(), new_vs_returning(), customer_events(),
// revenue_impact(), erfm_profile() and CALL erfm_apply().
// docs/analytics.md is the user's reference: every definition below is
// written out there with its formula.
//
// # Model
//
// Everything starts from per-customer facts (facts.go) gathered in one pass
// over the orders columns through the read contract (contract/read): valid orders,
// attempted orders, revenue, first/second/last order time, distinct order
// days. Engagement comes from one pass over events, contacts from one pass
// over customers. No sql.Row is built per input row; the per-row work is a
// few vector reads and, when the input is not sorted by customer, one map
// lookup.
//
// The range reports (history.go) keep every valid order the builder
// flushes, sort them by customer and time, and number them: an order's
// place k and the days since the previous one are all it takes to know
// the customer's status just before it.
//
// The math — quintile and threshold scores, the 11-segment map, natural
// breaks, percentiles, lifecycle rules, value tiers — is plain functions
// over slices (scores.go, breaks.go, stages.go), unit-tested without a
// server. The SQL adapters (rfm_fn.go, lifecycle_fn.go, snapshot_fn.go,
// profile_fn.go) only parse arguments, call those, and format rows.
//
// # Invariants
//
//   - A "valid order" is an order_id with at least one line whose status is
//     'valid' and whose ordered_at day is on or before the as-of day; its
//     revenue is the sum of those lines' amounts and its time the earliest of
//     their ordered_at. Rows dated after the as-of day are ignored.
//   - Days are UTC calendar days (days since 1970-01-01), as DATE() gives.
//   - Amounts are converted line by line into the reporting currency
//     (functions/fx; lines already in it are left alone) and summed exactly
//     as scaled integers (DECIMAL(p,s) is stored as value×10^s).
//   - Settings saved by erfm_apply live in the database's `settings` table;
//     explicit call arguments override them, and they override the
//     data-derived defaults.
package rfm

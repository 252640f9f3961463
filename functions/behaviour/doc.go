// Package behaviour computes NectarOM-style behavioural signals from the
// events and orders tables and exposes them as SQL: abandoned_carts(),
// session_stats() and category_shift(). docs/behaviour.md is the user's
// reference: every definition below is written out there with the plain
// SQL it equals.
//
// # Model
//
// Each function makes one pass over the columns it needs through the
// read contract, contract/read (events: customer, time, type, the dimension; orders:
// customer, order, time, amount, status, currency; products: id, price or
// category) and keeps per-customer state in slices and maps; no sql.Row is
// built per input row and nothing is allocated per row beyond the growth
// of those slices and maps.
//
//   - abandoned_carts (carts.go): a cart_add at time t is abandoned as of T
//     when t + hours ≤ T and its customer placed no valid order in [t, T].
//   - session_stats (sessions.go): a customer's web events (site_visit,
//     product_view, cart_add) form one session while consecutive events are
//     at most session_timeout_minutes apart; a valid order converts the
//     session whose [first event, last event + timeout] holds its time.
//   - category_shift (shift.go): a customer who bought before the window
//     and buys in it in a category (of products.category_<level>) they had
//     never bought before.
//
// # Invariants
//
//   - Times are compared as stored microseconds (DATE columns as days at
//     midnight); days are UTC days since 1970-01-01.
//   - Order amounts are converted into the reporting currency line by line
//     (functions/fx) and summed exactly as scaled integers.
//   - Only valid order lines (status 'valid', any case) count as orders.
//   - Sessions are keyed by customer_id; where events has a visitor_id, an
//     anonymous visitor's events (customer_id NULL) are keyed by a negative
//     number per visitor_id, so customer ids are assumed non-negative.
package behaviour

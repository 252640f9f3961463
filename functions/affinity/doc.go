// Package affinity computes product affinity as cohortdb SQL: top
// products, association rules, predictive affinity, recommendations and
// replenishment timing (docs/affinity.md documents every function).
//
// Every function starts from a history: the valid order lines of the shop
// database read once from column vectors (history.go), with dense order,
// customer and product indexes and each product's item at every category
// level (catalog.go). Cancelled and returned lines are not purchases.
// From it:
//
//   - baskets.go builds the distinct items per order or per customer;
//     pairs.go counts frequent pairs by enumeration or by roaring-bitmap
//     AND-cardinality (whichever is estimated cheaper) and triples by
//     bitmaps; rules.go turns counts into support, confidence and lift.
//   - similarity.go is the item-to-item co-purchase model (confidence over
//     orders, repurchase on the diagonal); predict.go scores a customer's
//     items with recency weights; recommend.go ranks unbought products.
//   - top.go and replenish.go are single passes over each customer's
//     orders in time order.
//
// The *_fn.go files are the thin SQL adapters (arguments, defaults, rows);
// module.go lists them for functions/catalog. Nothing here builds a
// sql.Row per input row, and nothing is cached between statements: each
// call sees the statement's snapshot.
package affinity

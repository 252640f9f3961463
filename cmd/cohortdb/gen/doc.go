// Package gen generates deterministic, realistic demo data for an online
// shop: the four canonical tables customers, orders (one row per line),
// products and events, as CSV. `cohortdb gen`, the benchmarks (bench/)
// and tests call it; the same Config (seed included) always yields
// byte-identical files. It lives beside the command, not under bench/, so
// the shipped binary links no benchmark code.
//
// It owns the generator and the statistical model below, nothing else: it
// knows the CSV layout of the tables but not how they are stored.
//
// # Model
//
// History spans two years up to Config.End. Contacts sign up at a rate that
// doubles over the window, with the purchase seasonality damped on top.
// Each contact is generated on its own PCG stream seeded by (Seed, id), so
// contact i does not depend on how many contacts precede or follow it.
//
//   - About 35% of contacts are leads who never buy (the share depends on
//     the acquisition source: newsletter sign-ups buy least, marketplace
//     contacts most).
//   - Buyers follow a BG/NBD-like process: 55% buy in the signup session,
//     the rest after an exponential delay; then a purchase rate
//     λ ~ Gamma(2.5, 0.06)/day drives a Poisson process, modulated by
//     seasonality (November/December peak, Black Friday and Cyber Monday
//     spikes, a July/August dip, weekday effects) by thinning; after every
//     purchase the buyer drops out for good with probability
//     p ~ Beta(0.3, 0.25). The result is heavy-tailed: ~56% of buyers
//     order once, the top 1% order 100+ times (capped at 250), dropped-out
//     buyers are lapsed. Lines average ≈ 10 per contact (leads included).
//   - Orders have 1-4 lines (52/28/13/7%). The first line comes from a
//     Zipf(1) popularity ranking over all products (35% of later orders
//     start in the buyer's favourite category_2 instead); each next line
//     comes from the previous line's category_2 (45%), its fixed
//     complement category_2 (25%, e.g. Shoes -> Accessories) or anywhere.
//     Products not yet launched at order time are not sold.
//   - List prices are log-normal around a per-category median, in EUR;
//     contacts in GB, PL, CH, SE, US and DK pay in local currency. Coupons
//     (welcome, Black Friday, Christmas, summer, loyalty) discount the unit
//     price; amount = quantity * unit_price exactly. About 3.5% of orders
//     are cancelled and a category-dependent share of lines is returned.
//   - Opted-in contacts get a weekly newsletter (25% reach) and seasonal
//     specials (85%). The open probability is a per-contact propensity
//     ~ Beta(1.5, 4) times a state factor: low for leads and decaying
//     after signup, high for buyers right after an order and decaying
//     exponentially after their last one (150 days once dropped out, 400
//     while still active), boosted in the days before an order. Clicks
//     up to 72 hours before an online order usually get it attributed
//     (source_medium "newsletter / email"). Unsubscribing is likelier the
//     less engaged the contact is, and stops further sends.
//   - Online orders leave a tracked visit, product views and cart adds;
//     extra browse sessions (some with an abandoned cart) happen while a
//     contact is active.
//   - Web events carry a url (/, /sale, /lp/newsletter, /c/<subcategory>,
//     /p/<product>, /cart), a traffic source and a device, drawn per
//     session (events at most 30 minutes apart) on a stream of their own
//     (web.go): sessions within a day of an e-mail click mostly come from
//     e-mail, the others are direct, search, ad, social or referral; each
//     contact has a main device.
//
// # Invariants
//
// customer_id runs 1..Customers in file order; orders.csv is sorted by
// (customer_id, ordered_at), an order's lines are contiguous and numbered
// from 1, and order ids are unique; events.csv is sorted by (customer_id,
// occurred_at); every customer_id and product_id referenced exists; no
// order precedes its customer's signup. Output is identical across runs
// and machines of the same GOARCH (floating-point fusion may differ
// between architectures).
//
// Memory is bounded: products and campaigns are held in memory (at most
// 20000 products by default), contacts are generated and written one at a
// time in id order.
package gen

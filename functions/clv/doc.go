// Package clv predicts customer lifetime value with "buy till you die"
// models: how many more purchases a customer will make, whether they are
// still a customer at all, and what those purchases are worth.
//
// The package owns the math — turning order vectors into customer
// summaries, fitting the models by maximum likelihood, scoring customers,
// and the error metrics used to evaluate predictions against a holdout —
// and, beside it, the thin SQL adapter (Module): CALL clv_fit(...) stores
// a fitted model in the clv_models table, SELECT * FROM clv(...) scores
// every customer, clv_evaluate(...) grades a model against a naive
// baseline. The adapter reads the valid orders through contract/read column
// vectors (ReadOrders), never sql.Row; docs/clv.md documents the SQL
// surface. Everything is deterministic; models are plain values.
//
// # Data: customer summaries
//
// A transaction is a customer-day: several orders by one customer on one day
// count once, their values summed. Over a calibration period ending at day
// calibrationEnd (inclusive), a customer is summarised by
//
//	x    repeat transactions: transactions after the first
//	tx   time of the last transaction, measured from the first (0 if x = 0)
//	T    age: time from the first transaction to calibrationEnd
//	zbar mean value of the repeat transactions (the first is excluded)
//
// Times are day differences divided by a unit in days (7 gives weeks, the unit
// of the published CDNOW analyses). A fitted model's Alpha (BG/NBD) is in that
// unit, and so are the horizons t passed to its methods: a model fitted in
// weeks predicts for t weeks. Invariants of valid data: 0 ≤ tx ≤ T, x ≥ 0.
//
// # BG/NBD: how many purchases (Fader, Hardie & Lee 2005)
//
// While alive a customer buys as a Poisson process with rate λ; after each
// purchase they drop out with probability p. Across customers
// λ ~ Gamma(r, α) and p ~ Beta(a, b). With B the Beta function and δ = 1 if
// x > 0, else 0:
//
//	L          = B(a,b+x)/B(a,b) · Γ(r+x)α^r/(Γ(r)(α+T)^(r+x))
//	           + δ · B(a+1,b+x−1)/B(a,b) · Γ(r+x)α^r/(Γ(r)(α+tx)^(r+x))
//	P(alive)   = 1 / (1 + δ · a/(b+x−1) · ((α+T)/(α+tx))^(r+x))
//	E[X(t)]    = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))]
//	E[Y(t)|..] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x)
//	             · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive)
//
// E[X(t)] is for a new customer, E[Y(t)|x,tx,T] for the next t time units of
// an existing one; 2F1 is the Gaussian hypergeometric function. P(alive) is 1
// for x = 0: customers drop out only right after a purchase.
//
// # Gamma-Gamma: what a purchase is worth (Fader & Hardie 2013)
//
// A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across
// customers, independent of the purchase process. It is fitted to customers
// with x > 0 from x and their mean repeat value mbar (zbar), and gives
//
//	E[M | x, mbar] = p(γ + x·mbar) / (px + q − 1)
//
// a weighted mean of the population mean pγ/(q−1) and the customer's mbar.
//
// # Pareto/NBD (Schmittlein, Morrison & Colombo 1987)
//
// The model BG/NBD approximates: lifetimes are exponential with rate
// μ ~ Gamma(s, β) instead of ending at purchases, so a customer can die
// unseen and P(alive) < 1 even for x = 0. ParetoNBD offers the fit,
// P(alive) and expected purchases (Fader & Hardie's 2005 note); it is slower
// to fit, as its likelihood needs 2F1 for every distinct history.
//
// # Lifetime value
//
// CLV sums, over periods k = 1..N up to a horizon in years, E[M] times the
// expected transactions in period k, discounted at a compound annual rate to
// the end of the period; see CLV for the exact formula.
//
// # Fitting
//
// FitBGNBD and FitGammaGamma maximise the log-likelihood over the logs of the
// parameters (so they stay positive) with gonum's optimize: BFGS with the
// analytic gradient, on data compressed so that customers with the same
// history are one weighted term and the special functions are computed once
// per distinct x (bgData, ggData); a million customers fit in about a
// second. Should BFGS fail, Nelder-Mead then BFGS with finite differences
// (maximizeLog) take over; FitParetoNBD always uses that path. All need at
// least MinRepeatCustomers repeat customers. On the CDNOW
// sample (2 357 customers, 39 weeks) they reproduce the published fits:
// r = 0.243, α = 4.414, a = 0.793, b = 2.426 (log-likelihood −9 582.4) and
// p = 6.25, q = 3.74, γ = 15.44 (and for the Pareto/NBD r = 0.553,
// α = 10.578, s = 0.606, β = 11.669, log-likelihood −9 595.0).
//
// # References
//
//   - P. S. Fader, B. G. S. Hardie and K. L. Lee (2005), "Counting Your
//     Customers" the Easy Way: An Alternative to the Pareto/NBD Model,
//     Marketing Science 24(2), 275–284; and the note "Computing P(alive)
//     Using the BG/NBD Model" (2008).
//   - D. C. Schmittlein, D. G. Morrison and R. Colombo (1987), Counting Your
//     Customers: Who Are They and What Will They Do Next?, Management
//     Science 33(1), 1–24; P. S. Fader and B. G. S. Hardie (2005), A Note on
//     Deriving the Pareto/NBD Model and Related Expressions,
//     http://www.brucehardie.com/notes/009/.
//   - P. S. Fader and B. G. S. Hardie (2013), The Gamma-Gamma Model of
//     Monetary Value, http://www.brucehardie.com/notes/025/.
package clv

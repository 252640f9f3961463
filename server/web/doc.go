// Package web serves cohortdb's insight pages: the dashboards marketers
// know (lifecycle, eRFM grid, customer snapshot, CLV and churn, affinity,
// segments, data) in the browser, from the same server as the MySQL port
// (`cohortdb serve --http 127.0.0.1:8080`).
//
// # Model
//
// Pages are Go html/template documents with a parameter form (kept in
// the URL, so a page can be shared) and one <figure> per chart. The
// browser draws each chart with Apache ECharts (vendored in assets/, see
// assets/VENDOR.md) from JSON endpoints, /api/<name>, and builds the
// chart's table view and CSV download from the very rows it drew.
// Endpoints are documented in docs/web.md and usable on their own
// (/api/<name>.csv gives CSV).
//
// Every endpoint is one read statement over cohortdb's own SQL functions
// (rfm(), lifecycle(), customer_snapshot(), clv(), affinity_rules(),
// segment_members(), uplift(), data_quality(), …), built from validated
// URL parameters (params.go: nothing a browser sends reaches SQL as it
// came) and run through a Backend as the logged-in MySQL account.
//
// # Who may see what
//
// The Backend is the wire server (package server): Login checks the
// user's password with the same account store, host patterns and login
// guard as a MySQL login from the browser's address; Query runs the
// statement in a session of that account through the same engine, so
// privileges are checked exactly as for a MySQL client and a page shows
// nothing its user could not SELECT (a refused statement is the chart's
// error, with the MySQL error code, HTTP 403). The only writes are the
// segment actions (actions.go): POSTs with the session's token that CALL
// create_segment, refresh_segment, drop_segment or create_control_group
// as the user, so the engine checks their privileges too.
//
// # Cache
//
// Reads go through resultCache (cache.go) when the Backend is a Source:
// results are kept per privilege set (Source.Scope) and statement, for
// the current data version (Source.DataVersion), computed once for
// concurrent requests, and warmed in the background (warm.go) after
// start and after each change. Actions bypass it; their writes move the
// data version.
//
// # Invariants
//
//   - Every handler but /login and /assets/ requires a session; the
//     session cookie is HttpOnly and SameSite=Strict and holds only a
//     random token. POSTs check Origin (log-in) or a per-session token
//     (log-out).
//   - Statements are built only from the endpoint table and parsed
//     parameter values.
//   - Responses carry a Content-Security-Policy allowing only this
//     origin's scripts and styles.
package web

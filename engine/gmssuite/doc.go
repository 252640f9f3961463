// Package gmssuite runs go-mysql-server's own engine test suites
// (github.com/dolthub/go-mysql-server/enginetest) against cohortdb's
// provider, with vectorisation on, as GMS's memory backend runs them.
//
// The package holds only tests. testdata/skip.txt lists the statements
// cohortdb is known to answer differently, grouped under the reason; the
// suites pass when every other statement gives GMS's expected answer, so
// a regression in any of them fails `make test`. `go test
// ./engine/gmssuite -run TestRecord -gms.record` reruns the suites
// without skipping and rewrites the list (docs/gms-suites.md explains the
// reasons and counts).
package gmssuite

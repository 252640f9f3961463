// Package difftest is cohortdb's differential compatibility harness: it
// runs the same statements on cohortdb and on a real MariaDB (Debian's
// mariadb-server, started in a temp dir on a free loopback port, installed
// with apt-get when missing and possible), both loaded with the same small
// generated shop plus NULL-heavy rows, and compares each answer: rows
// (multisets unless ordered; DOUBLEs within 1e-9), result metadata read
// off the wire (type, length, decimals, UNSIGNED/BINARY flags, names) and
// error number + SQLSTATE. It also compares cohortdb with itself under
// SET cohortdb_vectorize = 0 and 1.
//
// The corpus is testdata/corpus/*.sql (what Metabase, Grafana, SQLAlchemy,
// pandas, DBeaver, Connector/J, the mysql CLI and mysqldump send) plus the
// random queries of package querygen (fixed seed in CI; make test-long
// soaks with another seed).
//
// # Invariants
//
//   - Every difference found is excused by exactly the first matching entry
//     of testdata/allowlist.txt, or the test fails; on the fixed-seed corpus
//     an entry that excuses nothing fails the test too, so the allow-list
//     is exactly what cohortdb gets wrong today.
//   - docs/compatibility.md is a function of the corpus and the allow-list
//     (CompatibilityDoc); TestCompatibilityDoc fails when it is stale.
//
// Run alone: go test ./server/difftest -run 'TestMariaDBDiff|TestVectorizeDiff'
package difftest

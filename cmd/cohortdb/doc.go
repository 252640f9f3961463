// Command cohortdb is the cohortdb binary: a customer-analytics database
// that speaks the MySQL wire protocol.
//
// Usage:
//
//	cohortdb serve   [--data-dir DIR] [--listen HOST:PORT] [--root-password PW]
//	cohortdb import  ...   (not implemented yet)
//	cohortdb gen     ...   (not implemented yet)
//	cohortdb version
//
// Flags fall back to environment variables (COHORTDB_DATA_DIR,
// COHORTDB_LISTEN, COHORTDB_ROOT_PASSWORD), then to defaults. Exit codes: 0
// success, 1 runtime error, 2 usage or configuration error.
//
// This package stays thin: it parses flags and calls into packages
// (server.Run for serve). Its tests are the end-to-end tests: they build
// the binary once and drive it with the real MySQL driver; see
// testserver_test.go for the helpers.
package main

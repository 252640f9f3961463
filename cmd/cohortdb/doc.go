// Command cohortdb is the cohortdb binary: a customer-analytics database
// that speaks the MySQL wire protocol.
//
// Usage:
//
//	cohortdb serve   [--data-dir DIR] [--listen HOST:PORT] [--http HOST:PORT] [--root-password PW] [--tls-cert F --tls-key F] ...
//	cohortdb import  [--data-dir DIR] (--file F [--table T] [--mode append|replace|upsert] | --dir D) ...
//	cohortdb gen     --out DIR [--customers N] [--seed S] [--products N] [--flaws=false]
//	cohortdb version
//
// serve runs the server (and, with --http, the insight pages); import
// loads CSV files into a data directory the server is not running on,
// through engine.Open and Engine.Load; gen writes a deterministic
// synthetic shop (customers, products, orders, events, fx_rates CSVs;
// package cmd/cohortdb/gen) that import loads — with the flaws of real
// data unless --flaws=false. 'cohortdb <command> -h' lists every flag.
//
// Flags fall back to environment variables (COHORTDB_DATA_DIR,
// COHORTDB_LISTEN, COHORTDB_HTTP, COHORTDB_ROOT_PASSWORD,
// COHORTDB_LOG_LEVEL, COHORTDB_SECURE_FILE_PRIV, COHORTDB_IMPORT_DIR,
// COHORTDB_EXPORT_DIR), then to defaults. Exit codes: 0
// success, 1 runtime error, 2 usage or configuration error.
//
// This package stays thin: it parses flags and calls into packages
// (server.Run for serve, engine.Open and Engine.Load for import,
// gen.Generate for gen). Its tests are the end-to-end tests: they build
// the binary once and drive it with the real MySQL driver; see
// testserver_test.go for the helpers.
package main

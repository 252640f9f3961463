// Package ingest is cohortdb's one loader: it turns delimited text (CSV
// exports, MySQL LOAD DATA files) into rows of a storage table, all or
// nothing.
//
// The three doors to a table (the import command, LOAD DATA [LOCAL]
// INFILE and multi-row INSERT) share its semantics: a file is read to the
// end, every field is parsed with the column's parser, and the first errors
// (up to MaxErrors, each with line, column and reason) reject the whole
// load unless the caller asked to skip bad rows (IGNORE). Rows go into a
// storage.Load, which makes them visible in one durable commit, so a load
// that fails or is killed leaves the table as it was.
//
// The reader speaks the MySQL LOAD DATA dialect (field and line
// terminators, optional enclosure with doubled quotes, backslash escapes,
// \N for NULL), of which RFC 4180 CSV is one setting. The standard
// library's encoding/csv cannot read backslash escapes or \N, hence a
// reader of our own; it is fuzzed.
package ingest

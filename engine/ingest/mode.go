package ingest

import "github.com/cohortdb/cohortdb/storage"

// Mode is what a load does with the table's existing rows. It is
// storage's LoadMode, named here so that callers above the engine (the
// import command) need not import storage.
type Mode = storage.LoadMode

// The load modes.
const (
	Append  Mode = storage.LoadAppend  // add the rows
	Replace Mode = storage.LoadReplace // the file replaces the table
	Upsert  Mode = storage.LoadUpsert  // rows replace rows with the same primary key
)

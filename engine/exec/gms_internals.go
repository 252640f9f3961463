package exec

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
)

// What the executor reads of go-mysql-server v0.20.0 beyond its public
// types is here, pinned by gms_internals_test.go (the engine package's
// TestGMSInternalsVersions pins the version itself). The executor
// compiles GMS's plans, so it also relies on the execution indexes GMS's
// analyzer assigns (compile.go: the lateral probe rows put before a
// build side's columns); TestExecMatchesGMS runs every shape of
// testdata/exec against GMS's own executor and fails if they move.

// isRowsFrame reports whether f is a ROWS frame (else RANGE). GMS has a
// type per bound pair (16 of each kind) and no method that says which
// kind; their String() starts with the kind's keyword.
func isRowsFrame(f sql.WindowFrame) bool { return strings.HasPrefix(f.String(), "ROWS") }

package main

import (
	"fmt"
	"io"
)

// runImport is a placeholder; the import command replaces this file.
func runImport(_ []string, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "cohortdb import: not implemented yet")
	return exitUsage
}

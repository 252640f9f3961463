package main

import (
	"fmt"
	"io"
)

// runGen is a placeholder; the data generator replaces this file.
func runGen(_ []string, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "cohortdb gen: not implemented yet")
	return exitUsage
}

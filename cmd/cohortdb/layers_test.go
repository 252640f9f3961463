package main

import (
	"os/exec"
	"strings"
	"testing"
)

const modulePath = "github.com/cohortdb/cohortdb/"

// TestLayers checks the import graph docs/architecture.md draws: no layer
// imports one above it, server/ reaches the store only through the
// engine, the analytics read it only through the contract packages
// (functions/ imports nothing of storage/), cmd/ reaches the store and the
// analytics only through server/ and engine/, the contract packages every
// layer shares import no layer, and the shipped binary links no
// benchmark code.
func TestLayers(t *testing.T) {
	t.Parallel()
	imports := goList(t, "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", "./...")
	// forbidden[layer] are the folders its non-test code must not import.
	forbidden := map[string][]string{
		"storage":   {"engine", "functions", "server", "cmd", "bench"},
		"functions": {"storage", "engine", "server", "cmd", "bench"},
		"engine":    {"server", "cmd", "bench"},
		"server":    {"storage", "cmd", "bench"},
		"contract":  {"storage", "engine", "functions", "server", "cmd", "bench"},
		"cmd":       {"storage", "functions", "bench"},
	}
	for _, line := range imports {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], modulePath)
		layer, _, _ := strings.Cut(pkg, "/")
		for _, imp := range f[1:] {
			dep, ok := strings.CutPrefix(imp, modulePath)
			if !ok {
				continue
			}
			for _, bad := range forbidden[layer] {
				if (dep == bad || strings.HasPrefix(dep, bad+"/")) && !allowedImport(pkg, dep) {
					t.Errorf("%s imports %s: %s/ must not import %s/", pkg, dep, layer, bad)
				}
			}
		}
	}
	found := 0 // a leaf that moved or was renamed must not pass unchecked
	for _, line := range imports {
		f := strings.Fields(line)
		if !leaves[strings.TrimPrefix(f[0], modulePath)] {
			continue
		}
		found++
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, modulePath) {
				t.Errorf("%s imports %s: a leaf every layer imports must import nothing of cohortdb", f[0], imp)
			}
		}
	}
	if found != len(leaves) {
		t.Errorf("found %d of the %d leaf packages %v", found, len(leaves), leaves)
	}
	for _, dep := range goList(t, "-deps", "./cmd/cohortdb") {
		if strings.HasPrefix(dep, modulePath+"bench/") {
			t.Errorf("the cohortdb binary links %s", dep)
		}
	}
}

// leaves are the contract packages every layer imports that import
// nothing of cohortdb, not even another contract: contract/calendar holds
// the time units (days, µs since the epoch); contract/floattext MySQL's
// text of a DOUBLE; contract/membudget is the server-wide memory pool and
// the statement's account, carried in its context, that the engine's
// operators, the store's loads, the server and the analytics' table
// functions all charge.
var leaves = map[string]bool{"contract/calendar": true, "contract/floattext": true, "contract/membudget": true}

// allowedImport lists the one exception: server's differential test
// harness (a test tool kept as a package), which runs the whole binary's
// stack.
func allowedImport(pkg, dep string) bool {
	return strings.HasPrefix(pkg, "server/difftest")
}

// goList runs go list in the module root and returns its output lines.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	cmd := exec.Command(goCommand(), append([]string{"list"}, args...)...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

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
// (functions/ imports nothing of storage/), the contract packages every
// layer shares import no layer, and the shipped binary links no
// benchmark code.
func TestLayers(t *testing.T) {
	imports := goList(t, "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", "./...")
	// forbidden[layer] are the folders its non-test code must not import.
	forbidden := map[string][]string{
		"storage":   {"engine", "functions", "server", "cmd", "bench"},
		"functions": {"storage", "engine", "server", "cmd", "bench"},
		"engine":    {"server", "cmd", "bench"},
		"server":    {"storage", "cmd", "bench"},
		"contract":  {"storage", "engine", "functions", "server", "cmd", "bench"},
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
	for _, line := range imports {
		f := strings.Fields(line)
		if !leaves[strings.TrimPrefix(f[0], modulePath)] {
			continue
		}
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, modulePath) {
				t.Errorf("%s imports %s: a leaf every layer imports must import nothing of cohortdb", f[0], imp)
			}
		}
	}
	for _, dep := range goList(t, "-deps", "./cmd/cohortdb") {
		if strings.HasPrefix(dep, modulePath+"bench/") {
			t.Errorf("the cohortdb binary links %s", dep)
		}
	}
}

// leaves are the packages every layer may import: they import nothing of
// cohortdb. contract/calendar holds the time units (days, µs since the
// epoch); engine/membudget is the statement's memory account, carried in
// its context, that the engine's operators, the server and the analytics'
// table functions all charge.
var leaves = map[string]bool{"contract/calendar": true, "engine/membudget": true}

// allowedImport lists the exceptions: the leaves, and server's
// differential test harness (a test tool kept as a package), which runs
// the whole binary's stack.
func allowedImport(pkg, dep string) bool {
	return leaves[dep] || strings.HasPrefix(pkg, "server/difftest")
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

package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// serialTests may run alone: they change what every test shares (t.Chdir,
// t.Setenv). None does today.
var serialTests = map[string]bool{}

// TestEveryTestRunsInParallel keeps the harness's rule (testserver_test.go):
// each test of this package starts with t.Parallel(), so that make test's
// share of the end-to-end tests stays within its budget — a test added
// without it runs alone, before all the others.
func TestEveryTestRunsInParallel(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Name.Name == "TestMain" || serialTests[fn.Name.Name] {
				continue
			}
			if !startsParallel(fn) {
				t.Errorf("%s (%s): begin it with t.Parallel(), or list it in serialTests saying why", fn.Name.Name, fset.Position(fn.Pos()))
			}
		}
	}
}

// startsParallel: fn's first statement is t.Parallel().
func startsParallel(fn *ast.FuncDecl) bool {
	if fn.Body == nil || len(fn.Body.List) == 0 {
		return false
	}
	st, ok := fn.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := st.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Parallel"
}

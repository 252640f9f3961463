package gmssuite

import (
	"testing"

	gmstest "github.com/dolthub/go-mysql-server/enginetest"
)

// suites are the GMS suites run against cohortdb: queries, joins,
// windows, scripts and DML, the parts of the engine cohortdb's provider
// and executor take over. Suites of features cohortdb does not offer
// (triggers, stored procedures, foreign keys, spatial and JSON types,
// versioned tables, prepared-plan internals) are not run, nor are the
// suites that are one test each (TestWindowFunctions, the window frame
// suites, TestTruncate): they stop at their first difference, and their
// first differences are intended ones (SUM of integers is DECIMAL, as in
// MySQL, where GMS answers DOUBLE; foreign keys and triggers).
var suites = []struct {
	name string
	run  func(*testing.T, gmstest.Harness)
}{
	{"Queries", gmstest.TestQueries},
	{"JoinQueries", gmstest.TestJoinQueries},
	{"ColumnAliases", gmstest.TestColumnAliases},
	{"DerivedTableOuterScopeVisibility", gmstest.TestDerivedTableOuterScopeVisibility},
	{"AmbiguousColumnResolution", gmstest.TestAmbiguousColumnResolution},
	{"OrderByGroupBy", gmstest.TestOrderByGroupBy},
	{"QueryErrors", gmstest.TestQueryErrors},
	{"NaturalJoin", gmstest.TestNaturalJoin},
	{"NullRanges", gmstest.TestNullRanges},
	{"Convert", gmstest.TestConvert},
	{"InsertInto", gmstest.TestInsertInto},
	{"Update", gmstest.TestUpdate},
	{"Delete", gmstest.TestDelete},
	{"ReplaceInto", gmstest.TestReplaceInto},
	{"Scripts", gmstest.TestScripts},
	{"DateParse", gmstest.TestDateParse},
}

func TestSuites(t *testing.T) {
	for _, s := range suites {
		t.Run(s.name, func(t *testing.T) {
			s.run(t, newHarness(t))
		})
	}
}

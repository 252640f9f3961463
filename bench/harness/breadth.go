package harness

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// The breadth set (issue 19): queries of the kinds analysts and BI tools
// write against the four shop tables, written the natural way (conditions
// where a person puts them, Metabase's own MySQL SQL), each checked
// against DuckDB on the same data before it is timed. Most live in
// queries/*.sql, each MySQL text beside its DuckDB text where a dialect
// difference forces one; the table-function compositions, whose DuckDB
// side is the plain SQL of analytics_sql.go, are built in Go
// (breadth_fn.go).
//
// On cohortdb, an error or a timeout is reported as such and is not a
// harness failure (the executor does not cover every shape yet); a result
// that differs from DuckDB's is WRONG and fails the run.

//go:embed queries/*.sql
var queryFiles embed.FS

// breadthQueries is the breadth set: the files' queries in file and
// position order, then the table-function compositions.
func breadthQueries() ([]Query, error) {
	names, err := fs.Glob(queryFiles, "queries/*.sql")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var all []Query
	for _, name := range names {
		b, err := queryFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		qs, err := parseQueryFile(string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		all = append(all, qs...)
	}
	all = append(all, functionQueries()...)
	seen := map[string]bool{}
	for _, q := range all {
		if seen[q.ID] {
			return nil, fmt.Errorf("breadth query %s defined twice", q.ID)
		}
		seen[q.ID] = true
	}
	return all, nil
}

// BreadthQueries is the breadth set; it panics if the embedded files do
// not parse (a build that cannot run its benchmark).
func BreadthQueries() []Query {
	qs, err := breadthQueries()
	if err != nil {
		panic(err)
	}
	return qs
}

// Markers of the query file format:
//
//	-- query: B01 title of the query
//	-- ordered                    (optional: compare rows in order)
//	SELECT ...                    (MySQL text: cohortdb)
//	-- duckdb                     (optional: DuckDB's text follows)
//	SELECT ...
//
// A query ends at the next "-- query:" or at the end of the file. Lines
// before the first query are the file's commentary. A trailing ";" is
// dropped.
const (
	markQuery   = "-- query:"
	markOrdered = "-- ordered"
	markDuck    = "-- duckdb"
)

// parseQueryFile reads the queries of one file.
func parseQueryFile(text string) ([]Query, error) {
	var qs []Query
	var cur *Query
	var body strings.Builder
	inDuck := false
	flush := func() error {
		if cur == nil {
			return nil
		}
		s := trimSQL(body.String())
		if inDuck {
			cur.DuckText = s
		} else {
			cur.Text = s
		}
		if cur.Text == "" || inDuck && cur.DuckText == "" {
			return fmt.Errorf("query %s: empty text", cur.ID)
		}
		qs = append(qs, *cur)
		return nil
	}
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, markQuery):
			if err := flush(); err != nil {
				return nil, err
			}
			id, title, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(trimmed, markQuery)), " ")
			if id == "" || strings.TrimSpace(title) == "" {
				return nil, fmt.Errorf("line %d: %q: want %s ID title", i+1, trimmed, markQuery)
			}
			cur = &Query{ID: id, Title: strings.TrimSpace(title)}
			body.Reset()
			inDuck = false
		case cur == nil:
			// commentary before the first query
		case trimmed == markOrdered && body.Len() == 0 && !inDuck:
			cur.Ordered = true
		case trimmed == markDuck:
			if inDuck {
				return nil, fmt.Errorf("line %d: query %s: second %s", i+1, cur.ID, markDuck)
			}
			cur.Text = trimSQL(body.String())
			body.Reset()
			inDuck = true
		default:
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return qs, nil
}

// trimSQL drops surrounding blank space and a trailing semicolon.
func trimSQL(s string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ";"))
}

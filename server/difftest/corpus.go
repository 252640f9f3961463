package difftest

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Statement is one statement of the corpus.
type Statement struct {
	Source   string   // corpus file without .sql ("metabase"), or "generated"
	Line     int      // line of the statement's first line in its file
	SQL      string   // without the trailing ";"
	Tags     []string // features named by "-- feature:" lines
	Ordered  bool     // "-- ordered": row order matters
	MetaOnly bool     // "-- check: meta": values are server-specific
}

// ID names the statement in reports: file:line.
func (s Statement) ID() string {
	if s.Line == 0 {
		return s.Source
	}
	return fmt.Sprintf("%s:%d", s.Source, s.Line)
}

// Features are the statement's features: its tags and what
// DetectFeatures finds in its text.
func (s Statement) Features() []string {
	f := append(slices.Clone(s.Tags), DetectFeatures(s.SQL)...)
	slices.Sort(f)
	return slices.Compact(f)
}

// ReadCorpus reads every *.sql file of dir in fsys, in name order.
//
// Format: statements end with ";" at the end of a line. Lines starting
// with "--" are comments, except the directives:
//
//	-- feature: a, b   features of the statements that follow (until the next feature line)
//	-- ordered         the next statement's row order is compared
//	-- check: meta     the next statement's rows are not compared (VERSION(), NOW(), ...)
func ReadCorpus(fsys fs.FS, dir string) ([]Statement, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.sql"))
	if err != nil {
		return nil, err
	}
	var out []Statement
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		stmts, err := parseCorpus(strings.TrimSuffix(path.Base(name), ".sql"), string(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, stmts...)
	}
	return out, nil
}

func parseCorpus(source, text string) ([]Statement, error) {
	var (
		out  []Statement
		tags []string
		next = Statement{Source: source}
		buf  []string
	)
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		t := strings.TrimSpace(line)
		if len(buf) == 0 {
			switch {
			case t == "":
				continue
			case strings.HasPrefix(t, "-- feature:"):
				tags = splitList(strings.TrimPrefix(t, "-- feature:"))
				continue
			case t == "-- ordered":
				next.Ordered = true
				continue
			case t == "-- check: meta":
				next.MetaOnly = true
				continue
			case strings.HasPrefix(t, "--"):
				continue
			}
			next.Line = n
		}
		buf = append(buf, line)
		if strings.HasSuffix(t, ";") {
			next.SQL = strings.TrimSuffix(strings.TrimSpace(strings.Join(buf, "\n")), ";")
			next.Tags = tags
			out = append(out, next)
			next, buf = Statement{Source: source}, nil
		}
	}
	if len(buf) > 0 {
		return nil, fmt.Errorf("line %d: statement without a final ';'", next.Line)
	}
	return out, sc.Err()
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

package difftest

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// Oracles: what cohortdb's answers are compared with.
const (
	AgainstMariaDB   = "mariadb"   // MariaDB (MySQL 8 where the two differ)
	AgainstVectorize = "vectorize" // cohortdb itself with cohortdb_vectorize = 0
)

// Statuses of an allow-list entry, as docs/compatibility.md reports them.
const (
	StatusDiffers     = "differs"     // cohortdb answers, differently from MySQL
	StatusUnsupported = "unsupported" // cohortdb fails where MySQL answers
	StatusMySQL8      = "mysql8"      // MariaDB differs from MySQL 8; cohortdb answers as MySQL 8 does
	StatusExpected    = "expected"    // the values are server-specific (version, engine, ids)
)

// Entry is one allowed difference: statements matching Match (and
// Source, when set) may differ from the oracle in Kinds.
type Entry struct {
	Name    string
	Feature string           // the feature the difference is about (a Statement.Features name)
	Status  string           // one of the Status constants
	Kinds   []string         // difference kinds excused
	Against string           // oracle; AgainstMariaDB when not given
	Source  string           // only statements of this corpus file ("generated" for the generator's)
	Match   []*regexp.Regexp // on the statement; any may match; none means every statement
	Detail  *regexp.Regexp   // on the difference's detail, when set
	Reason  string
	Line    int
}

// Matches reports whether e excuses a difference of kind in stmt.
func (e *Entry) Matches(stmt Statement, against string, d Diff) bool {
	if e.Against != against || !slices.Contains(e.Kinds, d.Kind) {
		return false
	}
	if e.Source != "" && e.Source != stmt.Source || e.Detail != nil && !e.Detail.MatchString(d.Detail) {
		return false
	}
	if len(e.Match) == 0 {
		return true
	}
	for _, re := range e.Match {
		if re.MatchString(stmt.SQL) {
			return true
		}
	}
	return false
}

// AllowList is the checked-in list of known differences.
type AllowList struct {
	Entries []*Entry
}

// Find returns the first entry excusing the difference, or nil.
func (a *AllowList) Find(stmt Statement, against string, d Diff) *Entry {
	for _, e := range a.Entries {
		if e.Matches(stmt, against, d) {
			return e
		}
	}
	return nil
}

// ParseAllowList reads the allow-list format:
//
//	# comment
//	[name]
//	feature: function: SUM
//	status:  differs | unsupported | mysql8 | expected
//	kinds:   rows, type
//	against: mariadb | vectorize        (default mariadb)
//	source:  metabase                   (optional: one corpus file)
//	match:   (?i)\bSUM\(                (Go regexps on the statement, any may match)
//	detail:  reference NEWDECIMAL       (a Go regexp on the difference's detail)
//	reason:  why (one or more lines, joined)
func ParseAllowList(r io.Reader) (*AllowList, error) {
	a := &AllowList{}
	var cur *Entry
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			cur = &Entry{Name: line[1 : len(line)-1], Against: AgainstMariaDB, Line: n}
			a.Entries = append(a.Entries, cur)
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok || cur == nil {
			return nil, fmt.Errorf("allow-list line %d: want [name] or key: value", n)
		}
		if err := cur.set(strings.TrimSpace(key), strings.TrimSpace(val)); err != nil {
			return nil, fmt.Errorf("allow-list line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return a, a.validate()
}

func (e *Entry) set(key, val string) error {
	switch key {
	case "feature":
		e.Feature = val
	case "status":
		e.Status = val
	case "kinds":
		e.Kinds = splitList(val)
	case "against":
		e.Against = val
	case "source":
		e.Source = val
	case "match":
		re, err := regexp.Compile(val)
		if err != nil {
			return err
		}
		e.Match = append(e.Match, re)
	case "detail":
		re, err := regexp.Compile(val)
		if err != nil {
			return err
		}
		e.Detail = re
	case "reason":
		e.Reason = strings.TrimSpace(e.Reason + " " + val)
	default:
		return fmt.Errorf("unknown key %q", key)
	}
	return nil
}

func (a *AllowList) validate() error {
	seen := map[string]bool{}
	for _, e := range a.Entries {
		switch {
		case seen[e.Name]:
			return fmt.Errorf("allow-list entry [%s] (line %d) is listed twice", e.Name, e.Line)
		case e.Feature == "" || e.Reason == "" || len(e.Match) == 0 && e.Detail == nil || len(e.Kinds) == 0:
			return fmt.Errorf("allow-list entry [%s] (line %d) needs feature, kinds, match or detail, and reason", e.Name, e.Line)
		case !slices.Contains([]string{StatusDiffers, StatusUnsupported, StatusMySQL8, StatusExpected}, e.Status):
			return fmt.Errorf("allow-list entry [%s] (line %d): status %q", e.Name, e.Line, e.Status)
		case e.Against != AgainstMariaDB && e.Against != AgainstVectorize:
			return fmt.Errorf("allow-list entry [%s] (line %d): against %q", e.Name, e.Line, e.Against)
		}
		for _, k := range e.Kinds {
			if !slices.Contains(Kinds, k) {
				return fmt.Errorf("allow-list entry [%s] (line %d): kind %q (want one of %v)", e.Name, e.Line, k, Kinds)
			}
		}
		seen[e.Name] = true
	}
	return nil
}

package harness

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// analyticIDs are the IDs of the analytics rows (analytics.go), setup
// steps included, that Config.Queries can select.
var analyticIDs = []string{"A7s", "A6f", "A5a", "A5b", "A8a", "A8b", "A7a", "A7b", "A6"}

// ParseQueryFilter splits a -queries flag value ("Q5,B0*,A5a") into
// patterns; "" selects everything (nil).
func ParseQueryFilter(s string) []string {
	var pats []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			pats = append(pats, p)
		}
	}
	return pats
}

// selectQueries checks the filter and sets the breadth set to run: every
// pattern must be well-formed and match some query (a typo would
// otherwise run nothing and say so nowhere).
func (r *Run) selectQueries() error {
	breadth, err := breadthQueries()
	if err != nil {
		return err
	}
	ids := append(append(slices.Clone(analyticIDs), webPageIDs()...), upsertIDs...)
	for _, q := range append(slices.Clone(Queries), breadth...) {
		ids = append(ids, q.ID)
	}
	for _, p := range r.Config.Queries {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("-queries %q: %w", p, err)
		}
		if !slices.ContainsFunc(ids, func(id string) bool { return matches(p, id) }) {
			return fmt.Errorf("-queries %q matches no query (Q1-Q7, %s-%s, %s, pages W1-W%d, upserts U1-U3)", p,
				breadth[0].ID, breadth[len(breadth)-1].ID, strings.Join(analyticIDs, ", "), len(webPages))
		}
	}
	r.Breadth = nil
	for _, q := range breadth {
		if r.selected(q.ID) {
			r.Breadth = append(r.Breadth, q)
		}
	}
	return nil
}

// selected reports whether the filter selects id.
func (r *Run) selected(id string) bool {
	if len(r.Config.Queries) == 0 {
		return true
	}
	return slices.ContainsFunc(r.Config.Queries, func(p string) bool { return matches(p, id) })
}

func matches(pattern, id string) bool {
	ok, _ := path.Match(pattern, id)
	return ok
}

// coreQueries are the selected queries of Q1-Q7.
func (r *Run) coreQueries() []Query {
	var qs []Query
	for _, q := range Queries {
		if r.selected(q.ID) {
			qs = append(qs, q)
		}
	}
	return qs
}

package unify

import (
	"cmp"
	"slices"
	"strings"
)

// completeness counts a record's non-empty profile fields.
func completeness(r *Record) int {
	n := 0
	for _, s := range []string{r.Email, r.Phone, r.First, r.Last, r.Postcode, r.Country, r.City, r.Gender} {
		if strings.TrimSpace(s) != "" {
			n++
		}
	}
	if r.HasBirth {
		n++
	}
	return n
}

// recency is updated_at, or signup_at when updated_at is NULL.
func recency(r *Record) int64 {
	if r.Updated != 0 {
		return r.Updated
	}
	return r.Signup
}

// compareBy orders two records under one criterion: negative when a
// survives before b.
func compareBy(c *Criterion, a, b *Record) int {
	switch c.Name {
	case BySourcePriority:
		return cmp.Compare(sourceRank(c, a), sourceRank(c, b))
	case ByMostComplete:
		return cmp.Compare(completeness(b), completeness(a))
	case ByMostRecent:
		return cmp.Compare(recency(b), recency(a))
	case ByOldest:
		return cmp.Compare(a.Signup, b.Signup)
	}
	return 0
}

// sourceRank is a source's place in the priority list; unlisted sources
// come after every listed one.
func sourceRank(c *Criterion, r *Record) int {
	if k, ok := c.Sources[strings.ToLower(strings.TrimSpace(r.Source))]; ok {
		return k
	}
	return len(c.Sources) + 1
}

// rankMembers sorts a cluster's members by the criteria in order, the
// lowest id last: the first is the winner.
func rankMembers(recs []Record, m []int, surv []Criterion) {
	slices.SortFunc(m, func(i, j int) int {
		a, b := &recs[i], &recs[j]
		for k := range surv {
			if c := compareBy(&surv[k], a, b); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// Golden is a cluster's unified profile: each field from the first
// member in survivorship order that has it; Signup is the earliest of
// the members, Updated the latest.
type Golden struct {
	ID, Members                                                int64
	Email, Phone, First, Last, Postcode, Country, City, Source string
	Signup, Updated                                            int64
}

// GoldenOf builds the unified profile of a ranked cluster.
func GoldenOf(recs []Record, c Cluster) Golden {
	w := &recs[c.Members[0]]
	g := Golden{ID: w.ID, Members: int64(len(c.Members)), Signup: w.Signup, Updated: recency(w)}
	fields := []struct {
		dst *string
		get func(*Record) string
	}{
		{&g.Email, func(r *Record) string { return r.Email }},
		{&g.Phone, func(r *Record) string { return r.Phone }},
		{&g.First, func(r *Record) string { return r.First }},
		{&g.Last, func(r *Record) string { return r.Last }},
		{&g.Postcode, func(r *Record) string { return r.Postcode }},
		{&g.Country, func(r *Record) string { return r.Country }},
		{&g.City, func(r *Record) string { return r.City }},
		{&g.Source, func(r *Record) string { return r.Source }},
	}
	for _, f := range fields {
		for _, i := range c.Members {
			if v := strings.TrimSpace(f.get(&recs[i])); v != "" {
				*f.dst = v
				break
			}
		}
	}
	if e164 := Phone(g.Phone, g.Country); e164 != "" {
		g.Phone = e164
	}
	for _, i := range c.Members {
		g.Signup = min(g.Signup, recs[i].Signup)
		g.Updated = max(g.Updated, recency(&recs[i]))
	}
	return g
}

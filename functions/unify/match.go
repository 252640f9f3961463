package unify

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/adrg/strutil/metrics"
)

// Record is one customers row as matching and survivorship see it. Text
// fields are raw (as stored); times are as stored (compared, never
// converted), Updated is 0 when NULL.
type Record struct {
	ID                              int64
	Email, Phone, First, Last       string
	Postcode, Country, City, Source string
	Gender                          string
	HasBirth                        bool
	Signup, Updated                 int64
	Extra                           map[string]string // columns of exact rules
}

// Link says how one record joined its cluster: the rule of the first
// accepted match that involved it, and the record on the other side.
type Link struct {
	Rule  string
	With  int64
	Score float64 // 1 for exact rules
}

// Cluster is a set of records of one person: Members are indexes into the
// records, the winner first, then the others in survivorship order.
type Cluster struct {
	Members []int
}

// Result is the outcome of Resolve.
type Result struct {
	Records  []Record       // the input sorted by id: Cluster.Members index it
	Clusters []Cluster      // clusters of two or more records, by winner id
	Links    map[int64]Link // every record of a cluster (winners included)
	Refused  int            // matches refused because of an exclusion
}

// edge is one candidate match between records a and b.
type edge struct {
	a, b  int32
	rule  int // index into the sorted rules
	score float64
}

// Resolve clusters the records: it applies the rules' matches in order
// (see the package doc), never joining an exclusion pair, and orders each
// cluster by survivorship. It is deterministic: the same input gives the
// same clusters, winners and links whatever the order of records.
func Resolve(recs []Record, rules []Rule, surv []Criterion, excl [][2]int64) *Result {
	res, _ := ResolveContext(context.Background(), recs, rules, surv, excl)
	return res
}

// ResolveContext is Resolve stopped with ctx's error once ctx is done
// (KILL QUERY, the client gone): the fuzzy rule's comparisons within a
// block are quadratic in the block's size.
func ResolveContext(ctx context.Context, recs []Record, rules []Rule, surv []Criterion, excl [][2]int64) (*Result, error) {
	rules = slices.Clone(rules)
	sortRules(rules)
	recs = sortedByID(recs)
	var edges []edge
	for ri := range rules {
		e, err := ruleEdges(ctx, recs, &rules[ri], ri)
		if err != nil {
			return nil, err
		}
		edges = append(edges, e...)
	}
	u := newUnion(recs, excl)
	res := &Result{Records: recs, Links: map[int64]Link{}}
	for _, e := range edges {
		if !u.join(e.a, e.b) {
			if u.find(e.a) != u.find(e.b) {
				res.Refused++
			}
			continue
		}
		for _, end := range [2][2]int32{{e.a, e.b}, {e.b, e.a}} {
			id := recs[end[0]].ID
			if _, seen := res.Links[id]; !seen {
				res.Links[id] = Link{Rule: rules[e.rule].Name, With: recs[end[1]].ID, Score: e.score}
			}
		}
	}
	res.Clusters = u.clusters(recs, surv)
	return res, ctx.Err()
}

// sortedByID returns recs sorted by id (a copy when they are not).
func sortedByID(recs []Record) []Record {
	if slices.IsSortedFunc(recs, func(a, b Record) int { return cmp.Compare(a.ID, b.ID) }) {
		return recs
	}
	out := slices.Clone(recs)
	slices.SortFunc(out, func(a, b Record) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// ruleEdges returns the candidate matches of one rule, in application
// order.
func ruleEdges(ctx context.Context, recs []Record, r *Rule, ri int) ([]edge, error) {
	if r.Kind == KindNamePostcode {
		return fuzzyEdges(ctx, recs, r, ri)
	}
	// Exact rules: every record with a key matches the first record (lowest
	// id) with the same key.
	first := map[string]int32{}
	var out []edge
	for i := range recs {
		k := exactKey(&recs[i], r)
		if k == "" {
			continue
		}
		if f, ok := first[k]; ok {
			out = append(out, edge{a: f, b: int32(i), rule: ri, score: 1})
		} else {
			first[k] = int32(i)
		}
	}
	return out, ctx.Err()
}

// exactKey is a record's key under an exact rule ("" for none).
func exactKey(rec *Record, r *Rule) string {
	switch r.Kind {
	case KindEmail:
		return Email(rec.Email, &r.Email)
	case KindPhone:
		region := rec.Country
		if region == "" {
			region = r.Options["region"] // the rule's default region
		}
		return Phone(rec.Phone, region)
	case KindExact:
		return Text(rec.Extra[strings.ToLower(r.Column)])
	}
	return ""
}

// fuzzyEdges compares the names of records sharing a block: country,
// postcode and the first letter of the last name (a typo in the first
// letter is rare, and comparing every pair of a postcode is quadratic).
// A pair's score is NameScore. Matches come out by falling score, then
// ids.
func fuzzyEdges(ctx context.Context, recs []Record, r *Rule, ri int) ([]edge, error) {
	type entry struct {
		i           int32
		first, last string
	}
	blocks := map[string][]entry{}
	var keys []string
	for i := range recs {
		rec := &recs[i]
		pc, first, last := Postcode(rec.Postcode), Name(rec.First), Name(rec.Last)
		if pc == "" || first == "" || last == "" {
			continue
		}
		k := strings.ToUpper(strings.TrimSpace(rec.Country)) + "|" + pc + "|" + last[:1]
		if _, ok := blocks[k]; !ok {
			keys = append(keys, k)
		}
		blocks[k] = append(blocks[k], entry{int32(i), first, last})
	}
	jw := metrics.NewJaroWinkler()
	var out []edge
	n := 0
	for _, k := range keys {
		b := blocks[k]
		for x := 0; x < len(b); x++ {
			for y := x + 1; y < len(b); y++ {
				if n++; n%4096 == 0 && ctx.Err() != nil {
					return nil, ctx.Err()
				}
				s := NameScore(jw, b[x].first, b[x].last, b[y].first, b[y].last)
				if s >= r.Threshold {
					out = append(out, edge{a: b[x].i, b: b[y].i, rule: ri, score: s})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(p, q edge) int {
		return cmp.Or(cmp.Compare(q.score, p.score), cmp.Compare(p.a, q.a), cmp.Compare(p.b, q.b))
	})
	return out, nil
}

// NameScore is the mean of the similarities of the first names and of
// the last names (normalised by Name). Comparing the names apart keeps a
// letter typed twice in a first name from shifting the whole full name
// out of Jaro's match window.
func NameScore(jw *metrics.JaroWinkler, first1, last1, first2, last2 string) float64 {
	return (Similarity(jw, first1, first2) + Similarity(jw, last1, last2)) / 2
}

// Similarity is the Jaro-Winkler similarity of two normalised names
// (prefix scale 0.1, prefix up to 4 characters), 1 for equal names.
func Similarity(jw *metrics.JaroWinkler, a, b string) float64 {
	if a == b {
		return 1
	}
	return jw.Compare(a, b)
}

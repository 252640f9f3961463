package unify

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

// defaultRules are the rules CALL unify() seeds match_rules with.
func defaultRules(t *testing.T) []Rule {
	t.Helper()
	var out []Rule
	for _, d := range DefaultRules {
		r, err := NewRule(d.Name, d.Priority, d.Kind, "", d.Threshold, d.Options)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// fixture: one person under records 1-4, another under 5, and 6 a
// different person of the same postcode (hand-worked similarities in
// TestSimilarity).
func fixture() []Record {
	return []Record{
		{ID: 4, First: "Anna", Last: "Schmdit", Postcode: "10115", Country: "DE", Updated: 50},
		{ID: 1, Email: "anna.schmidt@example.com", Phone: "+49 30 1234567", First: "Anna", Last: "Schmidt",
			Postcode: "10115", Country: "DE", City: "Berlin", Source: "web", Updated: 100},
		{ID: 2, Email: " ANNA.SCHMIDT@example.com", Country: "DE", Source: "newsletter", Updated: 300},
		{ID: 3, Email: "a.s@web.de", Phone: "030 1234567", Country: "DE", Source: "store", Updated: 200},
		{ID: 5, Email: "b.o.b+shop@gmail.com", Country: "FR"},
		{ID: 7, Email: "bob@googlemail.com", Country: "FR", Signup: -5},
		{ID: 6, First: "Anna", Last: "Schulz", Postcode: "10115", Country: "DE"},
	}
}

func ids(res *Result) [][]int64 {
	var out [][]int64
	for _, c := range res.Clusters {
		var m []int64
		for _, i := range c.Members {
			m = append(m, res.Records[i].ID)
		}
		out = append(out, m)
	}
	return out
}

func TestResolve(t *testing.T) {
	rules := defaultRules(t)
	for _, tc := range []struct {
		name     string
		surv     []Criterion
		excl     [][2]int64
		clusters [][]int64
		links    map[int64]Link
		refused  int
	}{
		{
			name: "default survivorship: most complete, then most recent",
			surv: DefaultSurvivorship(),
			// 1 has 8 fields; 3 has 3 and 2 has 2 (2 is more recent than 3
			// but less complete); 4 has 4. 5 and 7 have 2 each, 7 is no more
			// recent (both 0: signup 0 vs -5), lowest id wins.
			clusters: [][]int64{{1, 4, 3, 2}, {5, 7}},
			links: map[int64]Link{
				1: {Rule: "email", With: 2, Score: 1}, 2: {Rule: "email", With: 1, Score: 1},
				3: {Rule: "phone", With: 1, Score: 1},
				4: {Rule: "name_postcode", With: 1, Score: 0.9857},
				5: {Rule: "email", With: 7, Score: 1}, 7: {Rule: "email", With: 5, Score: 1},
			},
		},
		{
			name:     "source priority",
			surv:     []Criterion{mustCriterion(t, BySourcePriority, "store, web"), {Name: ByMostRecent}},
			clusters: [][]int64{{3, 1, 2, 4}, {5, 7}}, // 5 and 7: no source, 5 is more recent (0 > -5)
		},
		{
			name:     "exclusion keeps 4 apart from 1 (and so from the cluster)",
			surv:     DefaultSurvivorship(),
			excl:     [][2]int64{{4, 1}},
			clusters: [][]int64{{1, 3, 2}, {5, 7}},
			refused:  1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Resolve(fixture(), rules, tc.surv, tc.excl)
			if got := ids(res); !reflect.DeepEqual(got, tc.clusters) {
				t.Errorf("clusters %v, want %v", got, tc.clusters)
			}
			if res.Refused != tc.refused {
				t.Errorf("refused %d, want %d", res.Refused, tc.refused)
			}
			for id, want := range tc.links {
				got := res.Links[id]
				got.Score = float64(int(got.Score*10000+0.5)) / 10000
				if got != want {
					t.Errorf("link of %d = %+v, want %+v", id, got, want)
				}
			}
		})
	}
}

func mustCriterion(t *testing.T, name, opts string) Criterion {
	t.Helper()
	c, err := NewCriterion(name, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestResolveOrderIndependent(t *testing.T) {
	recs := fixture()
	a := ids(Resolve(recs, defaultRules(t), DefaultSurvivorship(), nil))
	for i, j := 0, len(recs)-1; i < j; i, j = i+1, j-1 {
		recs[i], recs[j] = recs[j], recs[i]
	}
	if b := ids(Resolve(recs, defaultRules(t), DefaultSurvivorship(), nil)); !reflect.DeepEqual(a, b) {
		t.Errorf("reversed input: %v, want %v", b, a)
	}
}

func TestGolden(t *testing.T) {
	res := Resolve(fixture(), defaultRules(t), DefaultSurvivorship(), nil)
	g := GoldenOf(res.Records, res.Clusters[0])
	want := Golden{ID: 1, Members: 4, Email: "anna.schmidt@example.com", Phone: "+49301234567", First: "Anna",
		Last: "Schmidt", Postcode: "10115", Country: "DE", City: "Berlin", Source: "web", Signup: 0, Updated: 300}
	if g != want {
		t.Errorf("golden %+v, want %+v", g, want)
	}
	// The winner has no phone: the next member in order gives it.
	recs := []Record{{ID: 1, Email: "x@y.z", First: "A", Last: "B", City: "C", Updated: 9},
		{ID: 2, Email: "X@y.z", Phone: "+33 6 12 34 56 78"}}
	res = Resolve(recs, defaultRules(t), DefaultSurvivorship(), nil)
	if g := GoldenOf(res.Records, res.Clusters[0]); g.ID != 1 || g.Phone != "+33612345678" {
		t.Errorf("golden %+v, want id 1 with the phone of record 2", g)
	}
}

// A stopped statement stops the matching (KILL QUERY over the wire).
func TestResolveStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ResolveContext(ctx, fixture(), defaultRules(t), DefaultSurvivorship(), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("ResolveContext with a cancelled context: %v, want context.Canceled", err)
	}
}

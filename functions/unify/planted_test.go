package unify

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"testing"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// planted generates n contacts and returns them as Records with the
// generator's ground truth: duplicate → original.
func planted(t *testing.T, n int, seed uint64) ([]Record, map[int64]int64) {
	t.Helper()
	var cust, dups bytes.Buffer
	if _, err := gen.WriteTables(gen.Writers{Customers: &cust, Duplicates: &dups}, gen.Config{Customers: n, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, &cust)
	col := map[string]int{}
	for i, c := range gen.CustomerColumns {
		col[c] = i
	}
	var recs []Record
	for _, r := range rows {
		id, _ := strconv.ParseInt(r[col["customer_id"]], 10, 64)
		recs = append(recs, Record{ID: id, Email: r[col["email"]], Phone: r[col["phone"]], First: r[col["first_name"]],
			Last: r[col["last_name"]], Postcode: r[col["postal_code"]], Country: r[col["country"]], City: r[col["city"]],
			Source: r[col["source"]], Gender: r[col["gender"]], HasBirth: r[col["birth_date"]] != ""})
	}
	truth := map[int64]int64{}
	for _, r := range readCSV(t, &dups) {
		a, _ := strconv.ParseInt(r[0], 10, 64)
		b, _ := strconv.ParseInt(r[1], 10, 64)
		truth[a] = b
	}
	return recs, truth
}

func readCSV(t *testing.T, b *bytes.Buffer) [][]string {
	t.Helper()
	all, err := csv.NewReader(b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return all[1:]
}

// Quality is pairwise precision and recall of merges: a pair of records
// is merged when they share a cluster, and truly one person when the
// ground truth links them (directly or through a common original).
type Quality struct {
	TruePairs, FoundPairs, Correct int
}

func (q Quality) Precision() float64 { return float64(q.Correct) / float64(max(1, q.FoundPairs)) }
func (q Quality) Recall() float64    { return float64(q.Correct) / float64(max(1, q.TruePairs)) }

// measure compares person assignments (record → person id) with the truth.
func measure(found map[int64]int64, truth map[int64]int64) Quality {
	person := func(m map[int64]int64, id int64) int64 {
		if p, ok := m[id]; ok {
			return p
		}
		return id
	}
	groups := func(m map[int64]int64) map[int64][]int64 {
		g := map[int64][]int64{}
		for id, p := range m {
			g[p] = append(g[p], id)
		}
		for p := range g {
			g[p] = append(g[p], p) // the original (or winner) itself
		}
		return g
	}
	var q Quality
	for _, members := range groups(truth) {
		q.TruePairs += len(members) * (len(members) - 1) / 2
	}
	for _, members := range groups(found) {
		for i := range members {
			for j := i + 1; j < len(members); j++ {
				q.FoundPairs++
				if person(truth, members[i]) == person(truth, members[j]) {
					q.Correct++
				}
			}
		}
	}
	return q
}

// TestPlantedDuplicates reports the precision and recall of the default
// rules on generated contacts with planted duplicates (case, gmail dots
// and plus-tags, phone formats, typos in names) and asserts floors.
func TestPlantedDuplicates(t *testing.T) {
	n := 10000
	if testing.Short() {
		n = 3000
	}
	recs, truth := planted(t, n, 11)
	if len(truth) < n/50 {
		t.Fatalf("only %d planted duplicates in %d contacts", len(truth), n)
	}
	res := Resolve(recs, defaultRules(t), DefaultSurvivorship(), nil)
	found := map[int64]int64{}
	for _, c := range res.Clusters {
		w := res.Records[c.Members[0]].ID
		for _, m := range c.Members[1:] {
			found[res.Records[m].ID] = w
		}
	}
	q := measure(found, truth)
	t.Logf("%d contacts, %d planted duplicates: %d true pairs, %d merged pairs, %d correct: precision %.4f, recall %.4f",
		n, len(truth), q.TruePairs, q.FoundPairs, q.Correct, q.Precision(), q.Recall())
	if q.Precision() < 0.97 || q.Recall() < 0.97 {
		t.Errorf("precision %.4f, recall %.4f: want both at least 0.97", q.Precision(), q.Recall())
	}
}

// TestMeasure checks the pair counting on a hand-worked case: truth
// {1,2,3} and {4,5}; found {1,2} and {3,4}: true pairs 3+1 = 4, found
// pairs 1+1 = 2, correct 1 (1-2).
func TestMeasure(t *testing.T) {
	q := measure(map[int64]int64{2: 1, 4: 3}, map[int64]int64{2: 1, 3: 1, 5: 4})
	if q != (Quality{TruePairs: 4, FoundPairs: 2, Correct: 1}) {
		t.Errorf("got %+v", q)
	}
}

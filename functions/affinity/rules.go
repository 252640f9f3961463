package affinity

import (
	"cmp"
	"math"
	"slices"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// Rule is an association rule antecedent (one or two items) → consequent
// over baskets. Both counts the baskets holding every item of the rule;
// Ante and Cons the baskets holding the antecedent (all of its items) and
// the consequent. Support = Both/N, Confidence = Both/Ante, Lift =
// Confidence / (Cons/N).
type Rule struct {
	A, A2, C   int32 // A2 == -1 for a one-item antecedent
	Both       int32
	Ante, Cons int32
	Support    float64
	Confidence float64
	Lift       float64
}

// RuleParams are the thresholds of affinity_rules.
type RuleParams struct {
	MinSupport    float64 // a share of baskets in (0,1), or a basket count when ≥ 1
	MinConfidence float64
	MaxSize       int // 2: pairs; 3: pairs and triples
	Method        pairMethod
	// mem is charged with the pair counters (the statement's budget;
	// nil: none).
	mem *membudget.Tally
}

// minCount is the smallest basket count whose support reaches
// minSupport: count/n ≥ s exactly as the division is computed.
func minCount(s float64, n int) int32 {
	if s >= 1 {
		return int32(math.Ceil(s))
	}
	c := max(1, int(math.Ceil(s*float64(n))))
	for c > 1 && float64(c-1)/float64(n) >= s {
		c--
	}
	for float64(c)/float64(n) < s {
		c++
	}
	return int32(c)
}

// mineRules returns every rule whose itemset reaches the support
// threshold and whose confidence reaches MinConfidence, ordered by basket
// count (desc), confidence (desc), then item names. ok is false when
// triples were asked for but there are too many candidates; err is the
// statement's memory limit.
func mineRules(b *baskets, p RuleParams) (rules []Rule, ok bool, err error) {
	n := b.n()
	if n == 0 {
		return nil, true, nil
	}
	mc := minCount(p.MinSupport, n)
	pairs, err := countPairsIn(b, mc, p.Method, p.mem)
	if err != nil {
		return nil, false, err
	}
	add := func(a, a2, c int32, both, ante int32) {
		if a2 >= 0 && b.names[a2] < b.names[a] {
			a, a2 = a2, a // show and order a two-item antecedent by name
		}
		conf := float64(both) / float64(ante)
		if conf < p.MinConfidence {
			return
		}
		cons := b.count[c]
		rules = append(rules, Rule{A: a, A2: a2, C: c, Both: both, Ante: ante, Cons: cons,
			Support: float64(both) / float64(n), Confidence: conf,
			Lift: float64(both) * float64(n) / (float64(ante) * float64(cons))})
	}
	for _, pr := range pairs {
		add(pr.a, -1, pr.b, pr.n, b.count[pr.a])
		add(pr.b, -1, pr.a, pr.n, b.count[pr.b])
	}
	if p.MaxSize >= 3 {
		triples, ok := countTriples(b, pairs, mc)
		if !ok {
			return nil, false, nil
		}
		pairN := make(map[[2]int32]int32, len(pairs))
		for _, pr := range pairs {
			pairN[[2]int32{pr.a, pr.b}] = pr.n
		}
		for _, t := range triples {
			add(t.a, t.b, t.c, t.n, pairN[[2]int32{t.a, t.b}])
			add(t.a, t.c, t.b, t.n, pairN[[2]int32{t.a, t.c}])
			add(t.b, t.c, t.a, t.n, pairN[[2]int32{t.b, t.c}])
		}
	}
	name := func(i int32) string {
		if i < 0 {
			return ""
		}
		return b.names[i]
	}
	slices.SortFunc(rules, func(x, y Rule) int {
		return cmp.Or(cmp.Compare(y.Both, x.Both), cmp.Compare(y.Confidence, x.Confidence),
			cmp.Compare(name(x.A), name(y.A)), cmp.Compare(name(x.A2), name(y.A2)), cmp.Compare(name(x.C), name(y.C)))
	})
	return rules, true, nil
}

package unify

import (
	"cmp"
	"slices"
)

// union is a union-find over record indexes that keeps each root's
// members, so a union can be refused when it would put an exclusion pair
// in one cluster.
type union struct {
	parent  []int32
	members [][]int32         // per root: its records
	excl    map[int32][]int32 // record → records it must stay apart from
}

func newUnion(recs []Record, pairs [][2]int64) *union {
	u := &union{parent: make([]int32, len(recs)), members: make([][]int32, len(recs)), excl: map[int32][]int32{}}
	idx := make(map[int64]int32, len(recs))
	for i := range recs {
		u.parent[i] = int32(i)
		idx[recs[i].ID] = int32(i)
	}
	for _, p := range pairs {
		a, okA := idx[p[0]]
		b, okB := idx[p[1]]
		if okA && okB && a != b {
			u.excl[a] = append(u.excl[a], b)
			u.excl[b] = append(u.excl[b], a)
		}
	}
	return u
}

func (u *union) find(i int32) int32 {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// set returns the records of root r.
func (u *union) set(r int32) []int32 {
	if u.members[r] == nil {
		return []int32{r}
	}
	return u.members[r]
}

// join unites the clusters of a and b unless they are one already or an
// exclusion forbids it; it reports whether it united them.
func (u *union) join(a, b int32) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return false
	}
	sa, sb := u.set(ra), u.set(rb)
	if len(sa) > len(sb) {
		ra, rb, sa, sb = rb, ra, sb, sa
	}
	for _, m := range sa { // the smaller side's exclusions
		for _, x := range u.excl[m] {
			if u.find(x) == rb {
				return false
			}
		}
	}
	u.parent[ra] = rb
	u.members[rb] = append(sb, sa...)
	u.members[ra] = nil
	return true
}

// clusters returns the clusters of two or more records, each ordered by
// survivorship, sorted by winner id.
func (u *union) clusters(recs []Record, surv []Criterion) []Cluster {
	var out []Cluster
	for i := range u.parent {
		r := int32(i)
		if u.find(r) != r || len(u.set(r)) < 2 {
			continue
		}
		m := make([]int, len(u.set(r)))
		for k, x := range u.set(r) {
			m[k] = int(x)
		}
		rankMembers(recs, m, surv)
		out = append(out, Cluster{Members: m})
	}
	slices.SortFunc(out, func(a, b Cluster) int { return cmp.Compare(recs[a.Members[0]].ID, recs[b.Members[0]].ID) })
	return out
}
